-- Replicas wake each other when a live event is written: a notification per new row, delivered
-- when its transaction commits. Listeners then read the table (the truth) from where they were.
CREATE FUNCTION tirta_live_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('tirta_live', NEW.id::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER live_events_notify AFTER INSERT ON live_events
    FOR EACH ROW EXECUTE FUNCTION tirta_live_notify();
