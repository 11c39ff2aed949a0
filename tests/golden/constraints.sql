-- Constraints and their messages, and the conflict clauses that resolve them.
CREATE TABLE p(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, qty INT CHECK (qty >= 0), note TEXT DEFAULT 'none');
INSERT INTO p(id, code, qty) VALUES (1, 'a', 5), (2, 'b', 0);

-- NOT NULL, UNIQUE, CHECK and the rowid key, each with SQLite's message.
INSERT INTO p(id, code, qty) VALUES (3, NULL, 1);
INSERT INTO p(id, code, qty) VALUES (3, 'a', 1);
INSERT INTO p(id, code, qty) VALUES (3, 'c', -1);
INSERT INTO p(id, code, qty) VALUES (1, 'c', 1);
INSERT INTO p(id, code, qty) VALUES ('x', 'c', 1);
UPDATE p SET code = 'a' WHERE id = 2;
UPDATE p SET qty = -5 WHERE id = 2;
UPDATE p SET code = NULL;
UPDATE p SET id = 1 WHERE id = 2;
SELECT * FROM p ORDER BY id;

-- A failing multi-row INSERT leaves none of its rows.
INSERT INTO p(id, code, qty) VALUES (10, 'j', 1), (11, 'k', 1), (12, 'j', 1);
SELECT count(*) FROM p;

-- NULLs are distinct in a UNIQUE column; CHECK passes when its expression is NULL.
CREATE TABLE u(a UNIQUE, b INT CHECK (b < 10));
INSERT INTO u VALUES (NULL, NULL), (NULL, NULL), (1, 9);
INSERT INTO u VALUES (1, 1);
SELECT a, b FROM u ORDER BY rowid;

-- Multi-column UNIQUE and named CHECK constraints.
CREATE TABLE m(x INT, y INT, z INT, UNIQUE (x, y), CONSTRAINT positive CHECK (z > 0), CHECK (x <> y));
INSERT INTO m VALUES (1, 2, 3), (1, 3, 3), (2, 2 + 1, 1);
INSERT INTO m VALUES (1, 2, 9);
INSERT INTO m VALUES (5, 6, 0);
INSERT INTO m VALUES (4, 4, 1);
SELECT * FROM m ORDER BY x, y;

-- A non-integer PRIMARY KEY is a UNIQUE index; it allows NULL (as SQLite does).
CREATE TABLE k(name TEXT PRIMARY KEY, v);
INSERT INTO k VALUES ('a', 1), (NULL, 2), (NULL, 3);
INSERT INTO k VALUES ('a', 4);
SELECT name, v FROM k ORDER BY v;

-- INSERT OR IGNORE skips the conflicting rows only.
INSERT OR IGNORE INTO p(id, code, qty) VALUES (3, 'a', 1), (4, 'd', 1), (5, NULL, 1), (6, 'f', -1), (1, 'g', 1);
SELECT id, code, qty FROM p ORDER BY id;

-- INSERT OR REPLACE deletes every row in the way, then inserts.
INSERT OR REPLACE INTO p(id, code, qty) VALUES (7, 'a', 2);
SELECT id, code, qty, note FROM p ORDER BY id;
REPLACE INTO p(id, code, qty) VALUES (4, 'b', 3);
SELECT id, code, qty FROM p ORDER BY id;
-- REPLACE does not resolve NOT NULL without a default, nor CHECK.
INSERT OR REPLACE INTO p(id, code, qty) VALUES (8, NULL, 1);
INSERT OR REPLACE INTO p(id, code, qty) VALUES (8, 'h', -1);
-- REPLACE uses the column default for a NOT NULL column that has one.
CREATE TABLE r(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT 'dflt');
INSERT OR REPLACE INTO r VALUES (1, NULL);
SELECT * FROM r;

-- INSERT OR FAIL keeps the rows written before the failure; OR ABORT keeps none.
CREATE TABLE f(a INT UNIQUE);
INSERT OR FAIL INTO f VALUES (1), (2), (1), (3);
SELECT a FROM f ORDER BY a;
INSERT OR ABORT INTO f VALUES (4), (5), (1);
SELECT a FROM f ORDER BY a;

-- UPDATE OR IGNORE / OR REPLACE.
CREATE TABLE g(id INTEGER PRIMARY KEY, v UNIQUE);
INSERT INTO g VALUES (1, 10), (2, 20), (3, 30);
UPDATE OR IGNORE g SET v = 20 WHERE id <> 2;
SELECT * FROM g ORDER BY id;
UPDATE OR REPLACE g SET v = 30 WHERE id = 1;
SELECT * FROM g ORDER BY id;
UPDATE g SET v = v + 10;
SELECT * FROM g ORDER BY id;

-- Defaults: literals, parenthesised expressions, DEFAULT VALUES.
CREATE TABLE dv(a INTEGER PRIMARY KEY, b DEFAULT (1 + 2), c TEXT DEFAULT 'x', d REAL DEFAULT -1, e INT DEFAULT '7', f);
INSERT INTO dv DEFAULT VALUES;
INSERT INTO dv(f) VALUES ('given');
SELECT a, b, typeof(b), c, d, typeof(d), e, typeof(e), f FROM dv ORDER BY a;

-- The rowid alias takes the next rowid when given NULL; other types are refused.
CREATE TABLE ip(id INTEGER PRIMARY KEY, v);
INSERT INTO ip VALUES (NULL, 'a'), (10, 'b'), (NULL, 'c'), ('12', 'd'), (13.0, 'e');
INSERT INTO ip VALUES (1.5, 'f');
INSERT INTO ip VALUES ('abc', 'g');
SELECT id, typeof(id), v FROM ip ORDER BY id;
UPDATE ip SET id = NULL WHERE id = 1;
UPDATE ip SET id = 'text' WHERE id = 1;
UPDATE ip SET id = 20 WHERE id = 1;
SELECT id, v FROM ip ORDER BY id;

-- Wrong number of values.
INSERT INTO ip VALUES (1);
INSERT INTO ip(id) VALUES (1, 2);
INSERT INTO ip(nope) VALUES (1);
