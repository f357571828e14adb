"""COW Direct Contiguity 3.2 (Stinnett et al. 2002).

Types: 1 land/river border, 2 separated by <= 12 miles of water, 3 <= 24, 4 <= 150, 5 <= 400.
``contiguity`` holds directed dyad spells from the master records (``contdir.csv``; begin and
end are year-month, a spell runs from the first day of its first month to the last day of its
last month); ``contiguity_years`` holds the directed dyad-years (``contdird.csv``; where the
type changed within a year the file lists the year twice -- 116 rows -- and the closest
type, the smallest code, is kept, as a dyad contiguous by land at any time of the year is
contiguous by land that year). Dyads not
listed are non-contiguous (type 0 in the panels, METHODS pitfall 7).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import read_csv_checked
from .common import make_date, require_integers

SOURCE = "cow_direct_contiguity_v3.2"
TABLES = ("contiguity", "contiguity_years")


def clean_spells(path: Path) -> pd.DataFrame:
    """Directed contiguity spells from ``contdir.csv`` (each master record twice)."""
    num = ["statelno", "statehno", "conttype", "begin", "end"]
    raw = require_integers(read_csv_checked(path, num), num, path)
    start, _ = make_date(raw["begin"] // 100, raw["begin"] % 100, pd.Series(1, index=raw.index), end=False)
    end, _ = make_date(raw["end"] // 100, raw["end"] % 100, pd.Series(pd.NA, index=raw.index), end=True)
    one = pd.DataFrame({"ccode1": raw["statelno"], "ccode2": raw["statehno"], "conttype": raw["conttype"],
                        "start": start, "end": end})
    two = one.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    return pd.concat([one, two], ignore_index=True).sort_values(["ccode1", "ccode2", "start"]).reset_index(drop=True)


def clean_years(path: Path) -> pd.DataFrame:
    """Directed dyad-years from ``contdird.csv``."""
    num = ["state1no", "state2no", "year", "conttype"]
    raw = require_integers(read_csv_checked(path, num), num, path)
    out = pd.DataFrame({"ccode1": raw["state1no"], "ccode2": raw["state2no"], "year": raw["year"],
                        "conttype": raw["conttype"]})
    out = out.sort_values(["ccode1", "ccode2", "year", "conttype"]).drop_duplicates(["ccode1", "ccode2", "year"])
    return out.reset_index(drop=True)


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean both contiguity files in ``raw_dir``."""
    raw_dir = Path(raw_dir)
    return {"contiguity": clean_spells(raw_dir / "contdir.csv"),
            "contiguity_years": clean_years(raw_dir / "contdird.csv")}
