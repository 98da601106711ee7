-- Every workflow action updates its document, and no such update is HOT: the status and the awaited
-- unit are indexed (documents_type_status, documents_waiting), so each action adds an entry to every
-- index of the table. Two of the eight repeat another's first column: documents_origin (origin_unit,
-- year) beside documents_origin_newest (origin_unit, id), and documents_street (street_code, year)
-- beside documents_street_newest (street_code, id). In a full district `make bench` run they were
-- scanned 0 and 2 times; a village's or a street's documents are found through the *_newest ones (the
-- list's plan at province scale, bench/README.md).
DROP INDEX documents_origin;
DROP INDEX documents_street;
