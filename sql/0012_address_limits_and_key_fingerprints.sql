-- Failed logins per client address, a second wall beside the lock per login (login_failures): one
-- address guessing at many logins is stopped too. A fixed window: `failures` counted since
-- `window_start`; a failure after the window has passed starts a new one.
CREATE TABLE login_address_failures (
    address      text PRIMARY KEY CHECK (length(address) BETWEEN 1 AND 64),
    failures     integer NOT NULL CHECK (failures > 0),
    window_start timestamptz NOT NULL
);

INSERT INTO app_privileges (statement) VALUES
    ('GRANT SELECT, INSERT, UPDATE, DELETE ON login_address_failures TO coalflow_app');
SELECT coalflow_grant_app();

-- Which keys this database's personal data is sealed with: a keyed digest of each key (never the key),
-- recorded the first time a key file is used with the database. A server given another file's keys
-- under the same ids (or another lookup key, which would make every stored ID digest unfindable)
-- refuses to start instead of sealing data no one can open later. Owner only.
CREATE TABLE data_key_fingerprints (
    key_id      text PRIMARY KEY CHECK (key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
    fingerprint bytea NOT NULL CHECK (length(fingerprint) = 32),
    recorded_at timestamptz NOT NULL DEFAULT now()
);
