-- The bank-facing SNAP BI API. A partner's credentials: the HMAC secret for transaction
-- signatures and the RSA public key its access-token requests are verified with.
ALTER TABLE partners ADD COLUMN client_secret TEXT;
ALTER TABLE partners ADD COLUMN public_key_pem TEXT;

CREATE TABLE access_tokens (
    token TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL REFERENCES partners(id),
    expires_at TEXT NOT NULL
);

-- X-EXTERNAL-ID is unique per partner per day (WIB).
CREATE TABLE partner_external_ids (
    partner_id TEXT NOT NULL,
    day TEXT NOT NULL,
    external_id TEXT NOT NULL,
    PRIMARY KEY (partner_id, day, external_id)
);

-- A repeated paymentRequestId gets the stored answer when its content is the same, and
-- 4042518 when it is not.
CREATE TABLE va_payment_requests (
    partner_id TEXT NOT NULL,
    payment_request_id TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    PRIMARY KEY (partner_id, payment_request_id)
);
