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
