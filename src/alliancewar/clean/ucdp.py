"""UCDP/PRIO Armed Conflict Dataset, v23.1 and v25.1 (Gleditsch et al. 2002; UCDP): conflict-years.

One row per conflict and year with at least 25 battle-related deaths, 1946 to the version's
last year (23.1: 2,626 rows, 297 conflicts, 1946-2022; 25.1: 2,752 rows, 303 conflicts,
1946-2024). An optional source (``optional_sources: [ucdp_prio_acd]``, version from
``data_versions.ucdp``), cleaned and checked but not used by the default analysis.

The two files differ in quoting (23.1 quotes every field; 25.1 only where needed, and one
``territory_name`` holds a line break: read with a CSV parser, never line by line). State codes
(``gwno_*``) are Gleditsch-Ward codes, several in one field where a side has several states
("2, 200"): kept as text. ``type_of_conflict``: 1 extrasystemic, 2 interstate, 3 intrastate,
4 internationalised intrastate; ``intensity_level``: 1 (25-999 deaths), 2 (1,000 or more).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataFormatError
from ..io import read_csv_checked
from .common import require_integers

SOURCES = ("ucdp_prio_acd_v23.1", "ucdp_prio_acd_v25.1")
TABLES = ("ucdp_conflict_years",)
FILES = ("UcdpPrioConflict_v25_1.csv", "UcdpPrioConflict_v23_1.csv")

_INT = ["conflict_id", "year", "incompatibility", "intensity_level", "cumulative_intensity", "type_of_conflict",
        "ep_end"]
_TEXT = ["location", "side_a", "side_b", "territory_name", "gwno_a", "gwno_b", "gwno_loc", "region", "version"]
_DATES = ["start_date", "start_date2", "ep_end_date"]


def _dates(raw: pd.DataFrame, col: str, path: Path) -> pd.Series:
    text = raw[col].astype("string").str.strip().replace("", pd.NA)
    out = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = out.isna() & text.notna()
    if bad.any():
        raise DataFormatError(f"{path}: column '{col}' must hold dates YYYY-MM-DD; found {text[bad].head(3).tolist()}")
    return out.astype("datetime64[ns]")


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean the conflict file in ``raw_dir`` (one of :data:`FILES`) into ``ucdp_conflict_years``."""
    found = [Path(raw_dir) / f for f in FILES if (Path(raw_dir) / f).is_file()]
    if len(found) != 1:
        raise DataFormatError(f"{raw_dir}: expected exactly one of {list(FILES)}; found {[p.name for p in found]}")
    path = found[0]
    raw = read_csv_checked(path, [*_INT, *_TEXT, *_DATES], dtype={c: "string" for c in _TEXT},
                           keep_default_na=False, na_values=[""])
    raw = require_integers(raw, _INT, path)
    out = raw[_INT].copy()
    for c in _TEXT:
        out[c] = raw[c].astype("string").str.strip()
    for c in _DATES:
        out[c] = _dates(raw, c, path)
    return {"ucdp_conflict_years": out.sort_values(["conflict_id", "year"]).reset_index(drop=True)}
