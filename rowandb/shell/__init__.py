"""The pieces of RowanDB's interactive shell; ``rowandb/cli.py`` is its entry point.

scanner.py        where SQL statements end (``;`` outside strings, comments, triggers)
dotcommands.lark  the grammar of ``.tables``, ``.mode csv``...; dotcommands.py parses it
commands.py       what each dot-command does (mixed into the Shell)
session.py        the Shell: runs statements and dot-commands, prints results and errors
render.py         output modes: csv, tabs, list, line, quote, insert, json, html
columnar.py       output modes drawn in columns: table, box, markdown, column
values.py         how one value shows on screen, and how wide it is there
sqltext.py        SQL literals and names (quote/insert modes, .dump), LIKE patterns
dump.py           .dump: SQL text that rebuilds the database
csvimport.py      .import: CSV rows into a table, all or nothing
importer.py       ``rowandb import``, ``.import --sqlite``: an SQLite file into RowanDB
exporter.py       ``rowandb export``: a RowanDB database out as an SQLite file
sqlitecopy.py     the copy both share: schema, rows with their storage classes, counters

The shell talks to the engine only through the DB-API (``connection.execute``), so it
works with any PEP 249 connection whose ``execute`` returns a cursor.
"""
