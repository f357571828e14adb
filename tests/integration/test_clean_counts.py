"""Counts and spot facts of the clean tables against the codebooks and the mirror's MANIFEST."""

from __future__ import annotations

import pandas as pd
import pytest

pytestmark = pytest.mark.mirror


def test_state_system_counts(clean):
    states, years = clean("states"), clean("state_years")
    assert len(states) == 243
    assert states["ccode"].nunique() == 217
    assert len(years) == 15951
    assert years["year"].min() == 1816 and years["year"].max() == 2016
    end2016 = states[states["end"] == pd.Timestamp("2016-12-31")]
    assert len(end2016) == 195
    assert len(clean("majors")) == 14


def test_state_years_equal_expanded_spells(clean):
    """system2016 is exactly the year-expansion of the states2016 spells (MANIFEST)."""
    s = clean("states")
    spans = s["end"].dt.year - s["start"].dt.year + 1
    expanded = s.loc[s.index.repeat(spans), ["ccode"]].copy()
    expanded["year"] = (s["start"].dt.year.repeat(spans) + expanded.groupby(level=0).cumcount()).to_numpy()
    got = clean("state_years")[["ccode", "year"]].astype("int64")
    exp = expanded.drop_duplicates().astype("int64").sort_values(["ccode", "year"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got.sort_values(["ccode", "year"]).reset_index(drop=True), exp)


def test_major_powers(clean):
    m = clean("majors").set_index(["stateabb", "spell"])
    assert m.loc[("USA", 1), "start"] == pd.Timestamp("1898-08-13")
    assert m.loc[("CHN", 1), "start"] == pd.Timestamp("1950-01-01")
    assert m.loc[("GMY", 2), "end"] == pd.Timestamp("1945-05-07")


def test_war_counts_and_missing_codes(clean):
    w = clean("war_participants")
    assert w["warnum"].nunique() == 95
    assert (w["episode"] == 1).sum() == 337
    assert (w["bat_deaths"].dropna() >= 0).all()
    assert w["bat_deaths"].isna().sum() > 0  # -9 unknown deaths are NA, not numbers
    # France switched sides in World War II (METHODS pitfall 9)
    fr = w[(w["warnum"] == 139) & (w["ccode"] == 220)]
    assert set(fr["side"]) == {1, 2}


def test_mid_counts(clean):
    assert len(clean("mid_disputes")) == 2436
    p = clean("mid_participants")
    assert len(p) == 5883
    assert p["start_imputed"].sum() > 0  # -9 start days were imputed, not kept
    assert (p["fatality"].dropna() >= 0).all()
    assert len(clean("dyadic_mids")) == 10358


def test_atop_counts_and_nato(clean):
    a, m = clean("atop_alliances"), clean("atop_members")
    assert len(a) == 789 and len(m) == 2510
    assert m["atopid"].nunique() == 789
    nato = m[m["atopid"] == 3180]
    assert nato["entry"].min() == pd.Timestamp("1949-04-04")
    assert {2, 200, 640} <= set(nato["ccode"])
    assert nato.loc[nato["ccode"] == 2, "defense"].eq(1).all()
    # exit year 0 = still in effect: ends at the end of ATOP's coverage, flagged
    assert nato.loc[nato["ccode"] == 2, "exit"].max() == pd.Timestamp("2018-12-31")
    assert nato.loc[nato["ccode"] == 2, "exit_ongoing"].any()


def test_cow_alliance_counts(clean):
    mem = clean("cow_alliance_members")
    assert mem["version4id"].nunique() == 414
    assert len(mem) == 1221
    d = clean("cow_alliance_dyads")
    assert (d["ccode1"] < d["ccode2"]).all()
    assert len(d) == 3222 - 11  # eleven zero-length successor-state spells dropped
    nato = mem[mem["version4id"] == 227]
    assert {2, 200, 220, 260} <= set(nato["ccode"])


def test_nmc_and_contiguity_and_polity(clean):
    n = clean("nmc")
    assert len(n) == 15951
    assert (n[["milex", "milper", "irst", "pec"]].stack().dropna() >= 0).all()
    assert n[["milex"]].isna().sum().iloc[0] > 0  # -9 became NA
    c = clean("contiguity_years")
    assert len(c) == 82498 - 116 // 2  # duplicated dyad-years collapsed to the closest type
    usa_can = c[(c["ccode1"] == 2) & (c["ccode2"] == 20) & (c["year"] == 2016)]
    assert usa_can["conttype"].tolist() == [1]
    spells = clean("contiguity")
    assert len(spells) == 2 * 847
    p = clean("polity")
    assert len(p) == 17574 - 8  # eight transition-year duplicates dropped by the COW crosswalk
    assert p.set_index(["ccode", "year"]).loc[(2, 2018), "polity2"] == 8
    assert p["polity"].dropna().between(-10, 10).all()  # -66/-77/-88 are NA


def test_cr_only_file_read(clean):
    cc = clean("country_codes")
    assert len(cc) == 217
    assert cc.set_index("ccode").loc[2, "stateabb"] == "USA"


def test_polity_codes_are_cow_codes(clean):
    p = clean("polity").set_index(["ccode", "year"])
    # USSR (Polity 364) and Austria-Hungary (Polity 305 to 1918) under their COW codes
    assert p.loc[(365, 1950), "polity_ccode"] == 364 and p.loc[(365, 1950), "polity2"] == -9
    assert p.loc[(300, 1900), "polity_ccode"] == 305 and p.loc[(300, 1900), "polity2"] == -4
    assert p.loc[(305, 1950), "polity_ccode"] == 305  # Austria after 1918 keeps 305
    # collisions resolved: COW 341 is Montenegro (Polity 348), COW 626 South Sudan (Polity 525)
    assert p.loc[(341, 2010), "country"] == "Montenegro" and p.loc[(347, 2010), "country"] == "Kosovo"
    assert p.loc[(626, 2014), "country"] == "South Sudan" and p.loc[(625, 2014), "country"] == "Sudan-North"
    assert p.loc[(325, 1861), "country"] == "Sardinia" and p.loc[(345, 1900), "country"] == "Serbia"
    assert p.loc[(816, 1990), "polity_ccode"] == 818 and p.loc[(770, 1960), "polity_ccode"] == 769
    assert p.loc[(530, 2000), "polity_ccode"] == 529 and p.loc[(100, 1831), "country"] == "Gran Colombia"
    assert not {364, 324, 342, 348, 525, 529, 769, 818, 99} & set(p.index.get_level_values("ccode"))


def test_bmr_counts_and_codes(clean):
    b = clean("bmr_democracy")
    assert len(b) == 19775 - 2  # Serbia 2006 and the FRY 1991 duplicates dropped by the crosswalk
    assert b["democracy"].value_counts().to_dict() == {0: 12504, 1: 6624}
    assert b["democracy"].isna().sum() == 645
    assert b["year"].min() == 1800 and b["year"].max() == 2020
    i = b.set_index(["ccode", "year"])
    assert i.loc[(365, 1950), "bmr_ccode"] == 364 and i.loc[(365, 1950), "democracy"] == 0
    assert i.loc[(300, 1900), "bmr_ccode"] == 305 and i.loc[(2, 1900), "democracy"] == 1
    assert i.loc[(341, 2010), "country"] == "MONTENEGRO" and i.loc[(347, 2012), "country"] == "KOSOVO"
    assert i.loc[(625, 2015), "country"] == "SUDAN, NORTH" and i.loc[(626, 2015), "country"] == "SUDAN, SOUTH"


def test_no_democracy_country_year_unexplained_inside_the_cow_system(clean):
    from alliancewar.clean.ccode_crosswalk import democracy_ccode_check

    check = democracy_ccode_check(clean("polity"), clean("bmr_democracy"), clean("states"))
    assert not check["inside_system"].any()
    assert (check["reason"] != "").all()
    # the only codes that are no COW state at all: entities outside the COW list
    none = check[check["reason"] == "no COW state with this code"].groupby("source")["ccode"].unique()
    assert sorted(none["polity5"]) == [89, 564]  # United Province of Central America, Orange Free State
    assert sorted(none["bmr"]) == [89, 99, 564]  # and BMR's Great Colombia (1821-1830, before COW's 1831)
    assert check.groupby("source").size().to_dict() == {"bmr": 4102, "polity5": 2906}
