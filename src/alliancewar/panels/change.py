"""k-year changes and growth rates of the system's alliance aggregation (config ``panel.change_years``).

For a system-year measure ``x`` (share of states allied, share of major powers allied,
alliance-network density; any alliance and defense pacts; ATOP and COW):

* change ``x_t - x_{t-k}`` (k = 1 is the first difference);
* growth rate ``(x_t - x_{t-k}) / x_{t-k}``, defined where ``x_{t-k} > 0``.

``x_{t-k}`` is the value of calendar year ``t - k`` (NA when that year is not in the panel or
``x`` is missing there), so both are NA in the first ``k`` panel years and wherever the level
is outside its source's coverage. Shares move with system membership too (a new state
without allies lowers the share allied).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .variables import change_name


def add_changes(system: pd.DataFrame, measures: Sequence[str], change_years: Sequence[int]) -> pd.DataFrame:
    """Add ``change_name(m, k, "chg")`` and ``change_name(m, k, "growth")`` for every measure and k.

    Parameters
    ----------
    system
        System-years with ``year`` and the level columns ``measures`` (missing ones skipped).
    measures
        Level columns.
    change_years
        The ks (positive).

    Returns
    -------
    DataFrame
        ``system`` with the new columns.
    """
    present = [m for m in measures if m in system.columns]
    levels = system.set_index("year")[present].astype(float)
    new = {}
    for k in change_years:
        if k < 1:
            raise ValueError(f"panel.change_years must be positive, got {k}")
        before = levels.reindex(levels.index - k).to_numpy()
        now = levels.to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            growth = np.where(before > 0, (now - before) / before, np.nan)
        for i, m in enumerate(present):
            new[change_name(m, k, "chg")] = now[:, i] - before[:, i]
            new[change_name(m, k, "growth")] = growth[:, i]
    return pd.concat([system.reset_index(drop=True), pd.DataFrame(new)], axis=1)
