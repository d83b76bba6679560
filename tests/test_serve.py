"""`factdb serve`: the real Datasette, through its own test client and through the CLI."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest
from click.testing import CliRunner

from factdb.cli import main
from factdb.site.metadata import behaviour, description, metadata
from factdb.site.serve import SQL_TIME_LIMIT_MS, make_datasette


def get(ds, path: str):
    """GET through Datasette's in-process client (no pytest-asyncio needed)."""

    async def run():
        await ds.invoke_startup()
        return await ds.client.get(path)

    return asyncio.run(run())


def get_json(ds, path: str) -> dict:
    response = get(ds, path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


@pytest.fixture(scope="module")
def ds(sample_db):
    return make_datasette(sample_db)


def test_index_shows_title_license_and_source(ds):
    html = get(ds, "/").text
    assert "factdb: cited facts of the Russia–Ukraine war and the peace talks" in html
    assert "CC0 1.0" in html
    assert "Archived news articles" in html


def test_the_database_is_immutable_and_queries_have_a_time_limit(ds):
    (database,) = get_json(ds, "/-/databases.json")
    assert database["name"] == "factdb"
    assert database["is_mutable"] is False
    assert get_json(ds, "/-/settings.json")["sql_time_limit_ms"] == SQL_TIME_LIMIT_MS


def test_figures_page_has_default_facets_and_rows(ds):
    page = get_json(ds, "/factdb/figures.json?_shape=objects&_size=max")
    assert set(page["facet_results"]) >= {"topic", "measure", "claimant", "qualifier"}
    measures = {r["value"]: r["count"] for r in page["facet_results"]["measure"]["results"]}
    assert measures["drones_launched"] == 2
    assert measures["prisoners_total"] == 2
    claimants = {r["value"]: r["count"] for r in page["facet_results"]["claimant"]["results"]}
    assert claimants["Ukrainian Air Force"] == 9
    assert len(page["rows"]) == 15  # the sample's figures (a meeting's round is not one)
    html = get(ds, "/factdb/figures").text
    assert "drones_launched" in html and "Ukrainian Air Force" in html


def test_facet_selection_filters_figures(ds):
    page = get_json(ds, "/factdb/figures.json?_shape=objects&measure=injured")
    assert [(r["claimant"], r["value"], r["qualifier"]) for r in page["rows"]] == [("Vitali Klitschko", 2, "at_least")]


def test_full_text_search_on_figures_sources_and_citations(ds):
    page = get_json(ds, "/factdb/figures.json?_shape=objects&_search=ratusan")
    assert [r["figure_id"] for r in page["rows"]] == ["2026-02-05-abc-exchange/total"]
    page = get_json(ds, "/factdb/sources.json?_shape=objects&_search=Klitschko")
    assert [r["id"] for r in page["rows"]] == ["000_bf917d9e70bda72c"]
    page = get_json(ds, "/factdb/citations.json?_shape=objects&_search=Menteri")
    assert [r["id"] for r in page["rows"]] == ["rustem-umerov/roles/2025-06-02/defence-minister/citation"]


def test_stored_query_everything_about_one_night(ds):
    page = get_json(ds, "/factdb/night.json?_shape=objects&date=2026-02-05")
    claims = {r["claim_id"] for r in page["rows"]}
    assert "2026-02-05-ua-air-force-attack" in claims and "2026-02-05-abu-dhabi-talks" in claims
    assert not any(c.startswith("2025") for c in claims)
    row = next(r for r in page["rows"] if r["measure"] == "drones_launched")
    assert (row["value"], row["claimant"]) == (183, "Ukrainian Air Force")
    # Each figure with the words and the quote that state it.
    assert (row["words"], row["unit"]) == ("183 drone", "drones") and "183 drone" in row["quote"]
    assert "Everything about one night" in get(ds, "/factdb/night?date=2026-02-05").text


def test_stored_query_one_persons_appearances(ds):
    page = get_json(ds, "/factdb/person.json?_shape=objects&person=Umerov")
    seen = [(r["date"], r["appearance"], r["what"]) for r in page["rows"]]
    assert ("2025-06-02", "delegation member", "Second round of direct talks in Istanbul") in seen
    assert ("2025-06-02", "role observed", "Defence Minister") in seen
    assert ("2026-02-05", "role observed", "Secretary of the National Security and Defence Council") in seen
    # An alias finds the person too.
    page = get_json(ds, "/factdb/person.json?_shape=objects&person=Kiril")
    assert {r["person"] for r in page["rows"]} == {"Kirill Dmitriev"}


def test_stored_queries_delegations_and_disputed(ds):
    page = get_json(ds, "/factdb/delegations.json?_shape=objects")
    abu_dhabi = {r["side"]: r for r in page["rows"] if r["meeting_id"] == "2026-02-05-abu-dhabi-talks"}
    assert abu_dhabi["Ukraine"]["size"] == 2
    assert abu_dhabi["United States"]["members"] == "Steve Witkoff (Special Envoy) [leader]"
    # ABC's "ratusan" and Witkoff's 314 agree: no dispute (issue 12), and the query says why for those it lists.
    page = get_json(ds, "/factdb/disputed.json?_shape=objects")
    assert page["rows"] == []
    assert {"event", "why", "claimant_a", "claimant_b", "quote_a", "quote_b"} <= set(page["columns"])


def test_every_column_of_every_table_and_view_is_described(ds, sample_db):
    db = ds.get_database("factdb")

    async def names():
        hidden = set(await db.hidden_table_names())
        return [t for t in await db.table_names() if t not in hidden] + await db.view_names()

    shown = asyncio.run(names())
    assert {"figures", "delegation_members", "disputed_figures", "sources", "claims"} <= set(shown)
    with sqlite3.connect(sample_db) as conn:
        for name in shown:
            table_meta = ds.table_metadata("factdb", name)
            assert table_meta.get("description"), name
            for (column,) in conn.execute(f"SELECT name FROM pragma_table_info('{name}')"):
                assert table_meta["columns"].get(column), f"{name}.{column} has no description"
    # ... and the table page shows them.
    html = get(ds, "/factdb/figures").text
    assert "<dt>claimant</dt><dd>Who made the claim (display name)" in html


def test_label_columns_make_foreign_keys_readable(ds):
    page = get_json(ds, "/factdb/claims.json?_shape=objects&_labels=on&id=2026-02-05-kyiv-injured")
    (row,) = page["rows"]
    assert row["claimant_id"] == {"value": "vitali-klitschko", "label": "Vitali Klitschko"}
    assert row["label"] == "Casualties: at least 2 injured (Vitali Klitschko, 2026-02-04 to 2026-02-05)"


def test_description_and_behaviour_are_kept_apart():
    described = description("factdb")["databases"]["factdb"]["tables"]["figures"]
    assert "facets" not in described and "columns" in described
    behaved = behaviour("factdb")["databases"]["factdb"]
    assert "columns" not in behaved["tables"]["figures"] and "queries" in behaved
    merged = metadata("factdb")["databases"]["factdb"]
    assert merged["tables"]["figures"]["facets"] == ["topic", "measure", "claimant", "qualifier"]
    assert merged["tables"]["figures"]["columns"] == described["columns"]
    assert set(merged["queries"]) == {"night", "person", "delegations", "disputed", "places"}


def test_cli_serve_runs_datasette_on_the_built_file(sample_db):
    root = sample_db.parent.parent
    result = CliRunner().invoke(main, ["-C", str(root), "serve", "--get", "/-/databases.json"])
    assert result.exit_code == 0, result.output
    (database,) = json.loads(result.output)
    assert (database["name"], database["is_mutable"]) == ("factdb", False)
    result = CliRunner().invoke(main, ["-C", str(root), "serve", "--sql-time-limit-ms", "1234",
                                       "--get", "/-/settings.json"])
    settings = json.loads(result.output)
    assert (settings["sql_time_limit_ms"], settings["suggest_facets"]) == (1234, False)
    result = CliRunner().invoke(main, ["-C", str(root), "serve", "--get", "/factdb/figures.json?_shape=objects&measure=drones_shot_down"])
    assert [r["value"] for r in json.loads(result.output)["rows"]] == [95]


def test_cli_serve_without_a_build_says_so(tmp_path):
    (tmp_path / "facts").mkdir()
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "serve"])
    assert result.exit_code == 1
    assert "run `factdb build` first" in result.output


def test_figures_come_newest_first_with_the_configured_facets_and_no_suggestions(ds):
    page = get_json(ds, "/factdb/figures.json?_shape=objects&_size=max")
    dates = [r["date_from"] for r in page["rows"]]
    assert dates == sorted(dates, reverse=True) and dates[0] > dates[-1]
    assert page["suggested_facets"] == []
    assert set(page["facet_results"]) == set(behaviour()["databases"]["factdb"]["tables"]["figures"]["facets"])
    # Figures are a table: each has a row page, by its id.
    row = get_json(ds, "/factdb/figures/2026-02-05-kyiv-injured~2Finjured.json?_shape=objects")
    assert row["rows"][0]["claimant"] == "Vitali Klitschko"


def test_column_descriptions_are_kept_compact_by_a_stylesheet_inside_the_metadata(ds):
    from urllib.parse import unquote

    html = get(ds, "/factdb/figures").text
    (url,) = behaviour()["extra_css_urls"]
    assert url.startswith("data:text/css,") and "dl.column-descriptions" in unquote(url)
    assert f'<link rel="stylesheet" href="{url}">' in html
    assert '<dl class="column-descriptions">' in html


UNDATED_EXCHANGE = """\
claims:
  - id: undated-abc-exchange
    type: prisoner_exchange
    claimant: abc-news
    when: {from: "2026-01", to: "2026-02"}
    total: {qualifier: vague, text: ratusan}
    citations:
      - source: 000_bf917d9e70bda72c
        quote: dengan Moskow dan Kyiv menukarkan ratusan tawanan perang
        translation: with Moscow and Kyiv exchanging hundreds of prisoners of war
"""


def test_one_night_lists_the_nights_claims_before_those_only_known_within_a_wider_window(sample_repo, tmp_path):
    from factdb.builds.full import build

    (sample_repo / "facts" / "claims" / "undated.yaml").write_text(UNDATED_EXCHANGE, encoding="utf-8")
    ds = make_datasette(build(sample_repo, tmp_path / "factdb.db").path)
    rows = get_json(ds, "/factdb/night.json?_shape=objects&date=2026-02-05")["rows"]
    claims = list(dict.fromkeys(r["claim_id"] for r in rows))
    # Dated to the night or the day first, in order; a claim placed only somewhere in two months last.
    assert claims[-1] == "undated-abc-exchange"
    assert claims.index("2026-02-05-ua-air-force-attack") < claims.index("2026-02-05-witkoff-exchange")
    assert [r["date_from"] for r in rows[:-1]] == sorted(r["date_from"] for r in rows[:-1])


def test_stored_queries_give_the_english_translation_beside_each_quote(ds):
    rows = get_json(ds, "/factdb/night.json?_shape=objects&date=2026-02-05")["rows"]
    attack = next(r for r in rows if r["measure"] == "drones_launched")
    assert "183 drones" in attack["translation"] and "183 drone" in attack["quote"]
    # A claim without figures still shows its quote.
    talks = next(r for r in rows if r["claim_id"] == "2026-02-05-abu-dhabi-talks")
    assert talks["quote"].startswith("Anggota delegasi AS, Rusia dan Ukraina")
    columns = get_json(ds, "/factdb/disputed.json?_shape=objects")["columns"]
    assert {"quote_a", "translation_a", "quote_b", "translation_b"} <= set(columns)
    rows = get_json(ds, "/factdb/person.json?_shape=objects&person=Umerov")["rows"]
    assert rows and all("translation" in r for r in rows)


def test_one_persons_appearances_needs_a_person(ds):
    # An empty box matched every name ('%%'): everyone's appearances under "one person".
    assert get_json(ds, "/factdb/person.json?_shape=objects&person=")["rows"] == []
    assert get_json(ds, "/factdb/person.json?_shape=objects")["rows"] == []


def test_stored_query_pages_open_on_their_results_with_the_sql_a_click_away(ds):
    for name in behaviour()["databases"]["factdb"]["queries"]:
        html = get(ds, f"/factdb/{name}?date=2026-02-05&person=Umerov").text
        assert "(<a href=" in html and ">show</a>)" in html, name
        # Its results: a table, or for a query the sample answers with none (`disputed`: the
        # sample holds no dispute) the line saying so, never the SQL editor first.
        assert '<table class="rows-and-columns">' in html or '<p class="zero-results">0 results</p>' in html, name


def test_figures_page_shows_rows_near_the_top_and_quotes_at_a_readable_width(ds):
    from urllib.parse import unquote

    page = get_json(ds, "/factdb/figures.json?_shape=objects")
    # At most 8 values per facet (Datasette's 30 pushed the first row 1,500 px down), the rest behind '…'.
    assert all(len(f["results"]) <= 8 for f in page["facet_results"].values())
    assert ds.table_metadata("factdb", "figures")["facet_size"] == 8
    (url,) = behaviour()["extra_css_urls"]
    css = unquote(url)
    for column in ("quote", "translation", "quote_a", "text", "record_json"):
        assert f".rows-and-columns td.col-{column}" in css
    assert "@media (min-width:577px)" in css  # phones keep Datasette's stacked rows


def test_claims_sort_by_when_they_were_first_recorded_and_last_changed(ds):
    sortable = behaviour()["databases"]["factdb"]["tables"]["claims"]["sortable_columns"]
    assert {"first_recorded", "last_changed"} <= set(sortable)
    assert get(ds, "/factdb/claims?_sort_desc=last_changed").status_code == 200


def test_the_database_page_links_the_views_to_start_with(ds):
    html = get(ds, "/factdb").text
    for view in ("figures", "disputed_figures", "delegation_members", "sources"):
        assert f'<a href="/factdb/{view}">{view}</a>' in html
    assert get_json(ds, "/factdb/figures.json")["rows"]  # and they open
