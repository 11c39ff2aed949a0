-- Views expanded into the plan of the query that reads them: each reference is a
-- co-routine over the view's own plan, with the outer WHERE terms copied into it.
CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INT);
CREATE INDEX t_b ON t(b);
CREATE INDEX t_c ON t(c);
INSERT INTO t VALUES (1, 'p', 10), (2, 'q', 20), (3, 'r', 10), (4, 'p', 30);
CREATE TABLE u(x INT, y TEXT);
CREATE INDEX u_x ON u(x);
INSERT INTO u VALUES (1, 'one'), (10, 'ten'), (20, 'twenty');
CREATE VIEW vt AS SELECT a, b, c FROM t;
CREATE VIEW vv(k, name) AS SELECT a, b FROM vt WHERE c > 5;
CREATE VIEW vj AS SELECT a, y FROM t JOIN u ON u.x = t.c;
CREATE VIEW vagg AS SELECT c, count(*) AS n FROM t GROUP BY c;
CREATE VIEW vlim AS SELECT a, b FROM t ORDER BY a LIMIT 2;

-- A rowid equality reaches the table under the view.
-- plan
SELECT * FROM vt WHERE a = 2;
-- An equality on an indexed column searches the index under the view.
-- plan
SELECT a FROM vt WHERE b = 'p';
-- Through a view over a view, renamed by a column list.
-- plan
SELECT k FROM vv WHERE name = 'p';
-- A view that joins: the outer term searches one table, the join the other's index.
-- plan
SELECT * FROM vj WHERE a = 1;
-- A join term with the view on the inner side searches the table under it per outer row.
-- plan
SELECT u.y, vt.b FROM u JOIN vt ON vt.a = u.x;
-- A view used twice: two co-routines, nothing materialized.
-- plan
SELECT p.a, q.a FROM vt AS p, vt AS q WHERE p.c = q.c AND p.a < q.a;
-- An aggregate view: a term on a GROUP BY column filters the rows before they are grouped
-- (and searches the index); a term on an aggregate filters the groups.
-- plan
SELECT * FROM vagg WHERE c = 10;
-- plan
SELECT * FROM vagg WHERE n > 1;
-- A view with LIMIT: nothing is pushed into it.
-- plan
SELECT * FROM vlim WHERE b = 'p';
