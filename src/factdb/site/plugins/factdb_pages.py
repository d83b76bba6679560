"""The claim, figure, event and source pages: Datasette's row pages of claims, figures, events
and sources (templates/row.html), with what a reader looks for first: for a claim its figures,
the words and sources that state them, what others said about the same, delegations, history;
for an event every claimant's figures side by side, disputes and corroborations; for a source
who printed it and when, and every quote taken from it.

A Datasette plugin loaded from a plugins directory, like factdb_front.py.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils import tilde_decode


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

query, row_url, columns_of = common.query, common.row_url, common.columns_of
figure_text, measure_text, when_text = common.figure_text, common.measure_text, common.when_text
figures_of, bound_words, marked = common.figures_of, common.bound_words, common.marked
delegations_of, entity_name, view_columns = common.delegations_of, common.entity_name, common.view_columns


@hookimpl
def extra_template_vars(template, database, table, request, datasette):
    if template == "row.html" and request is not None and table in PAGES:
        return lambda: row_page(datasette, database, table, request)
    return None


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
    # The heading is the label without its dates, which the line below it gives with their
    # precision (a label's dates, wrapped, broke a heading at a hyphen: '2026-' / '02-05').
    dated = f", {claim['when']})"
    claim["heading"] = claim["label"][: -len(dated)] + ")" if claim["label"].endswith(dated) else claim["label"]
    claim["claimant_url"] = row_url(datasette, database, "entities", claim["claimant_id"])
    page = {"kind": "claim", "claim": claim}
    page["citations"] = await query(db, f"""
        SELECT cit.id, cit.position, cit.source_id, cit.quote, cit.translation, s.url, s.language,
          {common.SOURCE_COLUMNS}
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
    page["event"] = await event_link(datasette, database, db, claim.get("event_id"))
    return page


async def event_link(datasette, database: str, db, event_id: str | None) -> dict | None:
    """The event a claim or figure is about, as a link, where it names one."""
    if not event_id or not await db.table_exists("events"):
        return None
    rows = await query(db, "SELECT * FROM events WHERE id = :id", {"id": event_id})
    name = (rows[0].get("name") if rows else None) or event_id
    return {"url": row_url(datasette, database, "events", event_id), "name": name}


async def disputes_of(datasette, database: str, db, claim_id: str) -> list[dict]:
    """What other claims said about the same (the pair views: disputed_figures, and
    corroborated_figures where the build has it), from this claim's side: this claim's figure
    first, each pair once."""
    rows = []
    for view in PAIR_VIEWS:
        if not {"claim_id_a", "claim_id_b"} <= await view_columns(db, view):
            continue
        for mine, theirs in (("a", "b"), ("b", "a")):
            for pair in await query(db, f"SELECT * FROM {view} WHERE claim_id_{mine} = :id", {"id": claim_id}):
                row = side_of(pair, mine, "")
                row.update(side_of(pair, theirs, "other_"))
                row["text"], row["other_text"] = figure_text(side_of(pair, mine)), figure_text(side_of(pair, theirs))
                row["other_url"] = row_url(datasette, database, "claims", pair[f"claim_id_{theirs}"])
                row["measure_text"] = measure_text(pair.get("measure"))
                row["why"] = pair.get("why")
                row["agrees"] = view == "corroborated_figures" or bool(pair.get("same_value"))
                rows.append(row)
    return rows


PAIR_VIEWS = ("disputed_figures", "corroborated_figures")


def side_of(pair: dict, side: str, prefix: str = "") -> dict:
    """One figure of a pair row: its `_a` or `_b` columns, without the suffix (and with a
    prefix), and the columns both share."""
    shared = {k: v for k, v in pair.items() if not (k.endswith("_a") or k.endswith("_b"))}
    own = {prefix + k[:-2]: v for k, v in pair.items() if k.endswith(f"_{side}")}
    return {**({} if prefix else shared), **own}


async def figure_page(datasette, database: str, db, figure_id: str) -> dict | None:
    rows = await query(db, f"""SELECT f.*, c.label AS claim_label, {common.SOURCE_COLUMNS}
        FROM figures f JOIN claims c ON c.id = f.claim_id LEFT JOIN sources s ON s.id = f.source_id
        WHERE f.figure_id = :id""", {"id": figure_id})
    if not rows:
        return None
    figure = rows[0]
    figure["text"] = figure_text(figure)
    figure["measure_text"] = measure_text(figure["measure"])
    figure["claim_url"] = row_url(datasette, database, "claims", figure["claim_id"])
    event_id = figure.get("event_id")
    if event_id is None and "event_id" in await columns_of(db, "claims"):
        event_id = (await query(db, "SELECT event_id FROM claims WHERE id = :id", {"id": figure["claim_id"]}))[0]["event_id"]
    return {
        "kind": "figure", "figure": figure, "event": await event_link(datasette, database, db, event_id),
        "title": f"{figure['claimant']}: {figure['text']} {figure['measure_text']} · factdb",
        "quote_html": marked(figure.get("quote"), [bound_words(figure)]),
        "source_label": common.source_title(figure), "source_byline": common.source_byline(figure),
        "source_url": row_url(datasette, database, "sources", figure["source_id"]) if figure.get("source_id") else None,
    }


async def event_page(datasette, database: str, db, event_id: str) -> dict | None:
    rows = await query(db, "SELECT * FROM events WHERE id = :id", {"id": event_id})
    if not rows:
        return None
    event = rows[0]
    event["when"] = when_text(event.get("date_from"), event.get("date_to"))
    for ref in ("place_id", "country_id", "attacker_id", "target_country_id"):
        if event.get(ref):
            event[ref[:-3] + "_name"] = await entity_name(db, event[ref])
    claim_cols = await columns_of(db, "claims")
    claims = await query(db, """
        SELECT c.id, c.type, c.label, c.status, c.date_from, c.date_to, who.name AS claimant
        FROM claims c JOIN entities who ON who.id = c.claimant_id
        WHERE c.event_id = :id ORDER BY c.date_from IS NULL, c.date_from, c.type, c.label, c.id""", {"id": event_id}) if "event_id" in claim_cols else []
    for claim in claims:
        claim["url"] = row_url(datasette, database, "claims", claim["id"])
    ids = [c["id"] for c in claims]
    figures = await figures_of(db, ids)
    for figure in figures:
        figure["claim_url"] = row_url(datasette, database, "claims", figure["claim_id"])
    pairs = {}
    for view in ("disputed_figures", "corroborated_figures"):
        pairs[view] = await pairs_of(datasette, database, db, view, event_id, ids)
    delegations = [d for claim_id in ids for d in await delegations_of(db, claim_id)]
    return {
        "kind": "event", "event": event, "claims": claims, "title": f"{event.get('name') or event_id} · factdb",
        "side_by_side": side_by_side(figures), "disputes": pairs["disputed_figures"],
        "corroborations": pairs["corroborated_figures"], "delegations": delegations,
    }


def side_by_side(figures: list[dict]) -> dict:
    """Each claimant's figures in a column, one row per measure (and detail): what each party
    said about the same thing, side by side."""
    counts: dict[str, int] = {}
    for figure in figures:
        counts[figure["claimant"]] = counts.get(figure["claimant"], 0) + 1
    claimants = sorted(counts, key=lambda c: -counts[c])  # the fullest account first
    rows: dict[tuple, dict[str, list[dict]]] = {}
    for figure in figures:
        key = (figure["measure_text"], figure.get("detail") or "")
        rows.setdefault(key, {}).setdefault(figure["claimant"], []).append(figure)
    return {"claimants": claimants, "rows": [
        {"measure": measure, "detail": detail, "cells": [cells.get(c, []) for c in claimants]}
        for (measure, detail), cells in rows.items()
    ]}


async def pairs_of(datasette, database: str, db, view: str, event_id: str, claim_ids: list[str]) -> list[dict]:
    """The rows of a view of figure pairs (disputed_figures, corroborated_figures) about one
    event: by its event_id where the view has one, else among the event's claims."""
    columns = await view_columns(db, view)
    if "event_id" in columns:
        rows = await query(db, f"SELECT * FROM {view} WHERE event_id = :id", {"id": event_id})
    elif claim_ids and {"claim_id_a", "claim_id_b"} <= columns:
        marks = ", ".join(f":c{i}" for i in range(len(claim_ids)))
        rows = await query(db, f"SELECT * FROM {view} WHERE claim_id_a IN ({marks})",
                           {f"c{i}": claim_id for i, claim_id in enumerate(claim_ids)})
    else:
        return []
    for row in rows:
        for side in ("a", "b"):
            row[f"text_{side}"] = figure_text(side_of(row, side))
            row[f"url_{side}"] = row_url(datasette, database, "claims", row[f"claim_id_{side}"])
        row["measure_text"] = measure_text(row.get("measure"))
    return rows


async def source_page(datasette, database: str, db, source_id: str) -> dict | None:
    """One archived article: what it is, who printed it and when, every quote taken from it
    with the claim it supports, and the start of its text."""
    rows = await query(db, "SELECT * FROM sources WHERE id = :id", {"id": source_id})
    if not rows:
        return None
    source = rows[0]
    # In the order the article prints them, where the build records where each quote starts.
    order = "coalesce(cit.archive_start, 0), cit.id" if "archive_start" in await columns_of(db, "citations") else "cit.id"
    quotes = await query(db, f"""
        SELECT cit.id, cit.claim_id, cit.role_id, cit.quote, cit.translation, c.label, c.date_from, c.date_to,
          coalesce(who.name, person.name) AS who
        FROM citations cit LEFT JOIN claims c ON c.id = cit.claim_id
        LEFT JOIN entities who ON who.id = c.claimant_id
        LEFT JOIN roles r ON r.id = cit.role_id LEFT JOIN entities person ON person.id = r.person_id
        WHERE cit.source_id = :id ORDER BY {order}""", {"id": source_id})
    for q in quotes:
        if q["claim_id"]:
            q["url"], q["title"] = row_url(datasette, database, "claims", q["claim_id"]), q["label"]
            q["when"] = when_text(q["date_from"], q["date_to"])
        else:
            q["url"], q["title"] = row_url(datasette, database, "roles", q["role_id"]), f"{q['who']}: a role"
    text = source.get("text") or ""
    for ref in ("publisher_id", "original_publisher_id"):
        if source.get(ref):
            source[ref[:-3] + "_url"] = row_url(datasette, database, "entities", source[ref])
    return {
        "kind": "source", "source": source, "quotes": quotes,
        "label": common.source_label(source), "byline": common.source_byline(source),
        "language": common.language_name(source.get("language")),
        "opening": text[:TEXT_SHOWN], "more_text": len(text) > TEXT_SHOWN,
        "title": f"{common.source_label(source)} · factdb",
    }


TEXT_SHOWN = 1200
"""Characters of an archived text shown on its page (all of it is under 'Every column')."""


PAGES = {"claims": claim_page, "figures": figure_page, "events": event_page, "sources": source_page}
"""Row pages with more than Datasette's row: the table and what loads the page's data."""
