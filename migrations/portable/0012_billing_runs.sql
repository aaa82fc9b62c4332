-- A month's billing run: bills drafted from the period's readings (or estimates), held for a
-- supervisor's review, then published to customers all at once. Drafts are rows of their own,
-- so that bill pages, bank inquiries and counters read `bills` as before and see a period only
-- when its publication commits.
CREATE TABLE billing_runs (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL,
    -- One unit office's connections, or (NULL) every office's.
    office_id INTEGER REFERENCES unit_offices(id),
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES staff(id),
    published_at TEXT,
    published_by INTEGER REFERENCES staff(id)
);
CREATE INDEX billing_runs_period ON billing_runs (period);

CREATE TABLE draft_bills (
    run_id INTEGER NOT NULL REFERENCES billing_runs(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    reading_id INTEGER NOT NULL REFERENCES meter_readings(id),
    group_code TEXT NOT NULL,
    meter_size TEXT NOT NULL,
    usage_m3 INTEGER NOT NULL,
    billed_m3 INTEGER NOT NULL,
    water_charge INTEGER NOT NULL,
    fixed_charges INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    -- Review flags, comma-separated codes; empty when nothing needs a look.
    flags TEXT NOT NULL,
    -- The six months' average the usage was compared with (m3), for the reviewer.
    average_m3 INTEGER,
    reviewed_by INTEGER REFERENCES staff(id),
    -- 1 when the run wrote the reading itself (an estimate): discarding the run removes it.
    made_estimate INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, customer_id)
);

-- Connections a run could not bill, and why (no tariff for the group, a negative usage...).
CREATE TABLE draft_problems (
    run_id INTEGER NOT NULL REFERENCES billing_runs(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    reason TEXT NOT NULL,
    PRIMARY KEY (run_id, customer_id)
);

-- The run that made a bill (none for bills made before the portal billed): its DRD after
-- publication.
ALTER TABLE bills ADD COLUMN run_id INTEGER REFERENCES billing_runs(id);
