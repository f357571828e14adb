"""COW dyadic MID 4.02 (Maoz et al. 2019): one row per directed dyad-year of a dispute.

Missing codes ``-9`` become NA (fatality levels, hostility, actions). ``fatlev`` is the
dyad's fatality level (0 none ... 6 > 999 deaths), ``hihost`` its highest hostility (1-5),
``year`` the dispute-year. The file holds both directions of each dyad. Known coding errors
(``recip`` = 2 in 4 rows, ``sideab`` = 1969 in 4 rows of dispute 611) are set to NA and logged.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import read_csv_checked
from .common import invalid_to_na, make_date, require_integers, to_na

SOURCE = "cow_dyadic_mid_v4.02"
TABLES = ("dyadic_mids",)

_NUM = ["disno", "statea", "stateb", "strtday", "strtmnth", "strtyr", "endday", "endmnth", "endyear", "outcome",
        "settlmnt", "fatlev", "highact", "hihost", "recip", "sideaa", "sideab", "rolea", "roleb", "war", "duration",
        "year"]


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``dyadic_mid_4.02.csv`` into ``dyadic_mids``."""
    path = Path(raw_dir) / "dyadic_mid_4.02.csv"
    raw = require_integers(read_csv_checked(path, _NUM), _NUM, path)
    raw = to_na(raw, ["outcome", "settlmnt", "fatlev", "highact", "hihost", "duration"])
    raw = invalid_to_na(raw, {"recip": (0, 1), "sideaa": (0, 1), "sideab": (0, 1)}, path)
    start, s_imp = make_date(raw["strtyr"], raw["strtmnth"], raw["strtday"], end=False)
    end, _ = make_date(raw["endyear"], raw["endmnth"], raw["endday"], end=True)
    out = pd.DataFrame({"dispnum": raw["disno"], "ccode1": raw["statea"], "ccode2": raw["stateb"], "year": raw["year"],
                        "start": start, "end": end, "start_imputed": s_imp, "outcome": raw["outcome"],
                        "settle": raw["settlmnt"], "fatality": raw["fatlev"], "hiact": raw["highact"],
                        "hostlev": raw["hihost"], "recip": raw["recip"], "sidea1": raw["sideaa"],
                        "sidea2": raw["sideab"], "role1": raw["rolea"], "role2": raw["roleb"], "war": raw["war"],
                        "duration": raw["duration"]})
    return {"dyadic_mids": out.sort_values(["dispnum", "ccode1", "ccode2", "year"]).reset_index(drop=True)}
