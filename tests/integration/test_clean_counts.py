"""Counts and spot facts of the clean tables against the codebooks and the mirror's MANIFEST."""

from __future__ import annotations

import pandas as pd
import pytest

pytestmark = pytest.mark.mirror


def test_state_system_counts(clean):
    """The default state system, v2024 (MANIFEST); v2016: test_state_system_versions below."""
    states, years = clean("states"), clean("state_years")
    assert len(states) == 244
    assert states["ccode"].nunique() == 217
    assert len(years) == 17511
    assert years["year"].min() == 1816 and years["year"].max() == 2024
    end2024 = states[states["end"] == pd.Timestamp("2024-12-31")]
    assert len(end2024) == 195
    assert len(clean("majors")) == 14
    # the one new spell: Yugoslavia to 3 June 2006, then Serbia (same code, its own name)
    yug = states[states["ccode"] == 345].set_index("spell")
    assert yug.loc[2, "end"] == pd.Timestamp("2006-06-03") and yug.loc[3, "start"] == pd.Timestamp("2006-06-03")
    assert yug.loc[3, ["stateabb", "statenme"]].tolist() == ["SRB", "Serbia"]
    assert yug.loc[2, "statenme"] == "Yugoslavia"


# Each version of each family: (registry source, clean table, rows, first year, last year, other counts).
VERSION_COUNTS = [
    ("cow_state_system_v2016", "states", 243, 1816, 2016, {"ccodes": 217, "in_force_at_end": 195}),
    ("cow_state_system_v2016", "state_years", 15951, 1816, 2016, {}),
    ("cow_state_system_v2016", "majors", 14, 1816, 2016, {}),
    ("cow_state_system_v2024", "states", 244, 1816, 2024, {"ccodes": 217, "in_force_at_end": 195}),
    ("cow_state_system_v2024", "state_years", 17511, 1816, 2024, {}),
    ("cow_state_system_v2024", "majors", 14, 1816, 2024, {}),
    ("cow_nmc_v6.0", "nmc", 15951, 1816, 2016, {}),
    ("cow_dyadic_mid_v4.02", "dyadic_mids", 10358, 1816, 2014, {"disputes": 2371}),
    ("cow_dyadic_mid_v4.03", "dyadic_mids", 10358, 1816, 2014, {"disputes": 2371}),
    ("ucdp_prio_acd_v23.1", "ucdp_conflict_years", 2626, 1946, 2022, {"conflicts": 297, "interstate": 141}),
    ("ucdp_prio_acd_v25.1", "ucdp_conflict_years", 2752, 1946, 2024, {"conflicts": 303, "interstate": 147}),
]


@pytest.mark.parametrize("source, table, rows, first, last, extra", VERSION_COUNTS,
                         ids=[f"{v[0]}-{v[1]}" for v in VERSION_COUNTS])
def test_version_counts(cleaned, source, table, rows, first, last, extra):
    """The counts of every registered version (MANIFEST, codebooks), old versions kept selectable."""
    t = cleaned(source)(table)
    assert len(t) == rows
    if "year" in t.columns:
        assert (t["year"].min(), t["year"].max()) == (first, last)
    else:
        assert (t["start"].dt.year.min(), t["end"].dt.year.max()) == (first, last)
    if "ccodes" in extra:
        assert t["ccode"].nunique() == extra["ccodes"]
        assert (t["end"] == pd.Timestamp(f"{last}-12-31")).sum() == extra["in_force_at_end"]
    if "disputes" in extra:
        assert t["dispnum"].nunique() == extra["disputes"]
    if "conflicts" in extra:
        assert t["conflict_id"].nunique() == extra["conflicts"]
        assert (t["type_of_conflict"] == 2).sum() == extra["interstate"]


def test_state_system_versions(cleaned):
    """v2024 equals v2016 spell for spell to 2016, except the Serbia spell of 2006 (MANIFEST); the
    state-years of 1816-2016 are the same."""
    old, new = cleaned("cow_state_system_v2016"), cleaned("cow_state_system_v2024")
    o, n = old("states"), new("states")
    n_old = n[~((n["ccode"] == 345) & (n["stateabb"] == "SRB"))].reset_index(drop=True)
    pd.testing.assert_series_equal(o["ccode"], n_old["ccode"])
    pd.testing.assert_series_equal(o["start"], n_old["start"])
    moved = o["end"] == pd.Timestamp("2016-12-31")
    assert (n_old.loc[moved & (o["ccode"] != 345), "end"] == pd.Timestamp("2024-12-31")).all()
    assert (n_old.loc[~moved, "end"] == o.loc[~moved, "end"]).all()
    sy_old, sy_new = old("state_years"), new("state_years")
    pd.testing.assert_frame_equal(sy_old[["ccode", "year"]],
                                  sy_new.loc[sy_new["year"] <= 2016, ["ccode", "year"]].reset_index(drop=True))
    pd.testing.assert_frame_equal(old("majors")[["ccode", "start"]], new("majors")[["ccode", "start"]])


def test_dyadic_mid_403_has_the_rows_of_402_and_their_errata(cleaned, mirror):
    """4.03 has the same dispute-dyad-years as 4.02; of the columns read only outcome differs (50 rows in
    12 disputes), and it still carries recip = 2 and sideab = 1969 (dispute 611), set to NA."""
    from alliancewar.clean.dyadic_mid import read_raw

    raw2 = read_raw(mirror / "cow_dyadic_mid_v4.02/dyadic_mid_4.02.csv")
    raw3 = read_raw(mirror / "cow_dyadic_mid_v4.03/dyadic_mid_4.03.dta")
    keys = ["disno", "statea", "stateb", "year"]
    pd.testing.assert_frame_equal(raw2[keys], raw3[keys])
    for raw in (raw2, raw3):
        assert (raw["recip"] == 2).sum() == 4
        assert (raw["sideab"] == 1969).sum() == 4 and set(raw.loc[raw["sideab"] == 1969, "disno"]) == {611}
    a, b = cleaned("cow_dyadic_mid_v4.02")("dyadic_mids"), cleaned("cow_dyadic_mid_v4.03")("dyadic_mids")
    differs = ((a != b) & ~(a.isna() & b.isna())).sum()
    assert differs[differs > 0].to_dict() == {"outcome": 50}
    assert a.loc[a["outcome"] != b["outcome"], "dispnum"].nunique() == 12
    assert b["recip"].isna().sum() == 4 and b["sidea2"].isna().sum() == 4


def test_dyadic_mid_403_csv_and_stata_clean_alike(mirror, tmp_path):
    """Whichever form of 4.03 is present (the CSV or the Stata file of the publisher's zip) gives the same
    table: the Stata file written as CSV stands in for the publisher's CSV (its bytes are not mirrored)."""
    from alliancewar.clean import dyadic_mid

    dta = mirror / "cow_dyadic_mid_v4.03/dyadic_mid_4.03.dta"
    (tmp_path / "dta").mkdir()
    (tmp_path / "dta" / dta.name).symlink_to(dta)
    (tmp_path / "csv").mkdir()
    pd.read_stata(dta, convert_categoricals=False).to_csv(tmp_path / "csv" / "dyadic_mid_4.03.csv", index=False)
    from_dta = dyadic_mid.clean(tmp_path / "dta")["dyadic_mids"]
    from_csv = dyadic_mid.clean(tmp_path / "csv")["dyadic_mids"]
    pd.testing.assert_frame_equal(from_dta, from_csv)
    assert dyadic_mid.raw_file(tmp_path / "csv").suffix == ".csv"


def test_state_years_equal_expanded_spells(clean):
    """system2024 is exactly the year-expansion of the statelist2024 spells (MANIFEST)."""
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
    # with the 2024 list, Polity's 2017-2018 and BMR's 2017-2020 are inside the system (2016 list: bmr 4102,
    # polity5 2906, of which 780 and 336 were "after 2016")
    assert check.groupby("source").size().to_dict() == {"bmr": 3322, "polity5": 2570}
    assert not (check["reason"] == "after 2024").any()


def test_polity_sav_against_the_csv_export(clean, mirror):
    """The publisher's SPSS file (used) against the CSV export of the .xls pinned before (DERIVED, read here
    only to measure the difference): same rows, codes and names; polity2 differs in 73 country-years as
    published, 69 after cleaning (the .sav holds the special codes -66 (France 1940-43) and -88 (Belgium
    1830) in polity2 itself: set to NA; the CSV export has NA for France, -5 for Belgium)."""
    import pyreadstat

    sav, _ = pyreadstat.read_sav(str(mirror / "polity5/p5v2018.sav"))
    csv = pd.read_csv(mirror / "derived/polity5_csv/p5v2018.csv")
    assert (sav["scode"].to_numpy() == csv["scode"].to_numpy()).all() and (sav["year"] == csv["year"]).all()
    assert (sav["country"].to_numpy() == csv["country"].to_numpy()).all()

    def n_diff(a, b):
        return int((~((a == b) | (a.isna() & b.isna()))).sum())

    assert {c: n_diff(sav[c], csv[c]) for c in ("polity2", "polity", "democ", "autoc", "durable")} == {
        "polity2": 73, "polity": 68, "democ": 30, "autoc": 38, "durable": 212}
    changed = sav.loc[~((sav["polity2"] == csv["polity2"]) | (sav["polity2"].isna() & csv["polity2"].isna()))]
    assert sorted(changed["scode"].unique()) == ["BEL", "CAO", "CHA", "FRN", "GRG", "MYA", "SWA", "SYR", "TRI"]
    p = clean("polity")
    assert p["polity2"].between(-10, 10).all()
    assert p.set_index(["scode", "year"]).loc[[("BEL", 1830), ("FRN", 1941)], "polity2"].isna().all()
    csv_clean = csv.assign(polity2=csv["polity2"].where(csv["polity2"].between(-10, 10)))
    merged = p.merge(csv_clean[["scode", "year", "polity2"]], on=["scode", "year"], suffixes=("", "_csv"))
    assert len(merged) == len(p)
    assert n_diff(merged["polity2"].astype("float64"), merged["polity2_csv"]) == 69
    assert p.set_index(["scode", "year"]).loc[("TRI", 2010), "polity2"] == 10  # 9 in the CSV export


def nmc7_shaped_csv(mirror, cleaned) -> bytes:
    """An ``NMC-70-abridged.csv``-shaped file (CRLF, the 6.0 columns, -9 for missing) built from the
    mirror's DERIVED peacesciencer copy of NMC 7.0 and the 2024 state list's abbreviations: a stand-in
    to test the 7.0 path offline, never the publisher's bytes (those are pinned by their SHA-256)."""
    pyreadr = pytest.importorskip("pyreadr")
    values = pyreadr.read_r(str(mirror / "derived/cow_nmc_v7.0_peacesciencer/cow_nmc.rda"))["cow_nmc"]
    abb = cleaned("cow_state_system_v2024")("state_years").astype({"ccode": "int64", "year": "int64"})
    values = values.astype({"ccode": "int64", "year": "int64"}).merge(abb, on=["ccode", "year"], how="left")
    cols = ["stateabb", "ccode", "year", "milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]
    out = values[cols].assign(version=2023)
    for c in ("milex", "milper", "irst", "pec", "tpop", "upop"):
        out[c] = out[c].fillna(-9).astype("int64")
    return out.to_csv(index=False, lineterminator="\r\n").encode()


def test_nmc_70_cleans_to_the_2024_state_years(mirror, cleaned, tmp_path):
    """NMC 7.0 (1816-2022): 17,121 state-years, exactly the 2024 list's state-years to 2022 (MANIFEST)."""
    from alliancewar.clean import nmc
    from alliancewar.clean.schemas import validate

    (tmp_path / "NMC-70-abridged.csv").write_bytes(nmc7_shaped_csv(mirror, cleaned))
    t = validate("nmc", nmc.clean(tmp_path)["nmc"])
    assert len(t) == 17121 and (t["year"].min(), t["year"].max()) == (1816, 2022)
    sy = cleaned("cow_state_system_v2024")("state_years")
    expected = sy.loc[sy["year"] <= 2022, ["ccode", "year"]].astype("int64").reset_index(drop=True)
    pd.testing.assert_frame_equal(t[["ccode", "year"]].astype("int64"), expected)
    usa = t.set_index(["ccode", "year"])
    assert usa.loc[(2, 2022), "milper"] == 1360 and usa.loc[(2, 1816), "cinc"] == pytest.approx(0.039697491)
    assert t["milex"].isna().sum() > 0  # -9 became NA
