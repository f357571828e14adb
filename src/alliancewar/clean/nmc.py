"""COW National Material Capabilities, abridged, v6.0 and v7.0 (Singer, Bremer & Stuckey 1972).

One row per state-year: 1816-2016 (6.0, ``NMC-60-abridged.csv``, 15,951 rows = the state-years
of the 2016 state system) or 1816-2022 (7.0, ``NMC-70-abridged.csv``, 17,121 rows = the
state-years of the 2024 system to 2022). Both files have the same columns. ``-9`` (missing)
becomes NA in every indicator; CINC is the composite index (share of the system's
capabilities, 0-1).

NMC 7.0 is registered with the SHA-256 of the publisher's inner CSV as recorded by a third
party; no publisher copy was available offline, so the 7.0 download path is untested against
the real file (the cleaner is tested on a 7.0-shaped file).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataFormatError
from ..io import read_csv_checked
from .common import require_integers, to_na

SOURCES = ("cow_nmc_v6.0", "cow_nmc_v7.0")
TABLES = ("nmc",)
INDICATORS = ("milex", "milper", "irst", "pec", "tpop", "upop")
#: The abridged file of each version, the first present is read.
FILES = ("NMC-70-abridged.csv", "NMC-60-abridged.csv")


def raw_file(raw_dir: Path) -> Path:
    """The abridged NMC file in ``raw_dir`` (exactly one of :data:`FILES`)."""
    found = [Path(raw_dir) / f for f in FILES if (Path(raw_dir) / f).is_file()]
    if len(found) != 1:
        raise DataFormatError(f"{raw_dir}: expected exactly one of the NMC files {list(FILES)}; found "
                              f"{[p.name for p in found] or 'none'}")
    return found[0]


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean the abridged NMC file in ``raw_dir`` into ``nmc``."""
    path = raw_file(raw_dir)
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
