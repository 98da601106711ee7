-- The running totals (street_progress, 0017; document_counts, 0020) rebuilt from the rows, for a bulk
-- load that bypassed the triggers (coalflow-bench's generator runs with session_replication_role =
-- replica) or to repair them. The tables are locked first, so an action that commits meanwhile adds to
-- the rebuilt figures afterwards instead of being counted twice or lost. For the owner only.
CREATE FUNCTION document_counts_from_rows()
RETURNS TABLE (year integer, document_type text, status text, street_code text, origin_unit text, current_unit text,
               documents bigint)
LANGUAGE sql STABLE AS $$
    SELECT year, document_type, status, street_code, origin_unit, coalesce(current_unit, ''), count(*)
    FROM documents WHERE document_type <> 'case'
    GROUP BY year, document_type, status, street_code, origin_unit, coalesce(current_unit, '')
$$;
REVOKE EXECUTE ON FUNCTION document_counts_from_rows() FROM PUBLIC;

CREATE FUNCTION running_totals_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE street_progress, document_counts IN EXCLUSIVE MODE;
    DELETE FROM street_progress;
    INSERT INTO street_progress
    SELECT year, street_code, 0, registered_kg, registered_stoves, registered_households, delivered_kg, delivered_stoves,
           delivered_subsidy_fen, filed_kg, filed_stoves, filed_subsidy_fen
    FROM street_progress_from_rows();
    DELETE FROM document_counts;
    INSERT INTO document_counts
    SELECT year, document_type, status, street_code, origin_unit, current_unit, 0, documents FROM document_counts_from_rows();
END $$;
REVOKE EXECUTE ON FUNCTION running_totals_rebuild() FROM PUBLIC;
