-- Generates a season of data with set-based SQL, for measuring exports and queries at scale.
-- Needs a database seeded with `coalflow admin seed taishan-2021 --demo`. coalflow-bench replaces:
--   :households  registered households, spread over generated villages of the seven streets
--   :slips       coal slips per household (each 0.1 t, dated October 2021 – January 2022)
--   :prefix      the generated villages' code prefix, so the script can run again on top
--   :base        the first household serial, so households of a later run get other ID numbers
-- Every form is filed, every slip valid and in a filed monthly summary.

-- One generated village per 500 households, round-robin over the streets.
INSERT INTO units (code, name, kind, parent_code, is_demo)
SELECT ':prefix-' || v, '生成村' || v || '（演示）', 'village', s.code, true
FROM generate_series(1, greatest(1, :households / 500)) AS v
JOIN LATERAL (SELECT code FROM units WHERE kind = 'street' ORDER BY created_at, code OFFSET (v % 7) LIMIT 1) s ON true;

CREATE TEMP TABLE :prefix_villages AS
SELECT row_number() OVER (ORDER BY code) - 1 AS n, code, parent_code AS street FROM units WHERE code LIKE ':prefix-%';

INSERT INTO documents (document_type, year, origin_unit, street_code, status, route_id, created_by, notice_from, notice_to)
SELECT 'registration', 2021, v.code, v.street, 'filed',
       (SELECT id FROM routes WHERE document_type = 'registration' AND year = 2021 ORDER BY version DESC LIMIT 1),
       (SELECT id FROM users WHERE login = 'office'), '2021-09-01', '2021-09-07'
FROM :prefix_villages v;

-- Households with valid ID numbers: birth dates over 1940–1994, sequence numbers, GB 11643 check.
INSERT INTO registration_lines (document_id, line_no, household_name, address, id_number, phone, coal_tons, stoves)
SELECT d.id, (i / (SELECT count(*) FROM :prefix_villages)) + 1, '户主' || i, '生成路 ' || i || ' 号',
       body || substr('10X98765432', (
           (substr(body,1,1)::int*7 + substr(body,2,1)::int*9 + substr(body,3,1)::int*10 + substr(body,4,1)::int*5 +
            substr(body,5,1)::int*8 + substr(body,6,1)::int*4 + substr(body,7,1)::int*2 + substr(body,8,1)::int*1 +
            substr(body,9,1)::int*6 + substr(body,10,1)::int*3 + substr(body,11,1)::int*7 + substr(body,12,1)::int*9 +
            substr(body,13,1)::int*10 + substr(body,14,1)::int*5 + substr(body,15,1)::int*8 + substr(body,16,1)::int*4 +
            substr(body,17,1)::int*2) % 11) + 1, 1),
       '138' || lpad((i % 100000000)::text, 8, '0'), greatest(:slips, 1) * 0.1, CASE WHEN i % 4 = 0 THEN 1 ELSE 0 END
FROM (SELECT i, '370902' || to_char(date '1940-01-01' + ((i + :base) % 20000), 'YYYYMMDD') || lpad(((i + :base) / 20000 % 1000)::text, 3, '0') AS body
      FROM generate_series(0, :households - 1) AS i) h
JOIN :prefix_villages v ON v.n = h.i % (SELECT count(*) FROM :prefix_villages)
JOIN documents d ON d.origin_unit = v.code AND d.document_type = 'registration';

UPDATE documents d SET households = t.n, coal_tons = t.coal, stoves = t.stoves,
       subsidy_fen = t.coal * 30000 + t.stoves * 40000
FROM (SELECT document_id, count(*) AS n, sum(coal_tons) AS coal, sum(stoves) AS stoves FROM registration_lines GROUP BY 1) t
WHERE d.id = t.document_id AND d.origin_unit LIKE ':prefix-%';

-- Coal slips: each household's quantity in 0.1 t deliveries, by the company contracted to its street.
INSERT INTO slips (company_code, year, registration_id, line_no, street_code, village_code, household_name, address, id_number, phone,
                   product, coal_tons, stoves, unit_price_fen, amount_fen, subsidy_fen, delivered_on, created_by)
SELECT c.company_code, 2021, l.document_id, l.line_no, d.street_code, d.origin_unit, l.household_name, l.address, l.id_number, l.phone,
       'coal', 0.1, 0, p.unit_price_fen, p.unit_price_fen / 10, 3000,
       date '2021-10-01' + ((l.line_no + k) % 120), (SELECT id FROM users WHERE login = c.company_code)
FROM registration_lines l
JOIN documents d ON d.id = l.document_id AND d.origin_unit LIKE ':prefix-%'
JOIN contracts c ON c.street_code = d.street_code AND c.year = 2021 AND c.product = 'coal'
JOIN prices p ON p.company_code = c.company_code AND p.year = 2021 AND p.product = 'coal'
CROSS JOIN generate_series(1, :slips) AS k;

-- Filed monthly summaries of those slips.
INSERT INTO documents (document_type, year, origin_unit, street_code, month, status, route_id, created_by)
SELECT DISTINCT 'summary', 2021, s.company_code, s.street_code, date_trunc('month', s.delivered_on)::date, 'filed',
       (SELECT id FROM routes WHERE document_type = 'summary' AND year = 2021 ORDER BY version DESC LIMIT 1),
       (SELECT id FROM users WHERE login = s.company_code)
FROM slips s WHERE s.village_code LIKE ':prefix-%';

UPDATE slips s SET summary_id = d.id FROM documents d
WHERE s.village_code LIKE ':prefix-%' AND d.document_type = 'summary' AND d.origin_unit = s.company_code AND d.street_code = s.street_code
  AND d.month = date_trunc('month', s.delivered_on)::date;

ANALYZE;
SELECT (SELECT count(*) FROM registration_lines) AS households, (SELECT count(*) FROM slips) AS slips,
       (SELECT count(*) FROM documents) AS documents;
