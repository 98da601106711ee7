-- A slip's void (红冲) is an act like an approval: an event of the hash chain, with who did it and why.
-- An event is about a document or about a slip, never both.

ALTER TABLE workflow_events
    ALTER COLUMN document_id DROP NOT NULL,
    ADD COLUMN slip_id bigint REFERENCES slips (id),
    ADD CONSTRAINT workflow_events_subject CHECK ((document_id IS NULL) <> (slip_id IS NULL)),
    DROP CONSTRAINT workflow_events_action_check,
    ADD CONSTRAINT workflow_events_action_check
        CHECK (action IN ('create', 'publicize', 'amend', 'submit', 'approve', 'return', 'reject',
                          'withdraw', 'comment', 'urge', 'void')),
    ADD CONSTRAINT workflow_events_void_is_a_slips CHECK ((action = 'void') = (slip_id IS NOT NULL));
CREATE INDEX workflow_events_slip ON workflow_events (slip_id, seq) WHERE slip_id IS NOT NULL;

-- The canonical text of a document's event is unchanged, character for character, so every hash made
-- before stays valid; a slip's event adds one field, `slip:ID`. The verifier in the application
-- rebuilds the same text.
CREATE OR REPLACE FUNCTION audit_canonical(e workflow_events) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN audit_field(e.seq::text) || audit_field(e.document_id::text) || audit_field(e.action)
        || audit_field(e.actor_login) || audit_field(e.actor_unit) || audit_field(e.step_position::text)
        || audit_field(e.from_status) || audit_field(e.to_status) || audit_field(e.comment)
        || audit_field(to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || CASE WHEN e.slip_id IS NULL THEN '' ELSE audit_field('slip:' || e.slip_id) END;
END $$;

-- An event is visible, and may be written, with its document or its slip. Whoever reaches the district
-- also reads the slips' events (not the slips): verifying the chain needs every event.
DROP POLICY workflow_events_scope ON workflow_events;
CREATE POLICY workflow_events_scope ON workflow_events
    USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = workflow_events.document_id)
           OR EXISTS (SELECT 1 FROM slips s WHERE s.id = workflow_events.slip_id)
           OR (slip_id IS NOT NULL AND current_setting('coalflow.scope', true) = 'district'))
    WITH CHECK (EXISTS (SELECT 1 FROM documents d WHERE d.id = workflow_events.document_id)
                OR EXISTS (SELECT 1 FROM slips s WHERE s.id = workflow_events.slip_id));
