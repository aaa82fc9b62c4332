-- Demo mode only: the private halves of the keys the payment simulator signs with when it plays
-- a bank. A production deployment never writes here (the simulator is refused outside demo mode).
CREATE TABLE demo_partner_keys (
    partner_id TEXT PRIMARY KEY REFERENCES partners(id),
    private_key_pem TEXT NOT NULL
);
