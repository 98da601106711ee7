-- Totals kept on the document, so lists and queues never add up lines; a check compares them with
-- the lines. And a record of failed logins, to slow down password guessing.

ALTER TABLE documents
    ADD COLUMN households  integer NOT NULL DEFAULT 0 CHECK (households >= 0),
    ADD COLUMN coal_tons   numeric(12,3) NOT NULL DEFAULT 0 CHECK (coal_tons >= 0),
    ADD COLUMN stoves      integer NOT NULL DEFAULT 0 CHECK (stoves >= 0),
    ADD COLUMN subsidy_fen bigint NOT NULL DEFAULT 0 CHECK (subsidy_fen >= 0);

CREATE INDEX documents_type_status ON documents (document_type, status, year);

CREATE TABLE login_failures (
    login        text PRIMARY KEY,
    failures     integer NOT NULL CHECK (failures >= 0),
    last_failed  timestamptz NOT NULL,
    locked_until timestamptz
);
