"""The alliance status on the eve of an onset (the ``_prewar`` / ``_premid`` columns), by hand.

Five dyads, each with one onset and one alliance spell relative to it:

* (2, 20): the alliance ends on the day the war begins (the German Confederation pattern of
  15 June 1866) -> allied the day before;
* (2, 200): the alliance ends in March, the war begins in June of the same year -> allied in the
  year, not on the eve;
* (2, 220): the alliance begins on the day the war begins (a wartime alliance) -> allied in the
  year, not on the eve;
* (20, 200): the war begins on 1 January; the alliance ended on 31 December of the year
  before -> allied on the eve (the day before is in the previous year), not in the onset year;
* (20, 220): no onset -> the year's status (allied).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancewar.panels.intervals import day_number
from alliancewar.panels.timing import add_eve_status, status_on_day

T = pd.Timestamp
SPELLS = pd.DataFrame({
    "ccode1": [2, 2, 2, 20, 20], "ccode2": [20, 200, 220, 200, 220],
    "start": [T("1850-01-01"), T("1860-01-01"), T("1866-06-15"), T("1860-01-01"), T("1860-01-01")],
    "end": [T("1866-06-15"), T("1866-03-31"), T("1866-12-31"), T("1865-12-31"), T("1870-12-31")],
    "any": np.int8(1), "defense": np.array([1, 0, 1, 1, 0], dtype=np.int8)})
ONSET = {(2, 20): T("1866-06-15"), (2, 200): T("1866-06-15"), (2, 220): T("1866-06-15"),
         (20, 200): T("1866-01-01")}


def _panel() -> pd.DataFrame:
    p = pd.DataFrame({"ccode1": [2, 2, 2, 20, 20], "ccode2": [20, 200, 220, 200, 220], "year": 1866})
    on = [ONSET.get((a, b)) for a, b in zip(p["ccode1"], p["ccode2"])]
    p["war_onset_day"] = [np.nan if d is None else float(day_number(pd.Series([d]))[0]) for d in on]
    p["atop_any"] = np.array([1, 1, 1, 0, 1], dtype=np.int8)  # the year's status (any common day in 1866)
    p["atop_defense"] = np.array([1, 0, 1, 0, 0], dtype=np.int8)
    return p


def test_status_on_day():
    q = pd.DataFrame({"ccode1": [2, 2, 2, 2, 99], "ccode2": [20, 20, 200, 200, 100],
                      "day": day_number(pd.Series([T("1866-06-15"), T("1866-06-16"), T("1866-03-31"),
                                                   T("1866-04-01"), T("1866-04-01")]))})
    got = status_on_day(SPELLS, q, ("any", "defense"))
    assert got["any"].tolist() == [1, 0, 1, 0, 0] and got["defense"].tolist() == [1, 0, 0, 0, 0]


def test_eve_status_by_hand():
    out = add_eve_status(_panel(), SPELLS, "atop", ("any", "defense"), "war_onset_day", "prewar")
    assert out["atop_any_prewar"].tolist() == [1, 0, 0, 1, 1]
    assert out["atop_defense_prewar"].tolist() == [1, 0, 0, 1, 0]
    # the contemporaneous columns are untouched
    assert out["atop_any"].tolist() == [1, 1, 1, 0, 1]
