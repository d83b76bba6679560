"""Ways of building the SQLite file: from scratch (`full`), only what changed (`incremental`,
with what the last build was made from in `cache`), on two processes (`parallel`), and the git
history columns (`history`). Each ends in the same file, written with `factdb.db.write`."""
