-- STRICT tables: only the standard datatypes, affinity first, then the datatype check.
CREATE TABLE s(i INT, n INTEGER, r REAL, t TEXT, b BLOB, a ANY) STRICT;
CREATE TABLE bad(v VARCHAR(10)) STRICT;
CREATE TABLE bad(v) STRICT;
INSERT INTO s VALUES ('12', 3.0, 4, 5, x'06', '07');
SELECT typeof(i), typeof(n), typeof(r), typeof(t), typeof(b), a, typeof(a) FROM s;
INSERT INTO s(i) VALUES ('12x');
INSERT INTO s(n) VALUES (2.5);
INSERT INTO s(r) VALUES ('abc');
INSERT INTO s(t) VALUES (x'00');
INSERT INTO s(b) VALUES (1);
UPDATE s SET i = 'z';
SELECT count(*) FROM s;
-- NOT NULL comes before the datatype check, the datatype check before CHECK constraints.
CREATE TABLE o(a INTEGER NOT NULL, b REAL CHECK (b > 0)) STRICT;
INSERT INTO o VALUES (NULL, 'x');
INSERT INTO o VALUES (1, 'x');
INSERT INTO o VALUES ('x', -1);
-- A PRIMARY KEY that is not the rowid is NOT NULL in a STRICT table.
CREATE TABLE k(code TEXT PRIMARY KEY, v ANY) STRICT;
INSERT INTO k VALUES (NULL, 1);
PRAGMA table_info(k);
PRAGMA table_list(k);
-- Table options: STRICT and WITHOUT ROWID in any place of the list.
CREATE TABLE opt(a INT) , STRICT;
CREATE TABLE opt2(a INT) STRICT STRICT;
CREATE TABLE opt3(a INT) FAST;
CREATE TABLE w(a INT PRIMARY KEY) STRICT, WITHOUT ROWID;
PRAGMA table_list(w);

-- AUTOINCREMENT: sqlite_sequence appears with the first such table.
CREATE TABLE ai(id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT UNIQUE);
SELECT type, name, sql FROM sqlite_schema WHERE name LIKE 'sqlite%';
INSERT INTO ai(v) VALUES ('a'), ('b'), ('c');
SELECT * FROM sqlite_sequence;
-- Deleted rowids are never reused.
DELETE FROM ai WHERE id = 3;
INSERT INTO ai(v) VALUES ('d');
SELECT id, v FROM ai ORDER BY id;
-- A larger explicit rowid raises the counter; a failed statement leaves it alone.
INSERT INTO ai VALUES (100, 'e');
INSERT INTO ai(v) VALUES ('f'), ('a');
SELECT * FROM sqlite_sequence;
-- sqlite_sequence is an ordinary table: changing it changes the next rowid.
UPDATE sqlite_sequence SET seq = 500 WHERE name = 'ai';
INSERT INTO ai(v) VALUES ('g');
SELECT max(id) FROM ai;
-- At the largest rowid there is no next one.
UPDATE sqlite_sequence SET seq = 9223372036854775807;
INSERT INTO ai(v) VALUES ('h');
DROP TABLE sqlite_sequence;
CREATE INDEX seq_name ON sqlite_sequence(name);
CREATE TABLE bad(id INT PRIMARY KEY AUTOINCREMENT);
-- The dictionary keeps both flags in SYS_TABLES.
-- rowandb-only
SELECT name, strict, "autoincrement" FROM SYS_TABLES ORDER BY id;
-- Dropping the table drops its counter.
DROP TABLE ai;
SELECT count(*) FROM sqlite_sequence;

-- Defaults: shown as written, an omitted INTEGER PRIMARY KEY is new, UPDATE OR REPLACE
-- puts the default in place of a NULL.
CREATE TABLE d(id INTEGER PRIMARY KEY DEFAULT 7, name DEFAULT anon, n NOT NULL DEFAULT ( 1 + 1 ), ts DEFAULT CURRENT_TIMESTAMP);
PRAGMA table_info(d);
INSERT INTO d(n) VALUES (5), (6);
SELECT id, name, n, length(ts) FROM d ORDER BY id;
UPDATE OR REPLACE d SET n = NULL WHERE id = 1;
SELECT id, n FROM d ORDER BY id;
CREATE TABLE bad(a, b DEFAULT (a));
