-- Generates a season of data with set-based SQL, for measuring exports and queries at scale.
-- Needs a database seeded with `coalflow admin seed taishan-2021 --demo`. coalflow-bench replaces:
--   :households  registered households, spread over generated villages of the seven streets
--   :waiting     1: one form in twenty waits at each step of its route (the street, 发改局, 财政局),
--                so that every queue has work; 0: every form is filed
--   :slips       coal slips per household of a filed form (each 0.1 t, dated October 2021 – January 2022)
--   :prefix      the generated villages' code prefix, so the script can run again on top
--   :base        the first household serial, so households of a later run get other ID numbers
-- Two households to a form: a million forms for two million households. Every slip is valid and in a
-- filed monthly summary. SQL cannot encrypt with the data keys: the households' ID numbers and phones go
-- to the table bench_households, the lines and slips get placeholders, and coalflow-bench then seals
-- them with the keys and drops the table.

-- The rows are built from the very joins the foreign keys would check, and each check is a query per
-- row: at province scale they would more than double the time. This transaction alone skips them.
SET LOCAL session_replication_role = replica;

-- One generated village per 500 households, round-robin over the streets.
INSERT INTO units (code, name, kind, reach, parent_code, is_demo)
SELECT ':prefix-' || v, '生成村' || v || '（演示）', 'village', 'own', s.code, true
FROM generate_series(1, greatest(1, :households / 500)) AS v
JOIN LATERAL (SELECT code FROM units WHERE kind = 'street' ORDER BY created_at, code OFFSET (v % 7) LIMIT 1) s ON true;

CREATE TEMP TABLE :prefix_villages AS
SELECT row_number() OVER (ORDER BY code) - 1 AS n, code, parent_code AS street FROM units WHERE code LIKE ':prefix-%';

-- The forms, with their ids drawn first so that households can be placed on them by number.
CREATE TEMP TABLE :prefix_forms AS
SELECT f AS n, nextval(pg_get_serial_sequence('documents', 'id')) AS id, v.code AS village, v.street,
       CASE WHEN :waiting = 1 THEN CASE f % 20 WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 3 END END AS step
FROM generate_series(0, (:households + 2 - 1) / 2 - 1) AS f
JOIN :prefix_villages v ON v.n = f % (SELECT count(*) FROM :prefix_villages);

INSERT INTO documents (id, document_type, year, origin_unit, street_code, status, route_id, step_position, current_unit, step_since,
                       created_by, notice_from, notice_to)
OVERRIDING SYSTEM VALUE
SELECT f.id, 'registration', 2021, f.village, f.street, CASE WHEN f.step IS NULL THEN 'filed' ELSE 'in_review' END,
       (SELECT id FROM routes WHERE document_type = 'registration' AND year = 2021 ORDER BY version DESC LIMIT 1),
       f.step, CASE f.step WHEN 1 THEN f.street WHEN 2 THEN 'fgj' WHEN 3 THEN 'czj' END,
       CASE WHEN f.step IS NOT NULL THEN timestamptz '2021-09-10 08:00+08' + f.n * interval '1 second' END,
       (SELECT id FROM users WHERE login = 'office'), '2021-09-01', '2021-09-07'
FROM :prefix_forms f;

-- Households with valid ID numbers: birth dates over 1940–1994, sequence numbers, GB 11643 check.
CREATE UNLOGGED TABLE IF NOT EXISTS bench_households (
    document_id bigint, line_no integer, id_number text, phone text, PRIMARY KEY (document_id, line_no));
INSERT INTO bench_households
SELECT f.id, h.i % 2 + 1,
       body || substr('10X98765432', (
           (substr(body,1,1)::int*7 + substr(body,2,1)::int*9 + substr(body,3,1)::int*10 + substr(body,4,1)::int*5 +
            substr(body,5,1)::int*8 + substr(body,6,1)::int*4 + substr(body,7,1)::int*2 + substr(body,8,1)::int*1 +
            substr(body,9,1)::int*6 + substr(body,10,1)::int*3 + substr(body,11,1)::int*7 + substr(body,12,1)::int*9 +
            substr(body,13,1)::int*10 + substr(body,14,1)::int*5 + substr(body,15,1)::int*8 + substr(body,16,1)::int*4 +
            substr(body,17,1)::int*2) % 11) + 1, 1),
       '138' || lpad((i % 100000000)::text, 8, '0')
FROM (SELECT i, '370902' || to_char(date '1940-01-01' + ((i + :base) % 20000), 'YYYYMMDD') || lpad(((i + :base) / 20000 % 1000)::text, 3, '0') AS body
      FROM generate_series(0, :households - 1) AS i) h
JOIN :prefix_forms f ON f.n = h.i / 2;

-- Placeholders until coalflow-bench seals them: a digest unique per household, no ciphertext.
INSERT INTO registration_lines (document_id, line_no, household_name, address, id_number_enc, id_number_hmac, phone_enc, coal_kg, stoves)
SELECT b.document_id, b.line_no, '户主' || f.n * 2 + b.line_no - 1, '生成路 ' || f.n * 2 + b.line_no - 1 || ' 号',
       '\x00', sha256(convert_to(b.id_number, 'UTF8')), '\x00', greatest(:slips, 1) * 100,
       CASE WHEN (f.n * 2 + b.line_no - 1) % 4 = 0 THEN 1 ELSE 0 END
FROM bench_households b JOIN :prefix_forms f ON f.id = b.document_id;

-- Each household claims its place for the year (sql/0007), as the lines' trigger would.
INSERT INTO household_claims (year, id_number_hmac, document_id, line_no)
SELECT 2021, l.id_number_hmac, l.document_id, l.line_no FROM registration_lines l JOIN :prefix_forms f ON f.id = l.document_id;

UPDATE documents d SET households = t.n, coal_kg = t.kg, stoves = t.stoves,
       subsidy_fen = subsidy_fen(t.kg, t.stoves, 30000, 40000)
FROM (SELECT document_id, count(*) AS n, sum(coal_kg)::bigint AS kg, sum(stoves)::bigint AS stoves FROM registration_lines GROUP BY 1) t
WHERE d.id = t.document_id AND d.origin_unit LIKE ':prefix-%';

-- Filed monthly summaries: one per contracted company, street and month of deliveries (October to
-- January), with their ids drawn first so that the slips can name theirs.
CREATE TEMP TABLE :prefix_summaries AS
SELECT nextval(pg_get_serial_sequence('documents', 'id')) AS id, c.company_code, c.street_code, m::date AS month, p.unit_price_fen,
       (SELECT id FROM users WHERE login = c.company_code) AS company_user
FROM contracts c
JOIN prices p ON p.company_code = c.company_code AND p.year = 2021 AND p.product = 'coal'
CROSS JOIN generate_series(date '2021-10-01', date '2022-01-01', interval '1 month') AS m
WHERE c.year = 2021 AND c.product = 'coal' AND c.street_code IN (SELECT street FROM :prefix_villages);

INSERT INTO documents (id, document_type, year, origin_unit, street_code, month, status, route_id, created_by)
OVERRIDING SYSTEM VALUE
SELECT s.id, 'summary', 2021, s.company_code, s.street_code, s.month, 'filed',
       (SELECT id FROM routes WHERE document_type = 'summary' AND year = 2021 ORDER BY version DESC LIMIT 1),
       s.company_user
FROM :prefix_summaries s;

-- Coal slips: each household's quantity in 0.1 t deliveries, by the company contracted to its street.
INSERT INTO slips (company_code, year, registration_id, line_no, street_code, village_code, household_name, address,
                   id_number_enc, id_number_hmac, phone_enc, product, coal_kg, stoves, unit_price_fen, amount_fen, subsidy_fen,
                   delivered_on, created_by, summary_id)
SELECT s.company_code, 2021, l.document_id, l.line_no, f.street, f.village, l.household_name, l.address,
       l.id_number_enc, l.id_number_hmac, l.phone_enc, 'coal', 100, 0, s.unit_price_fen, s.unit_price_fen / 10, 3000, day,
       s.company_user, s.id
FROM registration_lines l
JOIN :prefix_forms f ON f.id = l.document_id AND f.step IS NULL
CROSS JOIN generate_series(1, :slips) AS k
CROSS JOIN LATERAL (SELECT date '2021-10-01' + ((l.document_id + l.line_no + k) % 120)::int AS day) d
JOIN :prefix_summaries s ON s.street_code = f.street AND s.month = date_trunc('month', d.day)::date;

-- Each summary's totals are its slips', as gathering them sets them.
UPDATE documents d SET households = t.households, coal_kg = t.kg, stoves = t.stoves, subsidy_fen = t.subsidy
FROM (SELECT summary_id, count(DISTINCT (registration_id, line_no)) AS households, sum(coal_kg)::bigint AS kg,
             sum(stoves)::bigint AS stoves, sum(subsidy_fen)::bigint AS subsidy
      FROM slips s JOIN :prefix_summaries p ON p.id = s.summary_id GROUP BY summary_id) t
WHERE d.id = t.summary_id;

ANALYZE;
SELECT (SELECT count(*) FROM registration_lines) AS households, (SELECT count(*) FROM slips) AS slips,
       (SELECT count(*) FROM documents) AS documents;
