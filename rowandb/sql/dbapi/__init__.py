"""The faces Python programs call: PEP 249's connect/Connection/Cursor, the sqlite3 module's
extra names and callbacks, blobs, dumps, traces and the authorizer."""
