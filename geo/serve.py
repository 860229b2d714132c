"""Start the Streamlit app with its heavy modules and data already loaded: `python -m geo.serve`.

A plain ``streamlit run app.py`` imports folium, pandas, geopandas and altair and reads the
data only when the first browser connects: about 2.5 s on this project's 2-core machine, spent
while the reader waits for the first page. Doing it before the server starts moves that cost to
start-up, when nobody is waiting yet; ``./run.sh app`` and the browser tests start the app so.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from geo.layout import REPO_ROOT, Layout


def warm(root: Path) -> None:
    """Import what the app's first run imports and fill the data caches of ``root``.

    Nothing that touches Streamlit is imported here: a custom component (streamlit-folium)
    declared before the server exists is unknown to it, and its frame then fails to load.
    """
    import altair  # noqa: F401  (st.bar_chart imports it on first use)
    import folium  # noqa: F401
    import folium.plugins  # noqa: F401  (streamlit-folium imports them all)

    from geo import export, filters, mapping, popups, report  # noqa: F401
    from geo.atlas import load_atlas
    from geo.boundaries import load_countries

    atlas = load_atlas(Layout(root))
    load_countries(atlas.layout.countries_file)


def main(argv: list[str] | None = None) -> None:
    """Warm up, then hand over to ``streamlit run app.py`` with the given options."""
    from streamlit.web import cli

    warm(Path(os.environ.get("CORRIDORS_ROOT", str(REPO_ROOT))))
    sys.argv = ["streamlit", "run", str(REPO_ROOT / "app.py"), *(argv or sys.argv[1:])]
    cli.main()


if __name__ == "__main__":
    main()
