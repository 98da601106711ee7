-- A program year (年度) with its dates and subsidy rates, the targets per street (任务目标), the
-- delivery contracts between companies and streets (配送合同) and the companies' prices (配送价格).

CREATE TABLE program_years (
    year                     integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    starts_on                date NOT NULL,
    ends_on                  date NOT NULL,
    coal_subsidy_fen_per_ton bigint NOT NULL CHECK (coal_subsidy_fen_per_ton >= 0),
    stove_subsidy_fen        bigint NOT NULL CHECK (stove_subsidy_fen >= 0),
    CHECK (starts_on < ends_on)
);

CREATE TABLE targets (
    street_code text NOT NULL,
    street_kind text NOT NULL GENERATED ALWAYS AS ('street') STORED,
    year        integer NOT NULL REFERENCES program_years (year),
    coal_tons   numeric(12,3) NOT NULL CHECK (coal_tons >= 0),
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
