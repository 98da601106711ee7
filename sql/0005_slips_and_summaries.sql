-- Sales slips (销售单): one per delivery by a company to a registered household. Never edited or
-- deleted; a wrong slip is voided with a reason (红冲). A monthly summary (销售汇总表, a document of
-- 0003) gathers a company's slips for one street and month; submitting it seals its content.

CREATE SEQUENCE slips_id_seq;

CREATE TABLE slips (
    id              bigint PRIMARY KEY DEFAULT nextval('slips_id_seq'),
    company_code    text NOT NULL,
    company_kind    text NOT NULL GENERATED ALWAYS AS ('company') STORED,
    year            integer NOT NULL REFERENCES program_years (year),
    -- The registered household: its form and line.
    registration_id bigint NOT NULL,
    line_no         integer NOT NULL,
    street_code     text NOT NULL REFERENCES units (code),
    village_code    text NOT NULL REFERENCES units (code),
    household_name  text NOT NULL,
    address         text NOT NULL,
    -- The registration line's ciphertext and digest, copied as they are (0003).
    id_number_enc   bytea NOT NULL,
    id_number_hmac  bytea NOT NULL CHECK (octet_length(id_number_hmac) = 32),
    phone_enc       bytea NOT NULL,
    product         text NOT NULL CHECK (product IN ('coal', 'stove')),
    coal_kg         bigint NOT NULL CHECK (coal_kg >= 0),
    stoves          integer NOT NULL CHECK (stoves >= 0),
    unit_price_fen  bigint NOT NULL CHECK (unit_price_fen > 0),
    amount_fen      bigint NOT NULL CHECK (amount_fen >= 0),
    subsidy_fen     bigint NOT NULL CHECK (subsidy_fen >= 0),
    delivered_on    date NOT NULL,
    status          text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'void')),
    void_reason     text,
    voided_at       timestamptz,
    summary_id      bigint REFERENCES documents (id),
    created_by      bigint NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (company_code, company_kind) REFERENCES units (code, kind),
    FOREIGN KEY (registration_id, line_no) REFERENCES registration_lines (document_id, line_no),
    CHECK ((product = 'coal') = (coal_kg > 0) AND (product = 'stove') = (stoves > 0)),
    CHECK ((status = 'void') = (void_reason IS NOT NULL) AND (status = 'void') = (voided_at IS NOT NULL))
);
CREATE INDEX slips_household ON slips (registration_id, line_no) WHERE status = 'valid';
CREATE INDEX slips_company_month ON slips (company_code, street_code, delivered_on);
CREATE INDEX slips_summary ON slips (summary_id) WHERE summary_id IS NOT NULL;
CREATE INDEX slips_street ON slips (street_code, delivered_on);

-- A slip's facts never change. Only its voiding and its summary may be written later, and its personal
-- data re-encrypted under a newer key (`coalflow admin rekey`: the digest stays).
CREATE FUNCTION slips_keep_facts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.id, NEW.company_code, NEW.year, NEW.registration_id, NEW.line_no, NEW.household_name, NEW.address,
        NEW.id_number_hmac, NEW.product, NEW.coal_kg, NEW.stoves, NEW.unit_price_fen, NEW.amount_fen,
        NEW.subsidy_fen, NEW.delivered_on, NEW.created_by, NEW.created_at)
       IS DISTINCT FROM
       (OLD.id, OLD.company_code, OLD.year, OLD.registration_id, OLD.line_no, OLD.household_name, OLD.address,
        OLD.id_number_hmac, OLD.product, OLD.coal_kg, OLD.stoves, OLD.unit_price_fen, OLD.amount_fen,
        OLD.subsidy_fen, OLD.delivered_on, OLD.created_by, OLD.created_at)
       OR (OLD.status = 'void' AND NEW.status = 'valid') THEN
        RAISE EXCEPTION 'a sales slip is never edited; void it and issue a new one' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER slips_keep_facts BEFORE UPDATE ON slips FOR EACH ROW EXECUTE FUNCTION slips_keep_facts();
CREATE TRIGGER slips_no_delete BEFORE DELETE ON slips FOR EACH ROW EXECUTE FUNCTION refuse_change();
