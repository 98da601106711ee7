-- Routes as data: the ordered approval steps of a document type in a program year. A change of route
-- is a new version; a document keeps the version it was submitted under.

CREATE TABLE routes (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_type text NOT NULL CHECK (document_type IN ('registration', 'summary')),
    year          integer NOT NULL REFERENCES program_years (year),
    version       integer NOT NULL CHECK (version >= 1),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (document_type, year, version)
);

-- actor 'document_street': the street of the originating village, or the street a summary is addressed
-- to; actor 'unit': the fixed unit in unit_code (fgj, czj).
CREATE TABLE route_steps (
    route_id        bigint NOT NULL REFERENCES routes (id),
    position        integer NOT NULL CHECK (position >= 1),
    actor           text NOT NULL CHECK (actor IN ('document_street', 'unit')),
    unit_code       text REFERENCES units (code),
    time_limit_days integer NOT NULL DEFAULT 5 CHECK (time_limit_days BETWEEN 1 AND 365),
    PRIMARY KEY (route_id, position),
    CHECK ((actor = 'unit') = (unit_code IS NOT NULL))
);
