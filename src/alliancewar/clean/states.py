"""COW State System Membership v2016: state spells, major-power spells and state-years.

Codebook: Correlates of War Project (2017), *State System Membership (v2016)*. ``states2016``
has one row per continuous membership spell (243 spells, 217 states); ``majors2016`` one row
per major-power spell (14); ``system2016`` one row per state-year (15,951, 1816-2016).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import read_csv_checked
from .common import make_date, require_integers

SOURCE = "cow_state_system_v2016"
TABLES = ("states", "majors", "state_years")

_SPELL_COLS = ["stateabb", "ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"]


def _spells(path: Path) -> pd.DataFrame:
    raw = read_csv_checked(path, _SPELL_COLS)
    raw = require_integers(raw, _SPELL_COLS[1:], path)
    start, _ = make_date(raw["styear"], raw["stmonth"], raw["stday"], end=False)
    end, _ = make_date(raw["endyear"], raw["endmonth"], raw["endday"], end=True)
    out = pd.DataFrame({"ccode": raw["ccode"], "stateabb": raw["stateabb"].astype("string").str.strip(),
                        "start": start, "end": end})
    out = out.sort_values(["ccode", "start"], kind="stable").reset_index(drop=True)
    out.insert(2, "spell", out.groupby("ccode").cumcount().add(1).astype("Int64"))
    return out


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean the state-system files in ``raw_dir``.

    Returns
    -------
    dict
        ``states`` (ccode, stateabb, spell, statenme, start, end), ``majors`` (ccode,
        stateabb, spell, start, end) and ``state_years`` (ccode, stateabb, year).
    """
    raw_dir = Path(raw_dir)
    states = _spells(raw_dir / "states2016.csv")
    names = read_csv_checked(raw_dir / "states2016.csv", ["ccode", "statenme"])
    states.insert(3, "statenme", states["ccode"].map(names.drop_duplicates("ccode").set_index("ccode")["statenme"]).astype("string"))
    majors = _spells(raw_dir / "majors2016.csv")
    sy_path = raw_dir / "system2016.csv"
    sy = read_csv_checked(sy_path, ["stateabb", "ccode", "year"])
    sy = require_integers(sy, ["ccode", "year"], sy_path)
    state_years = pd.DataFrame({"ccode": sy["ccode"], "stateabb": sy["stateabb"].astype("string"), "year": sy["year"]})
    return {"states": states, "majors": majors,
            "state_years": state_years.sort_values(["ccode", "year"]).reset_index(drop=True)}
