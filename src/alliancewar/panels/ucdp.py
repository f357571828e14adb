"""UCDP/PRIO interstate armed conflict as a dyad-year outcome, from 1946.

From the UCDP/PRIO Armed Conflict Dataset's interstate conflict-years (``type_of_conflict`` 2),
the primary parties of side A and side B (``gwno_a``, ``gwno_b``; several states per side are
listed comma-separated) form the dyads at conflict in the year; secondary parties sending troops
(``*_2nd``) are included only when asked (``secondary=True``). Gleditsch-Ward codes are mapped to
COW codes by year with the isard crosswalk.

* ``ucdp_ongoing``: the two states are on opposite sides of an active interstate conflict (at
  least 25 battle-related deaths in the year);
* ``ucdp_war_ongoing``: ... of one with at least 1,000 battle-related deaths in the year
  (intensity level 2);
* ``ucdp_onset``: active in the year and not in the previous year (a new conflict or a new
  episode after at least one inactive year, UCDP's episode rule, taken dyad by dyad).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .symmetric import attach_undirected, undirected_key

COLUMNS = ("ucdp_onset", "ucdp_ongoing", "ucdp_war_ongoing")


def _explode(codes: pd.Series) -> pd.DataFrame:
    """One row per (row position, code) of comma-separated code lists."""
    s = codes.astype("string").str.split(",").explode()
    s = s[s.notna() & (s != "")]
    return pd.DataFrame({"row": s.index.to_numpy(), "code": s.astype(np.int64).to_numpy()})


def conflict_dyad_years(conflicts: pd.DataFrame, crosswalk: pd.DataFrame | None = None, *,
                        secondary: bool = False) -> pd.DataFrame:
    """Non-directed interstate conflict dyad-years (code1 < code2): year, ongoing, war, onset.

    Parameters
    ----------
    conflicts
        Clean ``ucdp_conflict_years``.
    crosswalk
        Clean ``gw_cw_years`` (gwcode, year -> ccode). ``None``: keep Gleditsch-Ward codes.
    secondary
        Also pair the secondary warring parties of each side.
    """
    c = conflicts[conflicts["type_of_conflict"] == 2].reset_index(drop=True)
    sides = []
    for side in ("a", "b"):
        cols = [f"gwno_{side}"] + ([f"gwno_{side}_2nd"] if secondary else [])
        sides.append(pd.concat([_explode(c[col]) for col in cols], ignore_index=True).drop_duplicates())
    pairs = sides[0].merge(sides[1], on="row", suffixes=("1", "2"))
    pairs = pairs[pairs["code1"] != pairs["code2"]]
    year = c["year"].to_numpy(dtype=np.int64)[pairs["row"].to_numpy()]
    war = (c["intensity_level"].to_numpy(dtype=np.int64) == 2)[pairs["row"].to_numpy()]
    a, b = pairs["code1"].to_numpy(), pairs["code2"].to_numpy()
    if crosswalk is not None:
        a, b = (_to_cow(x, year, crosswalk) for x in (a, b))
    d = pd.DataFrame({"ccode1": np.minimum(a, b), "ccode2": np.maximum(a, b), "year": year, "war": war})
    d = d[(d["ccode1"] > 0) & (d["ccode1"] != d["ccode2"])]
    g = d.groupby(["ccode1", "ccode2", "year"], sort=True)["war"].max().reset_index()
    key = undirected_key(g["ccode1"].to_numpy(), g["ccode2"].to_numpy(), g["year"].to_numpy())
    onset = ~np.isin(key - 1, key)  # not at conflict in the previous year
    return pd.DataFrame({"ccode1": g["ccode1"], "ccode2": g["ccode2"], "year": g["year"],
                         "ucdp_onset": onset.astype(np.int8), "ucdp_ongoing": np.int8(1),
                         "ucdp_war_ongoing": g["war"].astype(np.int8)})


def _to_cow(gw: np.ndarray, year: np.ndarray, crosswalk: pd.DataFrame) -> np.ndarray:
    """COW codes of G-W codes in given years (0 where the crosswalk has none)."""
    cw = crosswalk.dropna(subset=["gwcode", "ccode"])
    key = cw["gwcode"].to_numpy(dtype=np.int64) * 10_000 + cw["year"].to_numpy(dtype=np.int64)
    idx = pd.Index(key).get_indexer(gw * 10_000 + year)
    return np.where(idx >= 0, cw["ccode"].to_numpy(dtype=np.int64)[np.maximum(idx, 0)], 0)


def add_ucdp_conflicts(panel: pd.DataFrame, conflict_years: pd.DataFrame) -> pd.DataFrame:
    """Add :data:`COLUMNS` from :func:`conflict_dyad_years` (0 for dyad-years without conflict)."""
    return attach_undirected(panel, conflict_years, {c: c for c in COLUMNS}, fill=0, dtype=np.int8)
