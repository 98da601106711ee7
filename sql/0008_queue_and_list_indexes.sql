-- First pages without sorting: a unit's queue is read oldest first (step_since, id), and a street's or
-- an originator's list newest first (id), each straight from an index that stops at the page's end.

DROP INDEX documents_waiting;
CREATE INDEX documents_waiting ON documents (current_unit, step_since, id) WHERE status = 'in_review';
CREATE INDEX documents_street_newest ON documents (street_code, id);
CREATE INDEX documents_origin_newest ON documents (origin_unit, id);
