-- The largest figures plausible input holds (`Plausible` in CoalflowCore), in the database too: a price
-- or subsidy rate of at most 100,000 yuan per ton or stove, and at most 50 t of clean coal for one
-- household. Amounts computed from them (kg × fen per ton) stay far inside bigint.

ALTER TABLE program_years
    ADD CONSTRAINT program_years_plausible_rates
        CHECK (coal_subsidy_fen_per_ton <= 10000000 AND stove_subsidy_fen <= 10000000);
ALTER TABLE prices
    ADD CONSTRAINT prices_plausible CHECK (unit_price_fen <= 10000000);
ALTER TABLE registration_lines
    ADD CONSTRAINT registration_lines_plausible CHECK (coal_kg <= 50000 AND stoves <= 100);
ALTER TABLE slips
    ADD CONSTRAINT slips_plausible CHECK (coal_kg <= 50000 AND stoves <= 100);
