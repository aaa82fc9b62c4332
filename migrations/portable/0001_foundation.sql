-- Tirta foundation: offices, customers, tariffs, readings, bills, payments.
-- Portable SQL on purpose (TEXT dates, INTEGER money, $N parameters in queries): the same
-- schema is meant to run on PostgreSQL. Money is whole rupiah; the billing domain rounds
-- explicitly before anything reaches storage.

CREATE TABLE unit_offices (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    is_head_office INTEGER NOT NULL DEFAULT 0,
    address TEXT NOT NULL,
    phone TEXT NOT NULL,
    opening_hours TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE service_areas (
    office_id INTEGER NOT NULL REFERENCES unit_offices(id),
    district TEXT NOT NULL,
    village TEXT NOT NULL,
    PRIMARY KEY (office_id, district, village)
);

CREATE TABLE customer_groups (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);

-- Tariffs are append-only: a new decree is a new row with a later effective_from.
CREATE TABLE tariffs (
    id INTEGER PRIMARY KEY,
    group_code TEXT NOT NULL REFERENCES customer_groups(code),
    effective_from TEXT NOT NULL,
    minimum_usage_m3 INTEGER NOT NULL,
    decree TEXT NOT NULL,
    UNIQUE (group_code, effective_from)
);

CREATE TABLE tariff_blocks (
    tariff_id INTEGER NOT NULL REFERENCES tariffs(id),
    position INTEGER NOT NULL,
    upto_m3 INTEGER,
    price_per_m3 INTEGER NOT NULL,
    PRIMARY KEY (tariff_id, position)
);

CREATE TABLE tariff_fixed_charges (
    tariff_id INTEGER NOT NULL REFERENCES tariffs(id),
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    meter_size TEXT,
    amount INTEGER NOT NULL,
    PRIMARY KEY (tariff_id, position)
);

-- Billing rules that are data: 'late_fee_policy' and 'due_date_rule' as JSON.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE holidays (
    day TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    village TEXT NOT NULL,
    district TEXT NOT NULL,
    group_code TEXT NOT NULL REFERENCES customer_groups(code),
    meter_size TEXT NOT NULL,
    office_id INTEGER NOT NULL REFERENCES unit_offices(id),
    phone TEXT,
    connected_on TEXT NOT NULL
);
CREATE INDEX customers_office ON customers (office_id);

CREATE TABLE meter_readings (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    period TEXT NOT NULL,
    read_on TEXT NOT NULL,
    stand_awal INTEGER NOT NULL,
    stand_akhir INTEGER NOT NULL,
    stand_angkat INTEGER,
    stand_pasang INTEGER,
    estimated INTEGER NOT NULL DEFAULT 0,
    UNIQUE (customer_id, period)
);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    receipt_number TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    channel TEXT NOT NULL,
    paid_at TEXT NOT NULL,
    amount INTEGER NOT NULL
);
CREATE INDEX payments_customer ON payments (customer_id);

CREATE TABLE bills (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    period TEXT NOT NULL,
    reading_id INTEGER NOT NULL REFERENCES meter_readings(id),
    -- The connection as it was billed (a customer may change group later). With the reading
    -- and the append-only tariffs these recompute every line; amount is checked against it.
    group_code TEXT NOT NULL REFERENCES customer_groups(code),
    meter_size TEXT NOT NULL,
    usage_m3 INTEGER NOT NULL,
    billed_m3 INTEGER NOT NULL,
    water_charge INTEGER NOT NULL,
    fixed_charges INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    payment_id INTEGER REFERENCES payments(id),
    late_fee INTEGER,
    UNIQUE (customer_id, period)
);
