-- Row-level security covers writes as well as reads. A form's household lines are written (created,
-- amended, removed) by its originating unit only; what a reader may see it may not therefore change.
-- And the aggregate scope, under which reports add up a street or the district, writes nothing.

DROP POLICY registration_lines_scope ON registration_lines;
CREATE POLICY registration_lines_scope ON registration_lines
    USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = registration_lines.document_id))
    WITH CHECK (EXISTS (SELECT 1 FROM documents d WHERE d.id = registration_lines.document_id
                        AND d.origin_unit = current_setting('coalflow.unit', true)));
CREATE POLICY registration_lines_removed_by_origin ON registration_lines AS RESTRICTIVE FOR DELETE
    USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = registration_lines.document_id
                   AND d.origin_unit = current_setting('coalflow.unit', true)));

CREATE POLICY documents_not_by_aggregates ON documents AS RESTRICTIVE FOR INSERT
    WITH CHECK (current_setting('coalflow.scope', true) IS DISTINCT FROM 'aggregate');
CREATE POLICY documents_not_changed_by_aggregates ON documents AS RESTRICTIVE FOR UPDATE
    USING (current_setting('coalflow.scope', true) IS DISTINCT FROM 'aggregate');
CREATE POLICY registration_lines_not_by_aggregates ON registration_lines AS RESTRICTIVE FOR INSERT
    WITH CHECK (current_setting('coalflow.scope', true) IS DISTINCT FROM 'aggregate');
CREATE POLICY registration_lines_not_changed_by_aggregates ON registration_lines AS RESTRICTIVE FOR UPDATE
    USING (current_setting('coalflow.scope', true) IS DISTINCT FROM 'aggregate');
CREATE POLICY slips_not_by_aggregates ON slips AS RESTRICTIVE FOR INSERT
    WITH CHECK (current_setting('coalflow.scope', true) IS DISTINCT FROM 'aggregate');
CREATE POLICY slips_not_changed_by_aggregates ON slips AS RESTRICTIVE FOR UPDATE
    USING (current_setting('coalflow.scope', true) IS DISTINCT FROM 'aggregate');
CREATE POLICY workflow_events_not_by_aggregates ON workflow_events AS RESTRICTIVE FOR INSERT
    WITH CHECK (current_setting('coalflow.scope', true) IS DISTINCT FROM 'aggregate');
CREATE POLICY household_claims_not_by_aggregates ON household_claims AS RESTRICTIVE FOR INSERT
    WITH CHECK (current_setting('coalflow.scope', true) IS DISTINCT FROM 'aggregate');
