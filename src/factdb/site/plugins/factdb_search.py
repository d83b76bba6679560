"""Search across the site (/-/search), the parameters of stored queries checked, and the site's
stylesheet.

Search runs one query per full-text index the build makes (quotes and translations of
citations, titles and texts of sources; FTS5 with the Porter stemmer, so 'drones' finds
'drone') and matches each word as a prefix, so 'serang' finds the Indonesian 'serangan' and
'serangannya' (suffixes only: 'menyerang', with its prefix, is a word of its own). Each hit shows a snippet, its words marked, and links
to the page of its claim, person or source. Names of events, people, places and organisations
are matched too.

A Datasette plugin loaded from a plugins directory: it imports only Datasette and the
standard library (see factdb_front.py).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote_plus

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

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

rows, row_url, settings = common.query, common.row_url, common.settings

LIMIT = 20
OPEN, CLOSE = "\x02", "\x03"
"""Snippet markers no text contains: the snippet is escaped, then they become <mark>."""


def match_expression(q: str) -> str:
    """The FTS5 query for what a reader typed: every word, each as a prefix (implicit AND).
    Operators and quotes are not passed on: a stray '"' must not be a syntax error."""
    words = re.findall(r"\w+", q)
    return " ".join(f'"{w}"*' for w in words)


def snippet_html(text: str | None) -> Markup:
    if not text:
        return Markup("")
    return Markup(str(escape(text)).replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))


def _snippet(index: str, column: int, tokens: int = 24) -> str:
    return f"snippet({index}, {column}, char(2), char(3), '…', {tokens})"


async def search_citations(datasette, database: str, db, match: str) -> dict:
    hits = await rows(db, f"""
        SELECT cit.id, cit.claim_id, cit.role_id, cit.source_id, c.label, c.type, c.date_from, c.date_to,
          coalesce(who.name, person.name) AS who, {common.SOURCE_COLUMNS},
          {_snippet('citations_fts', 0)} AS quote, {_snippet('citations_fts', 1)} AS translation
        FROM citations_fts
        JOIN citations cit ON cit.rowid = citations_fts.rowid
        JOIN sources s ON s.id = cit.source_id
        LEFT JOIN claims c ON c.id = cit.claim_id
        LEFT JOIN entities who ON who.id = c.claimant_id
        LEFT JOIN roles r ON r.id = cit.role_id
        LEFT JOIN entities person ON person.id = r.person_id
        WHERE citations_fts MATCH :match ORDER BY rank LIMIT {LIMIT}""", {"match": match})
    for hit in hits:
        hit["quote"], hit["translation"] = snippet_html(hit["quote"]), snippet_html(hit["translation"])
        if hit["claim_id"]:
            hit["url"] = row_url(datasette, database, "claims", hit["claim_id"])
            hit["title"] = hit["label"]
        else:
            hit["url"] = row_url(datasette, database, "roles", hit["role_id"])
            hit["title"] = f"{hit['who']}: a role"
        hit["source_url"] = row_url(datasette, database, "sources", hit["source_id"])
    return {"hits": hits, "count": await count(db, "citations_fts", match)}


async def search_sources(datasette, database: str, db, match: str) -> dict:
    hits = await rows(db, f"""
        SELECT s.id, s.language, {common.SOURCE_COLUMNS}, {_snippet('sources_fts', 1, 32)} AS text
        FROM sources_fts JOIN sources s ON s.rowid = sources_fts.rowid
        WHERE sources_fts MATCH :match ORDER BY rank LIMIT {LIMIT}""", {"match": match})
    for hit in hits:
        hit["text"] = snippet_html(hit["text"])
        hit["url"] = row_url(datasette, database, "sources", hit["id"])
    return {"hits": hits, "count": await count(db, "sources_fts", match)}


async def search_names(datasette, database: str, db, q: str) -> dict:
    hits = await rows(db, f"""
        SELECT id, name, kind FROM entities
        WHERE name LIKE :like OR id IN (SELECT entity_id FROM aliases WHERE alias LIKE :like)
        ORDER BY kind, name LIMIT {LIMIT}""", {"like": f"%{q.strip()}%"})
    for hit in hits:
        hit["url"] = row_url(datasette, database, "entities", hit["id"])
    if await db.table_exists("events"):
        events = await rows(db, f"""SELECT id, name, kind FROM events WHERE name LIKE :like
                                    ORDER BY date_from DESC LIMIT {LIMIT}""", {"like": f"%{q.strip()}%"})
        for event in events:
            event["url"] = row_url(datasette, database, "events", event["id"])
            event["kind"] = "event: " + event["kind"].replace("_", " ")
        hits = events + hits
    return {"hits": hits, "count": len(hits)}


async def count(db, index: str, match: str) -> int:
    return (await db.execute(f"SELECT count(*) FROM {index} WHERE {index} MATCH :match", {"match": match})).rows[0][0]


async def search(request, datasette):
    database = settings(datasette).get("database")
    q = (request.args.get("q") or "").strip()
    context = {"q": q, "results": None, "database": database}
    if q and database in datasette.databases:
        db = datasette.get_database(database)
        match = match_expression(q)
        if match:
            context["results"] = {
                "citations": await search_citations(datasette, database, db, match),
                "sources": await search_sources(datasette, database, db, match),
                "names": await search_names(datasette, database, db, q),
            }
        else:
            context["results"] = {}
    return Response.html(await datasette.render_template("factdb_search.html", context, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/search$", search)]


@hookimpl
def asgi_wrapper(datasette):
    """The JSON of a table or view given `?_search=` it cannot search: a 400 that says so
    (Datasette would answer every row, as if the search had matched them all). Its HTML page
    says so above the rows (templates/table.html)."""

    def wrap(app):
        async def wrapped(scope, receive, send):
            problem = await unsearchable_json(datasette, scope) if scope["type"] == "http" else None
            if problem is None:
                return await app(scope, receive, send)
            response = Response.json({"ok": False, "error": problem, "status": 400, "title": None}, status=400)
            await response.asgi_send(send)

        return wrapped

    return wrap


async def unsearchable_json(datasette, scope) -> str | None:
    from urllib.parse import parse_qs

    from datasette.utils import MultiParams, tilde_decode

    parts = scope.get("path", "").strip("/").split("/")
    if len(parts) != 2 or not parts[1].endswith(".json"):
        return None
    args = MultiParams(parse_qs(scope.get("query_string", b"").decode("latin-1")))
    asked = common.search_asked(args)
    database, table = tilde_decode(parts[0]), tilde_decode(parts[1][: -len(".json")])
    if not asked or database not in datasette.databases:
        return None
    db = datasette.get_database(database)
    if not (await db.table_exists(table) or table in await db.view_names()):
        return None
    if await common.searchable(datasette, database, table):
        return None
    return (f"{table} has no full-text index, so _search={asked!r} would filter nothing; "
            f"search the site: {datasette.urls.path('/-/search')}?q={quote_plus(asked)}")


@hookimpl
def menu_links(datasette):
    return [
        {"href": datasette.urls.path("/-/search"), "label": "Search the site"},
        {"href": datasette.urls.path("/-/dashboards/factdb"), "label": "Charts"},
    ]


@hookimpl
def extra_css_urls(datasette):
    static = settings(datasette).get("static")
    return [datasette.urls.path(f"{static}site.css")] if static else []


# --- stored queries: parameters checked, titles in the tab ---------------------------------


def parameter_problems(formats: dict, values: dict) -> list[str]:
    """What is wrong with the values given to a stored query's parameters, in words that say
    what each wants: "date: '5/2/2026' is not a date; give it as YYYY-MM-DD, e.g. 2026-02-05"."""
    problems = []
    for name, value in values.items():
        want = formats.get(name)
        if want is None or value in (None, ""):
            continue
        ok = re.fullmatch(want["pattern"], value) is not None
        if ok and want.get("kind") == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                ok = False
        if not ok:
            problems.append(
                f"{name}: {value!r} is not {want['what']}; give it as {want['format']}, e.g. {want['example']}"
            )
    return problems


@hookimpl
def extra_template_vars(template, request, datasette):
    if template != "query.html" or request is None:
        return None
    formats = settings(datasette).get("parameters", {})
    values = {name: request.args.get(name) for name in formats if name in request.args}
    return {"parameter_problems": parameter_problems(formats, values)}
