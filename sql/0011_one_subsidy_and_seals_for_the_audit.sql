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

INSERT INTO app_privileges (statement) VALUES
    ('GRANT EXECUTE ON FUNCTION filed_summary_sealed_facts(bigint) TO coalflow_app');
SELECT coalflow_grant_app();
