"""Datasette metadata for the built file (the metadata.json format of the Datasette 0.65 line).

Two parts, kept apart and merged only when the file is written:

- `description()`: what things are: title, description, license, source, and a description of
  every table, view and column, taken from the SQLModel models' docstrings and Field
  descriptions (the one place they are written);
- `behaviour()`: how they are browsed: label columns, default facets, sort orders, sortable
  columns, full-text search on views, and the stored (canned) queries.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from urllib.parse import quote

from sqlmodel import SQLModel

from .db.build import FTS_COLUMNS
from .db.tables import TABLES
from .db.views import PUBLIC

TITLE = "factdb: cited facts of the Russia–Ukraine war and the peace talks"
DESCRIPTION = (
    "Drone and missile attack figures, casualty counts, prisoner exchanges, talks and the members "
    "of each delegation. Every figure carries the party that claimed it, the source that reported "
    "it and a verbatim quote from the archived source. A claim is what someone said, attributed "
    "to them, not a truth this database asserts; conflicting claims stand side by side "
    "(see disputed_figures). Start with the figures view."
)
LICENSE = "CC0 1.0 (the curated facts); quotes and archived texts remain their publishers'"
LICENSE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
SOURCE = "Archived news articles, listed in the sources table"


def _doc(model: type[SQLModel]) -> str:
    return " ".join(inspect.getdoc(model).split())


def _columns(model: type[SQLModel]) -> dict[str, str]:
    return {name: field.description for name, field in model.model_fields.items()}


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
        "databases": {db_name: {"description": DESCRIPTION, "tables": tables}},
    }


FIGURE_FACETS = ["topic", "measure", "claimant", "qualifier"]

TABLE_BEHAVIOUR: dict[str, dict] = {
    "figures": {
        "facets": FIGURE_FACETS,
        "sort_desc": "date_from",  # the latest figures first; indexed, as the table is stored
        "sortable_columns": [
            "date_from", "date_to", "measure", "value", "low", "high", "claimant", "place", "topic",
            "qualifier",
        ],
        # The search box searches the first citation's quote and translation.
        "fts_table": "citations_fts",
        "fts_pk": "citation_rowid",
    },
    "disputed_figures": {
        "facets": ["measure", "same_value", "claimant_a", "claimant_b"],
        "sortable_columns": ["measure", "date_from_a", "date_from_b", "value_a", "value_b"],
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
        "sortable_columns": ["id", "type", "claimant_id", "date_from", "date_to", "file"],
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
        "label_column": "id",
        "facets": ["publisher", "language"],
        "sortable_columns": ["id", "publisher", "published", "published_earliest", "language"],
    },
    "entities": {
        "label_column": "name",
        "facets": ["kind", "subkind", "country_id"],
        "sortable_columns": ["id", "name", "kind"],
    },
    "roles": {"label_column": "title", "facets": ["person_id", "title"]},
    "meetings": {"label_column": "name", "facets": ["status", "format", "city_id"]},
    "delegations": {"label_column": "side_id", "facets": ["side_id"]},
    "members": {"facets": ["person_id", "meeting_id"]},
    "claim_entities": {"facets": ["field", "entity_id"]},
}

QUERIES: dict[str, dict] = {
    "night": {
        "title": "Everything about one night",
        "description": "Every claim whose dates include :date (YYYY-MM-DD), with each figure it "
        "states and its first quote. An overnight attack from the 4th to the 5th shows for both days.",
        "sql": """select c.id as claim_id, c.type, c.label, who.name as claimant, c.date_from, c.date_to,
  f.measure, f.value, f.qualifier, f.low, f.high, f.place, f.source_id, f.quote
from claims c
join entities who on who.id = c.claimant_id
left join figures f on f.claim_id = c.id
where c.date_from <= :date and c.date_to >= :date
order by c.date_from, c.id, f.figure_id""",
    },
    "person": {
        "title": "One person's appearances",
        "description": "Delegations, observed roles and claims of a person: give an id, or part of "
        "a name or alias (:person, e.g. Umerov).",
        "sql": """with person as (
  select id from entities
  where kind = 'person' and (
    id = :person or name like '%' || :person || '%'
    or id in (select entity_id from aliases where alias like '%' || :person || '%'))
)
select * from (
  select dm.date_from as date, dm.person, 'delegation member' as appearance,
    dm.meeting as what, dm.side || coalesce(', ' || dm.role, '') as detail,
    dm.meeting_id as claim_id, null as source_id, null as quote
  from delegation_members dm where dm.person_id in (select id from person)
  union all
  select r.observed, r.person, 'role observed', r.title, r.status, null, r.source_id, r.quote
  from person_roles r where r.person_id in (select id from person)
  union all
  select c.date_from, e.name, 'named in a claim (' || ce.field || ')', c.label, c.type, c.id,
    cit.source_id, cit.quote
  from claim_entities ce
  join claims c on c.id = ce.claim_id
  join entities e on e.id = ce.entity_id
  left join citations cit on cit.claim_id = c.id and cit.position = 0
  where ce.entity_id in (select id from person) and ce.field <> 'delegations'
)
order by date, appearance, claim_id""",
    },
    "delegations": {
        "title": "Delegations by meeting",
        "description": "Each meeting's delegations, one row per side, with their members and the "
        "roles stated at that meeting.",
        "sql": """select meeting_id, meeting, date_from, date_to, city, side, count(*) as size,
  group_concat(person || coalesce(' (' || role || ')', '') || case when leader then ' [leader]' else '' end, '; ') as members
from (select * from delegation_members order by member_id)
group by meeting_id, side_id
order by date_from, meeting_id, side""",
    },
    "disputed": {
        "title": "Disputed figures",
        "description": "Figures on the same measure, place and dates whose values differ, side by "
        "side, with both claimants and quotes; the latest first.",
        "sql": """select measure, place, date_from_a, date_to_a, claimant_a, qualifier_a, value_a, low_a, high_a,
  claimant_b, qualifier_b, value_b, low_b, high_b, date_from_b, date_to_b, quote_a, quote_b,
  figure_id_a, figure_id_b
from disputed_figures
where not same_value
order by date_from_a desc, measure""",
    },
}


# Datasette 0.65 lists every column's description above the rows: 25 of them pushed the
# figures below the fold. This keeps the list, in two columns, scrolling within a few lines.
# A data: URL needs no static files, so `factdb publish` ships it inside metadata.json.
COLUMN_DESCRIPTIONS_CSS = (
    "dl.column-descriptions{display:grid;grid-template-columns:max-content 1fr;gap:0 1em;"
    "max-height:9em;overflow-y:auto;font-size:0.85em;border:1px solid #ddd;padding:0.3em 0.6em}"
    "dl.column-descriptions dt{font-weight:bold}dl.column-descriptions dd{margin:0}"
)


def _css_url(css: str) -> str:
    return "data:text/css," + quote(css, safe="")


def behaviour(db_name: str = "factdb") -> dict:
    """Facets, sorting, search and label columns of each table and view; the stored queries;
    the stylesheet."""
    return {
        "extra_css_urls": [_css_url(COLUMN_DESCRIPTIONS_CSS)],
        "databases": {
            db_name: {
                "tables": {name: dict(config) for name, config in TABLE_BEHAVIOUR.items()},
                "queries": {name: dict(query) for name, query in QUERIES.items()},
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
