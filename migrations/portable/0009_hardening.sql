-- Money and access hardening.

-- A bank's paymentRequestId is claimed before it is processed, naming what it asked for: a
-- repeat naming another virtual account or amount is inconsistent (4042518). status 0 with an
-- empty response: claimed, no answer kept yet (a retry processes it again, safely).
ALTER TABLE va_payment_requests ADD COLUMN virtual_account_no TEXT NOT NULL DEFAULT '';
ALTER TABLE va_payment_requests ADD COLUMN amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE va_payment_requests ADD COLUMN created_at TEXT NOT NULL DEFAULT '';

-- Payment events reach only streams that hold a token for their customer.
ALTER TABLE live_events ADD COLUMN customer_id INTEGER;

-- Staff life cycle: a password reset by an administrator must be changed at the next sign-in;
-- sessions keep where they were opened from, for the administrator's list.
ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff_sessions ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';

-- Credentials the demo payment simulator enrolled for itself: a production server refuses to
-- start while any remain.
ALTER TABLE partners ADD COLUMN credentials_by TEXT;

-- Online tickets are limited per client address (an IPv6 client per /64) as well as per phone.
ALTER TABLE queue_tickets ADD COLUMN client_net TEXT;
CREATE INDEX queue_tickets_online_phone ON queue_tickets (day, phone, state);
CREATE INDEX queue_tickets_online_net ON queue_tickets (day, client_net, state);

-- Retention: the jobs delete by age.
CREATE INDEX live_events_at ON live_events (at);
CREATE INDEX access_tokens_expiry ON access_tokens (expires_at);
CREATE INDEX login_failures_at ON login_failures (at);
CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at);
CREATE INDEX va_payment_requests_created ON va_payment_requests (created_at);
CREATE INDEX partner_external_ids_day ON partner_external_ids (day);
