"""factdb: a cited fact database of the Russia-Ukraine war and the peace talks."""

__version__ = "0.1.0"

__all__ = ["__version__", "open_db"]


def __getattr__(name: str):
    # `from factdb import open_db`, imported lazily so that `factdb validate` does not pay for
    # SQLAlchemy at start-up.
    if name == "open_db":
        from .db.api import open_db

        return open_db
    raise AttributeError(f"module 'factdb' has no attribute {name!r}")
