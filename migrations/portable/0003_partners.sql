-- Banks and payment partners are data, not code. A bank's static virtual account for a customer
-- is its biller code (SNAP BI partnerServiceId: 8 characters, left-padded with spaces) followed by
-- the customer number. Credentials for the bank-facing API are added to these rows.
CREATE TABLE partners (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- the ledger channel its payments are recorded under: va_bri, va_bni, ...
    channel TEXT NOT NULL UNIQUE,
    biller_code TEXT NOT NULL UNIQUE,
    active INTEGER NOT NULL DEFAULT 1,
    sort_order INTEGER NOT NULL DEFAULT 0
);
