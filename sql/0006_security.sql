-- Security in the database: the log of full views of personal data, the narrow functions that answer
-- rules spanning units, row-level security, and the role the server's queries run as.

-- Every full (unmasked) view of a household's personal data, by whom and when.
CREATE TABLE personal_data_views (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    user_id     bigint NOT NULL REFERENCES users (id),
    login       text NOT NULL,
    unit        text NOT NULL,
    document_id bigint REFERENCES documents (id),
    slip_ids    bigint[],
    households  integer NOT NULL CHECK (households > 0),
    CHECK ((document_id IS NULL) <> (slip_ids IS NULL))
);
CREATE INDEX personal_data_views_at ON personal_data_views (at);
CREATE TRIGGER personal_data_views_append_only BEFORE UPDATE OR DELETE ON personal_data_views
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Rules that span units, answered without showing the rows behind them (SECURITY DEFINER, executable
-- by the server's role only).

-- A household is registered once a year: the live forms of `p_year` holding any of these ID number
-- digests.
CREATE FUNCTION registrations_holding(p_year integer, p_digests bytea[])
RETURNS TABLE (id_number_hmac bytea, document_id bigint, origin_unit text, origin_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT l.id_number_hmac, d.id, d.origin_unit, u.name
    FROM registration_lines l JOIN documents d ON d.id = l.document_id JOIN units u ON u.code = d.origin_unit
    WHERE l.id_number_hmac = ANY(p_digests) AND d.year = p_year AND d.document_type = 'registration'
      AND d.status NOT IN ('rejected', 'withdrawn')
$$;
REVOKE EXECUTE ON FUNCTION registrations_holding(integer, bytea[]) FROM PUBLIC;

-- What all companies together delivered on valid slips to these registrations' households.
CREATE FUNCTION delivered_to(p_registrations bigint[])
RETURNS TABLE (registration_id bigint, line_no integer, coal_kg bigint, stoves integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT s.registration_id, s.line_no, sum(s.coal_kg)::bigint, sum(s.stoves)::int
    FROM slips s WHERE s.registration_id = ANY(p_registrations) AND s.status = 'valid'
    GROUP BY s.registration_id, s.line_no
$$;
REVOKE EXECUTE ON FUNCTION delivered_to(bigint[]) FROM PUBLIC;

-- Row-level security: a second wall behind the server's own scope checks (`AccessPolicy` in
-- CoalflowCore is the first). Each transaction names its actor with set_config('coalflow.*', …, true):
-- `unit`, `kind`, `scope` (its reach: district, street, origin, none; or aggregate for sums over a
-- street or the district), `code` (the street or originator of that scope) and `slip_copy`. The owner
-- (migrations, operator commands) is not subject to the policies; the server's role is.

-- The rule that needs a query (a company's contract), in PL/pgSQL, which keeps its plan for the session:
-- a SQL function would be inlined, and so parsed, at every plan again.
CREATE FUNCTION rls_company_has_contract(p_street text, p_year integer) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM contracts c WHERE c.company_code = current_setting('coalflow.unit', true)
                   AND c.street_code = p_street AND c.year = p_year);
END $$;

-- The scope CASE is written out twice, for reading and for writing, on purpose: a function holding it
-- once would be inlined, and so parsed, at every plan again. Writing leaves out the companies' released
-- registrations.
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY documents_scope ON documents
    USING (
        CASE current_setting('coalflow.scope', true)
            WHEN 'district' THEN true
            WHEN 'street' THEN street_code = current_setting('coalflow.code', true)
            WHEN 'origin' THEN origin_unit = current_setting('coalflow.code', true)
            WHEN 'aggregate' THEN coalesce(current_setting('coalflow.code', true), '') IN ('', street_code)
            ELSE false
        END
        -- A registration released to the companies, for a company holding a contract for that street
        -- and year: it issues slips against those households.
        OR (current_setting('coalflow.kind', true) = 'company' AND document_type = 'registration'
            AND registration_released(status, step_position) AND rls_company_has_contract(street_code, year)))
    WITH CHECK (
        CASE current_setting('coalflow.scope', true)
            WHEN 'district' THEN true
            WHEN 'street' THEN street_code = current_setting('coalflow.code', true)
            WHEN 'origin' THEN origin_unit = current_setting('coalflow.code', true)
            WHEN 'aggregate' THEN coalesce(current_setting('coalflow.code', true), '') IN ('', street_code)
            ELSE false
        END);

ALTER TABLE registration_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY registration_lines_scope ON registration_lines
    USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = registration_lines.document_id));

ALTER TABLE workflow_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY workflow_events_scope ON workflow_events
    USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = workflow_events.document_id));

-- Slips: the five copies (the company, the household's street, the units keeping a copy of every slip;
-- the household holds paper).
ALTER TABLE slips ENABLE ROW LEVEL SECURITY;
CREATE POLICY slips_scope ON slips
    USING (
        CASE current_setting('coalflow.scope', true)
            WHEN 'aggregate' THEN coalesce(current_setting('coalflow.code', true), '') IN ('', street_code)
            ELSE company_code = current_setting('coalflow.unit', true)
                 OR current_setting('coalflow.slip_copy', true) = 'on'
                 OR (current_setting('coalflow.scope', true) = 'street' AND street_code = current_setting('coalflow.code', true))
        END)
    WITH CHECK (company_code = current_setting('coalflow.unit', true));

-- The role the server's queries run as: it owns nothing and cannot bypass row-level security, writes
-- personal data as ciphertext only, appends to the access log without reading it, and never changes
-- audit events. What it may do is data: each row of `app_privileges` is one statement, and a migration
-- that adds a table or function the server uses adds its rows. `coalflow_grant_app()` applies them all,
-- after every migration that adds some and after a restore (`coalflow admin restore`), where privileges
-- are not restored.
CREATE TABLE app_privileges (
    position  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    statement text NOT NULL CHECK (statement ~ '^GRANT .* TO coalflow_app$')
);

INSERT INTO app_privileges (statement) VALUES
    ('GRANT USAGE ON SCHEMA public TO coalflow_app'),
    ('GRANT SELECT ON units, users, program_years, targets, contracts, prices, routes, route_steps, schema_migrations TO coalflow_app'),
    ('GRANT SELECT, INSERT, UPDATE ON sessions TO coalflow_app'),
    ('GRANT SELECT, INSERT, UPDATE, DELETE ON login_failures TO coalflow_app'),
    ('GRANT SELECT, INSERT, UPDATE ON documents TO coalflow_app'),
    ('GRANT SELECT, INSERT ON workflow_events TO coalflow_app'),
    ('GRANT SELECT ON registration_lines, slips TO coalflow_app'),
    -- Issuing slips locks the households' lines (SELECT … FOR UPDATE), which needs an UPDATE privilege.
    ('GRANT INSERT (document_id, line_no, household_name, address, id_number_enc, id_number_hmac, phone_enc, coal_kg, stoves), '
     'UPDATE (household_name, address, coal_kg, stoves) ON registration_lines TO coalflow_app'),
    ('GRANT INSERT (company_code, year, registration_id, line_no, street_code, village_code, household_name, address, '
     'id_number_enc, id_number_hmac, phone_enc, product, coal_kg, stoves, unit_price_fen, amount_fen, subsidy_fen, delivered_on, '
     'created_by), UPDATE (status, void_reason, voided_at, summary_id) ON slips TO coalflow_app'),
    ('GRANT INSERT ON personal_data_views TO coalflow_app'),
    ('GRANT SELECT, INSERT ON idempotency_keys TO coalflow_app'),
    ('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO coalflow_app'),
    ('GRANT EXECUTE ON FUNCTION registrations_holding(integer, bytea[]), delivered_to(bigint[]) TO coalflow_app');

CREATE FUNCTION coalflow_grant_app() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    privilege text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coalflow_app') THEN
        BEGIN
            CREATE ROLE coalflow_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION 'the role coalflow_app is missing and % may not create it', current_user
                USING HINT = 'as a superuser: CREATE ROLE coalflow_app LOGIN PASSWORD ''…'' NOBYPASSRLS; GRANT coalflow_app TO ' || current_user;
        END;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO coalflow_app', current_database());
    FOR privilege IN SELECT statement FROM app_privileges ORDER BY position LOOP
        EXECUTE privilege;
    END LOOP;
END $$;

SELECT coalflow_grant_app();
REVOKE EXECUTE ON FUNCTION coalflow_grant_app() FROM PUBLIC;
