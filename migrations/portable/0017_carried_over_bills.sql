-- Bills carried over from the utility's previous system (opening arrears): collected with the
-- amount that system stored, from no reading the portal holds and with no breakdown it did not
-- compute. Such a bill has no reading and no charges; every other bill has both.
--
-- SQLite cannot drop NOT NULL from a column, so the table is made again inside the migration's
-- transaction. Foreign keys are checked at commit: the rows of payment_intent_bills and
-- bill_adjustments that lose their bill when it is dropped find it again when the same rows are
-- put back. PostgreSQL has its own version of this file that alters the columns.
PRAGMA defer_foreign_keys = ON;
-- Without it, dropping and putting back each bill scans every payment intent's bills.
CREATE INDEX payment_intent_bills_bill ON payment_intent_bills (bill_id);
CREATE TEMP TABLE bills_before AS SELECT * FROM bills;
DROP TABLE bills;
CREATE TABLE bills (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    period TEXT NOT NULL,
    -- NULL for a bill carried over: then water_charge, fixed_charges and billed_m3 are NULL too.
    reading_id INTEGER REFERENCES meter_readings(id),
    group_code TEXT NOT NULL REFERENCES customer_groups(code),
    meter_size TEXT NOT NULL,
    usage_m3 INTEGER NOT NULL,
    billed_m3 INTEGER,
    water_charge INTEGER,
    fixed_charges INTEGER,
    amount INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    payment_id INTEGER REFERENCES payments(id),
    late_fee INTEGER,
    run_id INTEGER REFERENCES billing_runs(id),
    adjustment INTEGER NOT NULL DEFAULT 0,
    UNIQUE (customer_id, period),
    CHECK ((reading_id IS NULL AND billed_m3 IS NULL AND water_charge IS NULL AND fixed_charges IS NULL
            AND run_id IS NULL AND adjustment = 0)
        OR (reading_id IS NOT NULL AND billed_m3 IS NOT NULL AND water_charge IS NOT NULL
            AND fixed_charges IS NOT NULL))
);
INSERT INTO bills (id, customer_id, period, reading_id, group_code, meter_size, usage_m3, billed_m3,
                   water_charge, fixed_charges, amount, due_date, payment_id, late_fee, run_id, adjustment)
SELECT id, customer_id, period, reading_id, group_code, meter_size, usage_m3, billed_m3,
       water_charge, fixed_charges, amount, due_date, payment_id, late_fee, run_id, adjustment
FROM bills_before;
DROP TABLE bills_before;
CREATE INDEX bills_period ON bills (period);
