"""SQLite's value semantics in one place: storage classes, affinity, comparison and sort
order, collations, three-valued logic, arithmetic and CAST (``values``), and the digits of
REAL <-> text conversion (``realtext``)."""
