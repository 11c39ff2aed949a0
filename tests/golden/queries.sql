-- Queries: result column names, joins, subqueries, compounds, ORDER BY and LIMIT.
CREATE TABLE emp(id INTEGER PRIMARY KEY, name TEXT, dept INT, salary REAL);
CREATE TABLE dept(id INTEGER PRIMARY KEY, title TEXT);
INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'empty');
INSERT INTO emp VALUES (1, 'ann', 1, 100.0), (2, 'bob', 1, 80.0), (3, 'cid', 2, 90.0), (4, 'dee', NULL, 70.0), (5, 'eve', 2, NULL);

-- Result column names follow SQLite: the column name, the alias, or the text as written.
SELECT id, e.name, e.dept AS d FROM emp AS e WHERE id = 1;
SELECT emp.name FROM emp AS e WHERE id = 1;
SELECT id + 1, (name), salary*2 AS double_pay, count(*) FROM emp WHERE id = 1;
SELECT  1 +  2 , 'x' AS "quoted alias", abs(-3), upper( 'a' ), CAST(1 AS TEXT) FROM emp WHERE id = 1;
SELECT * FROM dept WHERE id = 2;
SELECT e.*, d.title FROM emp e JOIN dept d ON d.id = e.dept WHERE e.id = 3;

-- Joins: inner, cross, LEFT and USING.
SELECT e.name, d.title FROM emp e JOIN dept d ON e.dept = d.id ORDER BY e.name;
SELECT e.name, d.title FROM emp e, dept d WHERE e.dept = d.id AND d.title = 'ops' ORDER BY 1;
SELECT count(*) FROM emp CROSS JOIN dept;
SELECT e.name, d.title FROM emp e LEFT JOIN dept d ON e.dept = d.id ORDER BY e.id;
SELECT d.title, count(e.id) FROM dept d LEFT JOIN emp e ON e.dept = d.id GROUP BY d.id ORDER BY d.id;
SELECT d.title FROM dept d LEFT JOIN emp e ON e.dept = d.id WHERE e.id IS NULL;
CREATE TABLE a(k INT, x TEXT);
CREATE TABLE b(k INT, y TEXT);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2'), (NULL, 'an');
INSERT INTO b VALUES (1, 'b1'), (3, 'b3'), (NULL, 'bn');
SELECT * FROM a JOIN b USING (k);
SELECT k, x, y FROM a LEFT JOIN b USING (k) ORDER BY x;
SELECT rowid, oid, _rowid_, a.rowid FROM a WHERE k = 2;

-- Subqueries: scalar, IN, EXISTS, correlated, and in FROM.
SELECT name FROM emp WHERE salary > (SELECT avg(salary) FROM emp) ORDER BY name;
SELECT name FROM emp WHERE dept IN (SELECT id FROM dept WHERE title <> 'eng') ORDER BY name;
SELECT name FROM emp WHERE dept NOT IN (SELECT id FROM dept WHERE title = 'eng') ORDER BY name;
SELECT title FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.id) ORDER BY title;
SELECT title FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.id);
SELECT name, (SELECT title FROM dept WHERE id = emp.dept) AS t FROM emp ORDER BY id;
SELECT name FROM emp e WHERE salary = (SELECT max(salary) FROM emp WHERE dept = e.dept) ORDER BY name;
SELECT dept, top FROM (SELECT dept, max(salary) AS top FROM emp GROUP BY dept) WHERE top > 85 ORDER BY dept;
SELECT (SELECT count(*) FROM emp), (SELECT name FROM emp ORDER BY id DESC LIMIT 1), (SELECT name FROM emp WHERE 0);

-- GROUP BY, HAVING, aggregate results.
SELECT dept, count(*), sum(salary), avg(salary), min(name), max(name) FROM emp GROUP BY dept ORDER BY dept;
SELECT dept, count(*) AS n FROM emp GROUP BY dept HAVING n > 1 ORDER BY dept;
SELECT dept % 2, group_concat(name, '/') FROM (SELECT * FROM emp ORDER BY id) GROUP BY dept % 2 ORDER BY 1;
SELECT count(*), max(salary) FROM emp WHERE dept = 99;

-- Compound queries.
SELECT id FROM emp UNION SELECT id FROM dept;
SELECT id FROM emp WHERE id < 3 UNION ALL SELECT id FROM dept ORDER BY 1 DESC;
SELECT dept FROM emp INTERSECT SELECT id FROM dept;
SELECT id FROM dept EXCEPT SELECT dept FROM emp;
SELECT name AS n FROM emp WHERE id < 3 UNION SELECT title FROM dept ORDER BY n LIMIT 3;
SELECT 1, 2 UNION SELECT 3;
VALUES (1, 'a'), (2, 'b');

-- ORDER BY: positions, aliases, expressions, DESC, NULLS FIRST/LAST; LIMIT and OFFSET.
SELECT name, salary FROM emp ORDER BY salary DESC, name;
SELECT name, salary FROM emp ORDER BY salary NULLS LAST, name;
SELECT name, salary FROM emp ORDER BY salary DESC NULLS FIRST;
SELECT name AS who FROM emp ORDER BY who DESC LIMIT 2;
SELECT name FROM emp ORDER BY length(name) * -1, id LIMIT 2 OFFSET 1;
SELECT name FROM emp ORDER BY 1 LIMIT -1 OFFSET 3;
SELECT name FROM emp ORDER BY id LIMIT 2, 2;
SELECT name FROM emp ORDER BY 1 LIMIT '2';
SELECT DISTINCT dept FROM emp ORDER BY dept DESC;
