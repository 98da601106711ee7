-- Residents' ID numbers and phones at rest: AES-GCM ciphertext (made and opened by the server with the
-- data keys, which the database never sees) and, for ID numbers, a keyed digest (HMAC-SHA256) to find
-- and compare them by. The clear-text columns stay only until `coalflow migrate` has converted the
-- rows that predate this migration; the application role cannot write them (0012).

ALTER TABLE registration_lines
    ADD COLUMN id_number_enc  bytea,
    ADD COLUMN id_number_hmac bytea CHECK (octet_length(id_number_hmac) = 32),
    ADD COLUMN phone_enc      bytea,
    ALTER COLUMN id_number DROP NOT NULL,
    ALTER COLUMN phone DROP NOT NULL,
    ADD CONSTRAINT registration_lines_protected
        CHECK ((id_number_enc IS NOT NULL AND id_number_hmac IS NOT NULL AND phone_enc IS NOT NULL)
               OR (id_number IS NOT NULL AND phone IS NOT NULL)),
    ADD CONSTRAINT registration_lines_one_id_a_form UNIQUE (document_id, id_number_hmac);
CREATE INDEX registration_lines_id_number_hmac ON registration_lines (id_number_hmac);

ALTER TABLE slips
    ADD COLUMN id_number_enc  bytea,
    ADD COLUMN id_number_hmac bytea CHECK (octet_length(id_number_hmac) = 32),
    ADD COLUMN phone_enc      bytea,
    ALTER COLUMN id_number DROP NOT NULL,
    ALTER COLUMN phone DROP NOT NULL,
    ADD CONSTRAINT slips_protected
        CHECK ((id_number_enc IS NOT NULL AND id_number_hmac IS NOT NULL AND phone_enc IS NOT NULL)
               OR (id_number IS NOT NULL AND phone IS NOT NULL));

-- A slip is still never edited. The one change allowed to its facts is the conversion: clear text
-- replaced by ciphertext once, and a re-encryption under a newer key (the digest stays).
CREATE OR REPLACE FUNCTION slips_keep_facts() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    converting boolean := OLD.id_number IS NOT NULL AND OLD.id_number_enc IS NULL
                          AND NEW.id_number IS NULL AND NEW.phone IS NULL AND NEW.id_number_enc IS NOT NULL;
    rekeying boolean := OLD.id_number_enc IS NOT NULL AND NEW.id_number_hmac = OLD.id_number_hmac
                        AND NEW.id_number IS NULL AND NEW.phone IS NULL;
BEGIN
    IF (NEW.id, NEW.company_code, NEW.year, NEW.registration_id, NEW.line_no, NEW.household_name, NEW.address,
        NEW.product, NEW.coal_tons, NEW.stoves, NEW.unit_price_fen, NEW.amount_fen,
        NEW.subsidy_fen, NEW.delivered_on, NEW.created_by, NEW.created_at)
       IS DISTINCT FROM
       (OLD.id, OLD.company_code, OLD.year, OLD.registration_id, OLD.line_no, OLD.household_name, OLD.address,
        OLD.product, OLD.coal_tons, OLD.stoves, OLD.unit_price_fen, OLD.amount_fen,
        OLD.subsidy_fen, OLD.delivered_on, OLD.created_by, OLD.created_at)
       OR ((NEW.id_number, NEW.phone, NEW.id_number_enc, NEW.id_number_hmac, NEW.phone_enc)
           IS DISTINCT FROM (OLD.id_number, OLD.phone, OLD.id_number_enc, OLD.id_number_hmac, OLD.phone_enc)
           AND NOT converting AND NOT rekeying)
       OR (OLD.status = 'void' AND NEW.status = 'valid') THEN
        RAISE EXCEPTION 'a sales slip is never edited; void it and issue a new one' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

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

-- A household is registered once a year: the live forms of `p_year` holding any of these ID number
-- digests. A rule that spans units, answered without showing the rows behind it (as in 0009).
CREATE FUNCTION registrations_holding(p_year integer, p_digests bytea[])
RETURNS TABLE (id_number_hmac bytea, document_id bigint, origin_unit text, origin_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT l.id_number_hmac, d.id, d.origin_unit, u.name
    FROM registration_lines l JOIN documents d ON d.id = l.document_id JOIN units u ON u.code = d.origin_unit
    WHERE l.id_number_hmac = ANY(p_digests) AND d.year = p_year AND d.document_type = 'registration'
      AND d.status NOT IN ('rejected', 'withdrawn')
$$;
REVOKE EXECUTE ON FUNCTION registrations_holding(integer, bytea[]) FROM PUBLIC;

-- Rows still in clear text, found at once by `coalflow migrate` without reading the whole table.
CREATE INDEX registration_lines_clear ON registration_lines (document_id, line_no) WHERE id_number IS NOT NULL;
CREATE INDEX slips_clear ON slips (id) WHERE id_number IS NOT NULL;
