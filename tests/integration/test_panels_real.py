"""The panels built from the real mirrored data: counts, spot facts, coverage."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancewar.panels.build import to_directed
from alliancewar.panels.dyads import create_dyadyears, false_dyads

pytestmark = pytest.mark.mirror


def _dyad(df, a, b):
    lo, hi = min(a, b), max(a, b)
    return df[(df["ccode1"] == lo) & (df["ccode2"] == hi)].set_index("year")


def test_states_per_year(panels):
    """Default state system 2024: the panels run to 2024 (the 2016 list's counts: tests/integration/test_versions.py)."""
    n = panels["state"].groupby("year").size()
    assert n.loc[[1816, 1900, 1950, 2000, 2016, 2024]].tolist() == [23, 42, 75, 191, 195, 195]
    assert n.index.min() == 1816 and n.index.max() == 2024 and n.sum() == 17511  # = system2024.csv


def test_dyad_counts_equal_pairs_minus_false_dyads(panels, clean):
    dy = panels["dyad"]
    n_states = panels["state"].groupby("year").size()
    false = false_dyads(clean("states")).groupby("year").size().reindex(n_states.index, fill_value=0)
    expected = n_states * (n_states - 1) // 2 - false
    got = dy.groupby("year").size()
    pd.testing.assert_series_equal(got, expected, check_names=False)
    # 2024 list: the 956,145 dyad-years of 1816-2016 (as with the 2016 list) + 8 x 18,915 pairs of 195 states
    assert false.sum() == 30 and len(dy) == 1107465 and (dy["year"] <= 2016).sum() == 956145
    assert (dy["ccode1"] < dy["ccode2"]).all()
    assert not dy.duplicated(["ccode1", "ccode2", "year"]).any()


def test_a_false_dyad_is_removed(clean):
    # Netherlands (210) and Germany (255) in 1945: both members that year, never on the same day
    dy = create_dyadyears(clean("states"), start_year=1945, end_year=1945)
    assert ((dy["ccode1"] == 210) & (dy["ccode2"] == 255)).sum() == 0
    assert ((dy["ccode1"] == 2) & (dy["ccode2"] == 255)).sum() == 1


def test_directed_is_twice_non_directed(panels):
    dy = panels["dyad"]
    d = to_directed(dy)
    assert len(d) == 2 * len(dy)
    assert not d.duplicated(["ccode1", "ccode2", "year"]).any()
    row = d[(d["ccode1"] == 200) & (d["ccode2"] == 2) & (d["year"] == 1950)].iloc[0]
    nd = dy[(dy["ccode1"] == 2) & (dy["ccode2"] == 200) & (dy["year"] == 1950)].iloc[0]
    assert row["cinc1"] == nd["cinc2"] and row["cinc2"] == nd["cinc1"] and row["atop_defense"] == nd["atop_defense"]


def test_usa_uk_defense_pact_from_1949(panels):
    d = _dyad(panels["dyad"], 2, 200)
    assert (d.loc[1949:2016, "atop_defense"] == 1).all()
    assert (d.loc[1950:2016, "atop_defense_lag1"] == 1).all()
    assert d.loc[1948, "atop_defense"] == 0
    assert (d.loc[1949:2012, "cow_defense"] == 1).all()


def test_france_germany_war_onsets(panels):
    d = _dyad(panels["dyad"], 220, 255)
    assert d.loc[1870, "war_onset"] == 1 and d.loc[1914, "war_onset"] == 1 and d.loc[1939, "war_onset"] == 1
    # years the war was only ongoing are not onsets
    assert d.loc[1871, "war_onset"] == 0 and d.loc[1871, "war_ongoing"] == 1 and d.loc[1871, "war_ongoing_only"] == 1
    assert (d.loc[1915:1918, "war_onset"] == 0).all() and (d.loc[1915:1918, "war_ongoing"] == 1).all()


def test_no_onset_in_only_ongoing_years(panels):
    dy = panels["dyad"]
    ongoing_only = dy["war_ongoing_only"] == 1
    assert ongoing_only.sum() > 0
    assert (dy.loc[ongoing_only, "war_onset"] == 0).all()
    assert (dy.loc[dy["war_onset"] == 1, "war_ongoing"] == 1).all()


def test_peace_years_reset_after_each_onset(panels):
    d = _dyad(panels["dyad"], 220, 255)
    assert d.loc[1870, "peace_years"] == 1870 - 1816
    assert d.loc[1871, "peace_years"] == 0 and d.loc[1872, "peace_years"] == 1
    assert d.loc[1914, "peace_years"] == 1914 - 1871
    assert d.loc[1915, "peace_years"] == 0
    dy = panels["dyad"]
    after = dy.groupby(["ccode1", "ccode2"])["war_onset"].shift(1) == 1
    consecutive = dy.groupby(["ccode1", "ccode2"])["year"].diff() == 1
    assert (dy.loc[after & consecutive, "peace_years"] == 0).all()


def test_na_outside_coverage(panels):
    dy = panels["dyad"]
    late = dy["year"] > 2007
    assert dy.loc[late, "war_onset"].isna().all() and dy.loc[late, "peace_years"].isna().all()
    assert dy.loc[~late, "war_onset"].notna().all()
    assert dy.loc[dy["year"] > 2012, "cow_any"].isna().all()
    assert dy.loc[dy["year"] <= 2012, "cow_any"].notna().all()
    assert dy.loc[dy["year"] <= 2014, "mid_onset"].notna().all()
    assert dy.loc[dy["year"] == 2018, "atop_any"].notna().all()  # ATOP runs to 2018
    assert dy.loc[dy["year"] > 2018, "atop_any"].isna().all()  # the 2024 state list runs longer
    assert dy.loc[dy["year"] <= 2019, "atop_any_lag1"].notna().all()  # 1816's lag comes from ATOP's 1815
    assert dy.loc[dy["year"] > 2019, "atop_any_lag1"].isna().all()
    assert dy.loc[dy["year"] > 2016, ["contig_type", "cinc1", "mid_onset"]].isna().all().all()
    assert dy.loc[dy["year"] > 2018, "joint_democracy"].isna().all()
    assert dy.loc[dy["year"].between(2019, 2020), "joint_democracy_bmr"].notna().any()  # BMR runs to 2020
    assert dy.loc[dy["year"] > 2020, "joint_democracy_bmr"].isna().all()
    assert dy[["ccode1", "ccode2", "year", "major_either"]].notna().all().all()  # membership never NA
    sys_ = panels["system"].set_index("year")
    assert sys_.loc[2008:, "war_onsets"].isna().all() and sys_.loc[:2007, "war_onsets"].notna().all()
    assert sys_.loc[2003:, "war_onsets_next5"].isna().all() and sys_.loc[2002, "war_onsets_next5"] >= 0
    st = panels["state"]
    assert st.loc[st["year"] > 2007, "war_involved"].isna().all()


def test_contiguity_majors_and_relevance(panels):
    dy = panels["dyad"]
    usa_can = _dyad(dy, 2, 20)
    assert usa_can.loc[2016, "contig_land"] == 1 and usa_can.loc[2016, "contig_type"] == 1
    assert set(dy["contig_type"].dropna().unique()) <= {0, 1, 2, 3, 4, 5}
    assert dy.loc[dy["year"] <= 2016, "contig_type"].notna().all()  # contiguity 3.2 ends in 2016
    assert _dyad(dy, 2, 365).loc[1950, "major_both"] == 1
    dy = dy[dy["year"] <= 2016]  # relevance needs contiguity (3.2 ends in 2016)
    pr = dy["politically_relevant"] == 1
    assert ((dy.loc[pr, "contig_any"] == 1) | (dy.loc[pr, "major_either"] == 1)).all()
    assert ((dy["contig_any"] == 1) | (dy["major_either"] == 1))[~pr].sum() == 0
    assert panels["dyad"].loc[panels["dyad"]["year"] > 2016, "politically_relevant"].isna().all()


def test_capabilities_and_democracy(panels):
    d = _dyad(panels["dyad"], 2, 200).loc[2000]
    hi, lo = max(d["cinc1"], d["cinc2"]), min(d["cinc1"], d["cinc2"])
    assert d["cap_ratio_log"] == pytest.approx(np.log(hi / lo))
    assert d["joint_democracy"] == 1 and d["democracy_min"] == min(d["polity2_1"], d["polity2_2"])


def test_war_onsets_agree_with_maoz_dyadic_war_file(panels, clean):
    """Most dyad-years of the independent Maoz dyadic war file are at war in our panel too."""
    dw = clean("dyadic_wars")
    dw = dw[dw["ccode1"] < dw["ccode2"]][["ccode1", "ccode2", "year"]].drop_duplicates().astype("int64")
    m = dw.merge(panels["dyad"][["ccode1", "ccode2", "year", "war_ongoing"]], how="left")
    assert (m["war_ongoing"] == 1).mean() > 0.9


def test_system_series(panels):
    s = panels["system"].set_index("year")
    assert s.loc[1816, "n_states"] == 23
    assert s["war_onsets"].sum() == 95
    assert s.loc[1914, "war_onsets"] >= 1 and s.loc[1939, "nation_months_begun"] > 100
    assert 0 <= s["share_allied_any"].min() and s["share_allied_any"].max() <= 1
    assert s.loc[1960, "share_allied_any"] > s.loc[1850, "share_allied_any"]
    assert (s.loc[:2018, "alliance_network_density"] <= s.loc[:2018, "share_allied_any"]).all()
    assert s.loc[2019:, "share_allied_any"].isna().all() and s.loc[2024, "n_states"] == 195
    assert s.loc[1950, "n_blocs_any"] >= 1 and 0 < s.loc[1950, "modularity_any"] < 1


def test_mid5_option_builds_comparable_dyads(clean):
    from alliancewar.panels.mids import dyadic_mid_years, mid5_dyad_years

    d5, removed5 = mid5_dyad_years(clean("mid_participants"), clean("mid_disputes"))
    d4, _ = dyadic_mid_years(clean("dyadic_mids"))
    assert not d5.duplicated(["ccode1", "ccode2", "year"]).any()
    assert len(d5) % 2 == 0 and (d5["ccode1"] != d5["ccode2"]).all()
    assert removed5["unique onsets"] > 0
    on5 = d5[(d5["mid_onset"] == 1) & (d5["ccode1"] < d5["ccode2"])][["ccode1", "ccode2", "year"]]
    on4 = d4[(d4["mid_onset"] == 1) & (d4["ccode1"] < d4["ccode2"])][["ccode1", "ccode2", "year"]]
    both = on5.merge(on4)
    # the two MID sources agree on most onset dyad-years (they differ in coding rules and years)
    assert len(both) / len(on4) > 0.8


def test_democracy_under_cow_codes(panels):
    dy = panels["dyad"]
    usa_ussr, gmy_auh = _dyad(dy, 2, 365).loc[1950], _dyad(dy, 255, 300).loc[1900]
    assert usa_ussr["joint_democracy"] == 0 and usa_ussr["polity2_2"] == -9
    assert gmy_auh["joint_democracy"] == 0 and gmy_auh["polity2_2"] == -4
    assert usa_ussr["joint_democracy_bmr"] == 0 and gmy_auh["joint_democracy_bmr"] == 0
    assert _dyad(dy, 2, 341).loc[2010, "polity2_2"] == 9  # Montenegro's score, not Kosovo's (8)
    assert _dyad(dy, 2, 626).loc[2014, "polity2_2"] == 0  # South Sudan's, not Sudan-North's (-4)
    st = panels["state"].set_index(["ccode", "year"])
    assert st.loc[(365, 1950), "polity2"] == -9 and st.loc[(365, 1950), "bmr_democracy"] == 0


def _baseline(dy, democracy):
    s = dy[dy["year"].between(1816, 2007) & (dy["war_ongoing_only"] != 1)]
    return s.dropna(subset=["contig_any", "cap_ratio_log", "major_either", democracy, "atop_any_lag1"])


def test_baseline_sample_war_onsets(panels):
    """374 onsets 1816-2007 (ongoing years dropped); the crosswalk keeps 290 with Polity, BMR 355."""
    dy = panels["dyad"]
    assert dy.loc[dy["year"].between(1816, 2007) & (dy["war_ongoing_only"] != 1), "war_onset"].sum() == 374
    assert _baseline(dy, "joint_democracy")["war_onset"].sum() == 290
    assert _baseline(dy, "joint_democracy_bmr")["war_onset"].sum() == 355


# Hand counts from the participant file (war_participants): (originating, joining) dyads.
# Franco-Prussian War (58): France against Prussia, Bavaria, Baden and Wuerttemberg, all from
# 19 July 1870. Seven Weeks' War (55): Prussia and Mecklenburg against the eight members of the
# other side, all from 15 June 1866; Italy joins on 20 June. Korean War (151): South against
# North Korea from 24 June 1950; every other pair joins later (14 x 2 pairs in all). First
# World War (106): Austria-Hungary against Serbia from 29 July 1914; the other 43 of the 11 x 4
# pairs (all overlapping) join later.
HAND_COUNTS = {58: (4, 0), 55: (16, 8), 151: (1, 27), 106: (1, 43)}


@pytest.mark.parametrize("warnum", sorted(HAND_COUNTS))
def test_originators_and_joiners_per_war(panels, warnum):
    on = panels["dyad"]
    on = on[(on["war_onset"] == 1) & (on["war_onset_warnum"] == warnum)]
    assert (int(on["war_onset_originator"].sum()), int(on["war_onset_joiner"].sum())) == HAND_COUNTS[warnum]


def test_multilateral_shares(panels):
    on = panels["dyad"]
    on = on[(on["war_onset"] == 1) & on["year"].between(1816, 2007)]
    assert len(on) == 374 and (on["war_onset_originator"] + on["war_onset_joiner"] == 1).all()
    assert on["war_onset_warnum"].isin([106, 139]).sum() == 147  # the world wars: 39%
    assert on["war_onset_warnum"].value_counts().head(5).sum() == 212  # five largest wars: 57%
    assert on["war_onset_joiner"].sum() == 229  # joiners (not both in from the first day): 61%
    assert (on.loc[on["war_onset_originator"] == 1, "war_onset_days"] == 0).all()
    assert (on.loc[on["war_onset_joiner"] == 1, "war_onset_days"] > 0).all()


def test_alliance_on_the_eve_of_war(panels):
    dy = panels["dyad"]
    # 1866: the German Confederation (ATOP 1020) ended on 15 June, the day the war began, so
    # Prussia and Austria were allied the day before -- and in 1865
    pr_au = _dyad(dy, 255, 300).loc[1866]
    assert pr_au["war_onset"] == 1 and pr_au["war_onset_originator"] == 1
    assert pr_au["atop_any"] == 1 and pr_au["atop_any_prewar"] == 1 and pr_au["atop_any_lag1"] == 1
    assert _dyad(dy, 300, 325).loc[1866, "atop_any_prewar"] == 0  # Austria-Italy, never allied
    # Prussia-Italy: allied from April 1866 and on the same side: no onset, the year's status
    assert _dyad(dy, 255, 325).loc[1866, "atop_any_prewar"] == 1
    on = dy[(dy["war_onset"] == 1) & dy["year"].between(1816, 2007)]
    seven_weeks = on[on["war_onset_warnum"] == 55]
    assert seven_weeks["atop_any_prewar"].sum() == 16  # the 16 German Confederation pairs
    # where the eve differs from the year: e.g. France (Vichy)-UK 1940, Germany-Poland 1939
    assert _dyad(dy, 200, 220).loc[1940, ["atop_any", "atop_any_prewar"]].tolist() == [1, 0]
    assert _dyad(dy, 255, 290).loc[1939, ["atop_any", "atop_any_prewar"]].tolist() == [1, 0]
    assert (on["atop_any"] != on["atop_any_prewar"]).sum() == 12
    assert (on["cow_any"] != on["cow_any_prewar"]).sum() == 9
    assert dy.loc[dy["year"] > 2007, "atop_any_prewar"].isna().all()
    assert dy.loc[dy["mid_onset"] != 1, "atop_any_premid"].dropna().eq(
        dy.loc[dy["mid_onset"] != 1, "atop_any"][dy.loc[dy["mid_onset"] != 1, "atop_any_premid"].notna()]).all()


def test_peace_year_rules_differ_as_expected(panels):
    dy = panels["dyad"]
    known = dy["war_ongoing"].notna()
    # the ongoing rule never counts more than the onset rule (it restarts later)
    assert (dy.loc[known, "peace_years_ongoing"] <= dy.loc[known, "peace_years"]).all()
    assert (dy.loc[known, "peace_years_ongoing"] != dy.loc[known, "peace_years"]).sum() == 10925
    d = _dyad(dy, 220, 255)  # France-Germany: at war 1870-71, 1914-18
    assert d.loc[1872, "peace_years"] == 1 and d.loc[1872, "peace_years_ongoing"] == 0
    assert d.loc[1914, "peace_years_ongoing"] == 1914 - 1872


def test_capability_measures(panels):
    dy = panels["dyad"]
    d = _dyad(dy, 2, 200).loc[2000]
    lo, hi = sorted([d["cinc1"], d["cinc2"]])
    assert d["cinc_prop"] == pytest.approx(lo / hi)
    ratio = dy["cap_ratio_log"].map(np.exp)
    assert (dy.loc[ratio > 10, "cap_ratio_large"] == 1).all() and (dy.loc[ratio <= 3, "cap_ratio_small"] == 1).all()
    nmc = dy[dy["year"] <= 2016]  # NMC 6.0 ends in 2016
    assert nmc["cinc_prop"].between(0, 1).all() and dy.loc[dy["year"] > 2016, "cinc_prop"].isna().all()
    assert nmc[["cap_ratio_small", "cap_ratio_medium", "cap_ratio_large"]].sum(axis=1).eq(1).all()
    st = panels["state"].set_index(["ccode", "year"])
    assert st.loc[(2, 1950), "econ_advanced"] == 1 and st.loc[(750, 1950), "econ_advanced"] == 0  # USA, India
    assert _dyad(dy, 2, 750).loc[1950, "econ_advanced_both"] == 0
    assert _dyad(dy, 2, 200).loc[1950, "milit_min"] == pytest.approx(
        min(st.loc[(2, 1950), "milit"], st.loc[(200, 1950), "milit"]))


def test_alliances_begun_follow_atop_start_dates(panels, clean):
    """ATOP 5.1: begun = alliances by start year (begyr) except 6 that never link two system members."""
    s = panels["system"].set_index("year").loc[:2018]  # ATOP 5.1 ends in 2018
    a = clean("atop_alliances")
    begyr = a["begin"].dt.year.value_counts().reindex(s.index, fill_value=0)
    diff = (begyr - s["alliances_begun_any"]).loc[lambda d: d != 0]
    assert diff.to_dict() == {1832: 1, 1846: 1, 1851: 2, 1874: 1, 1912: 1}
    assert s.loc[:2016, "alliances_begun_any"].sum() == 769 and s.loc[1992, "alliances_begun_any"] == 61
    assert s.loc[2017:2018, "alliances_begun_any"].tolist() == [3, 4]  # in the panels since the 2024 state list
    assert s.loc[1816, "alliances_begun_any"] == 1  # the 1815 alliances are in force in 1816, not begun
    defense = a.loc[a["defense"] == 1, "begin"].dt.year.value_counts().reindex(s.index, fill_value=0)
    assert (defense - s["alliances_begun_defense"]).sum() == 6
    # COW 4.1: all 414 alliances begin 1816-2012; NA after COW's coverage
    assert s.loc[:2012, "alliances_begun_any_cow"].sum() == 414
    assert s.loc[2013:, "alliances_begun_any_cow"].isna().all()


def test_alliances_in_force_and_member_entries(panels):
    s = panels["system"].set_index("year")
    st = panels["state"]
    assert s.loc[1816, "alliances_in_force_any"] == 5 and s.loc[2016, "alliances_in_force_any"] == 366
    assert (s.loc[:2018, "alliances_in_force_defense"] <= s.loc[:2018, "alliances_in_force_any"]).all()
    for prefix, sfx in (("atop", ""), ("cow", "_cow")):
        joins = st.groupby("year")[f"{prefix}_alliances_joined_any"].sum(min_count=1)
        pd.testing.assert_series_equal(joins, s[f"member_entries_any{sfx}"], check_names=False, check_dtype=False)
    usa = st[st["ccode"] == 2].set_index("year")["atop_alliances_joined_any"]
    assert usa.loc[1949] == 1 and usa.loc[1951] == 3  # NATO; ANZUS, Japan, Philippines (NATO's 1951 phase is no entry)
    assert s.loc[1992, "member_entries_any"] == 144  # the post-Soviet treaties


def test_wayman_poles_among_major_powers(panels):
    s = panels["system"].set_index("year")
    # 1816: Quadruple Alliance (UK, Austria, Prussia, Russia) and France alone
    assert s.loc[1816, "n_poles_defense"] == 2 and s.loc[1816, "cluster_polarity_defense"] == pytest.approx(2 / 5)
    # 1913: Triple Alliance; France-Russia; UK-Japan; USA alone (8 major powers)
    assert s.loc[1913, "n_poles_defense"] == 4 and s.loc[1913, "cluster_polarity_defense"] == 0.5
    # 1950: the wartime Anglo-Soviet and Franco-Soviet treaties still link the five into one pole
    assert s.loc[1950, "n_poles_defense"] == 1
    s = s.loc[:2018]  # ATOP 5.1 ends in 2018
    assert (s["n_poles_any"] <= s["n_poles_defense"]).all() and (s["n_poles_defense"] <= s["n_majors"]).all()


def test_k_year_changes_of_the_real_series(panels):
    s = panels["system"].set_index("year")
    x = s["share_allied_any"]
    np.testing.assert_allclose(s["share_allied_any_chg1"].to_numpy(), x.diff().to_numpy(), equal_nan=True)
    np.testing.assert_allclose(s["share_allied_any_chg5"].to_numpy(), (x - x.shift(5)).to_numpy(), equal_nan=True)
    np.testing.assert_allclose(s["share_allied_any_growth10"].to_numpy(), (x / x.shift(10) - 1).to_numpy(),
                               equal_nan=True)
    assert s.loc[:1820, "share_allied_any_chg5"].isna().all() and s.loc[1821:2018, "share_allied_any_chg5"].notna().all()
    assert s.loc[2019:, "share_allied_any_chg5"].isna().all()  # ends with ATOP, not 5 years later
    cow = s["share_allied_any_chg5_cow"]
    assert cow.loc[1821:2012].notna().all() and cow.loc[2013:].isna().all()  # ends with COW, not 5 years later


def test_mid_onsets_are_per_dispute_not_per_episode(clean, panels):
    """METHODS pitfall 13: 26 dispute-dyads have several episodes; only the first year is an onset."""
    d = clean("dyadic_mids")
    d = d[d["ccode1"] < d["ccode2"]]
    starts = d.groupby(["dispnum", "ccode1", "ccode2"])["start"].nunique()
    assert len(starts) == 3511 and int((starts > 1).sum()) == 26
    # dispute 257 (World War I): USA-Austria-Hungary has episodes in 1915, 1917 and 1918
    dy = panels["dyad"].set_index(["ccode1", "ccode2", "year"])
    assert dy.loc[(2, 300, 1915), "mid_onset"] == 1
    assert dy.loc[(2, 300, 1917), "mid_onset"] == 0 and dy.loc[(2, 300, 1917), "mid_ongoing"] == 1


def test_state_system_2016_counts(cleaned):
    """The 2016 list, still selectable (data_versions.state_system: "2016"): its panels end in 2016, or extend
    the membership in force on 31 Dec 2016 to a later panel.end_year."""
    from alliancewar.panels.states import create_stateyears

    states = cleaned("cow_state_system_v2016")("states")
    n = create_stateyears(states).groupby("year").size()
    assert n.loc[[1816, 1900, 1950, 2000, 2016]].tolist() == [23, 42, 75, 191, 195] and n.index.max() == 2016
    dy = create_dyadyears(states)
    assert len(dy) == 956145 and dy["year"].max() == 2016 and len(false_dyads(states)) == 30
    extended = create_dyadyears(states, end_year=2018)
    assert len(extended) == 956145 + 2 * 195 * 194 // 2
    assert create_stateyears(states, end_year=2018).groupby("year").size().loc[2018] == 195
