-- NULL and type affinity edge cases.
CREATE TABLE v(i INTEGER, r REAL, t TEXT, n NUMERIC, b BLOB, x);

-- Affinity on insert: each column converts (or keeps) what it is given.
INSERT INTO v VALUES ('12', '12', 12, '12', '12', '12');
INSERT INTO v VALUES ('1.5', '1.5', 1.5, '1.5', 1.5, 1.5);
INSERT INTO v VALUES ('3.0', 3, 3.0, '3.0', 3, 3.0);
INSERT INTO v VALUES ('abc', 'abc', x'41', ' 7 ', x'00ff', x'41');
INSERT INTO v VALUES ('1e3', '-0', NULL, '1e400', NULL, '');
INSERT INTO v VALUES ('0x10', '9223372036854775807', -0.0, '9223372036854775808', 'text', NULL);
SELECT i, typeof(i), r, typeof(r), t, typeof(t), n, typeof(n), b, typeof(b), x, typeof(x) FROM v ORDER BY rowid;

-- Comparisons apply the column's affinity to the other operand.
SELECT rowid FROM v WHERE i = '12';
SELECT rowid FROM v WHERE t = 12;
SELECT rowid FROM v WHERE x = 12;
SELECT rowid FROM v WHERE x = '12';
SELECT rowid FROM v WHERE t > 2 ORDER BY rowid;
SELECT rowid FROM v WHERE i < '2' ORDER BY rowid;
SELECT rowid FROM v WHERE n IN ('12', 3) ORDER BY rowid;
SELECT rowid FROM v WHERE CAST(x AS INTEGER) = 12;

-- Sort order across storage classes: NULL, numbers, text, blobs.
SELECT x, typeof(x) FROM v ORDER BY x;
SELECT x FROM v ORDER BY x DESC;
SELECT t FROM v ORDER BY t NULLS LAST;
SELECT DISTINCT typeof(x) FROM v ORDER BY 1;

-- Three-valued logic.
SELECT NULL = NULL, NULL <> NULL, NULL IS NULL, NULL IS NOT NULL, 1 IS 1, NULL IS 1;
SELECT NULL AND 0, NULL AND 1, NULL OR 1, NULL OR 0, NOT NULL;
SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL), NULL IN (), NULL NOT IN ();
SELECT NULL BETWEEN 1 AND 2, 1 BETWEEN NULL AND 2, 3 BETWEEN NULL AND 2;
SELECT CASE NULL WHEN NULL THEN 'eq' ELSE 'ne' END, CASE WHEN NULL THEN 1 ELSE 0 END;
SELECT count(*) FROM v WHERE x = NULL;
SELECT count(*) FROM v WHERE x IS NULL;
SELECT count(*) FROM v WHERE NOT (x = 1);

-- NULL in expressions and functions.
SELECT NULL + 1, NULL || 'a', -NULL, abs(NULL), length(NULL), coalesce(NULL, NULL, 3), ifnull(NULL, 'd'), nullif(1, 1), nullif(1, 2);
SELECT 1 / 0, 1 % 0, 1.0 / 0, 5 / 2, -5 / 2, 5 % -3, -5 % 3, 5.5 % 2;
SELECT 9223372036854775807 + 1, -9223372036854775808 - 1, 9223372036854775807 * 2, typeof(9223372036854775807 + 0);
SELECT '3' + '4', '3.5' * 2, 'abc' + 1, '12abc' + 1, x'31' + 1, 1 || 2, 1.5 || 'x';

-- Aggregates skip NULLs; an empty group gives NULL (0 for count and total).
CREATE TABLE g(k, val);
INSERT INTO g VALUES ('a', 1), ('a', NULL), ('b', NULL), (NULL, 5), (NULL, 6), ('c', 2.5), ('c', '3');
SELECT count(*), count(val), sum(val), total(val), avg(val), min(val), max(val) FROM g;
SELECT k, count(val), sum(val), avg(val), group_concat(val) FROM g GROUP BY k ORDER BY k;
SELECT count(*), sum(val), total(val), avg(val), min(val), max(val) FROM g WHERE 0;
SELECT k FROM g GROUP BY k HAVING sum(val) IS NULL;
SELECT DISTINCT k FROM g ORDER BY k;
SELECT count(DISTINCT k), count(DISTINCT val) FROM g;

-- Collations: BINARY, NOCASE and RTRIM in columns, comparisons and ORDER BY.
CREATE TABLE c(bin TEXT, nc TEXT COLLATE NOCASE, rt TEXT COLLATE RTRIM);
INSERT INTO c VALUES ('a', 'a', 'a'), ('B', 'B', 'b  '), ('A', 'A', 'a '), ('b', 'b', 'B');
SELECT bin FROM c ORDER BY bin;
SELECT nc FROM c ORDER BY nc, bin;
SELECT rowid FROM c WHERE nc = 'a' ORDER BY rowid;
SELECT rowid FROM c WHERE rt = 'a' ORDER BY rowid;
SELECT rowid FROM c WHERE bin = 'A' COLLATE NOCASE ORDER BY rowid;
SELECT bin FROM c ORDER BY bin COLLATE NOCASE, bin DESC;
-- A column's collation decides DISTINCT, GROUP BY and compound equality; a compound column
-- takes the collation of the first SELECT whose column has one.
SELECT DISTINCT nc FROM c ORDER BY 1;
SELECT DISTINCT rt FROM c ORDER BY 1;
SELECT nc, count(*) FROM c GROUP BY nc ORDER BY 1;
SELECT rt, count(*) FROM c GROUP BY rt ORDER BY 1;
SELECT 'A' UNION SELECT nc FROM c ORDER BY 1;
SELECT bin FROM c UNION SELECT nc FROM c ORDER BY 1;
SELECT nc FROM c INTERSECT SELECT bin FROM c ORDER BY 1;
SELECT nc FROM c EXCEPT SELECT 'B' ORDER BY 1;
SELECT lower(nc) = 'B', lower(nc COLLATE NOCASE) = 'B', max(nc) = 'b' FROM c WHERE rowid = 2;
