-- The functions an approval, a registration and the overview call on every request were SQL functions.
-- A SECURITY DEFINER SQL function is never inlined, and PostgreSQL plans its query again on every call:
-- under load, planning them was a fifth of the database's time per approval (`perf`, `make bench`).
-- The same queries in PL/pgSQL keep their plans for the session. Same signatures, same answers.

CREATE OR REPLACE FUNCTION registrations_holding(p_year integer, p_digests bytea[])
RETURNS TABLE (id_number_hmac bytea, document_id bigint, origin_unit text, origin_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT c.id_number_hmac, c.document_id, d.origin_unit, u.name
    FROM household_claims c JOIN documents d ON d.id = c.document_id JOIN units u ON u.code = d.origin_unit
    WHERE c.year = p_year AND c.id_number_hmac = ANY(p_digests);
END $$;

CREATE OR REPLACE FUNCTION delivered_to(p_registrations bigint[])
RETURNS TABLE (registration_id bigint, line_no integer, coal_kg bigint, stoves integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT s.registration_id, s.line_no, sum(s.coal_kg)::bigint, sum(s.stoves)::int
    FROM slips s WHERE s.registration_id = ANY(p_registrations) AND s.status = 'valid'
    GROUP BY s.registration_id, s.line_no;
END $$;

CREATE OR REPLACE FUNCTION household_claim_clashes(p_document bigint)
RETURNS TABLE (line_no integer, document_id bigint, origin_unit text, origin_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT l.line_no, c.document_id, o.origin_unit, u.name
    FROM registration_lines l JOIN documents d ON d.id = l.document_id
    LEFT JOIN household_claims c ON c.year = d.year AND c.id_number_hmac = l.id_number_hmac
    LEFT JOIN documents o ON o.id = c.document_id LEFT JOIN units u ON u.code = o.origin_unit
    WHERE l.document_id = p_document AND d.status <> 'rejected' AND c.document_id IS DISTINCT FROM p_document
    ORDER BY l.line_no;
END $$;

CREATE OR REPLACE FUNCTION filed_summary_sealed_facts(p_summary bigint)
RETURNS TABLE (id bigint, delivered_on text, id_number_enc bytea, product text, coal_kg bigint, stoves integer,
               unit_price_fen bigint, amount_fen bigint, subsidy_fen bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT s.id, s.delivered_on::text, s.id_number_enc, s.product, s.coal_kg, s.stoves, s.unit_price_fen, s.amount_fen,
           s.subsidy_fen
    FROM slips s JOIN documents d ON d.id = s.summary_id
    WHERE s.summary_id = p_summary AND s.status = 'valid' AND d.document_type = 'summary' AND d.status = 'filed'
    ORDER BY s.id;
END $$;

CREATE OR REPLACE FUNCTION survey_coverage(p_year integer, p_street text)
RETURNS TABLE (street_code text, village_code text, household_name text, id_number_enc bytea, burns_coal boolean,
               registered boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
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
    ORDER BY d.origin_unit, l.id_number_hmac, d.id DESC;
END $$;
