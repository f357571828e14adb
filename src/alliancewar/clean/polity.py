"""Polity5 (Marshall & Gurr 2020), annual country-years, from the publisher's SPSS file ``p5v2018.sav``.

``polity``, ``democ`` and ``autoc`` use -66 (interruption), -77 (interregnum) and -88
(transition); these become NA. ``polity2`` is Polity's own "revised combined" score, which
already converts those codes (-77 to 0, -88 prorated, -66 to NA): alliancewar's democracy
variables use ``polity2`` (the field's convention, e.g. peacesciencer).

The file is read with pyreadstat (values as stored; the file declares no user-missing values).
It is the publisher's file and a later revision than the CSV exports of ``p5v2018.xls`` found on
the web (pinned here before): same 17,574 rows, columns, codes, names and years, but ``polity2``
differs in 73 country-years (Cameroon, Chad, Swaziland and Trinidad 2005-2018, Syria 2005-2011,
Myanmar 2005-2007, Georgia 2005-2006, France 1940-1943, Belgium 1830), ``polity`` in 68,
``democ`` in 30, ``autoc`` in 38 and ``durable`` in 212 (``docs/data.md``).

Erratum of the SPSS file, set to NA and logged: in 5 country-years ``polity2`` holds the special
code itself instead of the revised score (France 1940-1943: -66, an interruption, which the
polity2 rule makes missing -- as the CSV export has it; Belgium 1830: -88, a transition in the
state's first year, with no earlier score to prorate from -- the CSV export has -5).

Polity's country codes are mapped to COW codes by the rules of
:data:`alliancewar.clean.ccode_crosswalk.POLITY_RULES` (USSR, Austria-Hungary, Sardinia,
Serbia/Yugoslavia, Kosovo, Montenegro, Ethiopia, Sudan, South Sudan, Pakistan, Vietnam,
Gran Colombia); ``ccode`` is the COW code and ``polity_ccode`` Polity's own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .ccode_crosswalk import POLITY_RULES, apply_crosswalk
from .common import POLITY_SPECIAL, invalid_to_na, read_spss_checked, require_integers, to_na

SOURCE = "polity5"
TABLES = ("polity",)
FILE = "p5v2018.sav"


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``p5v2018.sav`` into ``polity`` (one row per COW state code and year)."""
    path = Path(raw_dir) / FILE
    num = ["ccode", "year", "democ", "autoc", "polity", "polity2"]
    raw = require_integers(read_spss_checked(path, [*num, "scode", "country"]), num, path)
    raw = to_na(raw, ["democ", "autoc", "polity"], POLITY_SPECIAL)
    raw = invalid_to_na(raw, {"polity2": range(-10, 11)}, path)
    out = pd.DataFrame({"ccode": raw["ccode"], "year": raw["year"], "scode": raw["scode"].astype("string").str.strip(),
                        "country": raw["country"].astype("string").str.strip(), "democ": raw["democ"],
                        "autoc": raw["autoc"], "polity": raw["polity"], "polity2": raw["polity2"]})
    return {"polity": apply_crosswalk(out, POLITY_RULES, "polity_ccode", path)}
