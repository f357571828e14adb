"""Create dyad-years from state-system membership, with false dyads removed.

peacesciencer's ``create_dyadyears()`` pairs states that were members in the same year. Two
states that were both members in a year but never on the same day (one left in March, the
other entered in November) are *false dyads* (METHODS pitfall 6); they are removed here by
comparing the members' day-level spells within each year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .intervals import expand_years

def system_end(spells: pd.DataFrame) -> pd.Timestamp:
    """The last day of the state-system list the spells come from (31 Dec 2016 or 31 Dec 2024).

    It is the latest end date of the spells: every list ends its open spells (the members on its
    last day) on that date, so this follows the chosen state-system version without a constant.
    """
    return pd.Timestamp(spells["end"].max())


def membership(states: pd.DataFrame, end_year: int | None = None) -> pd.DataFrame:
    """State-system membership spells, optionally extended past the end of the list.

    Parameters
    ----------
    states
        Clean ``states`` table (ccode, start, end) of the chosen state-system version.
    end_year
        Last panel year (default: the list's last year). Beyond the list's last year (with the
        2016 list, to use ATOP's and BMR's later years), spells in force on its last day are
        extended to 31 December ``end_year``: a documented config choice (``panel.end_year``),
        since the COW list itself stops there.

    Returns
    -------
    DataFrame
        ccode, start, end.
    """
    s = states[["ccode", "start", "end"]].copy()
    s["ccode"] = s["ccode"].astype(np.int64)
    return extend_past_system_end(s, end_year)


def extend_past_system_end(spells: pd.DataFrame, end_year: int | None, last_day: pd.Timestamp | None = None
                           ) -> pd.DataFrame:
    """Spells in force on the list's last day (``last_day``, default :func:`system_end` of the
    spells) extended to 31 Dec ``end_year``; unchanged when ``end_year`` is not later."""
    last_day = system_end(spells) if last_day is None else last_day
    if end_year is None or end_year <= last_day.year:
        return spells
    out = spells.copy()
    out.loc[out["end"] == last_day, "end"] = pd.Timestamp(f"{end_year}-12-31")
    return out


def state_year_intervals(members: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Each member's days in each year: ccode, year, d0, d1 (day numbers, inclusive)."""
    sy = expand_years(members, "start", "end")
    sy = sy[(sy["year"] >= start_year) & (sy["year"] <= end_year)]
    jan1 = pd.to_datetime(sy["year"].astype(str) + "-01-01")
    dec31 = pd.to_datetime(sy["year"].astype(str) + "-12-31")
    d0 = np.maximum(sy["start"].to_numpy(), jan1.to_numpy())
    d1 = np.minimum(sy["end"].to_numpy(), dec31.to_numpy())
    return pd.DataFrame({"ccode": sy["ccode"].to_numpy(), "year": sy["year"].to_numpy(),
                         "d0": d0.astype("datetime64[D]").astype(np.int64),
                         "d1": d1.astype("datetime64[D]").astype(np.int64)})


def create_dyadyears(states: pd.DataFrame, *, start_year: int = 1816, end_year: int | None = None,
                     directed: bool = False) -> pd.DataFrame:
    """Dyad-years of state-system members, false dyads removed.

    Parameters
    ----------
    states
        Clean ``states`` spells.
    start_year, end_year
        Panel years (inclusive); ``end_year`` None = the list's last year.
    directed
        ``False``: one row per pair with ccode1 < ccode2; ``True``: both orders.

    Returns
    -------
    DataFrame
        ccode1, ccode2, year (int64), sorted.
    """
    end_year = system_end(states).year if end_year is None else end_year
    iv = state_year_intervals(membership(states, end_year), start_year, end_year)
    i, j = _pairs_within_years(iv["year"].to_numpy(), iv["ccode"].to_numpy())
    c, y = iv["ccode"].to_numpy(), iv["year"].to_numpy()
    d0, d1 = iv["d0"].to_numpy(), iv["d1"].to_numpy()
    keep = (c[i] < c[j]) & (np.maximum(d0[i], d0[j]) <= np.minimum(d1[i], d1[j]))
    i, j = i[keep], j[keep]
    key = np.sort((c[i] * 10_000 + c[j]) * 10_000 + y[i])  # order: ccode1, ccode2, year
    key = key[np.r_[True, key[1:] != key[:-1]]]  # a state with two spells in a year pairs once
    dy = pd.DataFrame({"ccode1": key // 100_000_000, "ccode2": (key // 10_000) % 10_000, "year": key % 10_000})
    if directed:
        dy = pd.concat([dy, dy.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})[dy.columns]],
                       ignore_index=True)
        dy = dy.sort_values(["ccode1", "ccode2", "year"], ignore_index=True)
    return dy


def _pairs_within_years(year: np.ndarray, ccode: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row indices (i, j), i != j ordered by ccode, of all pairs of rows sharing a year.

    Rows are grouped by year; within a group of size n all n*(n-1)/2 index pairs are built from
    one cached upper-triangle template per group size (a loop over ~200 years, not over rows).
    """
    order = np.lexsort([ccode, year])
    ys = year[order]
    starts = np.flatnonzero(np.r_[True, ys[1:] != ys[:-1]])
    sizes = np.diff(np.r_[starts, len(ys)])
    tri: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    ii, jj = [], []
    for st, n in zip(starts, sizes):
        if n not in tri:
            tri[n] = np.triu_indices(n, k=1)
        a, b = tri[n]
        ii.append(order[st + a])
        jj.append(order[st + b])
    return np.concatenate(ii), np.concatenate(jj)


def false_dyads(states: pd.DataFrame, *, start_year: int = 1816, end_year: int | None = None) -> pd.DataFrame:
    """Pairs that were both members in a year but never on the same day (non-directed)."""
    end_year = system_end(states).year if end_year is None else end_year
    iv = state_year_intervals(membership(states, end_year), start_year, end_year)
    pairs = iv[["ccode", "year"]].drop_duplicates()
    allp = pairs.merge(pairs, on="year", suffixes=("1", "2"))
    allp = allp[allp["ccode1"] < allp["ccode2"]]
    true = create_dyadyears(states, start_year=start_year, end_year=end_year)
    out = allp.merge(true, how="left", indicator=True)
    return out.loc[out["_merge"] == "left_only", ["ccode1", "ccode2", "year"]].reset_index(drop=True)
