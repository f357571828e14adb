"""Polity5 (Marshall & Gurr 2020), annual country-years 1800-2018 (CSV export of ``p5v2018.xls``).

``polity``, ``democ`` and ``autoc`` use -66 (interruption), -77 (interregnum) and -88
(transition); these become NA. ``polity2`` is Polity's own "revised combined" score, which
already converts those codes (-77 to 0, -88 prorated, -66 to NA): alliancewar's democracy
variables use ``polity2`` (the field's convention, e.g. peacesciencer).

Polity's country codes are mapped to COW codes by the rules of
:data:`alliancewar.clean.ccode_crosswalk.POLITY_RULES` (USSR, Austria-Hungary, Sardinia,
Serbia/Yugoslavia, Kosovo, Montenegro, Ethiopia, Sudan, South Sudan, Pakistan, Vietnam,
Gran Colombia); ``ccode`` is the COW code and ``polity_ccode`` Polity's own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import read_csv_checked
from .ccode_crosswalk import POLITY_RULES, apply_crosswalk
from .common import POLITY_SPECIAL, require_integers, to_na

SOURCE = "polity5"
TABLES = ("polity",)


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``p5v2018.csv`` into ``polity`` (one row per COW state code and year)."""
    path = Path(raw_dir) / "p5v2018.csv"
    num = ["ccode", "year", "democ", "autoc", "polity", "polity2"]
    raw = require_integers(read_csv_checked(path, [*num, "scode", "country"]), num, path)
    raw = to_na(raw, ["democ", "autoc", "polity"], POLITY_SPECIAL)
    out = pd.DataFrame({"ccode": raw["ccode"], "year": raw["year"], "scode": raw["scode"].astype("string"),
                        "country": raw["country"].astype("string"), "democ": raw["democ"], "autoc": raw["autoc"],
                        "polity": raw["polity"], "polity2": raw["polity2"]})
    return {"polity": apply_crosswalk(out, POLITY_RULES, "polity_ccode", path)}
