"""COW State System Membership, v2016 and v2024: state spells, major-power spells and state-years.

Codebook: Correlates of War Project (2017, 2025), *State System Membership*. Three files per
version: the state list (one row per continuous membership spell: 243 spells of 217 states in
v2016, 244 in v2024), the major-power list (14 spells) and the state-years (15,951 rows,
1816-2016; 17,511 rows, 1816-2024).

The two releases differ in format, and the cleaner reads both:

* file names: ``states2016.csv`` / ``statelist2024.csv``, ``majors2016.csv`` / ``majors2024.csv``,
  ``system2016.csv`` / ``system2024.csv``;
* line ends: CRLF without a final newline (2016), LF (2024) -- the reader is newline-agnostic;
* columns of the state-years: ``stateabb, ccode, year, version`` (2016) and
  ``ccode, stateabb, statenme, year`` (2024, no ``version`` column): only ``ccode``,
  ``stateabb`` and ``year`` are read, by name.

v2024 equals v2016 spell for spell with the open ends moved from 2016 to 2024, except that
Yugoslavia/Serbia (345) is split on 3 June 2006 (YUG to that day, a new SRB spell from it): the
state keeps its code, so 345 has two spells in 2006 and one state-year. Each spell keeps its own
abbreviation and name (``statenme``), so the SRB spell is "Serbia".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataFormatError
from ..io import read_csv_checked
from .common import make_date, require_integers

SOURCES = ("cow_state_system_v2016", "cow_state_system_v2024")
TABLES = ("states", "majors", "state_years")

#: File names of each release: (state list, major powers, state-years).
FILES = {"2016": ("states2016.csv", "majors2016.csv", "system2016.csv"),
         "2024": ("statelist2024.csv", "majors2024.csv", "system2024.csv")}

_SPELL_COLS = ["stateabb", "ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"]


def _spells(path: Path, names: bool) -> pd.DataFrame:
    raw = read_csv_checked(path, _SPELL_COLS + (["statenme"] if names else []))
    raw = require_integers(raw, _SPELL_COLS[1:], path)
    start, _ = make_date(raw["styear"], raw["stmonth"], raw["stday"], end=False)
    end, _ = make_date(raw["endyear"], raw["endmonth"], raw["endday"], end=True)
    out = pd.DataFrame({"ccode": raw["ccode"], "stateabb": raw["stateabb"].astype("string").str.strip(),
                        "start": start, "end": end})
    if names:
        out["statenme"] = raw["statenme"].astype("string").str.strip()
    out = out.sort_values(["ccode", "start"], kind="stable").reset_index(drop=True)
    out.insert(2, "spell", out.groupby("ccode").cumcount().add(1).astype("Int64"))
    return out


def release(raw_dir: Path) -> str:
    """The release whose files are in ``raw_dir`` ("2016" or "2024").

    Raises
    ------
    DataFormatError
        When neither release's state list is there, or both are.
    """
    found = [v for v, (states, _, _) in FILES.items() if (Path(raw_dir) / states).is_file()]
    if len(found) != 1:
        wanted = " or ".join(f[0] for f in FILES.values())
        raise DataFormatError(f"{raw_dir}: expected the state list of exactly one COW release ({wanted}); "
                              f"found {found or 'none'}")
    return found[0]


def state_years(path: Path) -> pd.DataFrame:
    """The state-years file of either release: ccode, stateabb, year (by column name)."""
    sy = read_csv_checked(path, ["stateabb", "ccode", "year"])
    sy = require_integers(sy, ["ccode", "year"], path)
    out = pd.DataFrame({"ccode": sy["ccode"], "stateabb": sy["stateabb"].astype("string").str.strip(),
                        "year": sy["year"]})
    return out.sort_values(["ccode", "year"]).reset_index(drop=True)


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean the state-system files of the release in ``raw_dir``.

    Returns
    -------
    dict
        ``states`` (ccode, stateabb, spell, statenme, start, end), ``majors`` (ccode,
        stateabb, spell, start, end) and ``state_years`` (ccode, stateabb, year).
    """
    raw_dir = Path(raw_dir)
    states_file, majors_file, years_file = FILES[release(raw_dir)]
    states = _spells(raw_dir / states_file, names=True)
    states = states[["ccode", "stateabb", "spell", "statenme", "start", "end"]]
    return {"states": states, "majors": _spells(raw_dir / majors_file, names=False),
            "state_years": state_years(raw_dir / years_file)}
