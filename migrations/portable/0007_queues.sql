-- Unit-office queues: services with their ticket prefix, counters and the services each serves,
-- tickets numbered per office, service and day, and an append-only event log that statistics
-- and the live stream both read.

CREATE TABLE queue_services (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES unit_offices(id),
    -- one capital letter: A001, B001...
    prefix TEXT NOT NULL,
    name_id TEXT NOT NULL,
    name_en TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    sort_order INTEGER NOT NULL DEFAULT 0,
    -- running mean of service times (seconds) and how many went into it
    mean_service_secs REAL,
    samples INTEGER NOT NULL DEFAULT 0,
    UNIQUE (office_id, prefix)
);

CREATE TABLE queue_counters (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES unit_offices(id),
    number INTEGER NOT NULL,
    is_open INTEGER NOT NULL DEFAULT 0,
    staff_id INTEGER REFERENCES staff(id),
    UNIQUE (office_id, number)
);

CREATE TABLE queue_counter_services (
    counter_id INTEGER NOT NULL REFERENCES queue_counters(id),
    service_id INTEGER NOT NULL REFERENCES queue_services(id),
    PRIMARY KEY (counter_id, service_id)
);

-- The last number given per service and day: incremented in the same transaction that issues
-- the ticket, so numbers are unique and consecutive.
CREATE TABLE queue_sequences (
    service_id INTEGER NOT NULL REFERENCES queue_services(id),
    day TEXT NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (service_id, day)
);

CREATE TABLE queue_tickets (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES unit_offices(id),
    service_id INTEGER NOT NULL REFERENCES queue_services(id),
    -- WIB day the ticket belongs to; the day's end closes what is left
    day TEXT NOT NULL,
    prefix TEXT NOT NULL,
    seq INTEGER NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    -- online | kiosk | transfer
    source TEXT NOT NULL,
    state TEXT NOT NULL,
    counter_id INTEGER REFERENCES queue_counters(id),
    issued_at TEXT NOT NULL,
    -- order of arrival in its line (a transferred ticket arrives when transferred)
    arrival INTEGER NOT NULL,
    called_at TEXT,
    call_count INTEGER NOT NULL DEFAULT 0,
    started_at TEXT,
    ended_at TEXT,
    -- the estimate given when issued (minutes), kept to measure accuracy against the call
    estimate_minutes REAL,
    -- the page of an online ticket: an unguessable token
    token TEXT NOT NULL UNIQUE,
    phone TEXT,
    device TEXT,
    -- a transferred ticket keeps its number in its new line: numbers are unique through
    -- queue_sequences, not here
    transferred_from INTEGER REFERENCES queue_tickets(id)
);
CREATE INDEX queue_tickets_line ON queue_tickets (office_id, day, state);
CREATE INDEX queue_tickets_phone ON queue_tickets (day, phone);
CREATE INDEX queue_tickets_device ON queue_tickets (day, device);

-- Append-only: every move of every ticket, and counters opening and closing.
CREATE TABLE queue_events (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES unit_offices(id),
    ticket_id INTEGER REFERENCES queue_tickets(id),
    counter_id INTEGER REFERENCES queue_counters(id),
    action TEXT NOT NULL,
    at TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff(id)
);
CREATE INDEX queue_events_office ON queue_events (office_id, at);
