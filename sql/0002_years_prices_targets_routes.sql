-- A program year (年度) with its dates and subsidy rates, the targets per street (任务目标), the
-- delivery contracts between companies and streets (配送合同), the companies' prices (配送价格), and
-- the routes documents travel. Coal is counted in integer kilograms everywhere (tons with 3 places).

-- The program's clock: dates and times are those of Tai'an. The one place that names the time zone.
CREATE FUNCTION program_local_time(t timestamptz) RETURNS timestamp
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT t AT TIME ZONE 'Asia/Shanghai' $$;

CREATE FUNCTION program_today() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT program_local_time(now())::date $$;

-- A moment as the API shows it: local time with its offset, to the second.
CREATE FUNCTION program_time_text(t timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT to_char(program_local_time(t), 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') $$;

CREATE TABLE program_years (
    year                     integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    starts_on                date NOT NULL,
    ends_on                  date NOT NULL,
    coal_subsidy_fen_per_ton bigint NOT NULL CHECK (coal_subsidy_fen_per_ton >= 0),
    stove_subsidy_fen        bigint NOT NULL CHECK (stove_subsidy_fen >= 0),
    CHECK (starts_on < ends_on)
);

-- The subsidy (补贴): coal kg × the year's rate per ton / 1000, rounded half up to the fen, plus stoves ×
-- the rate per stove. `SubsidyRates.subsidy` in CoalflowCore is the same rule for the server.
CREATE FUNCTION subsidy_fen(coal_kg bigint, stoves bigint, coal_fen_per_ton bigint, stove_fen bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (coal_kg * coal_fen_per_ton + 500) / 1000 + stoves * stove_fen $$;

CREATE TABLE targets (
    street_code text NOT NULL,
    street_kind text NOT NULL GENERATED ALWAYS AS ('street') STORED,
    year        integer NOT NULL REFERENCES program_years (year),
    coal_kg     bigint NOT NULL CHECK (coal_kg >= 0),
    stoves      integer NOT NULL CHECK (stoves >= 0),
    PRIMARY KEY (street_code, year),
    FOREIGN KEY (street_code, street_kind) REFERENCES units (code, kind)
);

CREATE TABLE contracts (
    company_code text NOT NULL,
    company_kind text NOT NULL GENERATED ALWAYS AS ('company') STORED,
    street_code  text NOT NULL,
    street_kind  text NOT NULL GENERATED ALWAYS AS ('street') STORED,
    year         integer NOT NULL REFERENCES program_years (year),
    product      text NOT NULL CHECK (product IN ('coal', 'stove')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (year, street_code, product, company_code),
    FOREIGN KEY (company_code, company_kind) REFERENCES units (code, kind),
    FOREIGN KEY (street_code, street_kind) REFERENCES units (code, kind)
);
CREATE INDEX contracts_company ON contracts (company_code, year);

-- Unit price per ton of coal or per stove, in fen.
CREATE TABLE prices (
    company_code   text NOT NULL,
    company_kind   text NOT NULL GENERATED ALWAYS AS ('company') STORED,
    year           integer NOT NULL REFERENCES program_years (year),
    product        text NOT NULL CHECK (product IN ('coal', 'stove')),
    unit_price_fen bigint NOT NULL CHECK (unit_price_fen > 0),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_code, year, product),
    FOREIGN KEY (company_code, company_kind) REFERENCES units (code, kind)
);

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

-- A step is overdue once its time limit has passed since it began waiting (超期).
CREATE FUNCTION step_overdue(step_since timestamptz, time_limit_days integer) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT step_since + make_interval(days => time_limit_days) < now() $$;
