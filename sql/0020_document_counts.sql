-- How many documents stand where, per year, type, status, street, originator and awaited unit: kept by a
-- trigger in the transaction that moves a document, in slots like street_progress (0017), so that the
-- web overview counts a few rows instead of every document of the year. Cases are left out: who sees a
-- case depends on its parties, and they are few enough to count as they are.
CREATE TABLE document_counts (
    year          integer NOT NULL REFERENCES program_years (year),
    document_type text NOT NULL,
    status        text NOT NULL,
    street_code   text NOT NULL,
    origin_unit   text NOT NULL,
    -- The unit whose action is awaited; '' for a document not in review.
    current_unit  text NOT NULL,
    slot          smallint NOT NULL CHECK (slot BETWEEN 0 AND 15),
    documents     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (year, document_type, status, street_code, origin_unit, current_unit, slot)
);

-- A document leaves its old place (OLD is null on insert) and takes its new one. The two rows are
-- changed in the order of their keys, so that two moves in opposite directions cannot deadlock.
CREATE FUNCTION documents_count() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    my_slot smallint := pg_backend_pid() % 16;
    place record;
BEGIN
    FOR place IN
        SELECT * FROM (VALUES (OLD.year, OLD.document_type, OLD.status, OLD.street_code, OLD.origin_unit,
                               coalesce(OLD.current_unit, ''), -1),
                              (NEW.year, NEW.document_type, NEW.status, NEW.street_code, NEW.origin_unit,
                               coalesce(NEW.current_unit, ''), 1)) AS p (year, document_type, status, street_code, origin_unit, current_unit, n)
        WHERE p.year IS NOT NULL
        ORDER BY 1, 2, 3, 4, 5, 6
    LOOP
        INSERT INTO document_counts AS c
        VALUES (place.year, place.document_type, place.status, place.street_code, place.origin_unit, place.current_unit,
                my_slot, place.n)
        ON CONFLICT (year, document_type, status, street_code, origin_unit, current_unit, slot)
        DO UPDATE SET documents = c.documents + excluded.documents;
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER documents_count_insert AFTER INSERT ON documents
    FOR EACH ROW WHEN (NEW.document_type <> 'case') EXECUTE FUNCTION documents_count();
CREATE TRIGGER documents_count_update AFTER UPDATE ON documents
    FOR EACH ROW WHEN (NEW.document_type <> 'case'
        AND (OLD.status, OLD.current_unit) IS DISTINCT FROM (NEW.status, NEW.current_unit))
    EXECUTE FUNCTION documents_count();

-- The counts so far, in slot 0.
INSERT INTO document_counts
SELECT year, document_type, status, street_code, origin_unit, coalesce(current_unit, ''), 0, count(*)
FROM documents WHERE document_type <> 'case'
GROUP BY year, document_type, status, street_code, origin_unit, coalesce(current_unit, '');

-- Counts, not documents: read within the reader's street or originator, as the documents themselves.
ALTER TABLE document_counts ENABLE ROW LEVEL SECURITY;
CREATE POLICY document_counts_scope ON document_counts
    USING (
        CASE current_setting('coalflow.scope', true)
            WHEN 'district' THEN true
            WHEN 'street' THEN street_code = current_setting('coalflow.code', true)
            WHEN 'origin' THEN origin_unit = current_setting('coalflow.code', true)
            WHEN 'aggregate' THEN coalesce(current_setting('coalflow.code', true), '') IN ('', street_code)
            ELSE false
        END);

INSERT INTO app_privileges (statement) VALUES ('GRANT SELECT ON document_counts TO coalflow_app');
SELECT coalflow_grant_app();
