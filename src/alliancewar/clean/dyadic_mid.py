"""COW dyadic MIDs 4.02 and 4.03 (Maoz et al. 2019): one row per directed dyad-year of a dispute.

Missing codes ``-9`` become NA (fatality levels, hostility, actions). ``fatlev`` is the
dyad's fatality level (0 none ... 6 > 999 deaths), ``hihost`` its highest hostility (1-5),
``year`` the dispute-year. The file holds both directions of each dyad.

Versions and files:

* 4.02: ``dyadic_mid_4.02.csv`` (no longer linked by COW; from a mirror).
* 4.03 (COW, 2025): the publisher's zip ``dyadic_mid_4.03_update.zip`` holds the data as CSV and
  as Stata; the registry pins both (``one_of``) and the cleaner reads whichever is present, the
  CSV first. 4.03 has the same 10,358 rows as 4.02 (same dispute, dyad and year sequence); it
  drops five 4.02 columns not read here (``dyad``, ``abbreva``, ``abbrevb``, ``lastobs``,
  ``newar``) and recodes ``outcome`` in 50 rows of 12 disputes. The other columns read here are
  equal in every row.

Known coding errors, present in both versions (not fixed by 4.03), are set to NA and logged:
``recip`` = 2 in 4 rows and ``sideab`` = 1969 in 4 rows of dispute 611 (USA-DRV).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataFormatError
from ..io import read_csv_checked
from .common import invalid_to_na, make_date, read_stata_checked, require_integers, to_na

SOURCES = ("cow_dyadic_mid_v4.02", "cow_dyadic_mid_v4.03")
TABLES = ("dyadic_mids",)

#: Raw files the cleaner reads, the first present in order (4.03: CSV or Stata; 4.02: CSV).
FILES = ("dyadic_mid_4.03.csv", "dyadic_mid_4.03.dta", "dyadic_mid_4.02.csv")

_NUM = ["disno", "statea", "stateb", "strtday", "strtmnth", "strtyr", "endday", "endmnth", "endyear", "outcome",
        "settlmnt", "fatlev", "highact", "hihost", "recip", "sideaa", "sideab", "rolea", "roleb", "war", "duration",
        "year"]


def raw_file(raw_dir: Path) -> Path:
    """The file to clean: the first of :data:`FILES` present in ``raw_dir``.

    Raises
    ------
    DataFormatError
        When none is there.
    """
    for name in FILES:
        if (Path(raw_dir) / name).is_file():
            return Path(raw_dir) / name
    raise DataFormatError(f"{raw_dir}: none of the dyadic MID files {list(FILES)} is present")


def read_raw(path: Path) -> pd.DataFrame:
    """The columns :data:`_NUM` of a dyadic MID file (CSV or Stata), as nullable integers."""
    raw = read_stata_checked(path, _NUM) if path.suffix == ".dta" else read_csv_checked(path, _NUM)
    return require_integers(raw, _NUM, path)


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean the dyadic MID file in ``raw_dir`` (:func:`raw_file`) into ``dyadic_mids``."""
    path = raw_file(raw_dir)
    raw = to_na(read_raw(path), ["outcome", "settlmnt", "fatlev", "highact", "hihost", "duration"])
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
