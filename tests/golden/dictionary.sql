-- DDL and the data dictionary: SYS_* tables, sqlite_schema and the PRAGMAs that read them.
CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, score REAL DEFAULT 0.5);
CREATE TABLE child(a INT, b VARCHAR(20) COLLATE NOCASE, c UNSIGNED BIG INT, d DOUBLE PRECISION, e, PRIMARY KEY (a, b), UNIQUE (c, d));
CREATE INDEX child_e ON child(e DESC, a);
CREATE UNIQUE INDEX parent_score ON parent(score);
CREATE TABLE IF NOT EXISTS parent(x);
CREATE TABLE extras(v NUMERIC(10, 5) DEFAULT 3, w DECIMAL CHECK (w > 0), "odd name" TEXT);

-- sqlite_schema lists every table and index; sqlite_master is the same table.
SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name;
SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name;
SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'child';

-- The PRAGMAs report declared types (standard names in capitals), NOT NULL, defaults as
-- written and primary-key positions.
PRAGMA table_info(parent);
PRAGMA table_info(child);
PRAGMA table_info(extras);
PRAGMA table_info(missing);
PRAGMA index_list(child);
PRAGMA index_list(parent);
PRAGMA index_info(child_e);
PRAGMA index_info(sqlite_autoindex_child_1);
PRAGMA index_info(sqlite_autoindex_child_2);
PRAGMA index_info(parent_score);

-- The SYS_* tables are ordinary tables: SELECT reads them, joins combine them.
-- rowandb-only
SELECT id, name, n_cols, sql FROM SYS_TABLES ORDER BY id;
-- rowandb-only
SELECT t.name, c.pos, c.name, c.type, c."notnull", c.default_sql, c.pk, c.collation FROM SYS_TABLES t JOIN SYS_COLUMNS c ON c.table_id = t.id ORDER BY t.id, c.pos;
-- rowandb-only
SELECT t.name, i.name, i.is_unique, i.origin, i.sql FROM SYS_INDEXES i JOIN SYS_TABLES t ON t.id = i.table_id ORDER BY i.id;
-- rowandb-only
SELECT i.name, f.pos, f.col_pos, f.collation, f.is_desc FROM SYS_FIELDS f JOIN SYS_INDEXES i ON i.id = f.index_id ORDER BY i.id, f.pos;
-- rowandb-only
SELECT count(*) FROM SYS_FOREIGN;
-- Every table and index has its own file id, none of them reserved (1-14).
-- rowandb-only
SELECT count(DISTINCT file_id), min(file_id) > 14 FROM (SELECT file_id FROM SYS_TABLES UNION ALL SELECT file_id FROM SYS_INDEXES);
-- The dictionary cannot be written by DML.
-- rowandb-only
INSERT INTO SYS_TABLES VALUES (99, 'x', 99, 1, 'CREATE TABLE x(a)');
-- rowandb-only
DELETE FROM SYS_COLUMNS;

-- Defaults and collations declared in CREATE TABLE take effect.
INSERT INTO parent(name) VALUES ('ann');
INSERT INTO extras(w) VALUES (2);
SELECT id, name, score FROM parent;
SELECT v, typeof(v), w, "odd name" FROM extras;
INSERT INTO child(a, b) VALUES (1, 'Abc');
INSERT INTO child(a, b) VALUES (1, 'aBC');
SELECT a, b FROM child WHERE b = 'ABC';

-- Errors in DDL, in SQLite's words.
CREATE TABLE parent(x);
CREATE TABLE sqlite_mine(x);
CREATE TABLE dup(a, b, A);
CREATE TABLE twokeys(a PRIMARY KEY, b PRIMARY KEY);
CREATE INDEX child_e ON child(a);
CREATE INDEX IF NOT EXISTS child_e ON child(a);
CREATE INDEX bad ON missing(a);
CREATE INDEX bad ON child(zz);
DROP INDEX sqlite_autoindex_child_1;
DROP INDEX missing_index;
DROP INDEX IF EXISTS missing_index;
DROP TABLE missing;
DROP TABLE IF EXISTS missing;
CREATE UNIQUE INDEX child_a ON child(a);

-- DROP removes the table, its indexes and its dictionary rows.
DROP INDEX child_e;
PRAGMA index_list(child);
DROP TABLE child;
SELECT type, name FROM sqlite_schema ORDER BY name;
SELECT * FROM child;
PRAGMA table_info(child);
-- rowandb-only
SELECT count(*) FROM SYS_COLUMNS c LEFT JOIN SYS_TABLES t ON t.id = c.table_id WHERE t.id IS NULL;
-- rowandb-only
SELECT count(*) FROM SYS_FIELDS f LEFT JOIN SYS_INDEXES i ON i.id = f.index_id WHERE i.id IS NULL;
-- A dropped name can be used again.
CREATE TABLE child(z TEXT);
INSERT INTO child VALUES ('again');
SELECT * FROM child;
PRAGMA table_info(child);
