"""The country-code crosswalk and the COW match check on hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from alliancewar.clean.ccode_crosswalk import (BMR_RULES, POLITY_RULES, CodeRule, apply_crosswalk, cow_match_check,
                                               names_agree)
from alliancewar.errors import DataFormatError

T = pd.Timestamp
RULES = (CodeRule(364, 1922, 1922, None, "drop"), CodeRule(364, 1923, 1991, 365, "USSR"),
         CodeRule(341, 2008, 9999, 347, "Kosovo"))


def _table(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["ccode", "year", "country"])
    return df.astype({"ccode": "Int64", "year": "Int64", "country": "string"})


def test_rules_map_drop_and_keep():
    df = _table([(365, 1922, "Russia"), (364, 1922, "USSR"), (364, 1923, "USSR"), (364, 1991, "USSR"),
                 (365, 1992, "Russia"), (341, 2010, "Kosovo"), (2, 1950, "United States")])
    out = apply_crosswalk(df, RULES, "src_ccode", "x.csv")
    got = list(zip(out["src_ccode"].astype(int), out["ccode"].astype(int), out["year"].astype(int)))
    assert got == [(2, 2, 1950), (341, 347, 2010), (365, 365, 1922), (364, 365, 1923), (364, 365, 1991),
                   (365, 365, 1992)]
    assert list(out.columns) == ["ccode", "src_ccode", "year", "country"]


def test_duplicate_after_mapping_is_an_error_naming_the_codes():
    df = _table([(365, 1950, "Russia"), (364, 1950, "USSR")])
    with pytest.raises(DataFormatError, match=r"x\.csv.*\(364, 365, 1950\)"):
        apply_crosswalk(df, RULES, "src_ccode", "x.csv")


def test_rule_tables_have_no_overlapping_ranges():
    for rules in (POLITY_RULES, BMR_RULES):
        r = pd.DataFrame([x.__dict__ for x in rules]).sort_values(["code", "first"])
        prev_last = r.groupby("code")["last"].shift()
        assert (prev_last.isna() | (r["first"] > prev_last)).all()


def test_names_agree():
    a = pd.Series(["Korea North", "Congo Kinshasa", "Cote D'Ivoire", "Kosovo", "Prussia", "USSR"])
    b = pd.Series(["North Korea", "Democratic Republic of the Congo", "Ivory Coast", "Montenegro", "Germany",
                   "Russia"])
    assert names_agree(a, b).tolist() == [True, True, True, False, True, False]


def test_check_reasons():
    states = pd.DataFrame({"ccode": pd.array([2, 341, 365], dtype="Int64"),
                           "statenme": pd.array(["United States of America", "Montenegro", "Russia"], dtype="string"),
                           "start": [T("1816-01-01"), T("2006-06-03"), T("1816-01-01")],
                           "end": [T("2016-12-31"), T("2016-12-31"), T("2016-12-31")]})
    t = _table([(2, 1800, "United States"), (2, 2017, "United States"), (564, 1860, "Orange Free State"),
                (341, 1990, "Montenegro"), (341, 2010, "Kosovo"), (365, 1950, "USSR"), (2, 1950, "United States")])
    t.insert(1, "src", pd.array([2, 2, 564, 341, 341, 364, 2], dtype="Int64"))  # 365 in 1950 came from 364
    c = cow_match_check(t, states, "src", "country", "fixture").set_index(["ccode", "year"])
    assert c["reason"].to_dict() == {(2, 1800): "before 1816", (2, 2017): "after 2016",
                                     (564, 1860): "no COW state with this code",
                                     (341, 1990): "not a COW member this year",
                                     (341, 2010): "name differs from the COW state"}
    # only the collision is inside the COW system; a re-mapped code (364 -> 365) is not name-checked
    assert c["inside_system"].to_dict() == {(2, 1800): False, (2, 2017): False, (564, 1860): False,
                                            (341, 1990): False, (341, 2010): True}
