"""The site's charts, as a datasette-dashboards dashboard: Vega-Lite specifications over SQL.

datasette-dashboards ships Vega, Vega-Lite and vega-embed in its package (no CDN), and draws
each chart from the JSON of its query. The dashboard is at /-/dashboards/factdb, and the front
page draws the same charts (templates/index.html). Each chart is drawn as SVG, so its marks
are in the page (a test reads them), and without vega-embed's action menu (its links lead to
an online editor).
"""

from __future__ import annotations

DASHBOARD = "factdb"

WEAPON_MEASURES = ("drones_%", "missiles_%", "ballistic_missiles_%", "weapons_%")

ATTACKS_SQL = """
select coalesce(date_to, date_from) as night, claimant, measure,
  coalesce(value, low) as value, qualifier,
  coalesce(date_to, date_from) || ' · ' || claimant as night_and_claimant,
  figure_id
from figures
where topic = 'air_attack' and date_to is not null and coalesce(value, low) is not null
  and ({measures})
order by night, claimant, measure
""".format(measures=" or ".join(f"measure like '{m}'" for m in WEAPON_MEASURES)).strip()

# A row's name is its claim's label without its dates, which the row's place on the time axis
# gives: 'Prisoner exchange: 157 prisoners returned (Kyrylo Budanov)'.
TIMELINE_SQL = """
select replace(c.label, ', ' || c.date_from || coalesce(nullif(' to ' || c.date_to, ' to ' || c.date_from), '') || ')', ')')
  as name,
  case when c.type = 'prisoner_exchange' then 'prisoner exchange'
       when m.format = 'phone_call' then 'phone call'
       else 'talks' end as kind,
  c.date_from as start, c.date_to as end, coalesce(c.status, m.status) as status,
  c.date_precision as precision, c.id as claim_id
from claims c left join meetings m on m.claim_id = c.id
where c.type in ('meeting', 'prisoner_exchange') and c.date_from is not null
order by c.date_from, c.id
""".strip()

SVG = {"embedOptions": {"renderer": "svg", "actions": False}}

ATTACKS_SPEC = {
    "usermeta": SVG,
    "padding": {"left": 60, "top": 5, "right": 5, "bottom": 5},  # room for the first slanted label
    "mark": {"type": "bar", "tooltip": True},
    "encoding": {
        "x": {"field": "night_and_claimant", "type": "nominal", "title": "night (the date it ended) and claimant",
              # Slanted: level labels of two groups side by side ran into each other.
              "axis": {"labelAngle": -35, "labelAlign": "right", "labelLimit": 240}},
        "xOffset": {"field": "measure"},
        "y": {"field": "value", "type": "quantitative", "title": "as stated (lower bound where a range)"},
        "color": {"field": "measure", "type": "nominal", "title": "measure"},
        "tooltip": [
            {"field": "night", "title": "night ending"}, {"field": "claimant"}, {"field": "measure"},
            {"field": "value"}, {"field": "qualifier"}, {"field": "figure_id", "title": "figure"},
        ],
    },
}

TIMELINE_SPEC = {
    "usermeta": SVG,
    # One row per meeting, call or exchange, oldest at the top: on one row per kind, the
    # talks of a year ran into one red line nobody could tell apart.
    "width": "container",
    "height": {"step": 17},
    "encoding": {
        "y": {"field": "name", "type": "nominal", "title": None,
              "sort": {"field": "start", "op": "min", "order": "ascending"},
              "axis": {"labelLimit": 300, "labelFontSize": 11}},
        "color": {"field": "kind", "type": "nominal", "title": None,
                  "legend": {"orient": "top", "direction": "horizontal"}},
        "tooltip": [
            {"field": "name"}, {"field": "kind"}, {"field": "start", "type": "temporal"},
            {"field": "end", "type": "temporal"}, {"field": "status"}, {"field": "precision", "title": "dated to"},
        ],
    },
    "layer": [
        {
            # A window (a month, or 'by 12 November') is a bar from its first to its last day.
            "mark": {"type": "bar", "opacity": 0.3, "height": 9},
            "encoding": {"x": {"field": "start", "type": "temporal", "title": "date",
                                # A point on the first or last day sat on the edge, cut in half.
                                "scale": {"padding": 12}},
                          "x2": {"field": "end"}},
        },
        {
            # The last day it may have been: the day itself, where it is known to the day.
            "mark": {"type": "point", "filled": True, "size": 60},
            "encoding": {"x": {"field": "end", "type": "temporal"}},
        },
    ],
}


def dashboards(db_name: str) -> dict:
    """datasette-dashboards' configuration (metadata `plugins`)."""
    return {
        DASHBOARD: {
            "title": "factdb in charts",
            "description": "Attack figures per night by claimant and measure, and the talks and "
            "exchanges on a timeline. Every mark is a claim: hover for who said it.",
            # One chart a row: the timeline's names need the width.
            "layout": [["attacks"], ["timeline"]],
            "charts": {
                "attacks": {
                    "title": "Drones and missiles per night, by claimant and measure",
                    "db": db_name, "query": ATTACKS_SQL, "library": "vega-lite", "display": ATTACKS_SPEC,
                },
                "timeline": {
                    "title": "Talks, calls and prisoner exchanges (bars: known only within a window)",
                    "db": db_name, "query": TIMELINE_SQL, "library": "vega-lite", "display": TIMELINE_SPEC,
                },
            },
        }
    }
