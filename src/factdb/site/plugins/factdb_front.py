"""The front page, links from every column that names a record, and the order of a table's
columns (readable first, ids last).

A Datasette plugin loaded from a plugins directory (`--plugins-dir`): it imports only Datasette
and the standard library, since a published container has no factdb installed; what the
plugins share is in factdb_common.py beside it. Its settings come from metadata.json
(`plugins: {"factdb-site": ...}`), written by factdb.site.metadata.
"""

from __future__ import annotations

from urllib.parse import quote_plus

from datasette import hookimpl
from markupsafe import Markup


def sibling(name: str):
    """Another module of this plugins directory (Datasette loads each file by its path, not
    as a package), loaded once."""
    import importlib.util
    import sys
    from pathlib import Path

    key = f"factdb_site.{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, Path(__file__).with_name(f"{name}.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


common = sibling("factdb_common")

query, row_url, settings = common.query, common.row_url, common.settings
figure_text, measure_text, when_text = common.figure_text, common.measure_text, common.when_text

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


# --- links from every column that names a record ------------------------------------------

_foreign_keys: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}


async def _declared(datasette, database: str, table: str) -> dict[str, tuple[str, str]]:
    """The declared foreign keys of `table`: column -> (table, column) it names, cached."""
    key = (database, table)
    if key not in _foreign_keys:
        db = datasette.get_database(database)
        fks = await db.foreign_keys_for_table(table) if await db.table_exists(table) else []
        _foreign_keys[key] = {fk["column"]: (fk["other_table"], fk["other_column"]) for fk in fks}
    return _foreign_keys[key]


async def label_of(datasette, database: str, table: str, column: str, value: str) -> str | None:
    """The label of the row of `table` whose `column` is `value` (its label column: a name,
    a title), or None."""
    db = datasette.get_database(database)
    label_column = await db.label_column_for_table(table)
    if not label_column:
        return None
    rows = await query(db, f"SELECT [{label_column}] AS label FROM [{table}] WHERE [{column}] = :v", {"v": value})
    return rows[0]["label"] if rows else None


SOURCE_COLUMNS = {"source_id", "source_id_a", "source_id_b"}
"""Columns that name a source: shown by its headline (or, untitled, its publisher and date),
declared foreign key or not (Datasette would show a source without a title as 'None')."""


async def source_link(datasette, database: str, source_id: str) -> Markup:
    db = datasette.get_database(database)
    rows = await query(db, f"SELECT {common.SOURCE_COLUMNS} FROM sources s WHERE s.id = :id", {"id": source_id})
    label = common.source_label(rows[0]) if rows else source_id
    return Markup('<a href="{}" title="{}">{}</a>').format(
        row_url(datasette, database, "sources", source_id), source_id, label)


async def untitled_sources(datasette, database: str) -> dict[str, str]:
    """Labels of the sources without a title, by id (for facets, which would say 'None')."""
    db = datasette.get_database(database)
    if not await db.table_exists("sources"):
        return {}
    rows = await query(db, f"SELECT s.id, {common.SOURCE_COLUMNS} FROM sources s WHERE s.title IS NULL LIMIT 1000")
    return {row["id"]: common.source_label(row) for row in rows}


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column in SOURCE_COLUMNS and database == settings(datasette).get("database"):
        source_id = value.get("value") if isinstance(value, dict) else value
        if isinstance(source_id, str) and source_id:
            return source_link(datasette, database, source_id)
    if column == "quote" and table == "figures" and isinstance(value, str):
        # The words that state the figure, marked in its quote (as on the figure's page).
        words = row["words"] if "words" in row.keys() else None
        return common.marked(value, [words]) if words else None
    if column == "measure" and isinstance(value, str) and "_" in value:
        # distance_from_ukrainian_controlled_territory, one unbreakable word, made its column
        # 44 letters wide: it may break after each underscore (the text stays the value).
        return Markup("_<wbr>").join(value.split("_"))
    if not isinstance(value, str) or not value or (table is None and column not in LINKS):
        return None

    async def link():
        declared = await _declared(datasette, database, table) if table is not None else {}
        if column in declared:
            # A table page gives Datasette's own link, with the label (`value` is a dict
            # there); a row page gives the bare id: link it, with its label, the same way.
            other_table, other_column = declared[column]
            label = await label_of(datasette, database, other_table, other_column, value)
            href = row_url(datasette, database, other_table, value)
            if label and label != value:
                return Markup('<a href="{}">{}</a>&nbsp;<em>{}</em>').format(href, label, value)
            return Markup('<a href="{}">{}</a>').format(href, value)
        target = LINKS.get(column)
        if target is None:
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
    """The latest attack claims, each with its figures in words: those dated to a day or a
    night first, then those known only within a wider window (a report dated 'February 2025 to
    February 2026' is not the latest night)."""
    claims = await query(db, f"""
        SELECT c.id, c.type, c.date_from, c.date_to, who.name AS claimant, p.name AS place
        FROM claims c JOIN entities who ON who.id = c.claimant_id
        LEFT JOIN entities p ON p.id = c.place_id
        WHERE c.type IN {ATTACK_TYPES!r} AND c.date_to IS NOT NULL
        ORDER BY c.date_from IS NULL OR julianday(c.date_to) - julianday(c.date_from) > 1,
          c.date_to DESC, c.id LIMIT {int(limit)}""")
    ids = [c["id"] for c in claims]
    figures = await common.figures_of(db, ids)
    events = await common.event_names(db, [c["id"] for c in claims])
    for claim in claims:
        claim["url"] = row_url(datasette, database, "claims", claim["id"])
        if claim["id"] in events:
            event_id, name = events[claim["id"]]
            claim["event"] = {"url": row_url(datasette, database, "events", event_id), "name": name}
        claim["when"] = when_text(claim["date_from"], claim["date_to"])
        claim["figures"] = [f for f in figures if f["claim_id"] == claim["id"]]
    return claims


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
    stored = [t for t in ("events", "figures") if await db.table_exists(t)]
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
    rows = await query(db, f"""
        SELECT f.*, {common.SOURCE_COLUMNS} FROM figures f
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
    rows = await query(db, f"""SELECT s.id, s.language, s.url, {common.SOURCE_COLUMNS} FROM sources s
                               ORDER BY coalesce(s.published, s.published_earliest) DESC, s.id LIMIT 20""")
    for row in rows:
        row["page"] = row_url(datasette, database, "sources", row["id"])
    return rows


def linked(text: str, links: dict[str, str]) -> Markup:
    """`text`, escaped, with the first occurrence of each phrase of `links` a link to its URL:
    the description names views ('Start with the figures view') a reader should reach in a click."""
    html = str(Markup.escape(text))
    for phrase, url in links.items():
        html = html.replace(str(Markup.escape(phrase)), str(Markup('<a href="{}">{}</a>').format(url, phrase)), 1)
    return Markup(html)


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
            "lede": linked(datasette.metadata("description") or "", {
                "disputed_figures": datasette.urls.table(database, "disputed_figures"),
                "figures view": datasette.urls.table(database, "figures"),
            }),
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
    if template == "table.html" and database == settings(datasette).get("database"):
        async def table_vars():
            return {"untitled_sources": await untitled_sources(datasette, database),
                    "unsearchable": await unsearchable(datasette, database, table, request)}
        return table_vars
    return None


async def unsearchable(datasette, database: str, table: str, request) -> dict | None:
    """Where `?_search=` was given to a table or view that has no full-text index, what was
    asked (Datasette would ignore it and show every row), with the search across the site."""
    asked = common.search_asked(request.args)
    if not asked or await common.searchable(datasette, database, table):
        return None
    return {"q": asked, "url": datasette.urls.path("/-/search") + "?q=" + quote_plus(asked)}


@hookimpl
def prepare_jinja2_environment(env, datasette):
    env.filters["figure_text"] = figure_text
    env.filters["measure_text"] = measure_text
    env.filters["source_label"] = common.source_label
    env.filters["source_title"] = common.source_title
    env.filters["source_byline"] = common.source_byline
    env.filters["language_name"] = common.language_name
    env.filters["ids_last"] = lambda columns, table=None: reading_order(
        columns, settings(datasette).get("prose_columns", ()),
        settings(datasette).get("lead_columns", {}).get(table or "", ()))
    env.tests["prose"] = lambda column: column in settings(datasette).get("prose_columns", ())


ID_COLUMNS = ("id", "rowid", "record_json", "file", "first_commit", "last_commit")


def is_id(name: str) -> bool:
    return name in ID_COLUMNS or name.endswith("_id") or name.endswith("_rowid") or "_id_" in name


def reading_order(columns, prose=(), lead=()) -> list[int]:
    """The order to show a table's columns in: the table's lead columns (who, what, how many,
    when, where, in which words: on the first screen), then names, numbers and short words,
    then prose (quotes, translations: a column of them is a screen wide), then ids (the id
    that links to the row's page too: its cells stay links)."""
    names = [c["name"] if isinstance(c, dict) else c for c in columns]
    lead = list(lead)
    rank = [(-1, lead.index(n)) if n in lead else (2 if is_id(n) else 1 if n in prose else 0, 0) for n in names]
    return sorted(range(len(names)), key=lambda i: (*rank[i], i))
