"""Gleditsch-Ward list of independent states, 2017 revision (Gleditsch & Ward 1999; ``iisystem.dat``).

Tab-separated, no header, Windows-1252 (the registry names the encoding), dates ``dd:mm:yyyy``;
one row per membership spell: G-W code, abbreviation, name, start and end (open spells end on
31 December 2017). Microstates (the separate ``microstatessystem.dat``) are not included.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataFormatError
from ..io import read_csv_checked
from .common import require_integers

SOURCE = "gleditsch_ward_v2017"
TABLES = ("gw_states",)
COLUMNS = ["gwcode", "stateabb", "statenme", "start", "end"]


def _date(values: pd.Series, path: Path, column: str) -> pd.Series:
    out = pd.to_datetime(values.astype("string").str.strip(), format="%d:%m:%Y", errors="coerce")
    if out.isna().any():
        raise DataFormatError(f"{path}: column '{column}' must hold dd:mm:yyyy dates; found "
                              f"{values[out.isna()].head(3).tolist()}")
    return out.astype("datetime64[ns]")


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``iisystem.dat``: gwcode, stateabb, spell, statenme, start, end."""
    path = Path(raw_dir) / "iisystem.dat"
    raw = read_csv_checked(path, COLUMNS, sep="\t", header=None, names=COLUMNS, dtype=str, keep_default_na=False)
    raw = require_integers(raw, ["gwcode"], path)
    out = pd.DataFrame({"gwcode": raw["gwcode"], "stateabb": raw["stateabb"].astype("string").str.strip(),
                        "statenme": raw["statenme"].astype("string").str.strip(),
                        "start": _date(raw["start"], path, "start"), "end": _date(raw["end"], path, "end")})
    out = out.sort_values(["gwcode", "start"], kind="stable").reset_index(drop=True)
    out.insert(2, "spell", out.groupby("gwcode").cumcount().add(1).astype("Int64"))
    return {"gw_states": out}
