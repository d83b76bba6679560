"""Sources: the archived articles every claim is read from."""

from __future__ import annotations

from typing import Iterator

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .base import FactModel, Id, NonEmptyText, PartialDate, scalar_or_mapping
from .claimbase import Reference, _ref


class PublishedBound(FactModel):
    """A publication date known only within bounds (e.g. 'not after 2026-01-03')."""

    not_before: PartialDate | None = Field(default=None, description="Earliest possible date.")
    not_after: PartialDate | None = Field(default=None, description="Latest possible date.")
    reason: str | None = Field(default=None, description="Why these bounds: what in the text implies them.")

    @model_validator(mode="after")
    def _some_bound(self) -> "PublishedBound":
        if self.not_before is None and self.not_after is None:
            raise PydanticCustomError(
                "published_bound", "give 'not_before', 'not_after' or both (or omit 'published')"
            )
        if self.not_before and self.not_after and self.not_before.start > self.not_after.end:
            raise PydanticCustomError(
                "date_order", "'not_before' is after 'not_after'; swap them"
            )
        return self


Published = scalar_or_mapping(
    PartialDate, PublishedBound, "expected a date or {not_before, not_after} bounds"
)


class Source(FactModel):
    """An archived news article (or other document) that claims are cited from."""

    id: Id = Field(description="Source id; by convention the archived file's name without '.txt'.")
    archive: str = Field(
        pattern=r"^seeds/[^/\\]+\.txt$",
        description="Path of the archived text, relative to the project root (seeds/<id>.txt).",
    )
    title: str | None = Field(default=None, description="Headline as printed, in the source's language.")
    language: str = Field(
        pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$", description="BCP 47 language tag of the text, e.g. 'id'."
    )
    publisher: Id | None = Field(
        default=None, description="Organization that published this copy (entity id), where known."
    )
    publisher_name: str | None = Field(
        default=None, description="Publisher's name as printed, when there is no entity for it."
    )
    original_publisher: Id | None = Field(
        default=None,
        description="Organization whose story this copy republishes or translates (entity id).",
    )
    author: str | None = Field(default=None, description="By-line as printed.")
    url: str | None = Field(default=None, pattern=r"^https?://", description="URL, only where known.")
    published: Published | None = Field(
        default=None, description="Publication date, or the bounds the text allows."
    )
    updated: PartialDate | None = Field(
        default=None, description="Date of the last update, where the source prints one ('Update : 13.11.2025')."
    )
    excerpt: bool = Field(
        default=False,
        description="The archived text is only part of the article (a truncated excerpt, a "
        "paywalled lead): claims can cite only what it holds, and what it leaves out is unknown.",
    )
    notes: str | None = Field(default=None, description="What an editor should know about this source.")

    def references(self) -> Iterator[Reference]:
        """Every id the source points at, with the kinds of record allowed there."""
        yield from _ref(("publisher",), self.publisher, ("organization",))
        yield from _ref(("original_publisher",), self.original_publisher, ("organization",))


def published_bounds(published: Published | None):
    """(earliest, latest) publication day, None where unknown."""
    if published is None:
        return None, None
    if isinstance(published, PublishedBound):
        return (
            published.not_before.start if published.not_before else None,
            published.not_after.end if published.not_after else None,
        )
    return published.start, published.end


__all__ = ["Source", "Published", "PublishedBound", "published_bounds", "NonEmptyText"]
