-- Opening hours as data, and English beside the Indonesian text customers read.

-- One row per weekday an office opens (1 = Monday ... 7 = Sunday), times as 'HH:MM' WIB. The
-- holidays table closes every office. An office without rows has no hours set: its free-text
-- opening_hours is shown and online tickets are not refused for the hour.
CREATE TABLE office_hours (
    office_id INTEGER NOT NULL REFERENCES unit_offices(id),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens TEXT NOT NULL,
    closes TEXT NOT NULL,
    PRIMARY KEY (office_id, weekday)
);

-- An empty English text falls back to the Indonesian one.
ALTER TABLE unit_offices ADD COLUMN opening_hours_en TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_groups ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_groups ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
ALTER TABLE tariff_fixed_charges ADD COLUMN label_en TEXT NOT NULL DEFAULT '';
ALTER TABLE tariffs ADD COLUMN decree_en TEXT NOT NULL DEFAULT '';
