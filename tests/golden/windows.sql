-- Window functions: where the Window step sits in a SELECT's plan, and what it gives.
CREATE TABLE emp(id INTEGER PRIMARY KEY, dept TEXT, pay INT);
INSERT INTO emp VALUES (1, 'a', 10), (2, 'a', 20), (3, 'b', 20), (4, 'b', 5), (5, 'a', 20), (6, 'c', NULL);

-- One window: a Window step between the row source and the PROJECT.
-- plan
SELECT id, row_number() OVER (ORDER BY id) FROM emp ORDER BY id;
-- Calls sharing one window definition share one step.
-- plan
SELECT id, rank() OVER w, sum(pay) OVER w FROM emp WINDOW w AS (PARTITION BY dept ORDER BY pay) ORDER BY id;
-- Two definitions: two steps, the first one outermost.
-- plan
SELECT id, row_number() OVER (ORDER BY id DESC), dense_rank() OVER (PARTITION BY dept ORDER BY pay) FROM emp ORDER BY id;
-- Over grouped rows: the Window step sits above the AGGREGATE and the HAVING filter.
-- plan
SELECT dept, count(*), sum(count(*)) OVER (ORDER BY dept) FROM emp GROUP BY dept HAVING count(*) > 1 ORDER BY dept;
-- A frame and a FILTER; WHERE runs below the window.
-- plan
SELECT id, sum(pay) FILTER (WHERE pay > 5) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM emp WHERE id < 6 ORDER BY id;
-- In a subquery: its own Window step, inside the subquery's plan.
-- plan
SELECT id FROM (SELECT id, rank() OVER (ORDER BY pay DESC) AS r FROM emp) WHERE r = 1 ORDER BY id;
-- LIMIT applies after the window values are computed.
-- plan
SELECT id, count(*) OVER () FROM emp ORDER BY id LIMIT 2;
