"""SQLite's JSON functions (https://sqlite.org/json1.html) and its JSONB format
(https://sqlite.org/jsonb.html): ``parse`` reads JSON text into JSONB, ``jsonb`` walks,
renders and checks JSONB blobs."""
