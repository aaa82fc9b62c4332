-- Adjustment lines: a paid bill is never changed, so a correction of one (a misread meter found
-- after the customer paid) becomes a line on the customer's next bill. A line is pending until a
-- billing run drafts that bill (run_id), and carried by it once published (bill_id).
CREATE TABLE bill_adjustments (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    -- AdjustmentKind code.
    kind TEXT NOT NULL,
    -- The period the line is about.
    period TEXT NOT NULL,
    -- Figures that explain it, the same in every language.
    detail TEXT NOT NULL,
    amount INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES staff(id),
    run_id INTEGER REFERENCES billing_runs(id),
    bill_id INTEGER REFERENCES bills(id)
);
CREATE INDEX bill_adjustments_customer ON bill_adjustments (customer_id, bill_id);
CREATE INDEX bill_adjustments_bill ON bill_adjustments (bill_id);

-- The sum of a bill's lines; its amount is its charges plus this.
ALTER TABLE bills ADD COLUMN adjustment INTEGER NOT NULL DEFAULT 0;
ALTER TABLE draft_bills ADD COLUMN adjustment INTEGER NOT NULL DEFAULT 0;
