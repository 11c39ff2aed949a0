"""Execution: plans compiled into Python closures and generators (``execute``,
``expressions``), one module per operator (``join``, ``sort``, ``aggregate``), the writes
(``dml``, ``bulk``, ``ddl``), foreign-key enforcement and actions (``fkeys``) and
``PRAGMA integrity_check`` (``integrity``)."""
