"""What the site's plugins share: running a query, the address of a record's page, and a
figure, a measure or dates in words. No hooks: the plugin files load it (`sibling`).

Loaded from the plugins directory like the plugins (`--plugins-dir`), so it imports only
Datasette, MarkupSafe and the standard library.
"""

from __future__ import annotations

import weakref

from datasette.utils import tilde_encode
from markupsafe import Markup, escape

CONFIG = "factdb-site"
"""The key of the site's settings in metadata.json (`plugins`), written by factdb.site.metadata."""

QUALIFIED = {
    "at_least": "at least {}", "more_than": "more than {}", "at_most": "at most {}",
    "less_than": "less than {}", "approximately": "about {}",
}


_SETTINGS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def settings(datasette) -> dict:
    """The site's settings from metadata.json, read once per Datasette: `plugin_config` walks
    the whole plugin configuration on every call (Datasette 0.65 resolves secrets in it), and
    the table template asks for them for every cell (4,000 times a page of figures, about
    half of its time at 100k claims). The metadata of `factdb serve` never changes while it runs."""
    found = _SETTINGS.get(datasette)
    if found is None:
        found = _SETTINGS[datasette] = datasette.plugin_config(CONFIG) or {}
    return found


def _number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def figure_text(figure: dict) -> str:
    """'183', 'more than 40', '200–999 (ratusan)': the figure as its words bound it."""
    qualifier, value = figure.get("qualifier"), figure.get("value")
    low, high = figure.get("low"), figure.get("high")
    if qualifier == "vague":
        word = figure.get("vague_text") or figure.get("words") or "vague"
        bounds = between(low, high)
        return f"{word} ({bounds})" if bounds else word
    if qualifier == "range" or value is None:
        return between(low, high)
    return QUALIFIED.get(qualifier, "{}").format(_number(value))


def between(low, high) -> str:
    """Bounds in words: '200–999', '2 or more', 'up to 9', '' when both are open."""
    if low is not None and high is not None:
        return f"{_number(low)}–{_number(high)}"
    if low is not None:
        return f"{_number(low)} or more"
    return f"up to {_number(high)}" if high is not None else ""


SOURCE_COLUMNS = ("s.title AS source_title, s.publisher, s.original_publisher, s.published, "
                  "s.published_earliest")
"""What a source's label is made of (`source_label`), from `sources s`."""


def source_byline(source: dict) -> str:
    """'ABC News, 2026-02-05': who printed it (else whom they took it from) and when (else the
    first day it may have been published)."""
    who = source.get("publisher") or source.get("original_publisher")
    when = source.get("published")
    if not when and source.get("published_earliest"):
        when = f"not before {source['published_earliest']}"
    return ", ".join(str(part) for part in (who, when) if part)


LANGUAGES = {"id": "Indonesian", "en": "English", "ru": "Russian", "uk": "Ukrainian", "de": "German",
             "fr": "French", "tr": "Turkish", "ar": "Arabic", "pl": "Polish", "es": "Spanish"}


def language_name(code: str | None) -> str:
    """'Indonesian' for 'id' (a bare 'id' reads as an identifier); other codes as they are."""
    return LANGUAGES.get(code or "", code or "")


def _headline(source: dict) -> str | None:
    # A row of SOURCE_COLUMNS has `source_title` (its `title` may be another thing's: a claim's);
    # a row of sources has `title`.
    return source.get("source_title") if "source_title" in source else source.get("title")


def source_title(source: dict) -> str:
    return _headline(source) or "Untitled article"


def source_label(source: dict) -> str:
    """A source as a reader names it: its headline, else 'Untitled article (ABC News, ...)';
    never its file id."""
    title = _headline(source)
    if title:
        return title
    byline = source_byline(source)
    return f"Untitled article ({byline})" if byline else "Untitled article"


def measure_text(measure: str | None) -> str:
    return (measure or "").replace("_", " ")


def when_text(date_from, date_to) -> str:
    if not date_from:
        return "undated" if not date_to else f"by {date_to}"
    return str(date_from) if date_to in (None, date_from) else f"{date_from} to {date_to}"


async def query(db, sql: str, params: dict | None = None) -> list[dict]:
    results = await db.execute(sql, params or {})
    return [dict(zip(results.columns, row)) for row in results.rows]


async def columns_of(db, table: str) -> set[str]:
    return set(await db.table_columns(table)) if await db.table_exists(table) else set()


def row_url(datasette, database: str, table: str, key) -> str:
    return datasette.urls.row(database, table, tilde_encode(str(key)))


async def figures_of(db, claim_ids: list[str]) -> list[dict]:
    if not claim_ids:
        return []
    marks = ", ".join(f":c{i}" for i in range(len(claim_ids)))
    rows = await query(
        db, f"SELECT * FROM figures WHERE claim_id IN ({marks}) ORDER BY claim_id, rowid",
        {f"c{i}": claim_id for i, claim_id in enumerate(claim_ids)},
    )
    for row in rows:
        row["text"] = figure_text(row)
        row["measure_text"] = measure_text(row["measure"])
        row["bound_words"] = bound_words(row)
    return rows


def bound_words(figure: dict) -> str | None:
    """The words of the quote that state the figure. Where the figures view has `vague_text`,
    `words` are those words; before, `words` was only a vague quantity's word."""
    if "vague_text" in figure:
        return figure.get("words")
    return figure.get("words") if figure.get("qualifier") == "vague" else None


def marked(quote: str | None, words: list[str | None]) -> Markup:
    """The quote, escaped, with the first occurrence of each of `words` in <mark>."""
    quote = quote or ""
    spans: list[tuple[int, int]] = []
    for w in words:
        start = quote.find(w) if w else -1
        if start >= 0 and not any(a < start + len(w) and start < b for a, b in spans):
            spans.append((start, start + len(w)))
    out, at = [], 0
    for a, b in sorted(spans):
        out += [escape(quote[at:a]), Markup("<mark>"), escape(quote[a:b]), Markup("</mark>")]
        at = b
    out.append(escape(quote[at:]))
    return Markup("").join(out)


async def delegations_of(db, meeting_id: str) -> list[dict]:
    members = await query(db, """SELECT side, person, person_id, role, leader FROM delegation_members
                                 WHERE meeting_id = :id ORDER BY member_id""", {"id": meeting_id})
    sides: dict[str, list[dict]] = {}
    for member in members:
        sides.setdefault(member["side"], []).append(member)
    return [{"side": side, "members": people} for side, people in sides.items()]


async def entity_name(db, entity_id: str) -> str:
    rows = await query(db, "SELECT name FROM entities WHERE id = :id", {"id": entity_id})
    return rows[0]["name"] if rows else entity_id


async def event_names(db, claim_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Claim id -> (event id, event name), for the claims that name an event."""
    if not claim_ids or not await db.table_exists("events") or "event_id" not in await columns_of(db, "claims"):
        return {}
    marks = ", ".join(f":c{i}" for i in range(len(claim_ids)))
    rows = await query(db, f"""SELECT c.id, e.id AS event_id, e.name FROM claims c JOIN events e ON e.id = c.event_id
                               WHERE c.id IN ({marks})""", {f"c{i}": claim_id for i, claim_id in enumerate(claim_ids)})
    return {r["id"]: (r["event_id"], r["name"]) for r in rows}


def search_asked(args) -> str | None:
    """What `?_search=` (or `?_search_<column>=`) asks for in a table's query string, if anything."""
    return args.get("_search") or next(
        (args.get(k) for k in args.keys() if k.startswith("_search_") and args.get(k)), None)


async def searchable(datasette, database: str, table: str) -> bool:
    """Whether Datasette searches `table` given `?_search=`: it has a full-text index, found
    by Datasette or named in its metadata (a view's `fts_table`). Elsewhere it is ignored."""
    meta = datasette.table_metadata(database, table) or {}
    return bool(meta.get("fts_table") or await datasette.get_database(database).fts_table(table))


async def view_columns(db, name: str) -> set[str]:
    if name in await db.view_names() or await db.table_exists(name):
        return set(await db.table_columns(name))
    return set()
