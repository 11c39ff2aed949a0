"""The recognizer's stored LALR table (recognizer/table.json) is the one its sources build.

A grammar, ``table_build.py`` or precedence change without
``python -m rowandb.sql.parse.recognizer.table_build`` fails here (the recognizer itself
stays right: it builds the table again when the stored key is not the sources'), and the
stored table, written by another process, is what a build gives here, state by state
(lark keeps states in sets, so the build numbers them itself: ``table_build._in_order``).
"""

from rowandb.sql.parse.recognizer import table_build, tables


def test_the_stored_table_is_keyed_by_the_sources_at_hand():
    stored = tables.stored_table()
    assert stored is not None, "run python -m rowandb.sql.parse.recognizer.table_build"


def test_the_stored_table_is_what_a_build_gives():
    built = table_build.build()
    stored = tables.stored_table()
    assert stored.start == built.start and stored.conflicts == built.conflicts == []
    assert stored.defaults == built.defaults
    assert stored.actions == built.actions


def test_a_table_stored_from_other_sources_is_not_used(monkeypatch):
    monkeypatch.setattr(tables, "source_key", lambda: "another grammar")
    assert tables.stored_table() is None
    tables.table.cache_clear()
    try:
        assert tables.table() == table_build.build()     # built again, not read
    finally:
        tables.table.cache_clear()


FORMS = ["SELECT * FROM t {k}", "CREATE TABLE {k}_x({k})", "CREATE INDEX i_{k} ON t({k})",
         "CREATE TABLE w_{k}(a INT {k})", "SELECT a FROM t WHERE {k} = 1",
         "CREATE VIEW v_{k}({k}) AS SELECT 1", "SELECT * FROM t NATURAL {k} JOIN u",
         "CREATE TRIGGER tr_{k} {k} INSERT ON t BEGIN SELECT 1; END",
         "SELECT count(*) OVER ({k}) FROM t", "DROP VIEW IF EXISTS {k}"]


def test_the_unwatched_feed_stops_where_the_watched_one_does():
    """``driver.stop_index`` without a watch (``_stop_unwatched``, which keeps no spans)
    stops at the token, or accepts, as the feed that keeps them."""
    from rowandb.sql.parse.lexer import SQLITE_KEYWORDS, tokenize
    from rowandb.sql.parse.recognizer import driver
    from rowandb.sql.parse.recognizer.terminals import terminals
    stops = set()
    for word in sorted(SQLITE_KEYWORDS):
        for form in FORMS:
            terms = terminals(tokenize(form.format(k=word.lower()))) + ["SEMI", driver.END]
            stop = driver.stop_index(terms)
            assert stop == driver.stop_index(terms, {"no_such_rule": []}), (form, word)
            stops.add(stop)
    assert None in stops and len(stops) > 5         # accepted ones and several stops


def test_a_stored_state_is_decoded_at_its_first_look_up():
    """The stored table decodes the states a statement visits, not all 893 (branch
    startup2), and feeds each form of the test above to the stop a build's table gives."""
    from rowandb.sql.parse.lexer import tokenize
    from rowandb.sql.parse.recognizer import driver
    from rowandb.sql.parse.recognizer.terminals import terminals
    stored, built = tables.stored_table(), table_build.build()
    assert len(stored.actions) == 0
    for word in ("abort", "select", "table", "rows", "x"):
        for form in FORMS:
            terms = terminals(tokenize(form.format(k=word))) + ["SEMI", driver.END]
            assert driver._stop_unwatched(stored, terms) == \
                driver._stop_unwatched(built, terms), (form, word)
    assert 0 < len(stored.actions) < len(built.actions) / 2
