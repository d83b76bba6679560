"""The base of the public views' models, in a registry of their own, so that the schema of
tables never tries to create them (see `factdb.db.views`)."""

from __future__ import annotations

from sqlalchemy.orm import registry
from sqlmodel import SQLModel

views_registry = registry()


class ViewModel(SQLModel, registry=views_registry):
    """Base of the public views. The primary keys declared here only let the ORM map rows."""
