-- Documents that travel a route: registration forms (登记表) and monthly summaries (销售汇总表), and
-- the households (农户) on a registration form.

CREATE TABLE documents (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_type text NOT NULL CHECK (document_type IN ('registration', 'summary')),
    year          integer NOT NULL REFERENCES program_years (year),
    origin_unit   text NOT NULL REFERENCES units (code),
    -- The street of the originating village, or the street a summary is addressed to.
    street_code   text NOT NULL,
    street_kind   text NOT NULL GENERATED ALWAYS AS ('street') STORED,
    -- A summary covers one month: the first day of it.
    month         date CHECK (month IS NULL OR extract(day FROM month) = 1),
    status        text NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'publicizing', 'in_review', 'returned', 'filed', 'rejected', 'withdrawn')),
    route_id      bigint REFERENCES routes (id),
    step_position integer,
    -- The unit whose action is awaited, kept with the step so a queue is one index scan.
    current_unit  text REFERENCES units (code),
    step_since    timestamptz,
    notice_from   date,
    notice_to     date,
    seal_sha256   bytea CHECK (octet_length(seal_sha256) = 32),
    sealed_by     bigint REFERENCES users (id),
    sealed_at     timestamptz,
    -- Totals kept on the document, so lists and queues never add up lines; a check compares them with
    -- the lines (or, for a summary, its slips).
    households    integer NOT NULL DEFAULT 0 CHECK (households >= 0),
    coal_kg       bigint NOT NULL DEFAULT 0 CHECK (coal_kg >= 0),
    stoves        integer NOT NULL DEFAULT 0 CHECK (stoves >= 0),
    subsidy_fen   bigint NOT NULL DEFAULT 0 CHECK (subsidy_fen >= 0),
    -- Every action bumps it: an action names the revision its actor saw, so a stale one is a conflict.
    revision      integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
    created_by    bigint NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (street_code, street_kind) REFERENCES units (code, kind),
    FOREIGN KEY (route_id, step_position) REFERENCES route_steps (route_id, position),
    CHECK ((document_type = 'summary') = (month IS NOT NULL)),
    CHECK ((status = 'in_review') = (step_position IS NOT NULL)),
    CHECK ((status = 'in_review') = (current_unit IS NOT NULL)),
    CHECK ((status = 'in_review') = (step_since IS NOT NULL)),
    CHECK (route_id IS NOT NULL OR status IN ('draft', 'publicizing')),
    CHECK ((notice_from IS NULL) = (notice_to IS NULL) AND (notice_from IS NULL OR notice_from <= notice_to)),
    CHECK (document_type = 'registration' OR notice_from IS NULL),
    CHECK ((seal_sha256 IS NULL) = (sealed_by IS NULL) AND (seal_sha256 IS NULL) = (sealed_at IS NULL))
);
CREATE INDEX documents_origin ON documents (origin_unit, year);
CREATE INDEX documents_street ON documents (street_code, year);
CREATE INDEX documents_type_status ON documents (document_type, status, year);
-- First pages without sorting: a unit's queue is read oldest first (step_since, id), and a street's or
-- an originator's list newest first (id), each straight from an index that stops at the page's end.
CREATE INDEX documents_waiting ON documents (current_unit, step_since, id) WHERE status = 'in_review';
CREATE INDEX documents_street_newest ON documents (street_code, id);
CREATE INDEX documents_origin_newest ON documents (origin_unit, id);

-- A registration is released to the delivery companies once its street has approved it: it is past
-- the first step, or filed.
CREATE FUNCTION registration_released(status text, step_position integer) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT status = 'filed' OR (status = 'in_review' AND step_position > 1)
$$;

-- One household (农户) on a registration form. The ID number and phone are personal data: stored as
-- AES-GCM ciphertext made by the server (the database never sees the keys), and the ID number also as a
-- keyed digest (HMAC-SHA256) to find and compare it by.
CREATE TABLE registration_lines (
    document_id    bigint NOT NULL REFERENCES documents (id),
    line_no        integer NOT NULL CHECK (line_no >= 1),
    household_name text NOT NULL CHECK (length(btrim(household_name)) BETWEEN 1 AND 50),
    address        text NOT NULL CHECK (length(btrim(address)) BETWEEN 1 AND 200),
    id_number_enc  bytea NOT NULL,
    id_number_hmac bytea NOT NULL CHECK (octet_length(id_number_hmac) = 32),
    phone_enc      bytea NOT NULL,
    coal_kg        bigint NOT NULL CHECK (coal_kg >= 0),
    stoves         integer NOT NULL CHECK (stoves >= 0),
    PRIMARY KEY (document_id, line_no),
    CONSTRAINT registration_lines_one_id_a_form UNIQUE (document_id, id_number_hmac),
    CHECK (coal_kg > 0 OR stoves > 0)
);
CREATE INDEX registration_lines_id_number_hmac ON registration_lines (id_number_hmac);
