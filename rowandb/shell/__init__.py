"""The pieces of RowanDB's interactive shell; ``rowandb/cli.py`` is its entry point.

scanner.py        where SQL statements end (``;`` outside strings, comments, triggers)
dotcommands.lark  the grammar of ``.tables``, ``.mode csv``...; dotcommands.py parses it
render.py         output modes: table, csv, line, list
session.py        the Shell: runs statements and dot-commands, prints results and errors
importer.py       ``rowandb import``: an SQLite file copied into a RowanDB database

The shell talks to the engine only through the DB-API (``connection.execute``), so it
works with any PEP 249 connection whose ``execute`` returns a cursor.
"""
