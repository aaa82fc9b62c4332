-- Counters that keep taking cash when the server cannot be reached. A device is enrolled by a
-- supervisor and holds a credential of its own (only its hash is kept), so that its payments
-- reach the ledger after a long outage even when the teller's session has expired.
CREATE TABLE counter_devices (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES unit_offices(id),
    label TEXT NOT NULL,
    -- SHA-256 of the device's secret, hex.
    secret_hash TEXT NOT NULL UNIQUE,
    enrolled_by INTEGER NOT NULL REFERENCES staff(id),
    enrolled_at TEXT NOT NULL,
    revoked_by INTEGER REFERENCES staff(id),
    revoked_at TEXT,
    -- What the device said the last time it reached the server.
    last_seen_at TEXT,
    last_synced_at TEXT,
    outbox INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX counter_devices_office ON counter_devices (office_id);

-- The snapshots served to each device: an offline payment names the one it was priced from,
-- and the server believes only the times it gave. Kept a week (a snapshot over 72 hours old
-- prices nothing).
CREATE TABLE counter_snapshots (
    device_id INTEGER NOT NULL REFERENCES counter_devices(id),
    taken_at TEXT NOT NULL
);
CREATE INDEX counter_snapshots_device ON counter_snapshots (device_id, taken_at);

-- Offline receipt numbers: blocks of one sequence, each given to one device, never reused.
CREATE TABLE receipt_blocks (
    id INTEGER PRIMARY KEY,
    device_id INTEGER NOT NULL REFERENCES counter_devices(id),
    first_number INTEGER NOT NULL UNIQUE,
    last_number INTEGER NOT NULL UNIQUE,
    assigned_at TEXT NOT NULL,
    CHECK (first_number <= last_number)
);
CREATE INDEX receipt_blocks_device ON receipt_blocks (device_id, first_number);

-- Every offline payment a device sent, under the key the device gave it, with the answer it got:
-- the same payment sent again gets the same answer and changes nothing.
CREATE TABLE offline_payments (
    id INTEGER PRIMARY KEY,
    device_id INTEGER NOT NULL REFERENCES counter_devices(id),
    idempotency_key TEXT NOT NULL UNIQUE,
    -- SHA-256 of the payment as it was first sent, hex: another payment under the same key is refused.
    payload_hash TEXT NOT NULL,
    -- Unique among the payments not refused (a refused one may name a number it had no right to).
    receipt_number INTEGER NOT NULL,
    teller TEXT NOT NULL,
    customer_number TEXT NOT NULL,
    customer_id INTEGER REFERENCES customers(id),
    amount INTEGER NOT NULL,
    periods TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    synced_at TEXT NOT NULL,
    -- OfflineOutcome code: credited, set_aside or refused, and the RefundReason or OfflineRefusal.
    outcome TEXT NOT NULL,
    reason TEXT,
    payment_id INTEGER REFERENCES payments(id),
    overpayment_id INTEGER REFERENCES overpayments(id),
    -- What the customer's next bill carries for a late fee the device priced otherwise.
    difference INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX offline_payments_device ON offline_payments (device_id, taken_at);
-- A receipt number is used once, but a refused payment may name any number.
CREATE UNIQUE INDEX offline_payments_number ON offline_payments (receipt_number) WHERE outcome <> 'refused';
