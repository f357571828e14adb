"""ATOP 5.1 member-level and alliance-level files (Leeds et al. 2002; codebook v5.1, 2022).

ATOP codes an exit year of 0 for memberships still in effect at the end of the data; these
end on 31 December of the source's last year (2018) and are flagged ``exit_ongoing``.
Unknown entry/exit days follow the package-wide date rule (:mod:`alliancewar.clean.common`).
Obligation flags (defense, offense, neutral, nonagg, consul) are member-level: a member's
obligations can differ from its partners' in asymmetric alliances.

The member table also keeps the member-level conditions the directed-dyad role variables use
(:mod:`alliancewar.panels.directed`): whether each obligation is conditional on a specific
adversary (``defcoadv``, ``offcoadv``, ``neucoadv``, ``concoadv``), on non-provocation or on the
partner being attacked (``defconpr``, ``neuconpr``, ``neucoatt``), whether it carries any
condition (``defcon``, ``offcon``, ``neucon``, ``concon``), and the states the treaty names as a
specific threat (``statthr1``, ``statthr2``: COW codes; 0 = none, coded NA here, as are the 30
member rows where ATOP leaves them blank).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import read_csv_checked
from .common import make_date, require_integers

SOURCE = "atop_v5.1"
TABLES = ("atop_members", "atop_alliances")
COVERAGE_END = 2018
OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")
#: Member-level condition flags kept in ``atop_members`` (0/1).
CONDITIONS = ("defcon", "offcon", "neucon", "concon", "defcoadv", "offcoadv", "neucoadv", "concoadv", "defconpr",
              "neuconpr", "neucoatt")
#: Member-level named threats (COW codes of up to two states the treaty names as a threat).
THREATS = ("statthr1", "statthr2")


def _ongoing_end(year: pd.Series, month: pd.Series, day: pd.Series) -> tuple[pd.Series, pd.Series]:
    ongoing = year.fillna(0).eq(0)
    y = year.mask(ongoing, COVERAGE_END)
    m = month.mask(ongoing, 12)
    d = day.mask(ongoing, 31)
    end, _ = make_date(y, m, d, end=True)
    return end, ongoing.astype(bool)


def clean_members(path: Path) -> pd.DataFrame:
    """Clean ``atop5_1m.csv``: one row per member spell of an alliance phase."""
    cols = ["atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit",
            "phase", "ineffect", "bilat", *OBLIGATIONS, *CONDITIONS, *THREATS]
    raw = read_csv_checked(path, cols)
    raw = require_integers(raw, cols, path)
    entry, entry_imp = make_date(raw["yrent"], raw["moent"], raw["dayent"], end=False)
    exit_, ongoing = _ongoing_end(raw["yrexit"], raw["moexit"], raw["dayexit"])
    out = pd.DataFrame({"atopid": raw["atopid"], "ccode": raw["member"], "phase": raw["phase"],
                        "entry": entry, "exit": exit_, "entry_imputed": entry_imp, "exit_ongoing": ongoing,
                        "ineffect": raw["ineffect"], "bilat": raw["bilat"]})
    for ob in (*OBLIGATIONS, *CONDITIONS):
        out[ob] = raw[ob].astype("Int64")
    for th in THREATS:
        out[th] = raw[th].astype("Int64").mask(raw[th].eq(0))
    return out.sort_values(["atopid", "ccode", "entry"], kind="stable").reset_index(drop=True)


def clean_alliances(path: Path) -> pd.DataFrame:
    """Clean ``atop5_1a.csv``: one row per alliance (789 in v5.1)."""
    cols = ["atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "ineffect", "bilat",
            "maxphase", "wartime", *OBLIGATIONS]
    raw = read_csv_checked(path, cols)
    raw = require_integers(raw, cols, path)
    begin, _ = make_date(raw["begyr"], raw["begmo"], raw["begday"], end=False)
    end, ongoing = _ongoing_end(raw["endyr"], raw["endmo"], raw["endday"])
    out = pd.DataFrame({"atopid": raw["atopid"], "begin": begin, "end": end, "end_ongoing": ongoing,
                        "ineffect": raw["ineffect"], "bilat": raw["bilat"], "maxphase": raw["maxphase"],
                        "wartime": raw["wartime"]})
    for ob in OBLIGATIONS:
        out[ob] = raw[ob].astype("Int64")
    return out.sort_values("atopid").reset_index(drop=True)


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean both ATOP files in ``raw_dir``."""
    raw_dir = Path(raw_dir)
    return {"atop_members": clean_members(raw_dir / "atop5_1m.csv"),
            "atop_alliances": clean_alliances(raw_dir / "atop5_1a.csv")}
