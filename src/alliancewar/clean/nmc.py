"""COW National Material Capabilities 6.0, abridged (Singer, Bremer & Stuckey 1972).

One row per state-year 1816-2016. ``-9`` (missing) becomes NA in every indicator; CINC is the
composite index (share of the system's capabilities, 0-1).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import read_csv_checked
from .common import require_integers, to_na

SOURCE = "cow_nmc_v6.0"
TABLES = ("nmc",)
INDICATORS = ("milex", "milper", "irst", "pec", "tpop", "upop")


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``NMC-60-abridged.csv`` into ``nmc``."""
    path = Path(raw_dir) / "NMC-60-abridged.csv"
    raw = read_csv_checked(path, ["stateabb", "ccode", "year", *INDICATORS, "cinc"])
    raw = require_integers(raw, ["ccode", "year", "milex", "milper", "irst", "pec"], path)
    raw = require_integers(raw, ["tpop", "upop", "cinc"], path, integer=False)
    raw = to_na(raw, INDICATORS)
    cinc = raw["cinc"]
    out = pd.DataFrame({"ccode": raw["ccode"], "stateabb": raw["stateabb"].astype("string"), "year": raw["year"]})
    for c in INDICATORS:
        out[c] = raw[c]
    out["cinc"] = cinc.where(cinc >= 0).astype("Float64")
    return {"nmc": out.sort_values(["ccode", "year"]).reset_index(drop=True)}
