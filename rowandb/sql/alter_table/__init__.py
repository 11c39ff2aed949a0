"""ALTER TABLE: its grammar, its binding, and the stored schema texts each form rewrites as
SQLite's alter.c rewrites them."""
