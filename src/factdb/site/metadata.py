"""Datasette metadata for the built file (the metadata.json format of the Datasette 0.65 line).

Two parts, kept apart and merged only when the file is written:

- `description()`: what things are: title, description, license, source, and a description of
  every table, view and column, taken from the SQLModel models' docstrings and Field
  descriptions (the one place they are written);
- `behaviour()`: how they are browsed: label columns, default facets, sort orders, sortable
  columns, full-text search on views, and the stored (canned) queries.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from urllib.parse import quote


from ..db.about import ABOUT, LICENSE, LICENSE_URL, TITLE
from ..db.write import FTS_COLUMNS
from ..db.docs import column_docs, model_doc
from ..db.tables import TABLES
from ..db.views import PUBLIC
from . import PLUGIN_CONFIG, STATIC_MOUNT
from .charts import dashboards

DESCRIPTION = ABOUT + " Start with the figures view."
SOURCE = "Archived news articles, listed in the sources table"


_doc = model_doc
_columns = column_docs


def description(db_name: str = "factdb") -> dict:
    """Titles, descriptions, license and source, and every table's and column's description."""
    tables: dict[str, dict] = {}
    for model in (*TABLES, *PUBLIC):
        tables[model.__tablename__] = {"description": _doc(model), "columns": _columns(model)}
    for table, fts_columns in FTS_COLUMNS.items():
        described = tables[table]["columns"]
        tables[f"{table}_fts"] = {
            "description": f"Full-text index (FTS5) over {table}: " + ", ".join(fts_columns) + ".",
            "columns": {c: described[c] for c in fts_columns},
        }
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": SOURCE,
        "source_url": f"/{db_name}/sources",
        "databases": {
            db_name: {"description": DESCRIPTION, "description_html": start_here(db_name), "tables": tables},
        },
    }


START_HERE = (
    ("figures", "every stated number, newest first, with who claimed it and the quote"),
    ("disputed_figures", "figures of one event that cannot both be true, side by side, with why"),
    ("delegation_members", "who sat in which delegation, with the role stated at that meeting"),
    ("sources", "the archived articles, searchable"),
)


def start_here(db_name: str) -> str:
    """The database page's description, linking the views to start with (the page lists the
    stored queries, then every table alphabetically: figures among 14 others)."""
    views = "".join(
        f'<li><a href="/{db_name}/{name}">{name}</a>: {escape(what)}</li>' for name, what in START_HERE
    )
    return f"<p>{escape(ABOUT)}</p><p>Start with:</p><ul>{views}</ul><p>or a stored query below.</p>"


FIGURE_FACETS = ["topic", "measure", "claimant", "qualifier"]

MAP_AFTER_ROWS = {"plugins": {"datasette-cluster-map": {"container": "section.content"}}}
"""On a table page the map comes after the rows (above them, 500 pixels of map hid the first
figure); a stored query of places opens on its map."""

TABLE_BEHAVIOUR: dict[str, dict] = {
    "figures": {
        "facets": FIGURE_FACETS,
        "sort_desc": "date_from",  # the latest figures first; indexed, as the table is stored
        "sortable_columns": [
            "date_from", "date_to", "measure", "value", "low", "high", "claimant", "place", "topic",
            "qualifier",
        ],
        # The search box searches the quote (and translation) that states each figure.
        "fts_table": "citations_fts",
        "fts_pk": "citation_rowid",
        **MAP_AFTER_ROWS,
    },
    "disputed_figures": {
        "facets": ["event", "measure", "claimant_a", "claimant_b"],
        "sortable_columns": ["measure", "date_from_a", "date_from_b", "value_a", "value_b"],
    },
    "corroborated_figures": {
        "facets": ["event", "measure", "same_claimant"],
        "sortable_columns": ["measure", "date_from_a", "date_from_b", "low", "high"],
    },
    "event_claims": {
        "facets": ["event", "type", "claimant", "measure"],
        "sortable_columns": ["event", "date_from", "claimant", "measure", "value"],
    },
    "events": {
        "label_column": "name",
        "facets": ["kind"],
        "sortable_columns": ["date_from", "kind", "name"],
    },
    "delegation_members": {
        "facets": ["meeting", "side", "person"],
        "sortable_columns": ["date_from", "meeting", "side", "person", "role"],
    },
    "person_roles": {
        "facets": ["person", "title", "status"],
        "sortable_columns": ["person", "title", "observed"],
    },
    "claims": {
        "label_column": "label",
        "facets": ["type", "claimant_id", "status"],
        "sortable_columns": [
            "id", "type", "claimant_id", "date_from", "date_to", "file", "first_recorded", "last_changed",
        ],
    },
    "quantities": {
        "facets": ["measure", "qualifier"],
        "sortable_columns": ["measure", "value", "low", "high", "date_from"],
    },
    "citations": {
        "label_column": "quote",
        "facets": ["source_id"],
        "sortable_columns": ["id", "source_id", "claim_id"],
    },
    "sources": {
        # A source reads as its headline wherever a row names it, not as its file id.
        "label_column": "title",
        "facets": ["publisher", "language"],
        "sortable_columns": ["id", "publisher", "published", "published_earliest", "language"],
    },
    "entities": {
        **MAP_AFTER_ROWS,
        "label_column": "name",
        "facets": ["kind", "subkind", "country_id"],
        "sortable_columns": ["id", "name", "kind"],
    },
    "roles": {"label_column": "title", "facets": ["person_id", "title"]},
    "meetings": {"label_column": "name", "facets": ["status", "format", "city_id"]},
    "delegations": {"label_column": "label", "facets": ["side_id"]},
    "members": {"facets": ["person_id", "meeting_id"]},
    "claim_entities": {"facets": ["field", "entity_id"]},
}

QUERIES: dict[str, dict] = {
    "night": {
        "title": "Everything about one night",
        "description": "Every claim whose dates include :date (YYYY-MM-DD), with each figure it "
        "states, in the words and quote (with its translation) that state it; a claim without "
        "figures shows its first quote. An overnight attack from the 4th to the 5th "
        "shows for both days. Claims dated to the day or the night come first; claims known only "
        "to fall within a wider window (an undated report) come last.",
        # Who said how many of what, in which words, first; ids last (links to their pages).
        # The label without the claimant and dates it ends with, which are columns of their own.
        "sql": """select case when c.label like '%)' and instr(c.label, ' (' || who.name) > 0
    then substr(c.label, 1, instr(c.label, ' (' || who.name) - 1) else c.label end as label,
  who.name as claimant, c.date_from, c.date_to,
  f.measure, f.value, f.unit, f.qualifier, f.words, coalesce(f.quote, cit.quote) as quote,
  case when f.figure_id is null then cit.translation else f.translation end as translation,
  f.low, f.high, f.status, f.derived, f.place, c.type,
  c.id as claim_id, coalesce(f.source_id, cit.source_id) as source_id
from claims c
join entities who on who.id = c.claimant_id
left join figures f on f.claim_id = c.id
left join citations cit on cit.claim_id = c.id and cit.position = 0
where date(:date) = :date and c.date_from <= :date and c.date_to >= :date
order by julianday(c.date_to) - julianday(c.date_from) > 1, c.date_from, c.id, f.figure_id""",
    },
    "person": {
        "title": "One person's appearances",
        "description": "Delegations, observed roles and claims of a person: give an id, or part of "
        "a name or alias (:person, e.g. Umerov). Dated appearances first, oldest first.",
        "sql": """with person as (
  select id from entities
  where kind = 'person' and :person <> '' and (
    id = :person or name like '%' || :person || '%'
    or id in (select entity_id from aliases where alias like '%' || :person || '%'))
)
select date, person, appearance, what, detail, quote, translation, claim_id, source_id from (
  select dm.date_from as date, dm.person, 'delegation member' as appearance,
    dm.meeting as what, dm.side || coalesce(', ' || dm.role, '') as detail,
    dm.meeting_id as claim_id, null as source_id, null as quote, null as translation
  from delegation_members dm where dm.person_id in (select id from person)
  union all
  select r.observed, r.person, 'role observed', r.title, r.status, null, r.source_id, r.quote,
    cit.translation
  from person_roles r
  left join citations cit on cit.role_id = r.role_id and cit.quote = r.quote
  where r.person_id in (select id from person)
  union all
  select c.date_from, e.name, 'named in a claim (' || ce.field || ')', c.label, c.type, c.id,
    cit.source_id, cit.quote, cit.translation
  from claim_entities ce
  join claims c on c.id = ce.claim_id
  join entities e on e.id = ce.entity_id
  left join citations cit on cit.claim_id = c.id and cit.position = 0
  where ce.entity_id in (select id from person) and ce.field <> 'delegations'
)
order by date is null, date, appearance, claim_id""",
    },
    "delegations": {
        "title": "Delegations by meeting",
        "description": "Each meeting's delegations, one row per side, with their members and the "
        "roles stated at that meeting; dated meetings first, oldest first.",
        "sql": """select meeting, date_from, date_to, city, side, count(*) as size,
  group_concat(person || coalesce(' (' || role || ')', '') || case when leader then ' [leader]' else '' end, '; ') as members,
  meeting_id
from (select * from delegation_members order by member_id)
group by meeting_id, side_id
order by date_from is null, date_from, meeting_id, side""",
    },
    "places": {
        "title": "Claims by place, on a map",
        "description": "Every claim that names a place with known coordinates (its place, city, "
        "venue, regions...), one row per claim and place; the map shows them clustered. A place "
        "without coordinates of its own is shown at the place it lies within, where that has "
        "them (`located`).",
        "sql": """select c.label as claim, c.type, c.date_from, c.date_to, p.name as place, ce.field,
  coalesce(p.latitude, w.latitude) as latitude, coalesce(p.longitude, w.longitude) as longitude,
  case when p.latitude is not null then 'its coordinates' else 'within ' || w.name end as located,
  c.id as claim_id, p.id as place_id
from claim_entities ce
join entities p on p.id = ce.entity_id
join claims c on c.id = ce.claim_id
left join entities w on w.id = p.parent_id and p.latitude is null
where coalesce(p.latitude, w.latitude) is not null and coalesce(p.longitude, w.longitude) is not null
  and ce.field <> 'claimant'
order by c.date_from is null, c.date_from desc, c.id, ce.path""",
    },
    "disputed": {
        "title": "Disputed figures",
        "description": "Figures of one event, measure, unit and place whose bounds cannot both be "
        "true, side by side, with why, both claimants and quotes (and their translations); the "
        "latest first.",
        "sql": """select d.event, d.measure, d.unit, d.place, d.why, d.date_from_a, d.date_to_a, d.claimant_a,
  d.qualifier_a, d.value_a, d.low_a, d.high_a, d.claimant_b, d.qualifier_b, d.value_b, d.low_b, d.high_b,
  d.date_from_b, d.date_to_b, d.quote_a, d.translation_a, d.quote_b, d.translation_b,
  d.figure_id_a, d.figure_id_b, d.event_id
from disputed_figures d
order by d.date_from_a desc, d.measure""",
    },
}


# Datasette 0.65 lists every column's description above the rows: 25 of them pushed the
# figures below the fold. This keeps the list, in two columns, scrolling within a few lines.
# Its table then shares the window's width out among 25 columns, and a quote squeezed into a
# column a word wide made each figure a screen tall: columns of prose get a readable width
# (the table scrolls sideways instead), except on a phone, where Datasette stacks each row.
# A data: URL needs no static files, so `factdb publish` ships it inside metadata.json.
PROSE_COLUMNS = (
    "quote", "translation", "quote_a", "quote_b", "translation_a", "translation_b", "notes",
    "outcome", "published_reason", "members",
)
SHORT_PROSE_COLUMNS = ("label", "meeting", "what", "detail", "role", "title", "event", "name", "claim", "source")
LONG_PROSE_COLUMNS = ("text", "record_json")
# A date broken over two lines made every row two lines tall at least; a quote of three
# sentences is five lines at 30em, nine at 20em.
UNBROKEN_COLUMN_PREFIXES = ("date_", "first_recorded", "last_changed", "observed", "published")
STYLESHEET = (
    "dl.column-descriptions{display:grid;grid-template-columns:max-content 1fr;gap:0 1em;"
    "max-height:9em;overflow-y:auto;font-size:0.85em;border:1px solid #ddd;padding:0.3em 0.6em}"
    "dl.column-descriptions dt{font-weight:bold}dl.column-descriptions dd{margin:0}"
    "@media (min-width:577px){"
    + ",".join(f".rows-and-columns td.col-{c}" for c in SHORT_PROSE_COLUMNS) + "{min-width:12em}"
    + ",".join(f".rows-and-columns td.col-{c}" for c in PROSE_COLUMNS) + "{min-width:30em}"
    + ",".join(f'.rows-and-columns td[class^="col-{c}"]' for c in UNBROKEN_COLUMN_PREFIXES) + "{white-space:nowrap}"
    + ",".join(f".rows-and-columns td.col-{c}" for c in LONG_PROSE_COLUMNS) + "{min-width:40em}"
    "}"
)

LEAD_COLUMNS = {
    "figures": ["claimant", "measure", "value", "unit", "qualifier", "date_from", "date_to", "place",
                "quote", "translation", "source_id", "claim_id", "event_id"],
    "claims": ["label", "claimant_id", "type", "status", "date_from", "date_to", "date_precision", "stated"],
    "delegations": ["label", "side_id", "meeting_id"],
    "members": ["person_id", "role", "leader", "delegation_id"],
}
"""Columns a table shows first (then the rest, prose, ids: see plugins/factdb_front.py): on
the figures page who said how many of what, when, where and in which words, on one screen
1280 pixels wide; the quote's words that state the figure are marked; then the source, claim and
event, each by its label (declared foreign keys)."""

FACET_SIZE = 8
"""Values shown per facet (Datasette's default is 30: four facets of 30 values put the first
figure 1,500 pixels down). Each facet's '…' link shows them all."""


def _css_url(css: str) -> str:
    return "data:text/css," + quote(css, safe="")


PARAMETERS = {
    "date": {"kind": "date", "pattern": r"\d{4}-\d{2}-\d{2}", "what": "a date", "format": "YYYY-MM-DD",
             "example": "2026-02-05"},
}
"""The forms the stored queries' parameters take: a value in another form matches nothing, and
the page says which form it wants."""


def plugins(db_name: str) -> dict:
    """The configuration of the site's plugins (factdb.site) and of the charts."""
    return {
        PLUGIN_CONFIG: {
            "database": db_name, "static": f"/{STATIC_MOUNT}/", "parameters": PARAMETERS,
            # Shown after the other columns (and before the ids): see templates/_table.html.
            # record_json is an id-like column (shown last) but clamped like prose: the whole
            # record of a claim made its row eight lines tall.
            "prose_columns": [*PROSE_COLUMNS, "text", "record_json"],
            "lead_columns": LEAD_COLUMNS,
        },
        "datasette-dashboards": dashboards(db_name),
    }


def behaviour(db_name: str = "factdb") -> dict:
    """Facets, sorting, search and label columns of each table and view; the stored queries;
    the stylesheet; the site's plugins."""
    return {
        "extra_css_urls": [_css_url(STYLESHEET)],
        "plugins": plugins(db_name),
        "databases": {
            db_name: {
                "tables": {
                    name: {**({"facet_size": FACET_SIZE} if "facets" in config else {}), **config}
                    for name, config in TABLE_BEHAVIOUR.items()
                },
                # Each query page opens on its results; its SQL is a click away ("show").
                "queries": {name: {**query, "hide_sql": True} for name, query in QUERIES.items()},
            }
        }
    }


def merge(base: dict, extra: dict) -> dict:
    """A deep merge of two metadata dicts (extra wins on plain values)."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def metadata(db_name: str = "factdb") -> dict:
    """The metadata.json for a database served under `db_name` (the file name without .db)."""
    return merge(description(db_name), behaviour(db_name))


def write_metadata(path: Path, db_name: str = "factdb") -> Path:
    path.write_text(json.dumps(metadata(db_name), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
