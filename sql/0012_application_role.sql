-- The role the server's queries run as: it owns nothing and cannot bypass row-level security (0009),
-- writes personal data as ciphertext only (column privileges, 0010), appends to the access log without
-- reading it, and never changes audit events. A function, so that a restore into a new cluster, where
-- privileges are not restored, can grant afresh (`coalflow admin restore` calls it). A migration that
-- adds a table the server uses replaces this function with the table added.
CREATE FUNCTION coalflow_grant_app() RETURNS void
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
    GRANT SELECT ON registration_lines, slips TO coalflow_app;
    GRANT INSERT (document_id, line_no, household_name, address, id_number_enc, id_number_hmac, phone_enc, coal_tons, stoves),
          UPDATE (household_name, address, coal_tons, stoves)
        ON registration_lines TO coalflow_app;
    GRANT INSERT (company_code, year, registration_id, line_no, street_code, village_code, household_name, address,
                  id_number_enc, id_number_hmac, phone_enc, product, coal_tons, stoves, unit_price_fen, amount_fen,
                  subsidy_fen, delivered_on, created_by),
          UPDATE (status, void_reason, voided_at, summary_id)
        ON slips TO coalflow_app;
    GRANT INSERT ON personal_data_views TO coalflow_app;
    GRANT SELECT, INSERT ON idempotency_keys TO coalflow_app;
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO coalflow_app;
    GRANT EXECUTE ON FUNCTION registrations_holding(integer, bytea[]), delivered_to(bigint[]) TO coalflow_app;
END $$;

SELECT coalflow_grant_app();
REVOKE EXECUTE ON FUNCTION coalflow_grant_app() FROM PUBLIC;
