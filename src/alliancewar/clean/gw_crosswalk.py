"""COW <-> Gleditsch-Ward state-year crosswalk (isard ``cw_gw_panel``, ``gw_cw_panel``; S. Miller).

``cw_gw_years``: one row per COW state-year (1816-2025) with the matching G-W code (missing for the
43 COW state-years without one). ``gw_cw_years``: one row per G-W state-year (incl. microstates)
with the matching COW code (missing for G-W state-years outside the COW system). The two are the
package's own mapping (e.g. COW 255 Germany = G-W 260 in 1816-1945 and 1990-; COW 260 West
Germany = G-W 260 in 1955-1990; COW 679 Yemen = G-W 678 from 1990).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .rdata import read_rdata, whole_numbers

SOURCE = "isard_crosswalk"
TABLES = ("cw_gw_years", "gw_cw_years")


def clean_panel(path: Path, name: str, key: str) -> pd.DataFrame:
    """ccode, gwcode, year (the ``key`` code never missing), one row per state-year."""
    raw = whole_numbers(read_rdata(path, name, ["year", "gwcode", "ccode"]), ["year", "gwcode", "ccode"], path)
    out = raw.loc[raw[key].notna(), ["ccode", "gwcode", "year"]].drop_duplicates()
    return out.sort_values([key, "year"], kind="stable").reset_index(drop=True)


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean both crosswalk panels in ``raw_dir``."""
    raw_dir = Path(raw_dir)
    return {"cw_gw_years": clean_panel(raw_dir / "cw_gw_panel.rda", "cw_gw_panel", "ccode"),
            "gw_cw_years": clean_panel(raw_dir / "gw_cw_panel.rda", "gw_cw_panel", "gwcode")}
