-- Transactions and savepoints: what each control statement does and its errors.
CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE);
INSERT INTO t VALUES (1, 'one');

-- Control statements outside a transaction.
COMMIT;
ROLLBACK;
END TRANSACTION;
RELEASE nothing_here;
ROLLBACK TO nothing_here;

-- ROLLBACK undoes rows, index entries and DDL alike.
BEGIN;
INSERT INTO t VALUES (2, 'two');
UPDATE t SET b = 'uno' WHERE a = 1;
CREATE TABLE scratch(x);
INSERT INTO scratch VALUES (1);
CREATE INDEX t_b_again ON t(b);
SELECT * FROM t ORDER BY a;
BEGIN;
ROLLBACK;
SELECT * FROM t ORDER BY a;
SELECT * FROM t WHERE b = 'one';
SELECT * FROM scratch;
SELECT name FROM sqlite_schema ORDER BY name;

-- COMMIT keeps them; every BEGIN form is accepted.
BEGIN DEFERRED TRANSACTION;
INSERT INTO t VALUES (2, 'two');
COMMIT TRANSACTION;
BEGIN IMMEDIATE;
INSERT INTO t VALUES (3, 'three');
END;
BEGIN EXCLUSIVE TRANSACTION;
DELETE FROM t WHERE a = 3;
ROLLBACK TRANSACTION;
SELECT * FROM t ORDER BY a;

-- A failing statement inside a transaction undoes itself only.
BEGIN;
INSERT INTO t VALUES (4, 'four');
INSERT INTO t VALUES (5, 'five'), (6, 'one');
INSERT INTO t VALUES (6, 'six');
COMMIT;
SELECT * FROM t ORDER BY a;

-- Savepoints nest; ROLLBACK TO keeps the savepoint, RELEASE removes it and those after it.
BEGIN;
DELETE FROM t WHERE a > 3;
SAVEPOINT s1;
INSERT INTO t VALUES (10, 'ten');
SAVEPOINT s2;
INSERT INTO t VALUES (11, 'eleven');
SAVEPOINT s3;
INSERT INTO t VALUES (12, 'twelve');
ROLLBACK TO s2;
SELECT a FROM t ORDER BY a;
INSERT INTO t VALUES (13, 'thirteen');
ROLLBACK TO SAVEPOINT s2;
SELECT a FROM t ORDER BY a;
RELEASE s3;
RELEASE SAVEPOINT s1;
ROLLBACK TO s2;
ROLLBACK TO s1;
COMMIT;
SELECT a FROM t ORDER BY a;

-- Savepoint names are case-insensitive, and the innermost of equal names is found first.
BEGIN;
SAVEPOINT sp;
INSERT INTO t VALUES (20, 'twenty');
SAVEPOINT SP;
INSERT INTO t VALUES (21, 'twenty-one');
ROLLBACK TO sp;
SELECT a FROM t WHERE a >= 20 ORDER BY a;
RELEASE Sp;
SELECT a FROM t WHERE a >= 20 ORDER BY a;
ROLLBACK TO sp;
SELECT a FROM t WHERE a >= 20 ORDER BY a;
ROLLBACK;
SELECT a FROM t WHERE a >= 20 ORDER BY a;

-- A SAVEPOINT outside a transaction starts one; releasing it commits.
SAVEPOINT outer_sp;
INSERT INTO t VALUES (30, 'thirty');
SAVEPOINT inner_sp;
INSERT INTO t VALUES (31, 'thirty-one');
RELEASE inner_sp;
SELECT a FROM t WHERE a >= 30 ORDER BY a;
RELEASE outer_sp;
COMMIT;
SELECT a FROM t WHERE a >= 30 ORDER BY a;
SAVEPOINT again;
DELETE FROM t;
ROLLBACK TO again;
RELEASE again;
SELECT count(*) FROM t;

-- DDL inside a savepoint is undone by ROLLBACK TO, and the schema goes back with it.
BEGIN;
SAVEPOINT ddl;
CREATE TABLE made(x);
INSERT INTO made VALUES (1);
DROP TABLE t;
ROLLBACK TO ddl;
SELECT count(*) FROM t;
SELECT * FROM made;
COMMIT;
SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name;

-- INSERT OR ROLLBACK ends the whole transaction.
BEGIN;
INSERT INTO t VALUES (40, 'forty');
INSERT OR ROLLBACK INTO t VALUES (41, 'one');
COMMIT;
SELECT a FROM t WHERE a >= 40;
