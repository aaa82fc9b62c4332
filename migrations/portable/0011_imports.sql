-- A utility's own files: whether a connection is active, sealed or disconnected, and the meter
-- reader's note on a reading (a locked gate, a buried meter).
ALTER TABLE customers ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE meter_readings ADD COLUMN note TEXT;

-- An import from the administrators' upload page: the file is kept until it has been checked
-- and applied (or given up), and the check's report is shown from here.
CREATE TABLE import_jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file BLOB,
    state TEXT NOT NULL,
    report TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES staff(id),
    updated_at TEXT NOT NULL
);
CREATE INDEX import_jobs_created ON import_jobs (created_at);
