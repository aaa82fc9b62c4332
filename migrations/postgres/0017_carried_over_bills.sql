-- Bills carried over from the utility's previous system (opening arrears): no reading, no
-- charges the portal computed. The portable version rebuilds the table for SQLite; here the
-- columns are altered in place.
CREATE INDEX payment_intent_bills_bill ON payment_intent_bills (bill_id);
ALTER TABLE bills ALTER COLUMN reading_id DROP NOT NULL;
ALTER TABLE bills ALTER COLUMN billed_m3 DROP NOT NULL;
ALTER TABLE bills ALTER COLUMN water_charge DROP NOT NULL;
ALTER TABLE bills ALTER COLUMN fixed_charges DROP NOT NULL;
ALTER TABLE bills ADD CONSTRAINT bills_carried_over_or_computed CHECK (
    (reading_id IS NULL AND billed_m3 IS NULL AND water_charge IS NULL AND fixed_charges IS NULL
     AND run_id IS NULL AND adjustment = 0)
    OR (reading_id IS NOT NULL AND billed_m3 IS NOT NULL AND water_charge IS NOT NULL AND fixed_charges IS NOT NULL));
