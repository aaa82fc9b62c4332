-- Late-fee rules decreed after the first (settings.late_fee_policy), each pricing the bills that
-- fall due from its date on. Append-only, like tariffs.
CREATE TABLE late_fee_rules (
    effective_from TEXT PRIMARY KEY,
    policy TEXT NOT NULL,
    decree TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES staff(id)
);
