"""SQL text to sqlglot trees, with what SQLite's grammar decides that sqlglot's does not: the
scanner, the rewrites before sqlglot, the token checks, the size limits, the parse audit and
the recognizer that finds SQLite's syntax-error token."""
