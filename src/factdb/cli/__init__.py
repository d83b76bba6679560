"""The `factdb` command. Each command calls one library function and turns its errors
into clean messages and exit codes: 0 success, 1 invalid facts or failure, 2 usage.

The group and its fast exit are in `program.py`; the commands, grouped by what they do, in
`facts.py`, `building.py` and `publishing.py`, each registered on `main` when imported here."""

from . import building, facts, publishing  # noqa: F401  (they register their commands)
from .program import entry, main

__all__ = ["entry", "main"]
