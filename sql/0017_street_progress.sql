-- Progress per street and year, kept as running totals by triggers in the transaction that changes
-- them, so that `progress` and the web overview read a few rows instead of adding up every line and
-- slip of the year:
--   registered: the totals of street-approved registration forms (registration_released);
--   delivered:  valid slips;
--   filed:      the totals of summaries 财政局 has filed (a submitted summary's slips cannot be voided,
--               so its totals are its valid slips').
-- Each street has 16 slots, chosen by the writing session's backend pid, so that two sessions adding to
-- the same street seldom wait for one row; readers add the slots up.
CREATE TABLE street_progress (
    year                  integer NOT NULL REFERENCES program_years (year),
    street_code           text NOT NULL REFERENCES units (code),
    slot                  smallint NOT NULL CHECK (slot BETWEEN 0 AND 15),
    registered_kg         bigint NOT NULL DEFAULT 0,
    registered_stoves     bigint NOT NULL DEFAULT 0,
    registered_households bigint NOT NULL DEFAULT 0,
    delivered_kg          bigint NOT NULL DEFAULT 0,
    delivered_stoves      bigint NOT NULL DEFAULT 0,
    delivered_subsidy_fen bigint NOT NULL DEFAULT 0,
    filed_kg              bigint NOT NULL DEFAULT 0,
    filed_stoves          bigint NOT NULL DEFAULT 0,
    filed_subsidy_fen     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (year, street_code, slot)
);

-- Adds to one street's figures (negative figures take away), in this session's slot.
CREATE FUNCTION street_progress_add(
    p_year integer, p_street text, p_registered_kg bigint, p_registered_stoves bigint, p_registered_households bigint,
    p_delivered_kg bigint, p_delivered_stoves bigint, p_delivered_subsidy_fen bigint,
    p_filed_kg bigint, p_filed_stoves bigint, p_filed_subsidy_fen bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF (p_registered_kg, p_registered_stoves, p_registered_households, p_delivered_kg, p_delivered_stoves,
        p_delivered_subsidy_fen, p_filed_kg, p_filed_stoves, p_filed_subsidy_fen) = (0, 0, 0, 0, 0, 0, 0, 0, 0) THEN
        RETURN;
    END IF;
    INSERT INTO street_progress AS p
    VALUES (p_year, p_street, pg_backend_pid() % 16, p_registered_kg, p_registered_stoves, p_registered_households,
            p_delivered_kg, p_delivered_stoves, p_delivered_subsidy_fen, p_filed_kg, p_filed_stoves, p_filed_subsidy_fen)
    ON CONFLICT (year, street_code, slot) DO UPDATE SET
        registered_kg = p.registered_kg + excluded.registered_kg,
        registered_stoves = p.registered_stoves + excluded.registered_stoves,
        registered_households = p.registered_households + excluded.registered_households,
        delivered_kg = p.delivered_kg + excluded.delivered_kg,
        delivered_stoves = p.delivered_stoves + excluded.delivered_stoves,
        delivered_subsidy_fen = p.delivered_subsidy_fen + excluded.delivered_subsidy_fen,
        filed_kg = p.filed_kg + excluded.filed_kg,
        filed_stoves = p.filed_stoves + excluded.filed_stoves,
        filed_subsidy_fen = p.filed_subsidy_fen + excluded.filed_subsidy_fen;
END $$;
REVOKE EXECUTE ON FUNCTION street_progress_add(integer, text, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint)
    FROM PUBLIC;

-- A form counts as registered while released, a summary as filed while filed: what a document's new row
-- counts, less what its old row counted (OLD is null on insert).
CREATE FUNCTION documents_progress() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    was_registered boolean := coalesce(OLD.document_type = 'registration' AND registration_released(OLD.status, OLD.step_position), false);
    is_registered  boolean := NEW.document_type = 'registration' AND registration_released(NEW.status, NEW.step_position);
    was_filed      boolean := coalesce(OLD.document_type = 'summary' AND OLD.status = 'filed', false);
    is_filed       boolean := NEW.document_type = 'summary' AND NEW.status = 'filed';
BEGIN
    PERFORM street_progress_add(NEW.year, NEW.street_code,
        CASE WHEN is_registered THEN NEW.coal_kg ELSE 0 END - CASE WHEN was_registered THEN OLD.coal_kg ELSE 0 END,
        CASE WHEN is_registered THEN NEW.stoves ELSE 0 END - CASE WHEN was_registered THEN OLD.stoves ELSE 0 END,
        CASE WHEN is_registered THEN NEW.households ELSE 0 END - CASE WHEN was_registered THEN OLD.households ELSE 0 END,
        0, 0, 0,
        CASE WHEN is_filed THEN NEW.coal_kg ELSE 0 END - CASE WHEN was_filed THEN OLD.coal_kg ELSE 0 END,
        CASE WHEN is_filed THEN NEW.stoves ELSE 0 END - CASE WHEN was_filed THEN OLD.stoves ELSE 0 END,
        CASE WHEN is_filed THEN NEW.subsidy_fen ELSE 0 END - CASE WHEN was_filed THEN OLD.subsidy_fen ELSE 0 END);
    RETURN NULL;
END $$;

CREATE TRIGGER documents_progress_insert AFTER INSERT ON documents
    FOR EACH ROW WHEN (NEW.document_type IN ('registration', 'summary')) EXECUTE FUNCTION documents_progress();
CREATE TRIGGER documents_progress_update AFTER UPDATE ON documents
    FOR EACH ROW WHEN (NEW.document_type IN ('registration', 'summary')
        AND (OLD.status, OLD.step_position, OLD.households, OLD.coal_kg, OLD.stoves, OLD.subsidy_fen)
            IS DISTINCT FROM (NEW.status, NEW.step_position, NEW.households, NEW.coal_kg, NEW.stoves, NEW.subsidy_fen))
    EXECUTE FUNCTION documents_progress();

-- Slips count as delivered while valid: added per statement on insert (imports add thousands at once),
-- taken away on a void.
CREATE FUNCTION slips_progress() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    street record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR street IN
            SELECT year, street_code, sum(coal_kg)::bigint AS kg, sum(stoves)::bigint AS stoves, sum(subsidy_fen)::bigint AS subsidy
            FROM new_slips WHERE status = 'valid' GROUP BY year, street_code ORDER BY year, street_code
        LOOP
            PERFORM street_progress_add(street.year, street.street_code, 0, 0, 0, street.kg, street.stoves, street.subsidy, 0, 0, 0);
        END LOOP;
    ELSE
        PERFORM street_progress_add(NEW.year, NEW.street_code, 0, 0, 0,
            (CASE WHEN NEW.status = 'valid' THEN 1 ELSE 0 END - CASE WHEN OLD.status = 'valid' THEN 1 ELSE 0 END) * NEW.coal_kg,
            (CASE WHEN NEW.status = 'valid' THEN 1 ELSE 0 END - CASE WHEN OLD.status = 'valid' THEN 1 ELSE 0 END) * NEW.stoves,
            (CASE WHEN NEW.status = 'valid' THEN 1 ELSE 0 END - CASE WHEN OLD.status = 'valid' THEN 1 ELSE 0 END) * NEW.subsidy_fen,
            0, 0, 0);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER slips_progress_insert AFTER INSERT ON slips REFERENCING NEW TABLE AS new_slips
    FOR EACH STATEMENT EXECUTE FUNCTION slips_progress();
CREATE TRIGGER slips_progress_status AFTER UPDATE OF status ON slips
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION slips_progress();

-- What the triggers keep, computed from the rows: the figures a check compares the totals with.
CREATE FUNCTION street_progress_from_rows()
RETURNS TABLE (year integer, street_code text, registered_kg bigint, registered_stoves bigint, registered_households bigint,
               delivered_kg bigint, delivered_stoves bigint, delivered_subsidy_fen bigint,
               filed_kg bigint, filed_stoves bigint, filed_subsidy_fen bigint)
LANGUAGE sql STABLE AS $$
    SELECT year, street_code, sum(r_kg)::bigint, sum(r_stoves)::bigint, sum(r_households)::bigint,
           sum(d_kg)::bigint, sum(d_stoves)::bigint, sum(d_subsidy)::bigint, sum(f_kg)::bigint, sum(f_stoves)::bigint,
           sum(f_subsidy)::bigint
    FROM (SELECT d.year, d.street_code, l.coal_kg AS r_kg, l.stoves AS r_stoves, 1 AS r_households,
                 0 AS d_kg, 0 AS d_stoves, 0 AS d_subsidy, 0 AS f_kg, 0 AS f_stoves, 0 AS f_subsidy
          FROM documents d JOIN registration_lines l ON l.document_id = d.id
          WHERE d.document_type = 'registration' AND registration_released(d.status, d.step_position)
          UNION ALL
          SELECT s.year, s.street_code, 0, 0, 0, s.coal_kg, s.stoves, s.subsidy_fen,
                 CASE WHEN d.status = 'filed' THEN s.coal_kg ELSE 0 END, CASE WHEN d.status = 'filed' THEN s.stoves ELSE 0 END,
                 CASE WHEN d.status = 'filed' THEN s.subsidy_fen ELSE 0 END
          FROM slips s LEFT JOIN documents d ON d.id = s.summary_id
          WHERE s.status = 'valid') t
    GROUP BY year, street_code
$$;
REVOKE EXECUTE ON FUNCTION street_progress_from_rows() FROM PUBLIC;

-- The figures so far, in slot 0.
INSERT INTO street_progress
SELECT year, street_code, 0, registered_kg, registered_stoves, registered_households, delivered_kg, delivered_stoves,
       delivered_subsidy_fen, filed_kg, filed_stoves, filed_subsidy_fen
FROM street_progress_from_rows();

-- Figures, not households: read as the aggregates they are, within a street's or the district's reach.
ALTER TABLE street_progress ENABLE ROW LEVEL SECURITY;
CREATE POLICY street_progress_scope ON street_progress
    USING (
        CASE current_setting('coalflow.scope', true)
            WHEN 'district' THEN true
            WHEN 'street' THEN street_code = current_setting('coalflow.code', true)
            WHEN 'aggregate' THEN coalesce(current_setting('coalflow.code', true), '') IN ('', street_code)
            ELSE false
        END);

INSERT INTO app_privileges (statement) VALUES ('GRANT SELECT ON street_progress TO coalflow_app');
SELECT coalflow_grant_app();
