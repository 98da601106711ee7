-- Row-level security: a second wall behind the server's own scope checks. The server connects as
-- coalflow_app (0012), which owns nothing and cannot bypass RLS; each transaction names its actor with
-- set_config('coalflow.*', …, true), and these policies show it only what its unit may see. The owner
-- (migrations, operator commands) is not subject to them.

-- The acting unit, as the server set it for this transaction; NULL when unset.
CREATE FUNCTION rls_setting(name text) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('coalflow.' || name, true), '') $$;

-- Documents: the whole district (scope 'district'), one street's ('street'), one originator's ('origin');
-- for aggregate reports ('aggregate') the whole district or, with a code, one street.
CREATE FUNCTION rls_sees_document(origin text, street text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE rls_setting('scope')
        WHEN 'district' THEN true
        WHEN 'street' THEN street = rls_setting('code')
        WHEN 'origin' THEN origin = rls_setting('code')
        WHEN 'aggregate' THEN rls_setting('code') IS NULL OR street = rls_setting('code')
        ELSE false
    END
$$;

-- A registration released to the companies (street approval done) is readable by a company that holds
-- a contract for that street and year: it issues slips against those households.
CREATE FUNCTION rls_released_to_company(doc documents) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT rls_setting('kind') = 'company' AND doc.document_type = 'registration'
       AND (doc.status = 'filed' OR (doc.status = 'in_review' AND doc.step_position > 1))
       AND EXISTS (SELECT 1 FROM contracts c WHERE c.company_code = rls_setting('unit')
                   AND c.street_code = doc.street_code AND c.year = doc.year)
$$;

-- Slips: the five copies (the company, the household's street, 发改局, 财政局; the household holds paper).
CREATE FUNCTION rls_sees_slip(company text, street text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE rls_setting('scope')
        WHEN 'aggregate' THEN rls_setting('code') IS NULL OR street = rls_setting('code')
        ELSE company = rls_setting('unit') OR rls_setting('unit') IN ('fgj', 'czj')
             OR (rls_setting('kind') = 'street' AND street = rls_setting('unit'))
    END
$$;

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY documents_scope ON documents
    USING (rls_sees_document(origin_unit, street_code) OR rls_released_to_company(documents))
    WITH CHECK (rls_sees_document(origin_unit, street_code));

ALTER TABLE registration_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY registration_lines_scope ON registration_lines
    USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = registration_lines.document_id));

ALTER TABLE workflow_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY workflow_events_scope ON workflow_events
    USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = workflow_events.document_id));

ALTER TABLE slips ENABLE ROW LEVEL SECURITY;
CREATE POLICY slips_scope ON slips
    USING (rls_sees_slip(company_code, street_code))
    WITH CHECK (company_code = rls_setting('unit'));

-- The chain links each event to the newest one, whoever may see it: the trigger reads as the owner.
ALTER FUNCTION workflow_events_chain() SECURITY DEFINER SET search_path = public, pg_temp;

-- Rules that span units, answered without showing the rows behind them (and, by ID number digest,
-- `registrations_holding` in 0010).

-- What all companies together delivered on valid slips to these registrations' households.
CREATE FUNCTION delivered_to(p_registrations bigint[])
RETURNS TABLE (registration_id bigint, line_no integer, coal_kg bigint, stoves integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT s.registration_id, s.line_no, sum((s.coal_tons * 1000)::bigint)::bigint, sum(s.stoves)::int
    FROM slips s WHERE s.registration_id = ANY(p_registrations) AND s.status = 'valid'
    GROUP BY s.registration_id, s.line_no
$$;

REVOKE EXECUTE ON FUNCTION delivered_to(bigint[]) FROM PUBLIC;
