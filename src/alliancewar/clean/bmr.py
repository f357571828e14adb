"""Boix, Miller & Rosato dichotomous democracy data, v4.0 (1800-2020; Boix, Miller & Rosato 2013).

A country-year is a democracy (``democracy = 1``) when it meets BMR's minimal conditions of
contestation and participation: the executive is directly or indirectly elected in popular
elections and is responsible to voters or a legislature, the legislature (and executive, if
elected directly) is chosen in free and fair elections, and a majority of adult men has the
right to vote. ``democracy_femalesuffrage`` adds the condition that women can vote too.
Other columns: ``democracy_trans`` (1 transition to, -1 from democracy, 0 none),
``democracy_breakdowns`` (previous breakdowns of democracy), ``democracy_duration``
(consecutive years in the current regime) and ``democracy_omitteddata`` (``democracy`` with
236 more country-years set to missing: years of foreign occupation, civil war or collapse,
e.g. the occupied states of 1940-44, Lebanon 1976-89). Missing values are blank in the file
(645 country-years of ``democracy``).

BMR's ``ccode`` is the COW code for most countries but, like Polity, not for the USSR (364),
Austria-Hungary (305 to 1918), Sardinia (324), Serbia (342), the Federal Republic of
Yugoslavia (347), Montenegro (348), Kosovo (341, COW's Montenegro), Ethiopia after 1993
(529), North Sudan (624), Pakistan to 1971 (769) and unified Vietnam (818): these are mapped
by :data:`alliancewar.clean.ccode_crosswalk.BMR_RULES`; ``bmr_ccode`` keeps BMR's own code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import read_csv_checked
from .ccode_crosswalk import BMR_RULES, apply_crosswalk
from .common import require_integers

SOURCE = "boix_miller_rosato_v4.0"
TABLES = ("bmr_democracy",)
FILE = "democracy-v4.0.csv"
VALUES = ("democracy", "democracy_trans", "democracy_breakdowns", "democracy_duration", "democracy_omitteddata",
          "democracy_femalesuffrage")


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``democracy-v4.0.csv`` into ``bmr_democracy`` (one row per COW code and year)."""
    path = Path(raw_dir) / FILE
    raw = read_csv_checked(path, ["country", "ccode", "abbreviation", "year", *VALUES])
    raw = require_integers(raw, ["ccode", "year", *VALUES], path)
    out = pd.DataFrame({"ccode": raw["ccode"], "year": raw["year"], "country": raw["country"].astype("string"),
                        "abbreviation": raw["abbreviation"].astype("string")})
    for c in VALUES:
        out[c] = raw[c]
    return {"bmr_democracy": apply_crosswalk(out, BMR_RULES, "bmr_ccode", path)}
