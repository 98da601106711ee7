-- Units (单位) of the program, the people who act for them, their login sessions, failed logins, and
-- the creates they may safely retry.

DO $$
BEGIN
    -- The audit chain hashes text as UTF-8 bytes; another server encoding would change every hash.
    IF current_setting('server_encoding') <> 'UTF8' THEN
        RAISE EXCEPTION 'coalflow needs a UTF8 database, this one is %', current_setting('server_encoding');
    END IF;
END $$;

-- A unit's reach is which documents it sees one by one: the whole district, its own street's, its own,
-- or none (aggregates only). The office, 发改局 and 财政局 reach the district; the other bureaus read
-- aggregates. `slip_copy`: the unit keeps a copy of every sales slip (发改局, 财政局), as on paper.
CREATE TABLE units (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_-]{1,31}$'),
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    kind        text NOT NULL CHECK (kind IN ('office', 'bureau', 'street', 'village', 'company')),
    reach       text NOT NULL CHECK (reach IN ('district', 'street', 'own', 'none')),
    slip_copy   boolean NOT NULL DEFAULT false,
    parent_code text,
    -- Only villages have a parent, and it must be a street: the generated kind lets a foreign key say so.
    parent_kind text GENERATED ALWAYS AS (CASE WHEN parent_code IS NOT NULL THEN 'street' END) STORED,
    is_demo     boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (code, kind),
    FOREIGN KEY (parent_code, parent_kind) REFERENCES units (code, kind),
    CHECK ((kind = 'village') = (parent_code IS NOT NULL)),
    CHECK (CASE kind
               WHEN 'office' THEN reach = 'district'
               WHEN 'bureau' THEN reach IN ('district', 'none')
               WHEN 'street' THEN reach = 'street'
               ELSE reach = 'own'
           END),
    CHECK (NOT slip_copy OR kind = 'bureau')
);
CREATE INDEX units_parent ON units (parent_code) WHERE parent_code IS NOT NULL;

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login         text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    display_name  text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 100),
    unit_code     text NOT NULL,
    unit_kind     text NOT NULL,
    role          text NOT NULL CHECK (role IN ('clerk', 'reviewer', 'viewer', 'admin')),
    password_hash text NOT NULL CHECK (password_hash LIKE '$2%'),
    disabled_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (unit_code, unit_kind) REFERENCES units (code, kind),
    CHECK (role <> 'admin' OR unit_kind = 'office')
);
CREATE INDEX users_unit ON users (unit_code);

-- Bearer tokens are random; only their SHA-256 is kept, so a database leak yields no usable token.
CREATE TABLE sessions (
    token_sha256 bytea PRIMARY KEY CHECK (octet_length(token_sha256) = 32),
    user_id      bigint NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed logins, to slow down password guessing.
CREATE TABLE login_failures (
    login        text PRIMARY KEY,
    failures     integer NOT NULL CHECK (failures >= 0),
    last_failed  timestamptz NOT NULL,
    locked_until timestamptz
);

-- Creates a client may safely retry: the first request's key, a digest of the request, and what it
-- created. A retry with the same key and request gets the same documents or slips, never new ones.
CREATE TABLE idempotency_keys (
    user_id        bigint NOT NULL REFERENCES users (id),
    key            text NOT NULL CHECK (key ~ '^[!-~]{1,100}$'),
    request_sha256 bytea NOT NULL CHECK (octet_length(request_sha256) = 32),
    resource_ids   bigint[] NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
