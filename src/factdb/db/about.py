"""What the published database is, said once for every form it is published in: the Datasette
site's metadata (`factdb.site.metadata`) and the data package (`factdb.export`)."""

TITLE = "factdb: cited facts of the Russia–Ukraine war and the peace talks"
ABOUT = (
    "Drone and missile attack figures, casualty counts, prisoner exchanges, talks and the members "
    "of each delegation. Every figure carries the party that claimed it, the source that reported "
    "it and a verbatim quote from the archived source. A claim is what someone said, attributed "
    "to them, not a truth this database asserts; conflicting claims stand side by side "
    "(see disputed_figures)."
)
LICENSE = "CC0 1.0 (the curated facts); quotes and archived texts remain their publishers'"
LICENSE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
