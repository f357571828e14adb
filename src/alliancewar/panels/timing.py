"""Alliance status at the eve of an onset: the day before the war (or dispute) begins.

An alliance measured "on any day of the year" of an onset is partly post-treatment: a war can
end an alliance on the day it begins (the German Confederation, dissolved on 15 June 1866 as
its members went to war; METHODS pitfall 12), and wartime alliances are signed after the
fighting starts. The lagged columns (``<var>_lag1``, the previous year's status) are the
default remedy. For models without a lag the ``_prewar`` and ``_premid`` columns give:

* on war (MID) onset rows: the dyad's alliance status on the day *before* its onset date --
  the first day the two states fight on opposite sides of the war (for joiners, the day the
  later state joined), or the start date of the kept dispute for the dyad;
* on every other row: the status in the year (the contemporaneous column).

Status on a day is computed from the same day-level pair spells as the yearly columns: two
states are allied on day d when both are members of one alliance (ATOP) or share an alliance
dyad spell (COW) that covers d, with that alliance's obligation types.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .intervals import day_number

KEYS = ["ccode1", "ccode2"]


def status_on_day(spells: pd.DataFrame, queries: pd.DataFrame, types: tuple[str, ...]) -> pd.DataFrame:
    """Alliance flags of dyads on given days.

    Parameters
    ----------
    spells
        Non-directed pair spells (ccode1 < ccode2, start, end and 0/1 flags ``types``), e.g.
        :func:`alliancewar.panels.alliances.atop_pair_spells`.
    queries
        ccode1 < ccode2 and ``day`` (day number, days since 1970-01-01), one row per query.
    types
        Flag columns of ``spells`` (``any`` and the obligation types).

    Returns
    -------
    DataFrame
        ``queries``' rows in order, with one 0/1 column per type (1 when an alliance with that
        type covers the day).
    """
    q = queries[[*KEYS, "day"]].reset_index(drop=True).rename_axis("_q").reset_index()
    s = spells[[*KEYS, "start", "end", *types]].copy()
    s["d0"], s["d1"] = day_number(s["start"]), day_number(s["end"])
    m = q.merge(s[[*KEYS, "d0", "d1", *types]], on=KEYS)
    m = m[(m["d0"] <= m["day"]) & (m["day"] <= m["d1"])]
    hit = m.groupby("_q")[list(types)].max()
    out = pd.DataFrame(0, index=q["_q"], columns=list(types), dtype=np.int8)
    out.loc[hit.index, list(types)] = hit.to_numpy(dtype=np.int8)
    return out.reset_index(drop=True)


def add_eve_status(panel: pd.DataFrame, spells: pd.DataFrame, prefix: str, types: tuple[str, ...],
                   onset_day: str, suffix: str) -> pd.DataFrame:
    """Add ``<prefix>_<type>_<suffix>``: the status the day before onset on onset rows, else the year's.

    Parameters
    ----------
    panel
        Non-directed dyad-years with the contemporaneous columns ``<prefix>_<type>`` and the
        onset day numbers ``onset_day`` (NaN on rows without onset).
    spells
        The alliance pair spells the contemporaneous columns were built from.
    prefix
        ``"atop"`` or ``"cow"``.
    types
        ``("any", ...)``, the suffixes of the contemporaneous columns.
    onset_day
        Panel column with the onset day numbers (``war_onset_day``, ``mid_onset_day``).
    suffix
        ``"prewar"`` or ``"premid"``.
    """
    out = panel.copy(deep=False)
    day = out[onset_day].to_numpy(dtype="float64")
    rows = np.flatnonzero(~np.isnan(day))
    queries = pd.DataFrame({"ccode1": out["ccode1"].to_numpy()[rows], "ccode2": out["ccode2"].to_numpy()[rows],
                            "day": day[rows].astype(np.int64) - 1})
    eve = status_on_day(spells, queries, types)
    for t in types:
        col = out[f"{prefix}_{t}"].to_numpy(copy=True)
        col[rows] = eve[t].to_numpy(dtype=col.dtype)
        out[f"{prefix}_{t}_{suffix}"] = col
    return out
