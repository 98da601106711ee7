-- The survey ledger (摸底台账, plan §五(一)): each village records the homes of areas without clean
-- heating, and its street confirms the ledger (route village → street). Its purpose is coverage
-- (全覆盖): every surveyed home that burns coal should be on a live registration form.

ALTER TABLE routes DROP CONSTRAINT routes_document_type_check,
    ADD CONSTRAINT routes_document_type_check CHECK (document_type IN ('registration', 'summary', 'case', 'survey'));
ALTER TABLE documents DROP CONSTRAINT documents_document_type_check,
    ADD CONSTRAINT documents_document_type_check CHECK (document_type IN ('registration', 'summary', 'case', 'survey'));

-- One surveyed home. ID numbers as on registration lines: ciphertext and a keyed digest, never clear.
-- Coal in integer kilograms (tons with 3 places).
CREATE TABLE survey_lines (
    document_id    bigint NOT NULL REFERENCES documents (id),
    line_no        integer NOT NULL CHECK (line_no >= 1),
    household_name text NOT NULL CHECK (length(btrim(household_name)) BETWEEN 1 AND 50),
    address        text NOT NULL CHECK (length(btrim(address)) BETWEEN 1 AND 200),
    id_number_enc  bytea NOT NULL,
    id_number_hmac bytea NOT NULL CHECK (octet_length(id_number_hmac) = 32),
    heating        text NOT NULL CHECK (heating IN ('loose_coal', 'clean_coal', 'electric', 'gas', 'central', 'other')),
    coal_use_kg    bigint NOT NULL CHECK (coal_use_kg BETWEEN 0 AND 100000000),
    coal_stock_kg  bigint NOT NULL CHECK (coal_stock_kg BETWEEN 0 AND 100000000),
    PRIMARY KEY (document_id, line_no),
    CONSTRAINT survey_lines_one_id_a_survey UNIQUE (document_id, id_number_hmac)
);

-- Lines are the survey's: visible and written with it; frozen once it is in review or confirmed.
ALTER TABLE survey_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY survey_lines_scope ON survey_lines
    USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = survey_lines.document_id))
    WITH CHECK (EXISTS (SELECT 1 FROM documents d WHERE d.id = survey_lines.document_id AND d.status = 'draft'));
CREATE POLICY survey_lines_not_by_aggregates ON survey_lines AS RESTRICTIVE FOR INSERT
    WITH CHECK (current_setting('coalflow.scope', true) IS DISTINCT FROM 'aggregate');

-- Coverage: each home of the year's confirmed (filed) surveys, once per village, with whether it burns
-- coal and whether it is on a live registration form of the year (a household claim, sql/0007,
-- matched by ID digest, never by name). It answers with the owner's rights because the form holding a
-- household may lie outside the reader's scope; the homes themselves only within it, as the documents
-- policy would show their surveys. ID numbers leave as ciphertext, for the server to mask.
CREATE FUNCTION survey_coverage(p_year integer, p_street text)
RETURNS TABLE (street_code text, village_code text, household_name text, id_number_enc bytea, burns_coal boolean,
               registered boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT DISTINCT ON (d.origin_unit, l.id_number_hmac)
           d.street_code, d.origin_unit, l.household_name, l.id_number_enc,
           l.heating IN ('loose_coal', 'clean_coal'),
           EXISTS (SELECT 1 FROM household_claims c WHERE c.year = p_year AND c.id_number_hmac = l.id_number_hmac)
    FROM documents d JOIN survey_lines l ON l.document_id = d.id
    WHERE d.document_type = 'survey' AND d.status = 'filed' AND d.year = p_year
      AND (p_street IS NULL OR d.street_code = p_street)
      AND CASE current_setting('coalflow.scope', true)
              WHEN 'district' THEN true
              WHEN 'street' THEN d.street_code = current_setting('coalflow.code', true)
              WHEN 'origin' THEN d.origin_unit = current_setting('coalflow.code', true)
              WHEN 'aggregate' THEN coalesce(current_setting('coalflow.code', true), '') IN ('', d.street_code)
              ELSE false
          END
    ORDER BY d.origin_unit, l.id_number_hmac, d.id DESC
$$;
REVOKE EXECUTE ON FUNCTION survey_coverage(integer, text) FROM PUBLIC;

INSERT INTO app_privileges (statement) VALUES
    ('GRANT SELECT, INSERT ON survey_lines TO coalflow_app'),
    ('GRANT EXECUTE ON FUNCTION survey_coverage(integer, text) TO coalflow_app');
SELECT coalflow_grant_app();

-- The survey route for the years that exist already (new years get it from the plan when seeded).
WITH made AS (
    INSERT INTO routes (document_type, year, version)
    SELECT 'survey', year, 1 FROM program_years
    ON CONFLICT DO NOTHING RETURNING id)
INSERT INTO route_steps (route_id, position, actor, time_limit_days)
SELECT id, 1, 'document_street', 5 FROM made;
