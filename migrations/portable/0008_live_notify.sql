-- Replicas wake each other when a live event is written. SQLite serves one process, whose own
-- pump is woken in memory: nothing to do here. PostgreSQL replaces this file with
-- migrations/postgres/0008_live_notify.sql (a trigger that notifies on commit).
SELECT 1;
