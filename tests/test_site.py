"""The readers' site (factdb.site): front page, claim and figure pages, links, search, stored
query parameters, charts' data, through Datasette's own client on the sample build.
What the browser draws is in test_browser.py."""

from __future__ import annotations

import asyncio
import sqlite3
from html import unescape

import pytest

from factdb.site.charts import ATTACKS_SQL, TIMELINE_SQL, dashboards
from factdb.site.serve import make_datasette


def get(ds, path: str):
    async def run():
        await ds.invoke_startup()
        return await ds.client.get(path)

    return asyncio.run(run())


def html(ds, path: str) -> str:
    response = get(ds, path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.text


@pytest.fixture(scope="module")
def ds(sample_db):
    return make_datasette(sample_db)


def test_front_page_says_what_it_is_and_links_every_view_and_stored_query(ds):
    page = html(ds, "/")
    assert "What it is not" in page and "How to cite a figure" in page
    for view in ("figures", "disputed_figures", "delegation_members", "person_roles"):
        assert f'href="/factdb/{view}"' in page, view
    for query, title in (("night", "Everything about one night"), ("person", "One person&#39;s appearances"),
                         ("delegations", "Delegations by meeting"), ("disputed", "Disputed figures"),
                         ("places", "Claims by place, on a map")):
        assert f'<a href="/factdb/{query}">{title}</a>' in page, query
    # The latest night of attacks, its figures in words, linked to its claim.
    assert 'href="/factdb/claims/2026-02-05-ua-air-force-attack"' in page
    assert "183 drones launched" in page and "156 drones neutralized" in page
    # The talks, newest first.
    assert page.index("Second round of trilateral talks in Abu Dhabi") < page.index("Second round of direct talks in Istanbul")
    # A stable address to cite, and the digest of the facts it was built from.
    assert "http://localhost/factdb/figures/" in page
    with sqlite3.connect(ds.get_database("factdb").path) as conn:
        (digest,) = conn.execute("SELECT value FROM build_info WHERE key = 'inputs_sha256'").fetchone()
    assert f"facts {digest[:12]}" in page
    assert "CC0 1.0" in page and "facts/" in page and "seeds/" in page


def test_claim_page_has_its_figures_words_sources_and_history(ds):
    page = unescape(html(ds, "/factdb/claims/2026-02-05-ua-air-force-attack"))
    assert "<title>Air attack with 2 missiles and 183 drones (Ukrainian Air Force, 2026-02-04 to 2026-02-05) · factdb</title>" in page
    assert 'claimed by <a href="/factdb/entities/ua-air-force">Ukrainian Air Force</a>' in page
    assert "drones launched" in page and "<td class=\"number\">183" in page
    assert "meluncurkan dua rudal dan 183 drone" in page  # the quote, in its language
    assert "launched two missiles and 183 drones" in page  # and its translation
    assert "ABC News" in page and 'href="/factdb/sources/000_bf917d9e70bda72c"' in page
    assert "<h2>History</h2>" in page
    # Datasette's own row is still there, below.
    assert '<table class="rows-and-columns">' in page


def test_claim_page_of_a_meeting_lists_its_delegations(ds):
    page = unescape(html(ds, "/factdb/claims/2026-02-05-abu-dhabi-talks"))
    assert "<h3>United States</h3>" in page and "Steve Witkoff, Special Envoy" in page
    assert page.index("<h2>Delegations</h2>") < page.index("<h2>In the source")


def test_delegations_are_labelled_by_side_and_meeting(ds):
    # Labelled by its side's id ('united-states'), a delegation said neither whose nor where.
    page = get(ds, "/factdb/members.json?_shape=objects&_labels=on&person_id=steve-witkoff").json()
    assert {row["delegation_id"]["label"] for row in page["rows"]} == {
        "United States delegation: Second round of trilateral talks in Abu Dhabi"}


def pairs(db_path) -> list[tuple[str, str, str, str]]:
    """(view, claim a, claim b, claimant b) of every pair of figures the build compares."""
    found = []
    with sqlite3.connect(db_path) as conn:
        views = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
        for view in ("disputed_figures", "corroborated_figures"):
            if view in views:
                found += [(view, *row) for row in conn.execute(
                    f"SELECT claim_id_a, claim_id_b, claimant_b FROM {view}")]
    return found


def test_claim_pages_show_what_other_claimants_said_about_the_same(ds, sample_db):
    found = pairs(sample_db)
    for _, claim_a, claim_b, claimant_b in found:
        page = unescape(html(ds, f"/factdb/claims/{claim_a}"))
        assert "What others said about the same" in page
        assert f'href="/factdb/claims/{claim_b}">{claimant_b}</a>' in page
    # A claim no other claim is compared with has no such section.
    alone = {c for c in ("2026-02-05-ua-air-force-attack", "2025-06-02-istanbul-talks")
             if all(c not in pair[1:3] for pair in found)}
    for claim in alone:
        assert "What others said" not in html(ds, f"/factdb/claims/{claim}")


def test_figure_page_leads_to_its_claim(ds):
    page = unescape(html(ds, "/factdb/figures/2026-02-05-kyiv-injured~2Finjured"))
    assert "Vitali Klitschko: at least 2 injured" in page
    assert 'class="claim-link" href="/factdb/claims/2026-02-05-kyiv-injured"' in page


def test_ids_in_views_and_stored_queries_link_to_their_records(ds):
    # The stored figures declares its foreign keys: each id is shown by its record's label.
    page = unescape(html(ds, "/factdb/figures?claim_id=2026-02-05-kyiv-injured"))
    assert ('<a href="/factdb/claims/2026-02-05-kyiv-injured">Casualties: at least 2 injured (Vitali Klitschko, '
            '2026-02-04 to 2026-02-05)</a>\xa0<em>2026-02-05-kyiv-injured</em>') in page
    assert '<a href="/factdb/entities/vitali-klitschko">Vitali Klitschko</a>\xa0<em>vitali-klitschko</em>' in page
    assert '<a href="/factdb/entities/kyiv">Kyiv</a>\xa0<em>kyiv</em>' in page
    page = html(ds, "/factdb/delegation_members")
    assert '<a href="/factdb/entities/steve-witkoff">steve-witkoff</a>' in page
    page = html(ds, "/factdb/delegations")
    assert '<a href="/factdb/claims/2026-02-05-abu-dhabi-talks">' in page
    # A declared foreign key keeps Datasette's own link, with the label.
    page = html(ds, "/factdb/claims?id=2026-02-05-kyiv-injured")
    assert '<a href="/factdb/entities/vitali-klitschko">Vitali Klitschko</a>' in page


def test_table_pages_show_readable_columns_first_and_ids_last(ds):
    page = html(ds, "/factdb/figures")
    head = page[page.index("<thead>"):page.index("</thead>")]
    columns = [part.split('"')[0] for part in head.split('data-column="')[1:]]
    assert columns.index("measure") < columns.index("figure_id")
    # The unit and the detail before the quote and its translation, a screen wide.
    assert columns.index("unit") < columns.index("quote") < columns.index("translation") < columns.index("claim_id")
    assert all(c.endswith("id") or c.endswith("rowid") for c in columns[-5:]), columns
    assert not any(c.endswith("_id") for c in columns[:5]), columns


def test_sources_read_as_their_titles_where_rows_name_them(ds):
    page = html(ds, "/factdb/citations?source_id=004_077da2b513fd76db")
    assert ">Ukraina-Rusia Peralatan Peralatan Damai di Istanbul Setelah Serangan Drone Kejutan</a>" in page


def test_search_across_the_site_stems_english_and_finds_indonesian_by_prefix(ds):
    page = html(ds, "/-/search?q=drones")
    # 'drones' finds the Indonesian 'drone' and the translation's 'drones', marked in snippets.
    assert "183 <mark>drone</mark>" in page and "183 <mark>drones</mark>" in page
    assert 'href="/factdb/claims/2026-02-05-ua-air-force-attack"' in page
    page = html(ds, "/-/search?q=tawan")  # prefix: 'tawanan' (prisoners)
    assert "<mark>tawanan</mark>" in page
    page = html(ds, "/-/search?q=Witkoff")
    assert '<a href="/factdb/entities/steve-witkoff">Steve Witkoff</a>' in page
    # FTS syntax typed by a reader is not an error.
    assert "0 quotes" in html(ds, '/-/search?q=%22unclosed+AND+(')
    # Every page carries the box.
    assert 'action="/-/search"' in html(ds, "/factdb/figures")


def test_the_built_indexes_stem_with_porter(sample_db):
    with sqlite3.connect(sample_db) as conn:
        for table in ("citations_fts", "sources_fts"):
            (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
            assert "porter unicode61" in sql, sql
        hits = conn.execute("SELECT count(*) FROM citations_fts WHERE citations_fts MATCH 'translation: missile'").fetchone()
    assert hits[0] >= 1  # the translations say 'missiles'


def test_a_stored_query_given_a_malformed_date_says_which_form_it_wants(ds):
    page = unescape(html(ds, "/factdb/night?date=5%2F2%2F2026"))
    assert "date: '5/2/2026' is not a date; give it as YYYY-MM-DD, e.g. 2026-02-05" in page
    assert "<title>Everything about one night: 5/2/2026 · factdb</title>" in page
    assert get(ds, "/factdb/night.json?date=2026-02-31&_shape=array").json() == []
    assert "is not a date" in html(ds, "/factdb/night?date=2026-02-31")
    page = html(ds, "/factdb/night?date=2026-02-05")
    assert "is not a date" not in page and "183" in page


def test_charts_queries_give_the_nights_and_the_talks(ds):
    db = ds.get_database("factdb")
    rows = [dict(r) for r in asyncio.run(db.execute(ATTACKS_SQL)).rows]
    launched = {(r["night"], r["claimant"]): r["value"] for r in rows if r["measure"] == "drones_launched"}
    assert launched[("2026-02-05", "Ukrainian Air Force")] == 183
    assert {r["measure"] for r in rows} >= {"drones_launched", "drones_neutralized", "missiles_launched"}
    talks = [dict(r) for r in asyncio.run(db.execute(TIMELINE_SQL)).rows]
    assert {"talks", "prisoner exchange"} <= {t["kind"] for t in talks}
    # The charts page of datasette-dashboards, with the same charts, and its scripts shipped.
    page = html(ds, "/-/dashboards/factdb")
    assert "vega-lite.min.js" in page and set(dashboards("factdb")["factdb"]["charts"]) <= set(
        c for c in ("attacks", "timeline") if f"chart-{c}" in page)
    assert get(ds, "/-/static-plugins/datasette_dashboards/vega-lite.min.js").status_code == 200



def test_event_page_sets_each_claimants_figures_side_by_side(sample_db):
    ds = make_datasette(sample_db)
    with sqlite3.connect(sample_db) as conn:
        event_id, name = conn.execute(
            "SELECT e.id, e.name FROM events e JOIN claims c ON c.event_id = e.id"
            " WHERE c.id = '2026-02-05-ua-air-force-attack'").fetchone()
        claimants = {who for (who,) in conn.execute(
            "SELECT DISTINCT f.claimant FROM figures f JOIN claims c ON c.id = f.claim_id WHERE c.event_id = ?",
            (event_id,))}
    assert {"Ukrainian Air Force", "Vitali Klitschko"} <= claimants
    page = unescape(html(ds, f"/factdb/events/{event_id}"))
    assert f"<title>{name} · factdb</title>" in page
    head = page[page.index("side-by-side"):page.index("</thead>", page.index("side-by-side"))]
    assert all(f"<th>{who}</th>" in head for who in claimants), head
    assert 'href="/factdb/claims/2026-02-05-ua-air-force-attack">183</a>' in page
    assert 'href="/factdb/claims/2026-02-05-kyiv-injured">at least 2</a>' in page
    # Search finds it by name.
    assert f'<a href="/factdb/events/{event_id}">{name}</a>' in unescape(html(ds, "/-/search?q=" + name.split()[0]))
    # The claim and the figure pages lead to their event.
    link = f'<a href="/factdb/events/{event_id}">{name}</a>'
    assert link in unescape(html(ds, "/factdb/claims/2026-02-05-ua-air-force-attack"))
    with sqlite3.connect(sample_db) as conn:
        (figure_id,) = conn.execute("SELECT figure_id FROM figures WHERE claim_id = '2026-02-05-ua-air-force-attack'"
                                    " AND measure = 'drones_launched'").fetchone()
    assert link in unescape(html(ds, "/factdb/figures/" + figure_id.replace("/", "~2F")))


def test_the_site_plugins_need_nothing_a_published_container_lacks():
    """A published container installs Datasette and its plugins, not factdb: the plugin files
    import only Datasette, MarkupSafe (Datasette's) and the standard library."""
    import ast
    import sys

    from factdb import site

    for path in site.PLUGINS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            for name in names:
                top = name.split(".")[0]
                assert top in {"datasette", "markupsafe", "__future__"} or top in sys.stdlib_module_names, (path.name, name)


def test_a_source_without_a_title_reads_as_its_publisher_and_date_never_none(ds, sample_db):
    with sqlite3.connect(sample_db) as conn:
        untitled = conn.execute("SELECT id FROM sources WHERE title IS NULL").fetchall()
    assert ("000_bf917d9e70bda72c",) in untitled
    # Cells and the facet of citations: Datasette alone would print 'None' for its label.
    page = unescape(html(ds, "/factdb/citations?_facet=source_id"))
    assert ">None<" not in page
    assert '<a href="/factdb/sources/000_bf917d9e70bda72c" title="000_bf917d9e70bda72c">Untitled article (ABC News' in page
    facet = page[page.index('data-column="source_id"'):]
    assert ">Untitled article (ABC News" in facet[:facet.index("</ul>")]
    # The claim, figure, front and search pages name it the same way, not by its file id.
    for path in ("/factdb/claims/2026-02-05-ua-air-force-attack", "/-/search?q=drones", "/"):
        page = unescape(html(ds, path))
        assert ">Untitled article</a>, ABC News" in page, path
        assert ">000_bf917d9e70bda72c<" not in page, path


def test_a_source_page_says_what_the_article_is_and_what_was_taken_from_it(ds):
    page = unescape(html(ds, "/factdb/sources/004_077da2b513fd76db"))
    assert "<h1>Ukraina-Rusia Peralatan Peralatan Damai di Istanbul Setelah Serangan Drone Kejutan</h1>" in page
    assert "published by Lapak Asik" in page and "in Indonesian" in page
    assert "<title>Ukraina-Rusia Peralatan Peralatan Damai di Istanbul Setelah Serangan Drone Kejutan · factdb</title>" in page
    # Each quote taken from it, linked to the claim it supports, then the archived text.
    quotes = page[page.index("taken from it</h2>"):page.index("<h2>The archived text</h2>")]
    assert 'href="/factdb/claims/2025-06-02-istanbul-talks"' in quotes
    assert "80 drone" in quotes
    assert '<blockquote class="archived-text" lang="id">Ukraina-Rusia' in page
    # Datasette's row, every column of it, is still on the page.
    assert "Every column of this source" in page and '<table class="rows-and-columns">' in page


def test_search_given_to_a_table_without_an_index_says_so(ds):
    page = unescape(html(ds, "/factdb/claims?_search=drones"))
    assert "claims has no search box, so “drones” filtered nothing" in page
    assert '<a href="/-/search?q=drones">Search the whole site for “drones”</a>' in page
    # Where there is an index, the search filters and nothing is said.
    page = unescape(html(ds, "/factdb/figures?_search=drones"))
    assert "no search box" not in page and "183" in page
    assert "no search box" not in html(ds, "/factdb/claims")
    # The JSON API says so too, with a 400, instead of every row.
    response = get(ds, "/factdb/claims.json?_search=drones")
    assert response.status_code == 400
    assert response.json()["error"].startswith("claims has no full-text index, so _search='drones' would filter nothing")
    assert get(ds, "/factdb/event_claims.json?_search_quote=drones").status_code == 400
    assert get(ds, "/factdb/figures.json?_search=drones").status_code == 200
    assert get(ds, "/factdb/sources.json?_search=drone").status_code == 200
    assert get(ds, "/factdb/claims.json").status_code == 200


def test_the_front_page_links_the_views_its_description_names(ds):
    page = html(ds, "/")
    lede = page[page.index('<p class="lede">'):page.index("</p>", page.index('<p class="lede">'))]
    assert 'Start with the <a href="/factdb/figures">figures view</a>' in lede
    assert '<a href="/factdb/disputed_figures">disputed_figures</a>' in lede


def test_the_figures_page_leads_with_who_said_how_many_and_the_words(ds):
    page = html(ds, "/factdb/figures?measure=drones_launched")
    head = page[page.index("<thead>"):page.index("</thead>")]
    columns = [part.split('"')[0] for part in head.split('data-column="')[1:]]
    assert columns[:9] == ["claimant", "measure", "value", "unit", "qualifier", "date_from", "date_to", "place", "quote"]
    # The words that state each figure are marked in its quote.
    assert "dua rudal dan <mark>183 drone</mark>" in page
    # A measure of one long word may break after its underscores.
    assert "drones_<wbr>launched" in page


def test_the_timeline_has_a_row_per_meeting_and_exchange():
    spec = dashboards("factdb")["factdb"]["charts"]["timeline"]["display"]
    assert spec["encoding"]["y"]["field"] == "name"
    assert spec["encoding"]["color"]["field"] == "kind"


def test_the_map_places_a_claim_at_the_place_its_place_lies_within(ds):
    rows = get(ds, "/factdb/places.json?_shape=array").json()
    venue = [r for r in rows if r["place"] == "Ciragan Palace"]  # no coordinates of its own
    assert venue and all(r["located"] == "within Istanbul" for r in venue), venue
    assert (venue[0]["latitude"], venue[0]["longitude"]) == (41.0082, 28.9784)
    assert all(r["located"] == "its coordinates" for r in rows if r["place"] == "Istanbul")


def test_stored_queries_show_ids_last(ds):
    from factdb.site.metadata import QUERIES

    params = {"night": "?date=2026-02-05", "person": "?person=Umerov"}
    for name in QUERIES:
        columns = get(ds, f"/factdb/{name}.json{params.get(name, '')}").json()["columns"]
        ids = [i for i, c in enumerate(columns) if c.endswith("_id")]
        assert ids and ids == list(range(len(columns) - len(ids), len(columns))), (name, columns)


def test_row_pages_link_declared_foreign_keys_with_their_labels(ds):
    # Datasette labels foreign keys on table pages only; a row page showed the bare id.
    page = unescape(html(ds, "/factdb/entities/kyiv"))
    assert '<td class="col-country_id type-str"><a href="/factdb/entities/ukraine">Ukraine</a>\xa0<em>ukraine</em></td>' in page
    page = unescape(html(ds, "/factdb/citations/2026-02-05-ua-air-force-attack~2Fcitations~2F000_bf917d9e70bda72c~2F0"))
    assert '<a href="/factdb/claims/2026-02-05-ua-air-force-attack">Air attack with 2 missiles and 183 drones (Ukrainian Air Force, 2026-02-04 to 2026-02-05)</a>' in page
    assert '<a href="/factdb/sources/000_bf917d9e70bda72c" title="000_bf917d9e70bda72c">Untitled article (ABC News' in page
    # Table pages keep Datasette's own link and label.
    page = unescape(html(ds, "/factdb/claims?id=2026-02-05-kyiv-injured"))
    assert '<a href="/factdb/entities/vitali-klitschko">Vitali Klitschko</a>\xa0<em>vitali-klitschko</em>' in page


def test_the_claims_page_leads_with_label_and_claimant_and_keeps_rows_short(ds):
    page = html(ds, "/factdb/claims")
    head = page[page.index("<thead>"):page.index("</thead>")]
    columns = [part.split('"')[0] for part in head.split('data-column="')[1:]]
    assert columns[:4] == ["label", "claimant_id", "type", "status"], columns
    assert columns.index("first_commit") > columns.index("notes")
    # The whole record is there, clamped to two lines like a quote.
    assert '<td class="col-record_json type-str"><div class="clamp">' in page


def test_the_latest_nights_on_the_front_page_are_nights_not_windows(tmp_path_factory):
    from factdb.builds.full import build

    project = __import__("pathlib").Path(__file__).parent.parent
    db = build(project, tmp_path_factory.mktemp("curated") / "factdb.db").path
    with sqlite3.connect(db) as conn:
        ends = dict(conn.execute("SELECT id, date_to FROM claims WHERE type IN ('air_attack', 'strike')"))
        windowed = {i for (i,) in conn.execute(
            "SELECT id FROM claims WHERE type IN ('air_attack', 'strike') AND date_to IS NOT NULL"
            " AND (date_from IS NULL OR julianday(date_to) - julianday(date_from) > 1)")}
    page = html(make_datasette(db), "/")
    latest = page[page.index("Latest nights of attacks"):page.index("</ul>", page.index("Latest nights of attacks"))]
    links = [part.split('"')[0] for part in latest.split('href="/factdb/claims/')[1:]]
    # The curated facts have a report known only within a window that ends after the latest
    # night: by its last day alone it would come first.
    assert max(ends[c] for c in windowed) > ends[links[0]]
    flags = [claim in windowed for claim in links]
    assert flags and not flags[0] and flags == sorted(flags), links


def test_the_event_page_gives_each_figure_its_unit(ds):
    page = unescape(html(ds, "/factdb/events/2026-02-05-night-attack-on-ukraine"))
    # Its claims read apart by what each is about, each claimant named once.
    assert ('<a href="/factdb/claims/2026-02-05-ua-air-force-attack">Air attack with 2 missiles and 183 drones '
            '(Ukrainian Air Force, 2026-02-04 to 2026-02-05)</a></li>') in page
    assert 'href="/factdb/claims/2026-02-05-ua-air-force-attack">183</a> <span class="unit">drones</span>' in page


def test_a_table_page_reads_the_site_settings_once_not_per_cell(sample_db, monkeypatch):
    """Datasette 0.65's plugin_config walks the whole plugin configuration on every call; the
    table template asked for the site's settings for every cell, half of a figures page's time
    at 100k claims (benchmarks/README, serve)."""
    ds = make_datasette(sample_db)
    calls = []
    plugin_config = ds.plugin_config

    def counted(name, *args, **kwargs):
        calls.append(name)
        return plugin_config(name, *args, **kwargs)

    monkeypatch.setattr(ds, "plugin_config", counted)
    html(ds, "/factdb/figures")
    html(ds, "/factdb/figures?_facet=measure")
    assert calls.count("factdb-site") <= 1, calls.count("factdb-site")
