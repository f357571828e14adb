"""Directed roles on a hand-made alliance system: initiation and third-party pledges (panels.directed).

States A = 2, B = 20, C = 200, D = 220, years 1900-1903. Alliances:

* 1001, A and C (1900-1903): C promises to defend A, *only against B* (defcoadv, statthr1 = B);
  A promises C neutrality (unconditional).
* 1002, B and C (from 1 June 1901): C promises to join B's offensive war (unconditional); B
  promises C consultation.
* 1003, A, B and D (1902-1903): D promises A and B neutrality, *only if they are attacked* (neucoatt).
* 1004, C and D (1900-1903): D promises to defend C against an adversary the record does not
  name (defcoadv without statthr): the condition cannot be checked, so it is treated as met and
  covers every non-member (A and B).
* 1005, A and D: A's spell ends in March 1900, D's starts in June 1900 (no common day): no pledge.

Every expected value below is worked out by hand from these rules (module docstring of
alliancewar.panels.directed).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from alliancewar.clean.schemas import validate
from alliancewar.panels.directed import add_directed_variables, initiations, role_pledges

A, B, C, D = 2, 20, 200, 220
YEARS = range(1900, 1904)
T = pd.Timestamp
i = "Int64"


def _members() -> pd.DataFrame:
    rows = [  # atopid, ccode, entry, exit, defense, offense, neutral, consul, defcoadv, neucoatt, statthr1
        (1001, A, "1900-01-01", "1903-12-31", 0, 0, 1, 0, 0, 0, None),
        (1001, C, "1900-01-01", "1903-12-31", 1, 0, 0, 0, 1, 0, B),
        (1002, B, "1901-06-01", "1903-12-31", 0, 0, 0, 1, 0, 0, None),
        (1002, C, "1901-06-01", "1903-12-31", 0, 1, 0, 0, 0, 0, None),
        (1003, A, "1902-01-01", "1903-12-31", 0, 0, 0, 0, 0, 0, None),
        (1003, B, "1902-01-01", "1903-12-31", 0, 0, 0, 0, 0, 0, None),
        (1003, D, "1902-01-01", "1903-12-31", 0, 0, 1, 0, 0, 1, None),
        (1004, C, "1900-01-01", "1903-12-31", 0, 0, 0, 0, 0, 0, None),
        (1004, D, "1900-01-01", "1903-12-31", 1, 0, 0, 0, 1, 0, None),
        (1005, A, "1900-01-01", "1900-03-31", 1, 1, 1, 1, 0, 0, None),
        (1005, D, "1900-06-01", "1903-12-31", 1, 1, 1, 1, 0, 0, None),
    ]
    df = pd.DataFrame(rows, columns=["atopid", "ccode", "entry", "exit", "defense", "offense", "neutral", "consul",
                                     "defcoadv", "neucoatt", "statthr1"])
    out = pd.DataFrame({"atopid": pd.array(df["atopid"], dtype=i), "ccode": pd.array(df["ccode"], dtype=i),
                        "phase": pd.array([0] * len(df), dtype=i), "entry": pd.to_datetime(df["entry"]),
                        "exit": pd.to_datetime(df["exit"]), "entry_imputed": False, "exit_ongoing": False,
                        "ineffect": pd.array([0] * len(df), dtype=i), "bilat": pd.array([0] * len(df), dtype=i)})
    for c in ("defense", "offense", "neutral", "nonagg", "consul", "defcon", "offcon", "neucon", "concon",
              "defcoadv", "offcoadv", "neucoadv", "concoadv", "defconpr", "neuconpr", "neucoatt"):
        out[c] = pd.array(df[c] if c in df else [0] * len(df), dtype=i)
    out["statthr1"] = pd.array(df["statthr1"].astype("Float64"), dtype=i)
    out["statthr2"] = pd.array([pd.NA] * len(df), dtype=i)
    return validate("atop_members", out)


def _keys() -> pd.DataFrame:
    rows = [(a, b, y) for a, b in itertools.permutations((A, B, C, D), 2) for y in YEARS]
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"])


def _ones(keys: pd.DataFrame, values: np.ndarray) -> set[tuple[int, int, int]]:
    hit = keys[np.asarray(values) == 1]
    return set(map(tuple, hit[["ccode1", "ccode2", "year"]].to_numpy().tolist()))


def _rows(pairs, years) -> set[tuple[int, int, int]]:
    return {(a, b, y) for a, b in pairs for y in years}


@pytest.fixture(scope="module")
def pledges():
    keys = _keys()
    return keys, role_pledges(keys, _members(), lag=1)


EXPECTED = {
    # C's defense of A only against the named threat B; D's defense of C (1004, adversary not named) against A and
    # B, not against D itself; 1005 has no common day
    "atop_third_defense1": _rows([(A, B), (C, A), (C, B)], YEARS),
    "atop_third_defense2": _rows([(B, A), (A, C), (B, C)], YEARS),
    # C joins B's offensives from 1901 against anyone outside 1002 (not against C itself)
    "atop_third_offense1": _rows([(B, A), (B, D)], range(1901, 1904)),
    "atop_third_offense1_lag1": _rows([(B, A), (B, D)], range(1902, 1904)),
    "atop_third_offense2": _rows([(A, B), (D, B)], range(1901, 1904)),
    # A's neutrality towards C covers C's conflicts with B and D; D's neutrality (only if attacked) covers A and B
    # as targets of C, never as challengers; it does not cover A against B (both in 1003)
    "atop_third_neutral1": _rows([(C, B), (C, D)], YEARS),
    "atop_third_neutral2": _rows([(B, C), (D, C)], YEARS) | _rows([(C, A), (C, B)], range(1902, 1904)),
    # B's consultation pledge to C (from 1901) against anyone outside 1002
    "atop_third_consul1": _rows([(C, A), (C, D)], range(1901, 1904)),
    "atop_third_consul2": _rows([(A, C), (D, C)], range(1901, 1904)),
}


@pytest.mark.parametrize("column", sorted(EXPECTED))
def test_role_pledges_match_hand_coding(pledges, column):
    keys, out = pledges
    assert _ones(keys, out[column]) == EXPECTED[column]


def test_lagged_pledges_are_the_previous_years_status(pledges):
    keys, out = pledges
    for ob in ("defense", "offense", "neutral", "consul"):
        for role in (1, 2):
            now = pd.Series(out[f"atop_third_{ob}{role}"], index=pd.MultiIndex.from_frame(keys))
            lag = pd.Series(out[f"atop_third_{ob}{role}_lag1"], index=pd.MultiIndex.from_frame(keys))
            prev = now.rename(index=lambda y: y + 1, level="year")
            both = lag.to_frame("lag").join(prev.rename("prev"), how="inner")
            assert (both["lag"] == both["prev"]).all(), (ob, role)
            first = lag.xs(1900, level="year")  # 1899: every alliance of the fixture starts in 1900 or later
            assert (first == 0).all()


def _participants() -> pd.DataFrame:
    rows = [  # dispnum, ccode, sidea, orig, start, end
        (1, A, 1, 1, "1901-03-01", "1901-05-01"),   # A begins against B ...
        (1, B, 0, 1, "1901-03-01", "1901-05-01"),
        (1, C, 0, 0, "1901-04-01", "1901-05-01"),   # ... C joins B's side: not an initiation against C
        (2, B, 1, 1, "1902-01-01", "1902-02-01"),   # B and D never share a day: no dyad
        (2, D, 0, 1, "1902-05-01", "1902-06-01"),
        (3, A, 1, 1, "1900-06-01", "1902-03-01"),   # A against D, lasting into 1902
        (3, D, 0, 1, "1900-06-01", "1902-03-01"),
    ]
    df = pd.DataFrame(rows, columns=["dispnum", "ccode", "sidea", "orig", "start", "end"])
    return df.assign(start=pd.to_datetime(df["start"]), end=pd.to_datetime(df["end"]), fatality=0, hostlev=3)


def test_initiations_need_two_originators_on_opposite_sides():
    init = initiations(_participants())
    assert set(map(tuple, init[["ccode1", "ccode2", "year"]].to_numpy().tolist())) == {(A, B, 1901), (A, D, 1900)}


def test_add_directed_variables_initiation_ongoing_and_peace_years(sources):
    keys = _keys()
    directed = keys.assign(cinc1=0.2, cinc2=0.6)
    tables = {"atop_members": _members(), "mid_participants": _participants(),
              "mid_disputes": pd.DataFrame({"dispnum": [1, 2, 3], "recip": [0, 0, 1]})}
    out = add_directed_variables(directed, tables, sources, panel_end=2016).set_index(["ccode1", "ccode2", "year"])
    assert _ones(keys, out["initiator"].to_numpy()) == {(A, B, 1901), (A, D, 1900)}
    # the A-D dispute (1900 - March 1902) makes 1901-1902 ongoing-only in both directions
    assert _ones(keys, out["initiator_ongoing_only"].to_numpy()) == _rows([(A, D), (D, A)], (1901, 1902))
    # C, a joiner on B's side, is in a dispute with A (not initiated against it)
    assert _ones(keys, out["mid5_onset"].to_numpy()) == (_rows([(A, D), (D, A)], [1900])
                                                         | _rows([(A, B), (B, A), (A, C), (C, A)], [1901]))
    # years since the last dispute year: A-B and A-C disputes in 1901 only; A-D in 1900-1902
    assert out.loc[(A, B), "mid5_peace_years_ongoing"].tolist() == [0, 1, 0, 1]
    assert out.loc[(B, A), "mid5_peace_years_ongoing"].tolist() == [0, 1, 0, 1]
    assert out.loc[(A, D), "mid5_peace_years_ongoing"].tolist() == [0, 0, 0, 0]
    assert out.loc[(A, C), "mid5_peace_years_ongoing"].tolist() == [0, 1, 0, 1]
    assert out.loc[(B, C), "mid5_peace_years_ongoing"].tolist() == [0, 1, 2, 3]
    assert out["cinc_share1"].eq(0.25).all()
    assert out["atop_third_defense2"].dtype == np.int8


def test_coverage_masks_directed_variables_after_their_sources_end(sources):
    keys = pd.DataFrame({"ccode1": [A, A], "ccode2": [B, B], "year": [2014, 2015]})
    tables = {"atop_members": _members(), "mid_participants": _participants(),
              "mid_disputes": pd.DataFrame({"dispnum": [1, 2, 3], "recip": [0, 0, 1]})}
    out = add_directed_variables(keys.assign(cinc1=0.1, cinc2=0.1), tables, sources, panel_end=2016)
    # MID 5.0 ends in 2014 (NA after, never 0); ATOP runs to 2018
    assert out["initiator"].tolist()[0] == 0 and np.isnan(out["initiator"].tolist()[1])
    assert out["atop_third_defense1"].tolist() == [0, 0]
