-- A new tariff takes effect after the latest period billed: found without reading every bill.
CREATE INDEX bills_period ON bills (period);
