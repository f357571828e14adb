"""Distance between capital cities, Gleditsch-Ward states (Gleditsch & Ward 2001, ``capdist.csv``).

Directed pairs of Gleditsch-Ward codes (numa, numb) with the great-circle distance between their
capitals in kilometres and miles; time-invariant (one capital per state). The file lists some
pairs twice under two abbreviations of one code (345 as SER and YUG), with the same distances:
the duplicates are dropped (a pair listed twice with different distances is an error).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataFormatError
from ..io import read_csv_checked
from .common import require_integers

SOURCE = "gleditsch_capdist"
TABLES = ("capdist",)


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``capdist.csv``: gwcode1, gwcode2 (directed, both orders), kmdist, midist."""
    path = Path(raw_dir) / "capdist.csv"
    cols = ["numa", "numb", "kmdist", "midist"]
    raw = require_integers(read_csv_checked(path, cols), cols, path)
    out = pd.DataFrame({"gwcode1": raw["numa"], "gwcode2": raw["numb"], "kmdist": raw["kmdist"].astype("float64"),
                        "midist": raw["midist"].astype("float64")})
    out = out[out["gwcode1"] != out["gwcode2"]].drop_duplicates()
    clash = out.duplicated(["gwcode1", "gwcode2"], keep=False)
    if clash.any():
        raise DataFormatError(f"{path}: pairs listed twice with different distances: "
                              f"{out.loc[clash, ['gwcode1', 'gwcode2']].head(3).values.tolist()}")
    return {"capdist": out.sort_values(["gwcode1", "gwcode2"]).reset_index(drop=True)}
