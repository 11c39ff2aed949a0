"""What the compliance suite may expect of the database: SQLite's capabilities, the same for
both runs (SQLAlchemy's own sqlite dialect and RowanDB's), so the two pass counts compare.

Each answer is SQLite's as SQLAlchemy's own test requirements give it for SQLite 3.54 on
pysqlite; a capability SQLite lacks stays closed. RowanDB is measured against these, not
against a list made to suit it, with two exceptions, both applied to both runs:

- ``schemas`` is closed: the suite reaches a second schema through SQLite's ATTACH of a
  ``test_schema`` database, which this harness does not set up for in-memory databases
  (and RowanDB refuses ATTACH);
- temporary tables and views are open when the database accepts ``CREATE TEMP TABLE``
  (a probe), because the reflection fixtures create one for every test of their class:
  where it is refused, those tests are skipped -- and counted as not passing.
"""

from sqlalchemy.testing import exclusions
from sqlalchemy.testing.requirements import SuiteRequirements

OPEN = exclusions.open
_TEMP_PROBES: dict[str, bool] = {}


class Requirements(SuiteRequirements):
    """SuiteRequirements with SQLite's answers where they differ from the defaults."""

    def _file_db(self, config):
        return config.db.url.database not in (None, "", ":memory:")

    # SQLAlchemy never lets an SQLite driver run its "independent connections" tests; with
    # them open, the reflection classes put their tables on a class engine of their own
    # that is disposed (an in-memory database lost) before the tables are dropped.
    independent_connections = property(lambda self: exclusions.closed())

    # -- DDL and schema --------------------------------------------------------------
    create_table_as = property(lambda self: OPEN())
    table_ddl_if_exists = property(lambda self: OPEN())
    index_ddl_if_exists = property(lambda self: OPEN())
    views = property(lambda self: OPEN())
    schemas = property(lambda self: exclusions.closed())
    server_defaults = property(lambda self: OPEN())
    expression_server_defaults = property(lambda self: OPEN())
    computed_columns = property(lambda self: OPEN())
    computed_columns_stored = property(lambda self: OPEN())
    computed_columns_virtual = property(lambda self: OPEN())
    computed_columns_reflect_persisted = property(lambda self: OPEN())
    repeated_column_foreign_keys = property(lambda self: OPEN())

    def _no_temp_tables(self, config):
        """Whether the database refuses CREATE TEMP TABLE (asked once per URL)."""
        url = str(config.db.url)
        if url not in _TEMP_PROBES:
            try:
                with config.db.connect() as conn:
                    conn.exec_driver_sql("CREATE TEMP TABLE sqla_probe(x)")
                    conn.exec_driver_sql("DROP TABLE temp.sqla_probe")
                _TEMP_PROBES[url] = False
            except Exception:
                _TEMP_PROBES[url] = True
        return _TEMP_PROBES[url]

    def _temp(self):
        return exclusions.skip_if(self._file_db) + exclusions.skip_if(
            self._no_temp_tables, "the database refuses CREATE TEMP TABLE")

    temporary_tables = property(_temp)
    temp_table_reflection = property(_temp)
    temp_table_names = property(_temp)
    has_temp_table = property(_temp)
    temporary_views = property(_temp)

    # -- reflection ------------------------------------------------------------------
    reflects_pk_names = property(lambda self: OPEN())
    check_constraint_reflection = property(lambda self: OPEN())
    foreign_key_constraint_option_reflection_ondelete = property(lambda self: OPEN())
    foreign_key_constraint_option_reflection_onupdate = property(lambda self: OPEN())
    fk_constraint_option_reflection_ondelete_restrict = property(lambda self: OPEN())
    fk_constraint_option_reflection_ondelete_noaction = property(lambda self: OPEN())
    fk_constraint_option_reflection_onupdate_restrict = property(lambda self: OPEN())
    indexes_with_expressions = property(lambda self: OPEN())

    # -- queries -----------------------------------------------------------------------
    ctes = property(lambda self: OPEN())
    ctes_with_values = property(lambda self: OPEN())
    window_functions = property(lambda self: OPEN())
    window_range = property(lambda self: OPEN())
    window_range_numeric = property(lambda self: OPEN())
    intersect = property(lambda self: OPEN())
    except_ = property(lambda self: OPEN())
    nullsordering = property(lambda self: OPEN())
    tuple_in = property(lambda self: OPEN())
    boolean_col_expressions = property(lambda self: OPEN())
    update_from = property(lambda self: OPEN())
    delete_from = property(lambda self: OPEN())
    regexp_match = property(lambda self: OPEN())
    mod_operator_as_percent_sign = property(lambda self: OPEN())
    supports_bitwise_or = property(lambda self: OPEN())
    supports_bitwise_and = property(lambda self: OPEN())
    supports_bitwise_not = property(lambda self: OPEN())
    supports_bitwise_shift = property(lambda self: OPEN())

    # -- types -----------------------------------------------------------------------
    json_type = property(lambda self: OPEN())
    datetime_literals = property(lambda self: OPEN())
    datetime_historic = property(lambda self: OPEN())
    date_historic = property(lambda self: OPEN())
    infinity_floats = property(lambda self: OPEN())
    nvarchar_types = property(lambda self: OPEN())
    unicode_ddl = property(lambda self: OPEN())
    precision_numerics_enotation_small = property(lambda self: OPEN())

    # -- transactions and the driver -------------------------------------------------
    isolation_level = property(lambda self: OPEN())
    autocommit = property(lambda self: OPEN())
    dbapi_lastrowid = property(lambda self: OPEN())
    emulated_lastrowid = property(lambda self: OPEN())

    def get_isolation_levels(self, config):
        return {"default": "SERIALIZABLE",
                "supported": ["SERIALIZABLE", "READ UNCOMMITTED", "AUTOCOMMIT"]}
