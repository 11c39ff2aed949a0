"""sqlglot trees to the planner's bound trees: name resolution as SQLite resolves names, one
module per statement or clause family."""
