-- Complaints (pengaduan): filed by customers (or, for a leak or bad water, by anyone), followed
-- through a private link, and moved through their stages by the office's staff.

-- How long each category may take. A complaint keeps the due time it was given when filed, so a
-- change here applies to complaints filed after it.
CREATE TABLE complaint_deadlines (
    category TEXT PRIMARY KEY,
    -- hours (round the clock) or working_days (Monday to Friday, holidays excluded)
    unit TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    updated_by INTEGER REFERENCES staff(id),
    updated_at TEXT
);
INSERT INTO complaint_deadlines (category, unit, amount) VALUES
    ('bill', 'working_days', 5),
    ('no_water', 'hours', 48),
    ('low_pressure', 'hours', 72),
    ('water_quality', 'hours', 48),
    ('street_leak', 'hours', 24),
    ('broken_meter', 'working_days', 5),
    ('other', 'working_days', 10);

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    -- The private link's token: whoever holds it follows the complaint (and nobody else).
    token TEXT NOT NULL UNIQUE,
    office_id INTEGER NOT NULL REFERENCES unit_offices(id),
    category TEXT NOT NULL,
    customer_id INTEGER REFERENCES customers(id),
    -- A bill dispute names the bill's period (YYYY-MM).
    bill_period TEXT,
    reporter_name TEXT NOT NULL,
    -- 628..., as the queue keeps phone numbers.
    phone TEXT NOT NULL,
    -- 1 when the phone is the one on file for the customer number.
    phone_on_file INTEGER NOT NULL DEFAULT 0,
    description TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    -- Degrees as the phone gave them, as text (both databases keep it exactly).
    latitude TEXT,
    longitude TEXT,
    stage TEXT NOT NULL,
    assigned_to INTEGER REFERENCES staff(id),
    received_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    -- When the utility answered: resolved or rejected (the report's "resolved within deadline").
    answered_at TEXT,
    closed_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX complaints_office_stage ON complaints (office_id, stage, due_at);
CREATE INDEX complaints_received ON complaints (received_at);
CREATE INDEX complaints_customer ON complaints (customer_id);

-- Every step a complaint took, with the stage it reached.
CREATE TABLE complaint_events (
    id INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    at TEXT NOT NULL,
    step TEXT NOT NULL,
    stage TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    -- The member of staff who took it (none: the customer, or the portal itself).
    staff_id INTEGER REFERENCES staff(id),
    -- A step of Assign names who it went to.
    assignee_id INTEGER REFERENCES staff(id)
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

-- A complaint's photo, as the portal re-encoded it (no metadata, at most 1600 pixels a side):
-- in the database, so that every replica serves it and a backup holds it with its complaint.
CREATE TABLE complaint_photos (
    complaint_id INTEGER NOT NULL UNIQUE REFERENCES complaints(id),
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL
);
