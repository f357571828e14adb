"""Adjusted p-values for a family of tests: Holm (1979) and Benjamini & Hochberg (1995).

A family is the set of tests a reader scans for "significant" results together, e.g. a
period's alliance measures x leads x methods. Adjusting within it keeps the chance of any
false rejection (Holm: family-wise error rate) or the expected share of false rejections
among the rejections (Benjamini-Hochberg: false discovery rate) at the nominal level. The
adjustments are statsmodels' ``multipletests`` except Holm's, computed here (the step-down
``min(1, max_{j<=i} (m - j + 1) p_(j))`` over the sorted p-values, checked against statsmodels
in ``tests/unit/test_timeseries.py``) because statsmodels' Holm branch calls ``gc.collect()``
on every call: about 0.1 s with the report's panels in memory, 45 s for the claim table's
families. Missing p-values (a test that could not be run) are left out of the family and stay
missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ADJUSTMENTS", "adjust_pvalues", "adjust_within"]

#: Column suffix -> statsmodels method name.
ADJUSTMENTS = {"holm": "holm", "bh": "fdr_bh"}


def adjust_pvalues(p: Any, method: str = "holm") -> np.ndarray:
    """Adjusted p-values of one family.

    Parameters
    ----------
    p
        Raw p-values (array-like); NaN entries are not part of the family.
    method
        ``"holm"`` (Holm 1979, step-down Bonferroni) or ``"bh"`` (Benjamini & Hochberg 1995).

    Returns
    -------
    numpy.ndarray
        Adjusted p-values in the input order (NaN where the input is NaN).

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
    Journal of Statistics* 6(2), 65-70.
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical
    and powerful approach to multiple testing. *JRSS B* 57(1), 289-300.
    """
    from statsmodels.stats.multitest import multipletests

    if method not in ADJUSTMENTS:
        raise ValueError(f"method must be one of {sorted(ADJUSTMENTS)}, got {method!r}")
    p = np.asarray(p, dtype=float)
    if np.any((p < 0) | (p > 1)):
        raise ValueError("p-values must lie between 0 and 1")
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if ok.any():
        out[ok] = _holm(p[ok]) if method == "holm" else multipletests(p[ok], method=ADJUSTMENTS[method])[1]
    return out


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm's (1979) adjusted p-values of one family (no missing values)."""
    order = np.argsort(p, kind="stable")
    m = len(p)
    stepped = np.minimum(1.0, np.maximum.accumulate(p[order] * np.arange(m, 0, -1)))
    out = np.empty(m)
    out[order] = stepped
    return out


def adjust_within(table: pd.DataFrame, family: Sequence[str], p_col: str = "p_value",
                  methods: Sequence[str] = ("holm", "bh")) -> pd.DataFrame:
    """Add ``{p_col}_{method}`` columns: ``p_col`` adjusted within each family of rows.

    Parameters
    ----------
    table
        One row per test.
    family
        Columns whose values define a family (e.g. ``["period"]``); empty: one family.
    p_col
        Column of raw p-values.
    methods
        Keys of :data:`ADJUSTMENTS`.

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` with the adjusted columns and ``family_size`` (number of
        non-missing p-values in the row's family).
    """
    out = table.copy()
    keys = [table[c] for c in family] if family else [pd.Series(0, index=table.index)]
    groups = table.groupby(keys, sort=False, dropna=False)[p_col]
    for m in methods:
        out[f"{p_col}_{m}"] = groups.transform(lambda s, m=m: pd.Series(adjust_pvalues(s.to_numpy(), m),
                                                                          index=s.index))
    out["family_size"] = groups.transform("count").astype(int)
    return out
