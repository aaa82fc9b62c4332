-- Staff accounts, sessions, the audit log; outage notices, announcements, payment-channel
-- health; the live event log every open page follows; counter payments.

-- administrator: everything, every office (office_id NULL). supervisor: their office.
-- teller: their office and counter.
CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    office_id INTEGER REFERENCES unit_offices(id),
    counter_no INTEGER,
    -- argon2id, PHC string format (algorithm, parameters and salt travel with the hash)
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);

-- Server-side sessions: the cookie carries a random token, the table only its SHA-256, so a
-- copy of the database opens no session. Kept in the database so any replica can serve them.
CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- Failed logins, per username and per client address, for throttling.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_ip ON login_failures (client_ip, at);

-- Append-only.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff(id),
    username TEXT NOT NULL,
    office_id INTEGER REFERENCES unit_offices(id),
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    client_ip TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    -- NULL: every office
    office_id INTEGER REFERENCES unit_offices(id),
    severity TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    -- planned work's window; for unplanned events starts_at is when it began
    starts_at TEXT NOT NULL,
    ends_at TEXT,
    -- when the repair should be done, and (what customers care about) when water flows again
    repair_eta TEXT,
    flow_eta TEXT,
    mitigation TEXT NOT NULL DEFAULT '',
    -- a payment-channel notice names its channel (published by the channel health monitor)
    channel TEXT,
    created_by INTEGER REFERENCES staff(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX notices_open ON notices (closed_at, office_id);

-- Affected areas: a village, or a whole district (village '').
CREATE TABLE notice_areas (
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    district TEXT NOT NULL,
    village TEXT NOT NULL,
    PRIMARY KEY (notice_id, district, village)
);

CREATE TABLE notice_updates (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff(id)
);
CREATE INDEX notice_updates_notice ON notice_updates (notice_id, id);

CREATE TABLE announcements (
    id INTEGER PRIMARY KEY,
    office_id INTEGER REFERENCES unit_offices(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    pinned INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES staff(id),
    created_at TEXT NOT NULL,
    withdrawn_at TEXT
);

-- Every change a live page shows, with an increasing id: a page that reconnects resumes from
-- the last id it saw (Last-Event-ID) and misses nothing. office_id NULL: every office.
CREATE TABLE live_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    topic TEXT NOT NULL,
    office_id INTEGER,
    payload TEXT NOT NULL
);

-- Payment channels: qris, va_<bank>, counter. 'auto' states come from the health monitor,
-- 'manual' ones from an administrator and stay until one clears them.
CREATE TABLE channel_status (
    channel TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    since TEXT NOT NULL,
    notice_id INTEGER REFERENCES notices(id)
);

-- What the channels report: each request or notification that succeeded or failed.
CREATE TABLE channel_signals (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    at TEXT NOT NULL,
    ok INTEGER NOT NULL,
    what TEXT NOT NULL
);
CREATE INDEX channel_signals_channel ON channel_signals (channel, id);

-- Counter payments: who took the cash, at which office.
ALTER TABLE payments ADD COLUMN received_by INTEGER REFERENCES staff(id);
ALTER TABLE payments ADD COLUMN office_id INTEGER REFERENCES unit_offices(id);
CREATE INDEX payments_paid_at ON payments (paid_at);
ALTER TABLE overpayments ADD COLUMN refunded_by INTEGER REFERENCES staff(id);
