"""COW Formal Alliances v4.1 (Gibler 2009), read only from a folder the user supplied.

Two tables: ``cow_alliance_members`` (member spells, from ``alliance_v4.1_by_member.csv``) and
``cow_alliance_dyads`` (non-directed dyad spells with ccode1 < ccode2, from
``alliance_v4.1_by_dyad.csv``; the v4.1 "directed" file is not really directed -- METHODS
pitfall 1 -- so directed dyads are built later by mirroring these). A missing end date means
the alliance was in force at the end of the data (31 December 2012, flagged ``end_ongoing``).
Building from spells avoids the duplicated rows and the two year-0 rows of the yearly file
(METHODS pitfalls 2 and 3). Eleven dyad rows end the day before they start (pairs of a state
and its successor or predecessor, e.g. the two Yemens and unified Yemen in May 1990, the two
Germanys in October 1990): they cover no day on which both states existed and are dropped,
with the count logged.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from ..io import read_csv_checked
from .common import make_date, require_integers

log = logging.getLogger(__name__)

SOURCE = "cow_alliances_v4.1"
TABLES = ("cow_alliance_members", "cow_alliance_dyads")
COVERAGE_END = 2012
TYPES = ("defense", "neutrality", "nonaggression", "entente")


def _spell(raw: pd.DataFrame, prefix: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    start, _ = make_date(raw[f"{prefix}_st_year"], raw[f"{prefix}_st_month"], raw[f"{prefix}_st_day"], end=False)
    ongoing = raw[f"{prefix}_end_year"].isna()
    y = raw[f"{prefix}_end_year"].fillna(COVERAGE_END)
    m = raw[f"{prefix}_end_month"].mask(ongoing, 12)
    d = raw[f"{prefix}_end_day"].mask(ongoing, 31)
    end, _ = make_date(y, m, d, end=True)
    return start, end, ongoing.astype(bool)


def _types(raw: pd.DataFrame, out: pd.DataFrame) -> pd.DataFrame:
    for t in TYPES:
        out[t] = raw[t].astype("Int64")
    return out


def clean_members(path: Path) -> pd.DataFrame:
    """Clean the member file: one row per alliance membership spell."""
    num = ["version4id", "ccode", "mem_st_day", "mem_st_month", "mem_st_year", "mem_end_day",
           "mem_end_month", "mem_end_year", *TYPES]
    raw = require_integers(read_csv_checked(path, [*num, "ss_type"]), num, path)
    start, end, ongoing = _spell(raw, "mem")
    out = pd.DataFrame({"version4id": raw["version4id"], "ccode": raw["ccode"], "start": start, "end": end,
                        "end_ongoing": ongoing, "ss_type": raw["ss_type"].astype("string")})
    return _types(raw, out).sort_values(["version4id", "ccode", "start"]).reset_index(drop=True)


def clean_dyads(path: Path) -> pd.DataFrame:
    """Clean the dyad file: one row per non-directed alliance dyad spell, ccode1 < ccode2."""
    num = ["version4id", "ccode1", "ccode2", "dyad_st_day", "dyad_st_month", "dyad_st_year",
           "dyad_end_day", "dyad_end_month", "dyad_end_year", *TYPES]
    raw = require_integers(read_csv_checked(path, num), num, path)
    start, end, ongoing = _spell(raw, "dyad")
    lo = raw[["ccode1", "ccode2"]].min(axis=1)
    hi = raw[["ccode1", "ccode2"]].max(axis=1)
    out = _types(raw, pd.DataFrame({"version4id": raw["version4id"], "ccode1": lo, "ccode2": hi, "start": start,
                                    "end": end, "end_ongoing": ongoing}))
    empty = out["end"] < out["start"]
    if empty.any():
        log.info("%s: dropped %d dyad spell(s) that end before they start (no common day)", path, int(empty.sum()))
    return out[~empty].sort_values(["version4id", "ccode1", "ccode2", "start"]).reset_index(drop=True)


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean the user-supplied COW alliance files in ``raw_dir``."""
    raw_dir = Path(raw_dir)
    return {"cow_alliance_members": clean_members(raw_dir / "alliance_v4.1_by_member.csv"),
            "cow_alliance_dyads": clean_dyads(raw_dir / "alliance_v4.1_by_dyad.csv")}
