"""The data of factdb's own pages: the front page, and the claim, figure and event pages
(Datasette's row pages, with templates/row.html), plus links from every column that names a
record.

A Datasette plugin loaded from a plugins directory (`--plugins-dir`): one file that imports
only Datasette and the standard library, since a published container has no factdb
installed. Its settings come from metadata.json (`plugins: {"factdb-site": ...}`), written by
factdb.site.metadata.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from markupsafe import Markup, escape

CONFIG = "factdb-site"

LINKS = {
    "claim_id": "claims", "claim_id_a": "claims", "claim_id_b": "claims",
    "target_claim_id": "claims", "meeting_id": "claims",
    "figure_id": "figures", "figure_id_a": "figures", "figure_id_b": "figures",
    "source_id": "sources", "source_id_a": "sources", "source_id_b": "sources",
    "citation_id": "citations", "event_id": "events", "role_id": "roles",
    "claimant_id": "entities", "place_id": "entities", "person_id": "entities",
    "side_id": "entities", "city_id": "entities", "country_id": "entities",
    "venue_id": "entities", "entity_id": "entities", "organization_id": "entities",
    "attacker_id": "entities", "target_country_id": "entities",
}
"""Columns that name a record, by convention of the schema, and the table of that record.
Datasette links only declared foreign keys; views and stored queries have none."""

QUALIFIED = {
    "at_least": "at least {}", "more_than": "more than {}", "at_most": "at most {}",
    "less_than": "less than {}", "approximately": "about {}",
}


def settings(datasette) -> dict:
    return datasette.plugin_config(CONFIG) or {}


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
        bounds = f"{_number(low)}–{_number(high)}" if low is not None or high is not None else ""
        return f"{word} ({bounds})" if bounds else word
    if qualifier == "range" or value is None:
        return f"{_number(low)}–{_number(high)}"
    return QUALIFIED.get(qualifier, "{}").format(_number(value))


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


# --- links from every column that names a record ------------------------------------------

_foreign_keys: dict[tuple[str, str], set[str]] = {}


async def _declared(datasette, database: str, table: str) -> set[str]:
    """The columns of `table` Datasette links itself (declared foreign keys), cached."""
    key = (database, table)
    if key not in _foreign_keys:
        db = datasette.get_database(database)
        fks = await db.foreign_keys_for_table(table) if await db.table_exists(table) else []
        _foreign_keys[key] = {fk["column"] for fk in fks}
    return _foreign_keys[key]


@hookimpl
def render_cell(value, column, table, database, datasette):
    target = LINKS.get(column)
    if target is None or not isinstance(value, str) or not value:
        return None

    async def link():
        if table is not None and column in await _declared(datasette, database, table):
            return None
        return Markup('<a href="{}">{}</a>').format(row_url(datasette, database, target, value), value)

    return link


# --- the front page ------------------------------------------------------------------------


async def counts(db) -> dict[str, int]:
    names = ["claims", "figures", "sources", "entities", "meetings", "events"]
    present = [n for n in names if await db.table_exists(n)]
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {n}) AS {n}" for n in present)
    (row,) = await query(db, sql)
    row["exchanges"] = (await query(db, "SELECT count(*) AS n FROM claims WHERE type = 'prisoner_exchange'"))[0]["n"]
    row["people"] = (await query(db, "SELECT count(*) AS n FROM entities WHERE kind = 'person'"))[0]["n"]
    return row


ATTACK_TYPES = ("air_attack", "strike")


async def latest_attacks(datasette, database: str, db, limit: int = 8) -> list[dict]:
    """The latest attack claims, each with its figures in words."""
    claims = await query(db, f"""
        SELECT c.id, c.type, c.date_from, c.date_to, who.name AS claimant, p.name AS place
        FROM claims c JOIN entities who ON who.id = c.claimant_id
        LEFT JOIN entities p ON p.id = c.place_id
        WHERE c.type IN {ATTACK_TYPES!r} AND c.date_to IS NOT NULL
        ORDER BY c.date_to DESC, c.id LIMIT {int(limit)}""")
    ids = [c["id"] for c in claims]
    figures = await figures_of(db, ids)
    for claim in claims:
        claim["url"] = row_url(datasette, database, "claims", claim["id"])
        claim["when"] = when_text(claim["date_from"], claim["date_to"])
        claim["figures"] = [f for f in figures if f["claim_id"] == claim["id"]]
    return claims


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


async def talks(datasette, database: str, db, limit: int = 10) -> list[dict]:
    rows = await query(db, f"""
        SELECT c.id, m.name, c.date_from, c.date_to, m.status, m.format,
          coalesce(city.name, country.name) AS place
        FROM meetings m JOIN claims c ON c.id = m.claim_id
        LEFT JOIN entities city ON city.id = m.city_id
        LEFT JOIN entities country ON country.id = m.country_id
        ORDER BY c.date_from IS NULL, c.date_from DESC, c.id LIMIT {int(limit)}""")
    for row in rows:
        row["url"] = row_url(datasette, database, "claims", row["id"])
        row["when"] = when_text(row["date_from"], row["date_to"])
    return rows


async def contents(datasette, database: str, db) -> dict[str, list[dict]]:
    """Every view, table and stored query, with its description, views first."""
    hidden = set(await db.hidden_table_names())
    views = await db.view_names()
    stored = [t for t in ("figures",) if await db.table_exists(t)]
    tables = [t for t in await db.table_names() if t not in hidden and t not in stored]

    def entry(name: str) -> dict:
        meta = datasette.table_metadata(database, name) or {}
        return {"name": name, "url": datasette.urls.table(database, name), "description": meta.get("description", "")}

    queries = await datasette.get_canned_queries(database, None)
    return {
        "views": [entry(n) for n in (*stored, *views)],
        "tables": [entry(n) for n in tables],
        "queries": [
            {"name": name, "title": q.get("title") or name, "description": q.get("description", ""),
             "url": datasette.urls.path(f"{datasette.urls.database(database)}/{name}")}
            for name, q in queries.items()
        ],
    }


async def citing_example(datasette, database: str, db, request) -> dict | None:
    """A real figure to show how to cite one: its stable URL and a sentence."""
    rows = await query(db, """
        SELECT f.*, s.publisher, s.published, s.title AS source_title FROM figures f
        LEFT JOIN sources s ON s.id = f.source_id
        WHERE f.value IS NOT NULL ORDER BY f.date_from DESC, f.rowid LIMIT 1""")
    if not rows:
        return None
    figure = rows[0]
    figure["text"] = figure_text(figure)
    figure["measure_text"] = measure_text(figure["measure"])
    figure["url"] = datasette.absolute_url(request, row_url(datasette, database, "figures", figure["figure_id"]))
    figure["claim_url"] = datasette.absolute_url(request, row_url(datasette, database, "claims", figure["claim_id"]))
    return figure


async def build_info(db) -> dict[str, str]:
    if not await db.table_exists("build_info"):
        return {}
    return {r["key"]: r["value"] for r in await query(db, "SELECT key, value FROM build_info")}


async def sources_list(datasette, database: str, db) -> list[dict]:
    rows = await query(db, """SELECT id, title, publisher, published, language, url FROM sources
                              ORDER BY published DESC, id LIMIT 20""")
    for row in rows:
        row["page"] = row_url(datasette, database, "sources", row["id"])
    return rows


async def front_page(datasette, request) -> dict:
    database = settings(datasette).get("database")
    if database not in datasette.databases:
        return {}
    db = datasette.get_database(database)
    charts = (datasette.plugin_config("datasette-dashboards") or {}).get("factdb", {}).get("charts", {})
    return {
        "factdb": {
            "database": database,
            "database_url": datasette.urls.database(database),
            "counts": await counts(db),
            "attacks": await latest_attacks(datasette, database, db),
            "talks": await talks(datasette, database, db),
            "contents": await contents(datasette, database, db),
            "example": await citing_example(datasette, database, db, request),
            "build": await build_info(db),
            "sources": await sources_list(datasette, database, db),
            "charts": charts,
            "absolute_url": datasette.absolute_url(request, datasette.urls.instance()),
            "repository": settings(datasette).get("repository"),
        }
    }


@hookimpl
def extra_template_vars(template, database, table, request, datasette):
    if request is None:
        return None
    if template == "index.html":
        return lambda: front_page(datasette, request)
    if template == "row.html" and table in PAGES:
        return lambda: row_page(datasette, database, table, request)
    return None


# --- claim, figure and event pages ---------------------------------------------------------


async def row_page(datasette, database: str, table: str, request) -> dict:
    db = datasette.get_database(database)
    key = tilde_decode(request.url_vars["pks"])
    page = await PAGES[table](datasette, database, db, key)
    return {"factdb_page": page} if page else {}


async def claim_page(datasette, database: str, db, claim_id: str) -> dict | None:
    rows = await query(db, """
        SELECT c.*, who.name AS claimant, p.name AS place FROM claims c
        JOIN entities who ON who.id = c.claimant_id LEFT JOIN entities p ON p.id = c.place_id
        WHERE c.id = :id""", {"id": claim_id})
    if not rows:
        return None
    claim = rows[0]
    claim["when"] = when_text(claim["date_from"], claim["date_to"])
    claim["claimant_url"] = row_url(datasette, database, "entities", claim["claimant_id"])
    page = {"kind": "claim", "claim": claim}
    page["citations"] = await query(db, """
        SELECT cit.id, cit.position, cit.source_id, cit.quote, cit.translation, s.title, s.publisher,
          s.published, s.url, s.language
        FROM citations cit JOIN sources s ON s.id = cit.source_id
        WHERE cit.claim_id = :id ORDER BY cit.position""", {"id": claim_id})
    for citation in page["citations"]:
        citation["source_url"] = row_url(datasette, database, "sources", citation["source_id"])
    page["figures"] = await figures_of(db, [claim_id])
    for figure in page["figures"]:
        figure["url"] = row_url(datasette, database, "figures", figure["figure_id"])
    for citation in page["citations"]:
        citation["quote_html"] = marked(citation["quote"], [
            f["bound_words"] for f in page["figures"] if f.get("citation_id", citation["id"]) == citation["id"]
        ])
    page["title"] = f"{claim['label']} · factdb"
    page["disputes"] = await disputes_of(datasette, database, db, claim_id)
    page["links"] = await query(db, """
        SELECT 'names' AS direction, l.field, c.id, c.label FROM claim_links l
          JOIN claims c ON c.id = l.target_claim_id WHERE l.claim_id = :id
        UNION ALL
        SELECT 'named by', l.field, c.id, c.label FROM claim_links l
          JOIN claims c ON c.id = l.claim_id WHERE l.target_claim_id = :id""", {"id": claim_id})
    for link in page["links"]:
        link["url"] = row_url(datasette, database, "claims", link["id"])
    page["entities"] = await query(db, """
        SELECT ce.field, e.id, e.name, e.kind FROM claim_entities ce JOIN entities e ON e.id = ce.entity_id
        WHERE ce.claim_id = :id AND ce.field NOT IN ('claimant', 'delegations') ORDER BY ce.path""",
        {"id": claim_id})
    for entity in page["entities"]:
        entity["url"] = row_url(datasette, database, "entities", entity["id"])
    page["delegations"] = await delegations_of(db, claim_id)
    page["history"] = {k: claim.get(k) for k in ("first_recorded", "first_commit", "last_changed", "last_commit")}
    return page


async def disputes_of(datasette, database: str, db, claim_id: str) -> list[dict]:
    """The other claims' figures about the same measure, scope and dates (disputed_figures),
    from this claim's side: each pair once, this claim's figure first."""
    rows = []
    for mine, theirs in (("a", "b"), ("b", "a")):
        rows += await query(db, f"""
            SELECT measure, place, same_value, figure_id_{mine} AS figure_id,
              value_{mine} AS value, qualifier_{mine} AS qualifier, low_{mine} AS low, high_{mine} AS high,
              claim_id_{theirs} AS other_claim_id, claimant_{theirs} AS other_claimant,
              value_{theirs} AS other_value, qualifier_{theirs} AS other_qualifier,
              low_{theirs} AS other_low, high_{theirs} AS other_high, quote_{theirs} AS other_quote
            FROM disputed_figures WHERE claim_id_{mine} = :id""", {"id": claim_id})
    for row in rows:
        row["text"] = figure_text(row)
        row["other_text"] = figure_text({k[6:]: v for k, v in row.items() if k.startswith("other_")})
        row["other_url"] = row_url(datasette, database, "claims", row["other_claim_id"])
        row["measure_text"] = measure_text(row["measure"])
    return rows


async def delegations_of(db, meeting_id: str) -> list[dict]:
    members = await query(db, """SELECT side, person, person_id, role, leader FROM delegation_members
                                 WHERE meeting_id = :id ORDER BY member_id""", {"id": meeting_id})
    sides: dict[str, list[dict]] = {}
    for member in members:
        sides.setdefault(member["side"], []).append(member)
    return [{"side": side, "members": people} for side, people in sides.items()]


async def figure_page(datasette, database: str, db, figure_id: str) -> dict | None:
    rows = await query(db, """SELECT f.*, c.label AS claim_label, s.title AS source_title
        FROM figures f JOIN claims c ON c.id = f.claim_id LEFT JOIN sources s ON s.id = f.source_id
        WHERE f.figure_id = :id""", {"id": figure_id})
    if not rows:
        return None
    figure = rows[0]
    figure["text"] = figure_text(figure)
    figure["measure_text"] = measure_text(figure["measure"])
    figure["claim_url"] = row_url(datasette, database, "claims", figure["claim_id"])
    return {
        "kind": "figure", "figure": figure,
        "title": f"{figure['claimant']}: {figure['text']} {figure['measure_text']} · factdb",
        "quote_html": marked(figure.get("quote"), [bound_words(figure)]),
        "source_title": figure.get("source_title"),
        "source_url": row_url(datasette, database, "sources", figure["source_id"]) if figure.get("source_id") else None,
    }


PAGES = {"claims": claim_page, "figures": figure_page}
"""Row pages with more than Datasette's row: the table and what loads the page's data."""


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["figure_text"] = figure_text
    env.filters["measure_text"] = measure_text
    env.filters["ids_last"] = ids_last


ID_COLUMNS = ("id", "rowid", "record_json", "file")


def is_id(name: str) -> bool:
    return name in ID_COLUMNS or name.endswith("_id") or name.endswith("_rowid") or "_id_" in name


def ids_last(columns) -> list[int]:
    """The order to show a table's columns in: what a reader reads first, the ids after it
    (the id that links to the row's page too: its cells stay links)."""
    names = [c["name"] if isinstance(c, dict) else c for c in columns]
    return [i for i, n in enumerate(names) if not is_id(n)] + [i for i, n in enumerate(names) if is_id(n)]
