-- Payments: intents that fix what a payment covers, a ledger that credits each payment once,
-- and money that arrived but settled nothing (to refund).

-- A payment intent fixes the amount, the bills (with their late fees as of its creation), the
-- channel and an expiry. Its reference travels in the QRIS (62.05) and comes back in the
-- acquirer's notification, so a notification matches exactly one intent.
CREATE TABLE payment_intents (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    channel TEXT NOT NULL,
    amount INTEGER NOT NULL,
    -- pending -> paid | expired | cancelled | superseded (bills settled through another channel)
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    payment_id INTEGER REFERENCES payments(id)
);
CREATE INDEX payment_intents_customer ON payment_intents (customer_id, status);

CREATE TABLE payment_intent_bills (
    intent_id INTEGER NOT NULL REFERENCES payment_intents(id),
    bill_id INTEGER NOT NULL REFERENCES bills(id),
    late_fee INTEGER NOT NULL,
    PRIMARY KEY (intent_id, bill_id)
);

-- The partner's own reference for a payment (acquirer transaction id, bank paymentRequestId).
-- Unique per channel: the same payment reported twice is recorded once.
ALTER TABLE payments ADD COLUMN partner_reference TEXT;
ALTER TABLE payments ADD COLUMN intent_id INTEGER REFERENCES payment_intents(id);
-- An unguessable token for the receipt verification page.
ALTER TABLE payments ADD COLUMN verify_token TEXT;
CREATE UNIQUE INDEX payments_partner_reference ON payments (channel, partner_reference);
CREATE UNIQUE INDEX payments_verify_token ON payments (verify_token);

-- Money received that settled nothing: a second channel paying bills already paid, an amount
-- that does not match its intent. Administrators refund it; it is never lost or counted twice.
CREATE TABLE overpayments (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    partner_reference TEXT NOT NULL,
    customer_id INTEGER REFERENCES customers(id),
    intent_id INTEGER REFERENCES payment_intents(id),
    amount INTEGER NOT NULL,
    reason TEXT NOT NULL,
    received_at TEXT NOT NULL,
    refunded_at TEXT,
    UNIQUE (channel, partner_reference)
);
