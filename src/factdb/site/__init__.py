"""The Datasette side: metadata generated from the models (`metadata`), `factdb serve`
(`serve`) and `factdb publish` (`publish`), and the readers' site: Datasette with the
project's own templates, static files and plugins.

Everything a reader sees beyond Datasette's defaults is in this folder, and both `factdb serve`
and `factdb publish` hand the same folders to Datasette (`--template-dir`, `--plugins-dir`,
`--static`), so a published copy looks the same as a local one:

- `templates/`: the front page (index.html), the claim, figure, event and source pages (row.html),
  stored queries titled by their titles (query.html), ids after the readable columns;
- `plugins/`: Datasette plugins, files that import only Datasette and the standard library
  (a published container has no factdb installed): `factdb_front.py` (the front page, links
  from every column that names a record, ids last), `factdb_pages.py` (the claim, figure,
  event and source pages), `factdb_search.py` (search across the site, stored queries' parameters
  checked), and `factdb_common.py`, what they share;
- `static/`: the site's stylesheet, served under /factdb-site/.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
PLUGINS = HERE / "plugins"
STATIC = HERE / "static"
STATIC_MOUNT = "factdb-site"
"""The URL path the static folder is served under (/factdb-site/site.css)."""

PLUGIN_CONFIG = "factdb-site"
"""The key of the site plugins' configuration in metadata.json (`plugins`)."""


def datasette_kwargs() -> dict[str, object]:
    """The keyword arguments of `datasette.app.Datasette` that add the site."""
    return {
        "template_dir": str(TEMPLATES),
        "plugins_dir": str(PLUGINS),
        "static_mounts": [(STATIC_MOUNT, str(STATIC))],
    }


def datasette_args() -> list[str]:
    """The same as options of `datasette serve` and `datasette publish`."""
    return [
        "--template-dir", str(TEMPLATES),
        "--plugins-dir", str(PLUGINS),
        "--static", f"{STATIC_MOUNT}:{STATIC}",
    ]
