-- Every member unit's own work (plan §五, §六(二)(四)): inspections (检查记录) and cases (问题线索).
-- A case is a document of the same engine, on a route chosen per document: its first step is the unit
-- it is assigned to (派单), its second the unit that opened it, whose return sends it back to the
-- handler rather than to itself. Both are general route features, kept as data like the rest.

ALTER TABLE routes DROP CONSTRAINT routes_document_type_check,
    ADD CONSTRAINT routes_document_type_check CHECK (document_type IN ('registration', 'summary', 'case'));

-- actor 'assigned_unit': the unit the document is assigned to; 'origin_unit': the unit that made it.
-- return_to 'previous': a return at this step goes one step back, still in review.
ALTER TABLE route_steps DROP CONSTRAINT route_steps_actor_check,
    ADD CONSTRAINT route_steps_actor_check CHECK (actor IN ('document_street', 'unit', 'assigned_unit', 'origin_unit')),
    ADD COLUMN return_to text NOT NULL DEFAULT 'origin' CHECK (return_to IN ('origin', 'previous')),
    ADD CONSTRAINT route_steps_return_needs_a_step_before CHECK (return_to = 'origin' OR position > 1);

-- `assigned_unit`: a case's handler now; `parties`: every unit that is or was on the case (its opener
-- and each unit it was assigned to), who keep seeing it.
ALTER TABLE documents DROP CONSTRAINT documents_document_type_check,
    ADD CONSTRAINT documents_document_type_check CHECK (document_type IN ('registration', 'summary', 'case')),
    ADD COLUMN assigned_unit text REFERENCES units (code),
    ADD COLUMN parties text[],
    ADD CONSTRAINT documents_cases_are_assigned CHECK ((document_type = 'case') = (assigned_unit IS NOT NULL)),
    ADD CONSTRAINT documents_cases_have_parties
        CHECK ((document_type = 'case') = (parties IS NOT NULL) AND (parties IS NULL OR assigned_unit = ANY (parties)));
CREATE INDEX documents_cases ON documents (id) WHERE document_type = 'case';

ALTER TABLE workflow_events DROP CONSTRAINT workflow_events_action_check,
    ADD CONSTRAINT workflow_events_action_check
        CHECK (action IN ('create', 'publicize', 'amend', 'submit', 'approve', 'return', 'reject',
                          'withdraw', 'comment', 'urge', 'void', 'transfer'));

-- What a unit checked, when and where. `problems` found among `checked` sites or homes (publicity
-- counts what was put up or handed out, and finds no problems).
CREATE TABLE inspections (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_code    text NOT NULL REFERENCES units (code),
    kind         text NOT NULL CHECK (kind IN ('recurrence', 'market', 'transport', 'no_burn_zone', 'vendor', 'publicity')),
    inspected_on date NOT NULL,
    year         integer NOT NULL REFERENCES program_years (year),
    street_code  text NOT NULL,
    street_kind  text NOT NULL GENERATED ALWAYS AS ('street') STORED,
    village_code text REFERENCES units (code),
    checked      integer NOT NULL CHECK (checked BETWEEN 0 AND 100000),
    problems     integer NOT NULL CHECK (problems >= 0 AND (problems <= checked OR kind = 'publicity')),
    note         text CHECK (note IS NULL OR length(btrim(note)) BETWEEN 1 AND 500),
    created_by   bigint NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (street_code, street_kind) REFERENCES units (code, kind),
    CHECK (kind <> 'publicity' OR problems = 0)
);
CREATE INDEX inspections_unit ON inspections (unit_code, inspected_on);
CREATE INDEX inspections_street ON inspections (street_code, inspected_on);

-- A case's own facts; its status, step and history are the document's.
CREATE TABLE cases (
    document_id   bigint PRIMARY KEY REFERENCES documents (id),
    source        text NOT NULL CHECK (source IN ('tipoff', 'inspection', 'quality')),
    village_code  text REFERENCES units (code),
    company_code  text REFERENCES units (code),
    problem       text NOT NULL CHECK (length(btrim(problem)) BETWEEN 1 AND 500),
    due           date,
    inspection_id bigint REFERENCES inspections (id),
    outcome       text CHECK (outcome IN ('closed_down', 'fined', 'ordered', 'warned', 'nothing_found', 'other')),
    result        text CHECK (result IS NULL OR length(btrim(result)) BETWEEN 1 AND 500),
    CHECK ((outcome IS NULL) = (result IS NULL)),
    CHECK ((source = 'inspection') = (inspection_id IS NOT NULL))
);
CREATE INDEX cases_inspection ON cases (inspection_id) WHERE inspection_id IS NOT NULL;

-- Documents: also every party of a case, whatever its reach (a bureau that reads only aggregates still
-- sees and handles the cases it opened or was assigned). Written out as in sql/0006, plus that clause.
DROP POLICY documents_scope ON documents;
CREATE POLICY documents_scope ON documents
    USING (
        CASE current_setting('coalflow.scope', true)
            WHEN 'district' THEN true
            WHEN 'street' THEN street_code = current_setting('coalflow.code', true)
            WHEN 'origin' THEN origin_unit = current_setting('coalflow.code', true)
            WHEN 'aggregate' THEN coalesce(current_setting('coalflow.code', true), '') IN ('', street_code)
            ELSE false
        END
        OR (current_setting('coalflow.kind', true) = 'company' AND document_type = 'registration'
            AND registration_released(status, step_position) AND rls_company_has_contract(street_code, year))
        OR (current_setting('coalflow.scope', true) <> 'aggregate' AND current_setting('coalflow.unit', true) = ANY (parties)))
    WITH CHECK (
        CASE current_setting('coalflow.scope', true)
            WHEN 'district' THEN true
            WHEN 'street' THEN street_code = current_setting('coalflow.code', true)
            WHEN 'origin' THEN origin_unit = current_setting('coalflow.code', true)
            WHEN 'aggregate' THEN coalesce(current_setting('coalflow.code', true), '') IN ('', street_code)
            ELSE false
        END
        OR current_setting('coalflow.unit', true) = ANY (parties));

ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY cases_scope ON cases
    USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = cases.document_id))
    WITH CHECK (EXISTS (SELECT 1 FROM documents d WHERE d.id = cases.document_id));
CREATE POLICY cases_not_by_aggregates ON cases AS RESTRICTIVE FOR INSERT
    WITH CHECK (current_setting('coalflow.scope', true) IS DISTINCT FROM 'aggregate');
CREATE POLICY cases_not_changed_by_aggregates ON cases AS RESTRICTIVE FOR UPDATE
    USING (current_setting('coalflow.scope', true) IS DISTINCT FROM 'aggregate');

-- Inspections: the district sees all; a street its street's; a village its own; every unit those it
-- recorded; a report reads its street's or the district's. Only the recording unit writes one.
ALTER TABLE inspections ENABLE ROW LEVEL SECURITY;
CREATE POLICY inspections_scope ON inspections
    USING (
        CASE current_setting('coalflow.scope', true)
            WHEN 'district' THEN true
            WHEN 'street' THEN street_code = current_setting('coalflow.code', true)
            WHEN 'origin' THEN village_code = current_setting('coalflow.code', true)
            WHEN 'aggregate' THEN coalesce(current_setting('coalflow.code', true), '') IN ('', street_code)
            ELSE false
        END
        OR unit_code = current_setting('coalflow.unit', true))
    WITH CHECK (unit_code = current_setting('coalflow.unit', true)
                AND current_setting('coalflow.scope', true) IS DISTINCT FROM 'aggregate');

INSERT INTO app_privileges (statement) VALUES
    ('GRANT SELECT, INSERT ON inspections TO coalflow_app'),
    ('GRANT SELECT, INSERT, UPDATE (outcome, result) ON cases TO coalflow_app');
SELECT coalflow_grant_app();

-- The case route for the years that exist already (new years get it from the plan when seeded): the
-- assigned unit handles it within ten days, the opener verifies within five, and returns it to the
-- handler if it is not done.
WITH made AS (
    INSERT INTO routes (document_type, year, version)
    SELECT 'case', year, 1 FROM program_years
    ON CONFLICT DO NOTHING RETURNING id)
INSERT INTO route_steps (route_id, position, actor, time_limit_days, return_to)
SELECT id, 1, 'assigned_unit', 10, 'origin' FROM made
UNION ALL
SELECT id, 2, 'origin_unit', 5, 'previous' FROM made;
