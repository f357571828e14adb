"""Strategic rivalries as dyad-year indicators (Thompson & Dreyer 2012; Thompson, Sakuwa & Suhas 2021).

A dyad-year is in a rivalry when a rivalry of the list between the two states runs in that year
(first to last year, inclusive); the type indicators say whether a rivalry of that type runs
(``spatial``: over territory; ``positional``: over status and influence; ``ideological``;
``interventionary``). Two rivalries of one dyad in one year (e.g. a rivalry that ended and began
again) count once, the types combined. peacesciencer's one code fix is applied: the
Austria(-Hungary) code 300 becomes 305 (Austria) from 1919 (the Austria-Yugoslavia rivalry runs to
1920). Columns ``rivalry_<list>``, ``rivalry_<list>_<type>`` with ``<list>`` = ``tss`` or ``td``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .symmetric import attach_undirected

TYPES = ("positional", "spatial", "ideological", "interventionary")


def rivalry_dyad_years(rivalries: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """Non-directed rivalry dyad-years: ccode1 < ccode2, year, ``rivalry_<prefix>`` (=1) and the types."""
    r = rivalries[["ccode1", "ccode2", "start", "end", *TYPES]].astype(np.int64)
    n = (r["end"] - r["start"] + 1).to_numpy()
    idx = np.repeat(np.arange(len(r)), n)
    year = r["start"].to_numpy()[idx] + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    c1, c2 = r["ccode1"].to_numpy()[idx], r["ccode2"].to_numpy()[idx]
    c1, c2 = np.where((c1 == 300) & (year >= 1919), 305, c1), np.where((c2 == 300) & (year >= 1919), 305, c2)
    y = pd.DataFrame({"ccode1": np.minimum(c1, c2), "ccode2": np.maximum(c1, c2), "year": year,
                      **{t: r[t].to_numpy()[idx] for t in TYPES}})
    out = y.groupby(["ccode1", "ccode2", "year"], sort=True)[list(TYPES)].max().reset_index()
    out = out.rename(columns={t: f"rivalry_{prefix}_{t}" for t in TYPES})
    out.insert(3, f"rivalry_{prefix}", 1)
    cols = [c for c in out.columns if c.startswith("rivalry_")]
    out[cols] = out[cols].astype(np.int8)
    return out


def add_rivalries(panel: pd.DataFrame, rivalries: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """Add ``rivalry_<prefix>`` and its type indicators (0 for dyad-years without a rivalry)."""
    ry = rivalry_dyad_years(rivalries, prefix)
    return attach_undirected(panel, ry, {c: c for c in ry.columns if c.startswith("rivalry_")}, fill=0,
                             dtype=np.int8)
