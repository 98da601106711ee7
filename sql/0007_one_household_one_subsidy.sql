-- One household, one subsidy: a household (by its ID number digest) is on at most one live
-- registration form of a program year, and the database itself refuses a second.
--
-- Live means every status but `rejected`. A draft, a form in notice (公示) or in review, a filed form,
-- and a returned or withdrawn one (both can be submitted again) all hold their households. A household
-- leaves a live form only when its village amends it off the list (`registration amend`), or when the
-- form is rejected, which is final.
--
-- Each household line claims its household for the year in `household_claims`, whose primary key admits
-- one claim per household and year. Triggers keep the claims, so no order of create, amend, withdraw,
-- submit and approve, and no two transactions racing, can put a household on two live forms.

CREATE TABLE household_claims (
    year           integer NOT NULL REFERENCES program_years (year),
    id_number_hmac bytea NOT NULL CHECK (octet_length(id_number_hmac) = 32),
    document_id    bigint NOT NULL,
    line_no        integer NOT NULL,
    PRIMARY KEY (year, id_number_hmac),
    -- A line amended away takes its claim with it.
    FOREIGN KEY (document_id, line_no) REFERENCES registration_lines (document_id, line_no) ON DELETE CASCADE
);
CREATE INDEX household_claims_document ON household_claims (document_id);

INSERT INTO household_claims (year, id_number_hmac, document_id, line_no)
SELECT d.year, l.id_number_hmac, l.document_id, l.line_no
FROM registration_lines l JOIN documents d ON d.id = l.document_id
WHERE d.status <> 'rejected';

-- A new line claims its household, as the writer of the line: the primary key refuses a household
-- already claimed (unique_violation, 23505).
CREATE FUNCTION registration_lines_claim() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO household_claims (year, id_number_hmac, document_id, line_no)
    SELECT d.year, NEW.id_number_hmac, NEW.document_id, NEW.line_no FROM documents d WHERE d.id = NEW.document_id;
    RETURN NULL;
END $$;
CREATE TRIGGER registration_lines_claim AFTER INSERT ON registration_lines
    FOR EACH ROW EXECUTE FUNCTION registration_lines_claim();

-- A rejected form lets its households go.
CREATE FUNCTION documents_release_claims() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM household_claims WHERE document_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER documents_release_claims AFTER UPDATE OF status ON documents
    FOR EACH ROW WHEN (NEW.status = 'rejected' AND OLD.status <> 'rejected')
    EXECUTE FUNCTION documents_release_claims();

-- The household list changes only while its village may correct it: a draft, or a form returned to it
-- or withdrawn. Once in notice, in review or filed, it is what the public and the reviewers saw. Only a
-- re-encryption under a newer data key (`coalflow admin rekey`: the same facts, new ciphertext) passes.
CREATE FUNCTION registration_lines_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    form_status text;
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.document_id, NEW.line_no, NEW.household_name, NEW.address, NEW.id_number_hmac, NEW.coal_kg, NEW.stoves)
                            IS NOT DISTINCT FROM
                            (OLD.document_id, OLD.line_no, OLD.household_name, OLD.address, OLD.id_number_hmac, OLD.coal_kg, OLD.stoves) THEN
        RETURN NEW;
    END IF;
    SELECT status INTO form_status FROM documents WHERE id = coalesce(NEW.document_id, OLD.document_id);
    IF form_status NOT IN ('draft', 'returned', 'withdrawn') THEN
        RAISE EXCEPTION 'the households of a % form cannot change', form_status USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN coalesce(NEW, OLD);
END $$;
CREATE TRIGGER registration_lines_frozen BEFORE INSERT OR UPDATE OR DELETE ON registration_lines
    FOR EACH ROW EXECUTE FUNCTION registration_lines_frozen();

-- Who holds these households this year: the claims, answered without showing the rows behind them.
CREATE OR REPLACE FUNCTION registrations_holding(p_year integer, p_digests bytea[])
RETURNS TABLE (id_number_hmac bytea, document_id bigint, origin_unit text, origin_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT c.id_number_hmac, c.document_id, d.origin_unit, u.name
    FROM household_claims c JOIN documents d ON d.id = c.document_id JOIN units u ON u.code = d.origin_unit
    WHERE c.year = p_year AND c.id_number_hmac = ANY(p_digests)
$$;

-- The lines of a live form whose household is not claimed by the form itself: held by another form
-- (named), or by none. Empty for a form that keeps the rule; a rejected form claims nothing.
CREATE FUNCTION household_claim_clashes(p_document bigint)
RETURNS TABLE (line_no integer, document_id bigint, origin_unit text, origin_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT l.line_no, c.document_id, o.origin_unit, u.name
    FROM registration_lines l JOIN documents d ON d.id = l.document_id
    LEFT JOIN household_claims c ON c.year = d.year AND c.id_number_hmac = l.id_number_hmac
    LEFT JOIN documents o ON o.id = c.document_id LEFT JOIN units u ON u.code = o.origin_unit
    WHERE l.document_id = p_document AND d.status <> 'rejected' AND c.document_id IS DISTINCT FROM p_document
    ORDER BY l.line_no
$$;
REVOKE EXECUTE ON FUNCTION household_claim_clashes(bigint) FROM PUBLIC;

-- A refusal because a household is registered elsewhere is an access to personal data too (it tells
-- that the ID number is registered): the log keeps it, with the number of households refused.
ALTER TABLE personal_data_views
    ADD COLUMN purpose text NOT NULL DEFAULT 'view' CHECK (purpose IN ('view', 'duplicate_refused')),
    DROP CONSTRAINT personal_data_views_check,
    ADD CONSTRAINT personal_data_views_subject
        CHECK (purpose = 'duplicate_refused' OR (document_id IS NULL) <> (slip_ids IS NULL));

-- The application role: claims are written by its own lines (the trigger runs as the writer) and checked
-- by the primary key; it reads them only through the functions above. Amending deletes and adds lines.
ALTER TABLE household_claims ENABLE ROW LEVEL SECURITY;
CREATE POLICY household_claims_scope ON household_claims
    USING (false)
    WITH CHECK (EXISTS (SELECT 1 FROM documents d WHERE d.id = household_claims.document_id));

INSERT INTO app_privileges (statement) VALUES
    ('GRANT DELETE, UPDATE (phone_enc) ON registration_lines TO coalflow_app'),
    ('GRANT INSERT ON household_claims TO coalflow_app'),
    ('GRANT EXECUTE ON FUNCTION household_claim_clashes(bigint) TO coalflow_app');
SELECT coalflow_grant_app();
