-- The workflow event log: every action on every document, kept forever, in order. Append-only in the
-- database itself, and hash-chained so that `coalflow audit verify` detects an altered, deleted,
-- inserted or reordered event even when the triggers were bypassed.

CREATE SEQUENCE workflow_events_seq;

CREATE TABLE workflow_events (
    seq           bigint PRIMARY KEY,
    document_id   bigint NOT NULL REFERENCES documents (id),
    action        text NOT NULL
                  CHECK (action IN ('create', 'publicize', 'submit', 'approve', 'return', 'reject',
                                    'withdraw', 'comment', 'urge')),
    actor_user_id bigint NOT NULL REFERENCES users (id),
    actor_login   text NOT NULL,
    actor_unit    text NOT NULL,
    step_position integer,
    from_status   text NOT NULL,
    to_status     text NOT NULL,
    comment       text,
    at            timestamptz NOT NULL,
    prev_sha256   bytea NOT NULL CHECK (octet_length(prev_sha256) = 32),
    sha256        bytea NOT NULL UNIQUE CHECK (octet_length(sha256) = 32)
);
CREATE INDEX workflow_events_document ON workflow_events (document_id, seq);

-- The urges (催办) of the step a document waits at: those since it began waiting.
CREATE FUNCTION step_urges(p_document bigint, p_since timestamptz) RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT count(*)::int FROM workflow_events e WHERE e.document_id = p_document AND e.action = 'urge' AND e.at >= p_since
$$;

-- One field of the canonical event text: its UTF-8 length, a colon, the text and a semicolon; `~;`
-- for null. Length-prefixing makes the encoding unambiguous whatever a comment contains.
CREATE FUNCTION audit_field(value text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN value IS NULL THEN '~;' ELSE octet_length(value)::text || ':' || value || ';' END
$$;

-- The canonical content of an event, hashed with the previous event's hash. The verifier in the
-- application rebuilds the same text independently; change both together, and only in a new migration.
-- PL/pgSQL keeps its plan for the session, where a SQL function that cannot be inlined is parsed again
-- on every call.
CREATE FUNCTION audit_canonical(e workflow_events) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN audit_field(e.seq::text) || audit_field(e.document_id::text) || audit_field(e.action)
        || audit_field(e.actor_login) || audit_field(e.actor_unit) || audit_field(e.step_position::text)
        || audit_field(e.from_status) || audit_field(e.to_status) || audit_field(e.comment)
        || audit_field(to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
END $$;

-- The chain links each event to the newest one, whoever may see it: the trigger reads as the owner.
CREATE FUNCTION workflow_events_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    previous bytea;
BEGIN
    -- One writer extends the chain at a time. The lock is held until commit, so the order of seq is
    -- the order of the chain; actions write their event last to keep that window short.
    PERFORM pg_advisory_xact_lock(hashtext('coalflow.workflow_events'));
    NEW.seq := nextval('workflow_events_seq');
    NEW.at := clock_timestamp();
    SELECT sha256 INTO previous FROM workflow_events ORDER BY seq DESC LIMIT 1;
    NEW.prev_sha256 := coalesce(previous, decode(repeat('00', 32), 'hex'));
    NEW.sha256 := sha256(NEW.prev_sha256 || convert_to(audit_canonical(NEW), 'UTF8'));
    RETURN NEW;
END $$;

CREATE TRIGGER workflow_events_chain BEFORE INSERT ON workflow_events
    FOR EACH ROW EXECUTE FUNCTION workflow_events_chain();

CREATE FUNCTION refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER workflow_events_append_only BEFORE UPDATE OR DELETE ON workflow_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER workflow_events_no_truncate BEFORE TRUNCATE ON workflow_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
