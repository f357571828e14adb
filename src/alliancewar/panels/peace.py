"""Time dependence: peace-years, Carter & Signorino cubic polynomials and BKT splines.

Peace-years count the years since the dyad's last event, from the dyad's first panel year
when it has had none: 0 in the dyad's first year, 0 in the year after an event year, and an
event year carries the count *before* it (it does not reset its own count). Years after the
source's coverage get NA. Two counting rules (METHODS pitfall 14), one column each:

* **onset** (``peace_years``, ``mid_peace_years``, ...): the event is the onset, so the count
  restarts in the year after an onset even while the war goes on;
* **ongoing** (``peace_years_ongoing``, ``mid_peace_years_ongoing``, ...): the event is every
  year in the war or dispute, so the count restarts only after its last year -- the rule of
  Beck, Katz & Tucker (1998) and of peacesciencer's ``add_peace_years()`` (Miller 2022), whose
  ``ps_btscs()`` (stevemisc, from DAMisc's ``btscs``) gives 0 in a unit's first year, adds 1
  per year without event, gives an event year following a non-event year the count plus 1
  and resets to 0 in the year after an event year -- the same numbers as :func:`years_since`
  on the ongoing indicator. One difference: ``ps_btscs`` counts rows, :func:`years_since`
  calendar years, so the two differ only across a gap in a dyad's membership (e.g. Germany
  1945-1990), where alliancewar counts the years of the gap.

* Carter & Signorino (2010): t, t^2, t^3 (``cubic``).
* Beck, Katz & Tucker (1998): t plus a cubic spline in t with three knots (``splines``). The
  spline terms are the truncated cubics (t - k)^3_+ at knots 1, 4 and 7 years of peace (one
  term per knot, the structure of BKT's ``splinegen``; knots configurable). This knot choice
  puts the knots where most of the mass of peace-years lies and is documented in docs/data.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_KNOTS = (1, 4, 7)

#: Dyad-year peace-year columns -> the event column each counts from (onset and ongoing rule).
DYAD_PEACE_YEARS: dict[str, str] = {
    "peace_years": "war_onset", "peace_years_ongoing": "war_ongoing",
    "mid_peace_years": "mid_onset", "mid_peace_years_ongoing": "mid_ongoing",
    "fatal_mid_peace_years": "fatal_mid_onset", "fatal_mid_peace_years_ongoing": "fatal_mid_ongoing",
    "force_mid_peace_years": "force_mid_onset", "force_mid_peace_years_ongoing": "force_mid_ongoing",
}
#: Columns that also get Carter & Signorino polynomials and BKT spline terms in the panel.
POLYNOMIAL_COLUMNS = ("peace_years", "peace_years_ongoing")


def unit_order(df: pd.DataFrame, keys: tuple[str, ...] = ("ccode1", "ccode2"), year: str = "year"
               ) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """Sort order by unit then year, the sorted years and the first-row-of-unit flags.

    The order is ``None`` when ``df`` is already sorted (the panels are built sorted).
    """
    unit = np.zeros(len(df), dtype=np.int64)
    for col in keys:
        unit = unit * 100_000 + df[col].to_numpy(dtype=np.int64)
    yr = df[year].to_numpy(dtype=np.int64)
    full = unit * 10_000 + yr
    if np.all(full[1:] > full[:-1]):
        return None, yr, np.r_[True, unit[1:] != unit[:-1]]
    order = np.argsort(full, kind="stable")
    k = unit[order]
    return order, yr[order], np.r_[True, k[1:] != k[:-1]]


def years_since(event: np.ndarray, order: np.ndarray | None, years: np.ndarray, new_unit: np.ndarray
                ) -> np.ndarray:
    """Years since the last event (see module docstring), given :func:`unit_order`'s output."""
    ev = np.asarray(event, dtype="float64")
    ev = (ev if order is None else ev[order]) > 0  # NaN compares False: no event
    prev_event = np.r_[False, ev[:-1]] & ~new_unit  # an event in the unit's previous row resets the count
    reset = new_unit | prev_event
    last_reset = np.maximum.accumulate(np.where(reset, np.arange(len(ev)), 0))
    since = (years - years[last_reset]).astype("float64")
    if order is None:
        return since
    out = np.empty(len(ev), dtype="float64")
    out[order] = since
    return out


def peace_years(df: pd.DataFrame, event: str, *, keys: tuple[str, ...] = ("ccode1", "ccode2"),
                year: str = "year") -> np.ndarray:
    """Years since the last ``event`` within each unit (vectorised; ``df`` in any order).

    Parameters
    ----------
    df
        Panel with ``keys``, ``year`` and a 0/1 ``event`` column (NA counts as no event; the
        caller masks years outside the source's coverage).
    event
        Event column (e.g. ``war_onset``).
    keys, year
        Unit and time columns.

    Returns
    -------
    ndarray
        Peace-years aligned with ``df``'s rows (float, no NA).
    """
    order, years, new_unit = unit_order(df, keys, year)
    return years_since(df[event].to_numpy(dtype="float64", na_value=np.nan), order, years, new_unit)


def cubic_terms(t: pd.Series | np.ndarray, prefix: str) -> dict[str, np.ndarray]:
    """Carter & Signorino (2010) terms: ``{prefix}``, ``{prefix}2``, ``{prefix}3``."""
    t = np.asarray(t, dtype="float64")
    t2 = t * t
    return {prefix: t, f"{prefix}2": t2, f"{prefix}3": t2 * t}


def spline_terms(t: pd.Series | np.ndarray, prefix: str, knots: tuple[float, ...] = DEFAULT_KNOTS
                 ) -> dict[str, np.ndarray]:
    """Beck, Katz & Tucker (1998) spline terms ``{prefix}_spline1..K``: (t - k_j)^3_+."""
    t = np.asarray(t, dtype="float64")
    out = {}
    for j, k in enumerate(knots, start=1):
        m = np.maximum(t - k, 0.0)
        out[f"{prefix}_spline{j}"] = m * m * m
    return out


def add_peace_years(panel: pd.DataFrame, knots: tuple[float, ...] = DEFAULT_KNOTS) -> pd.DataFrame:
    """Add every column of :data:`DYAD_PEACE_YEARS`, with cubic and spline terms of the war ones.

    Only the peace-years whose event column is in ``panel`` are added (a panel without MIDs gets
    the war ones only).

    Parameters
    ----------
    panel
        Dyad-years (non-directed or directed) sorted or not, with the event columns.
    knots
        Spline knots (config ``panel.spline_knots``).
    """
    order, years, new_unit = unit_order(panel)
    new = {col: years_since(panel[event].to_numpy(dtype="float64", na_value=np.nan), order, years, new_unit)
           for col, event in DYAD_PEACE_YEARS.items() if event in panel.columns}
    for col in (c for c in POLYNOMIAL_COLUMNS if c in new):
        new.update({**cubic_terms(new[col], col), **spline_terms(new[col], col, knots)})
    return pd.concat([panel, pd.DataFrame(new, index=panel.index)], axis=1)
