"""COW directed dyadic inter-state war file (Maoz et al., May 2018): one row per directed dyad-year at war.

Used as an independent cross-check of the dyadic war onsets built from the participant file.
``-9`` codes become NA.

Known erratum: rows of war 106 (World War I) for Italy (325) vs Bulgaria (355) carry end year
19118; the war ended on 29 September 1918 (the participant file agrees), so it is read as 1918.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import read_csv_checked
from .common import make_date, require_integers, to_na

SOURCE = "cow_dyadic_interstate_war"
TABLES = ("dyadic_wars",)

_NUM = ["warnum", "disno", "statea", "stateb", "warstrtmnth", "warstrtday", "warstrtyr", "warendmnth", "warenday",
        "warendyr", "year", "warolea", "waroleb", "wardyadrolea", "wardyadroleb", "outcomea", "batdtha", "batdthb",
        "batdths"]


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``directed_dyadic_war.csv`` into ``dyadic_wars``."""
    path = Path(raw_dir) / "directed_dyadic_war.csv"
    raw = require_integers(read_csv_checked(path, _NUM), _NUM, path)
    typo = raw["warendyr"].eq(19118)
    raw.loc[typo, "warendyr"] = 1918
    raw = to_na(raw, ["outcomea", "batdtha", "batdthb", "batdths", "warolea", "waroleb"])
    start, _ = make_date(raw["warstrtyr"], raw["warstrtmnth"], raw["warstrtday"], end=False)
    end, _ = make_date(raw["warendyr"], raw["warendmnth"], raw["warenday"], end=True)
    out = pd.DataFrame({"warnum": raw["warnum"], "disno": raw["disno"], "ccode1": raw["statea"],
                        "ccode2": raw["stateb"], "year": raw["year"], "war_start": start, "war_end": end,
                        "warole1": raw["warolea"], "warole2": raw["waroleb"],
                        "dyad_role1": raw["wardyadrolea"], "dyad_role2": raw["wardyadroleb"],
                        "outcome1": raw["outcomea"], "bat_deaths1": raw["batdtha"],
                        "bat_deaths2": raw["batdthb"], "bat_deaths": raw["batdths"]})
    return {"dyadic_wars": out.sort_values(["warnum", "ccode1", "ccode2", "year"]).reset_index(drop=True)}
