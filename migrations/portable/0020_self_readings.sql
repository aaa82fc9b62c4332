-- Self meter reading (baca meter mandiri): customers send their meter's figure with a photo in
-- a window of days each month; the billing run bills on it where no meter reader read the meter.

-- The window: one row, set by administrators.
CREATE TABLE self_reading_window (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    first_day INTEGER NOT NULL CHECK (first_day BETWEEN 1 AND 31),
    last_day INTEGER NOT NULL CHECK (last_day BETWEEN first_day AND 31),
    updated_by INTEGER REFERENCES staff(id),
    updated_at TEXT
);
INSERT INTO self_reading_window (id, first_day, last_day) VALUES (1, 20, 25);

CREATE TABLE self_readings (
    id INTEGER PRIMARY KEY,
    -- The private link the customer follows it by (and confirms an odd figure on).
    token TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    -- The period it is billed in (YYYY-MM): the month after it was sent.
    period TEXT NOT NULL,
    stand INTEGER NOT NULL,
    -- What it was checked against when sent, for the reviewer.
    last_stand INTEGER,
    usual_m3 INTEGER,
    -- '' (none), lower or high: taken only once the customer confirmed it.
    doubt TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    -- 628..., the phone on file it came from.
    phone TEXT NOT NULL,
    latitude TEXT,
    longitude TEXT,
    -- The photo as the portal re-encoded it (no metadata, at most 1600 pixels a side), kept with
    -- the reading for the same reasons as a complaint's.
    photo_type TEXT NOT NULL,
    photo BLOB NOT NULL,
    sent_at TEXT NOT NULL,
    -- WIB date the customer read the meter (the day it was sent).
    read_on TEXT NOT NULL,
    confirmed_at TEXT
);
CREATE INDEX self_readings_customer ON self_readings (customer_id, period);
-- One figure stands per connection and period; a new one replaces it.
CREATE UNIQUE INDEX self_readings_standing ON self_readings (customer_id, period) WHERE state = 'accepted';

-- A reading the billing run wrote from a customer's figure.
ALTER TABLE meter_readings ADD COLUMN self_reading_id INTEGER REFERENCES self_readings(id);

-- The complaint form's daily limit per phone counts by these.
CREATE INDEX complaints_phone ON complaints (phone, received_at);
