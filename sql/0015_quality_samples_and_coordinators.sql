-- Quality samples (质量抽检, plan §五(三), §六(二)) with the limits they are judged by, and each
-- village's coordinator (协查员, §六(四)). Readings and limits are exact decimals: percentages within
-- 0–100, net calorific value within 0–40 MJ/kg.

-- A program year's limits: a maximum for sulfur, ash and volatile matter, a minimum for heat and stove
-- efficiency. The plan names no numbers: the office sets them (`coalflow admin quality-limits set`).
-- Setup data like prices: everyone reads, only the owner writes.
CREATE TABLE quality_limits (
    year               integer PRIMARY KEY REFERENCES program_years (year),
    sulfur_max_pct     numeric(6, 3) CHECK (sulfur_max_pct BETWEEN 0 AND 100),
    ash_max_pct        numeric(6, 3) CHECK (ash_max_pct BETWEEN 0 AND 100),
    volatile_max_pct   numeric(6, 3) CHECK (volatile_max_pct BETWEEN 0 AND 100),
    heat_min_mj_per_kg numeric(5, 3) CHECK (heat_min_mj_per_kg BETWEEN 0 AND 40),
    efficiency_min_pct numeric(6, 3) CHECK (efficiency_min_pct BETWEEN 0 AND 100),
    is_demo            boolean NOT NULL DEFAULT false,
    updated_at         timestamptz NOT NULL DEFAULT now()
);
COMMENT ON COLUMN quality_limits.is_demo IS
    'demo limits (admin seed --demo), made up like GB 34169-2017: not the program''s until the office sets them all';

-- One sample of a company's coal or stoves, with exactly the readings of its product. `failed` names the
-- readings outside the year's limits when it was recorded; a failed sample opened the case `case_id`.
CREATE TABLE quality_samples (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_code   text NOT NULL,
    company_kind   text NOT NULL GENERATED ALWAYS AS ('company') STORED,
    product        text NOT NULL CHECK (product IN ('coal', 'stove')),
    sampled_on     date NOT NULL,
    year           integer NOT NULL REFERENCES quality_limits (year),
    lab            text CHECK (lab IS NULL OR length(btrim(lab)) BETWEEN 1 AND 100),
    sulfur_pct     numeric(6, 3) CHECK (sulfur_pct BETWEEN 0 AND 100),
    ash_pct        numeric(6, 3) CHECK (ash_pct BETWEEN 0 AND 100),
    volatile_pct   numeric(6, 3) CHECK (volatile_pct BETWEEN 0 AND 100),
    heat_mj_per_kg numeric(5, 3) CHECK (heat_mj_per_kg BETWEEN 0 AND 40),
    efficiency_pct numeric(6, 3) CHECK (efficiency_pct BETWEEN 0 AND 100),
    failed         text[] NOT NULL CHECK (failed <@ ARRAY['sulfur', 'ash', 'volatile', 'heat', 'efficiency']),
    passed         boolean NOT NULL GENERATED ALWAYS AS (cardinality(failed) = 0) STORED,
    case_id        bigint REFERENCES cases (document_id),
    unit_code      text NOT NULL REFERENCES units (code),
    created_by     bigint NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (company_code, company_kind) REFERENCES units (code, kind),
    CHECK (CASE product
               WHEN 'coal' THEN num_nonnulls(sulfur_pct, ash_pct, volatile_pct, heat_mj_per_kg) = 4 AND efficiency_pct IS NULL
               ELSE num_nulls(sulfur_pct, ash_pct, volatile_pct, heat_mj_per_kg) = 4 AND efficiency_pct IS NOT NULL
           END),
    CHECK ((cardinality(failed) = 0) = (case_id IS NULL))
);
CREATE INDEX quality_samples_latest ON quality_samples (year, company_code, product, sampled_on DESC, id DESC);
CREATE INDEX quality_samples_company ON quality_samples (company_code, sampled_on);

-- Samples: scjgj (the plan's sampling unit) and the district see all; a company its own; reports read the
-- district's, or a street's companies (those with a contract there that year). Only scjgj or the office
-- writes one, as itself.
ALTER TABLE quality_samples ENABLE ROW LEVEL SECURITY;
CREATE POLICY quality_samples_scope ON quality_samples
    USING (
        CASE current_setting('coalflow.scope', true)
            WHEN 'district' THEN true
            WHEN 'aggregate' THEN coalesce(current_setting('coalflow.code', true), '') = ''
                OR EXISTS (SELECT 1 FROM contracts c WHERE c.company_code = quality_samples.company_code
                           AND c.street_code = current_setting('coalflow.code', true) AND c.year = quality_samples.year)
            ELSE false
        END
        OR current_setting('coalflow.unit', true) IN ('scjgj', company_code))
    WITH CHECK (unit_code = current_setting('coalflow.unit', true)
                AND (unit_code = 'scjgj' OR current_setting('coalflow.kind', true) = 'office')
                AND current_setting('coalflow.scope', true) IS DISTINCT FROM 'aggregate');

-- A village's coordinator, one per village; the phone sealed like every phone (`admin rekey` covers it).
CREATE TABLE village_coordinators (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    village_code text NOT NULL UNIQUE,
    village_kind text NOT NULL GENERATED ALWAYS AS ('village') STORED,
    name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 50),
    phone_enc    bytea NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (village_code, village_kind) REFERENCES units (code, kind)
);

-- Coordinators: the district sees all, a street its villages', a village its own, reports the district's
-- or a street's. The operator sets them (as the owner); the server writes none.
ALTER TABLE village_coordinators ENABLE ROW LEVEL SECURITY;
CREATE POLICY village_coordinators_scope ON village_coordinators
    USING (
        CASE current_setting('coalflow.scope', true)
            WHEN 'district' THEN true
            WHEN 'street' THEN EXISTS (SELECT 1 FROM units u WHERE u.code = village_code
                                       AND u.parent_code = current_setting('coalflow.code', true))
            WHEN 'origin' THEN village_code = current_setting('coalflow.code', true)
            WHEN 'aggregate' THEN coalesce(current_setting('coalflow.code', true), '') = ''
                OR EXISTS (SELECT 1 FROM units u WHERE u.code = village_code
                           AND u.parent_code = current_setting('coalflow.code', true))
            ELSE false
        END)
    WITH CHECK (false);

INSERT INTO app_privileges (statement) VALUES
    ('GRANT SELECT ON quality_limits, village_coordinators TO coalflow_app'),
    ('GRANT SELECT, INSERT ON quality_samples TO coalflow_app');
SELECT coalflow_grant_app();
