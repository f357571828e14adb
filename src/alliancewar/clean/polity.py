"""Polity5 (Marshall & Gurr 2020), annual country-years 1800-2018 (CSV export of ``p5v2018.xls``).

``polity``, ``democ`` and ``autoc`` use -66 (interruption), -77 (interregnum) and -88
(transition); these become NA. ``polity2`` is Polity's own "revised combined" score, which
already converts those codes (-77 to 0, -88 prorated, -66 to NA): alliancewar's democracy
variables use ``polity2`` (the field's convention, e.g. peacesciencer).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import read_csv_checked
from .common import POLITY_SPECIAL, require_integers, to_na

SOURCE = "polity5"
TABLES = ("polity",)


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``p5v2018.csv`` into ``polity``."""
    path = Path(raw_dir) / "p5v2018.csv"
    num = ["ccode", "year", "democ", "autoc", "polity", "polity2"]
    raw = require_integers(read_csv_checked(path, [*num, "scode", "country"]), num, path)
    raw = to_na(raw, ["democ", "autoc", "polity"], POLITY_SPECIAL)
    out = pd.DataFrame({"ccode": raw["ccode"], "year": raw["year"], "scode": raw["scode"].astype("string"),
                        "country": raw["country"].astype("string"), "democ": raw["democ"], "autoc": raw["autoc"],
                        "polity": raw["polity"], "polity2": raw["polity2"]})
    return {"polity": out.sort_values(["ccode", "year"]).reset_index(drop=True)}
