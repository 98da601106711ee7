-- Two corrections.
--
-- One household, one subsidy: a form rejected after its households received deliveries (the street
-- had released it, the companies delivered, a summary may have been filed and paid) must not let
-- those households be registered and subsidised again elsewhere. A rejection frees only the
-- households that received nothing on a valid slip; the others stay claimed by the rejected form.
CREATE OR REPLACE FUNCTION documents_release_claims() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM household_claims c
    WHERE c.document_id = NEW.id
      AND NOT EXISTS (SELECT 1 FROM slips s WHERE s.registration_id = c.document_id AND s.line_no = c.line_no
                      AND s.status = 'valid');
    RETURN NULL;
END $$;

-- `audit verify` re-checks every filed summary's seal, also for a reader who holds no copy of the slips
-- (the office): the sealed facts of a summary, ciphertext as stored, for the server to digest with the
-- data keys. Only filed summaries, and never a slip's name or address.
CREATE FUNCTION filed_summary_sealed_facts(p_summary bigint)
RETURNS TABLE (id bigint, delivered_on text, id_number_enc bytea, product text, coal_kg bigint, stoves integer,
               unit_price_fen bigint, amount_fen bigint, subsidy_fen bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT s.id, s.delivered_on::text, s.id_number_enc, s.product, s.coal_kg, s.stoves, s.unit_price_fen, s.amount_fen,
           s.subsidy_fen
    FROM slips s JOIN documents d ON d.id = s.summary_id
    WHERE s.summary_id = p_summary AND s.status = 'valid' AND d.document_type = 'summary' AND d.status = 'filed'
    ORDER BY s.id
$$;
REVOKE EXECUTE ON FUNCTION filed_summary_sealed_facts(bigint) FROM PUBLIC;

-- The application role's privileges, with the function above (a restore grants afresh from here).
CREATE OR REPLACE FUNCTION coalflow_grant_app() RETURNS void
LANGUAGE plpgsql AS $$
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
    GRANT USAGE ON SCHEMA public TO coalflow_app;
    GRANT SELECT ON units, users, program_years, targets, contracts, prices, routes, route_steps, schema_migrations TO coalflow_app;
    GRANT SELECT, INSERT, UPDATE ON sessions TO coalflow_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON login_failures TO coalflow_app;
    GRANT SELECT, INSERT, UPDATE ON documents TO coalflow_app;
    GRANT SELECT, INSERT ON workflow_events TO coalflow_app;
    GRANT SELECT, DELETE ON registration_lines TO coalflow_app;
    GRANT SELECT ON slips TO coalflow_app;
    -- Issuing slips locks the households' lines (SELECT … FOR UPDATE), which needs an UPDATE privilege.
    GRANT INSERT (document_id, line_no, household_name, address, id_number_enc, id_number_hmac, phone_enc, coal_kg, stoves),
          UPDATE (household_name, address, phone_enc, coal_kg, stoves)
        ON registration_lines TO coalflow_app;
    GRANT INSERT (company_code, year, registration_id, line_no, street_code, village_code, household_name, address,
                  id_number_enc, id_number_hmac, phone_enc, product, coal_kg, stoves, unit_price_fen, amount_fen,
                  subsidy_fen, delivered_on, created_by),
          UPDATE (status, void_reason, voided_at, summary_id)
        ON slips TO coalflow_app;
    GRANT INSERT ON household_claims TO coalflow_app;
    GRANT INSERT ON personal_data_views TO coalflow_app;
    GRANT SELECT, INSERT ON idempotency_keys TO coalflow_app;
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO coalflow_app;
    GRANT EXECUTE ON FUNCTION registrations_holding(integer, bytea[]), delivered_to(bigint[]), household_claim_clashes(bigint),
                              filed_summary_sealed_facts(bigint)
        TO coalflow_app;
END $$;

SELECT coalflow_grant_app();
