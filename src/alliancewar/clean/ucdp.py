"""UCDP/PRIO Armed Conflict Dataset (Gleditsch et al. 2002; Davies, Pettersson & Oberg 2023), conflict-years.

One row per conflict and year in which it was active (at least 25 battle-related deaths),
1946 onwards. Kept: the conflict, year, type (2 = interstate), incompatibility, intensity (1 =
25-999 deaths in the year, 2 = 1,000 or more), the conflict's and the episode's start dates, the
episode-end flag and the Gleditsch-Ward codes of the primary parties of each side (``gwno_a``,
``gwno_b``) and of the secondary parties sending troops (``*_2nd``), each a comma-separated
list as published. The file is found by its name pattern ``UcdpPrioConflict_v*.csv`` so that
the same cleaner reads later releases with the same 28 columns (23.1 and 25.1 share them; 23.1
quotes every field, 25.1 only where needed, and one ``territory_name`` holds a line break: read
with a CSV parser, never line by line). 23.1: 2,626 rows, 297 conflicts, 1946-2022; 25.1: 2,752
rows, 303 conflicts, 1946-2024.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataFormatError
from ..io import read_csv_checked
from .common import require_integers

#: One cleaner for every registered version (``data_versions.ucdp``); 23.1 and 25.1 share the columns.
SOURCES = ("ucdp_prio_acd_v23.1", "ucdp_prio_acd_v25.1")
SOURCE = SOURCES[-1]
TABLES = ("ucdp_conflict_years",)
CODES = ("gwno_a", "gwno_b", "gwno_a_2nd", "gwno_b_2nd")
_NUMBERS = ["conflict_id", "year", "type_of_conflict", "incompatibility", "intensity_level", "ep_end"]


def conflict_file(raw_dir: Path) -> Path:
    """The one ``UcdpPrioConflict_v*.csv`` file in ``raw_dir``."""
    found = sorted(Path(raw_dir).glob("UcdpPrioConflict_v*.csv"))
    if len(found) != 1:
        raise DataFormatError(f"{raw_dir}: expected one UcdpPrioConflict_v*.csv file, found {[p.name for p in found]}")
    return found[0]


def _codes(values: pd.Series, path: Path, column: str) -> pd.Series:
    """Comma-separated G-W code lists, normalised to ``"200,2"`` (empty string when none)."""
    text = values.fillna("").astype("string").str.replace(" ", "", regex=False)
    bad = ~text.str.fullmatch(r"(\d+(,\d+)*)?")
    if bad.any():
        raise DataFormatError(f"{path}: column '{column}' must hold comma-separated codes; found "
                              f"{values[bad].head(3).tolist()}")
    return text


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean the conflict-year file in ``raw_dir``."""
    path = conflict_file(raw_dir)
    raw = read_csv_checked(path, [*_NUMBERS, "start_date", "start_date2", *CODES], dtype=str, keep_default_na=False,
                           na_values=[""])
    raw = require_integers(raw, _NUMBERS, path)
    out = raw[_NUMBERS].copy()
    for c in ("start_date", "start_date2"):
        out[c] = pd.to_datetime(raw[c], format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
        if out[c].isna().any():
            raise DataFormatError(f"{path}: column '{c}' must hold yyyy-mm-dd dates")
    for c in CODES:
        out[c] = _codes(raw[c], path, c)
    return {"ucdp_conflict_years": out.sort_values(["conflict_id", "year"]).reset_index(drop=True)}
