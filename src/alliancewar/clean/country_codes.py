"""COW country codes (old-Mac CR line ends): one row per ccode with abbreviation and name."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import read_csv_checked
from .common import require_integers

SOURCE = "cow_country_codes"
TABLES = ("country_codes",)


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``COW-country-codes.csv`` (243 rows, one per state spell) into one row per ccode."""
    path = Path(raw_dir) / "COW-country-codes.csv"
    raw = require_integers(read_csv_checked(path, ["StateAbb", "CCode", "StateNme"]), ["CCode"], path)
    out = pd.DataFrame({"ccode": raw["CCode"], "stateabb": raw["StateAbb"].astype("string").str.strip(),
                        "statenme": raw["StateNme"].astype("string").str.strip()})
    return {"country_codes": out.drop_duplicates("ccode").sort_values("ccode").reset_index(drop=True)}
