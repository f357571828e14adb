"""Set every variable to NA outside its source's coverage years (never 0).

Peer tools have shipped silent zeros after a source ends (METHODS pitfall 4): a dyad-year of
2012 has no COW war information (wars end in 2007), so its ``war_onset`` is unknown, not 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..sources import Source
from .variables import REGISTRY, Variable


def variable_coverage(var: Variable, sources: dict[str, Source], panel_end: int,
                      aliases: dict[str, str] | None = None) -> tuple[int, int]:
    """Coverage of ``var``, with source substitutions (e.g. dyadic MID -> MID 5.0) applied."""
    if aliases:
        var = Variable(var.name, var.label, var.definition, tuple(aliases.get(s, s) for s in var.sources),
                       var.levels, var.kind, var.lag, var.lead)
    return var.coverage(sources, panel_end)


def apply_coverage(df: pd.DataFrame, sources: dict[str, Source], panel_end: int,
                   aliases: dict[str, str] | None = None) -> pd.DataFrame:
    """Return ``df`` with each registered column masked to NA outside its coverage years.

    Dtypes are compacted on the way (memory matters for two million directed dyad-years):
    binary, count and categorical variables with missing values become float32 (NaN), those
    without stay small integers; continuous variables are float64. Unregistered columns are
    left alone.
    """
    year = df["year"].to_numpy()
    y_min, y_max = int(year.min()), int(year.max())
    cols = {}
    for col in df.columns:
        var = REGISTRY.get(col)
        values = df[col].to_numpy()
        if var is None or col in KEY_COLUMNS:
            cols[col] = values
            continue
        lo, hi = variable_coverage(var, sources, panel_end, aliases)
        if lo > y_min or hi < y_max:
            values = values.astype("float64", copy=True) if values.dtype.kind in "iub" else \
                df[col].to_numpy(dtype="float64", na_value=np.nan, copy=True)
            values[(year < lo) | (year > hi)] = np.nan
        cols[col] = _compact(values, var.kind)
    out = pd.DataFrame(cols, copy=False)
    out.attrs = dict(df.attrs)
    return out


KEY_COLUMNS = ("ccode1", "ccode2", "ccode", "year")


def _compact(values: np.ndarray, kind: str) -> np.ndarray:
    if values.dtype.kind in "iu":
        return values
    values = values.astype("float64", copy=False)
    if kind == "continuous":
        return values
    if np.isnan(values).any():
        return values.astype(np.float32)
    return values.astype(np.int8 if kind == "binary" else np.int32)
