-- The audit chain without a lock across commits. Until now each event was chained to the newest one as
-- it was written, under one advisory lock held to the end of COMMIT: every action in the district waited
-- for the one before it to reach the disk. Now an event is written unsealed (content, seq and time only)
-- and a sealer links the committed events afterwards, in one transaction at a time: each seal is
-- SHA-256(previous seal ‖ the event's canonical text), at the next position of the chain. A document's
-- events are sealed in their order (its row lock orders them, and an event commits before the next one
-- of its document is written), and the chain's order is the order events became visible in.
--
-- Everything `audit verify` checked still holds, for sealed events: an altered, deleted, inserted or
-- reordered event breaks the chain, and deleted newest events are found against a recorded head. The
-- price: an event is open to undetected removal until it is sealed, which the server does twice a second
-- and `audit verify` and `audit head` do first.

-- The links, append-only like the events. A seal names its event by seq without a foreign key, so that a
-- deleted event leaves its seal behind.
CREATE TABLE audit_seals (
    position    bigint PRIMARY KEY CHECK (position >= 1),
    seq         bigint NOT NULL UNIQUE,
    prev_sha256 bytea NOT NULL CHECK (octet_length(prev_sha256) = 32),
    sha256      bytea NOT NULL UNIQUE CHECK (octet_length(sha256) = 32)
);
CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE ON audit_seals
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The chain so far, as it was: positions in the order of seq, hashes unchanged.
INSERT INTO audit_seals (position, seq, prev_sha256, sha256)
SELECT row_number() OVER (ORDER BY seq), seq, prev_sha256, sha256 FROM workflow_events;
ALTER TABLE workflow_events DROP COLUMN prev_sha256, DROP COLUMN sha256;

-- Events written and not yet sealed: the sealer's work list, emptied as it seals.
CREATE TABLE audit_unsealed (
    seq bigint PRIMARY KEY
);

CREATE OR REPLACE FUNCTION workflow_events_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    NEW.seq := nextval('workflow_events_seq');
    NEW.at := clock_timestamp();
    INSERT INTO audit_unsealed (seq) VALUES (NEW.seq);
    RETURN NEW;
END $$;

-- Seals the committed events not yet sealed, oldest seq first; returns how many. One sealer at a time
-- (an advisory lock held by the sealer only, never by an action).
CREATE FUNCTION audit_seal() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    previous bytea := decode(repeat('00', 32), 'hex');
    next_position bigint := 1;
    event workflow_events;
    sealed bigint[] := '{}';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('coalflow.audit_seal'));
    SELECT s.sha256, s.position + 1 INTO previous, next_position FROM audit_seals s ORDER BY s.position DESC LIMIT 1;
    IF NOT FOUND THEN
        previous := decode(repeat('00', 32), 'hex');
        next_position := 1;
    END IF;
    FOR event IN SELECT e.* FROM audit_unsealed u JOIN workflow_events e ON e.seq = u.seq ORDER BY u.seq LOOP
        INSERT INTO audit_seals (position, seq, prev_sha256, sha256)
        VALUES (next_position, event.seq, previous, sha256(previous || convert_to(audit_canonical(event), 'UTF8')))
        RETURNING sha256 INTO previous;
        next_position := next_position + 1;
        sealed := sealed || event.seq;
    END LOOP;
    DELETE FROM audit_unsealed WHERE seq = ANY (sealed);
    RETURN cardinality(sealed);
END $$;
REVOKE EXECUTE ON FUNCTION audit_seal() FROM PUBLIC;

INSERT INTO app_privileges (statement) VALUES
    ('GRANT SELECT ON audit_seals, audit_unsealed TO coalflow_app'),
    ('GRANT EXECUTE ON FUNCTION audit_seal() TO coalflow_app');
SELECT coalflow_grant_app();
