"""COW Militarized Interstate Disputes 5.0 (Palmer et al. 2022): disputes (MIDA) and participants (MIDB).

Missing codes: ``-9`` (unknown: start/end days, fatality, revision types) become NA; an
unknown start day follows the package-wide date rule and is flagged ``start_imputed``.
Fatality levels: 0 none, 1 = 1-25 deaths, ..., 6 = >999; ``fatalpre`` is the precise count
where known. Hostility levels 1-5 (5 = war); use of force = hostility >= 4.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import read_csv_checked
from .common import make_date, require_integers, to_na

SOURCE = "cow_mid_v5.0"
TABLES = ("mid_disputes", "mid_participants")

_DATE = ["stday", "stmon", "styear", "endday", "endmon", "endyear"]


def _dates(raw: pd.DataFrame) -> dict[str, pd.Series]:
    start, s_imp = make_date(raw["styear"], raw["stmon"], raw["stday"], end=False)
    end, e_imp = make_date(raw["endyear"], raw["endmon"], raw["endday"], end=True)
    return {"start": start, "end": end, "start_imputed": s_imp, "end_imputed": e_imp}


def clean_disputes(path: Path) -> pd.DataFrame:
    """Clean ``MIDA 5.0.csv`` (one row per dispute)."""
    num = ["dispnum", *_DATE, "outcome", "settle", "fatality", "fatalpre", "maxdur", "mindur", "hiact", "hostlev",
           "recip", "numa", "numb", "ongo2014"]
    raw = require_integers(read_csv_checked(path, num), num, path)
    raw = to_na(raw, ["outcome", "settle", "fatality", "fatalpre", "maxdur", "mindur", "hiact", "hostlev"])
    out = pd.DataFrame({"dispnum": raw["dispnum"], **_dates(raw)})
    for c in ["outcome", "settle", "fatality", "fatalpre", "maxdur", "mindur", "hiact", "hostlev", "recip", "numa",
              "numb", "ongo2014"]:
        out[c] = raw[c]
    return out.sort_values("dispnum").reset_index(drop=True)


def clean_participants(path: Path) -> pd.DataFrame:
    """Clean ``MIDB 5.0.csv`` (one row per participation spell of a state in a dispute)."""
    num = ["dispnum", "ccode", *_DATE, "sidea", "revstate", "revtype1", "revtype2", "fatality", "fatalpre", "hiact",
           "hostlev", "orig"]
    raw = require_integers(read_csv_checked(path, [*num, "stabb"]), num, path)
    raw = to_na(raw, ["revtype1", "revtype2", "fatality", "fatalpre", "hiact", "hostlev"])
    out = pd.DataFrame({"dispnum": raw["dispnum"], "ccode": raw["ccode"], "stabb": raw["stabb"].astype("string"),
                        **_dates(raw)})
    for c in ["sidea", "revstate", "revtype1", "revtype2", "fatality", "fatalpre", "hiact", "hostlev", "orig"]:
        out[c] = raw[c]
    return out.sort_values(["dispnum", "ccode", "start"]).reset_index(drop=True)


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean MIDA and MIDB 5.0 in ``raw_dir``."""
    raw_dir = Path(raw_dir)
    return {"mid_disputes": clean_disputes(raw_dir / "MIDA 5.0.csv"),
            "mid_participants": clean_participants(raw_dir / "MIDB 5.0.csv")}
