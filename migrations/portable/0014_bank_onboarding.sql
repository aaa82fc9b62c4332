-- Administrators add banks from a page. A client secret is shown once, when it is made
-- (secret_shown 0 until then); a rotated one keeps working until previous_secret_until, so a bank
-- switches over without a refused payment.
ALTER TABLE partners ADD COLUMN secret_shown INTEGER NOT NULL DEFAULT 1;
ALTER TABLE partners ADD COLUMN secret_issued_at TEXT;
ALTER TABLE partners ADD COLUMN previous_client_secret TEXT;
ALTER TABLE partners ADD COLUMN previous_secret_until TEXT;
