"""The public API on the mirrored data: the verbs give the pipeline's panel, and real-data spot checks.

The verbs run on a temporary cache filled from the mirror (raw files verified, then cleaned).
"""

from __future__ import annotations

import stat

import numpy as np
import pandas as pd
import pytest

import alliancewar as aw
from alliancewar.api import data
from alliancewar.errors import ChecksumError
from alliancewar.panels.distance import great_circle_km
from tests.conftest import ROOT

pytestmark = pytest.mark.mirror


@pytest.fixture(scope="module")
def api_cache(tmp_path_factory, mirror):
    before = data.settings()
    aw.configure(cache_dir=str(tmp_path_factory.mktemp("aw_cache")), mirror=str(mirror),
                 cow_alliances_dir=str(mirror / "cow_alliances_v4.1"))
    yield data.cache_dir()
    aw.configure(cache_dir=before.cache_dir, mirror=before.mirror, cow_alliances_dir=before.cow_alliances_dir)


def notebook_panel() -> pd.DataFrame:
    """What a notebook user writes to get the pipeline's dyad-year panel (the 2024 state list)."""
    return (aw.create_dyadyears(directed=False, years=(1816, 2024))
            .pipe(aw.add_atop_alliance).pipe(aw.add_cow_alliance)
            .pipe(aw.add_cow_wars).pipe(aw.add_mids).pipe(aw.add_alliance_eve)
            .pipe(aw.add_contiguity).pipe(aw.add_cow_majors).pipe(aw.add_politically_relevant)
            .pipe(aw.add_nmc).pipe(aw.add_democracy).pipe(aw.add_peace_years)
            .pipe(aw.add_capital_distance).pipe(aw.add_minimum_distance).pipe(aw.add_strategic_rivalries))


@pytest.fixture(scope="module")
def verbs_panel(api_cache):
    return notebook_panel()


def test_verbs_give_the_pipeline_panel_exactly(verbs_panel, panels):
    pipe = panels["dyad"]
    assert list(verbs_panel.columns) != [] and set(pipe.columns) == set(verbs_panel.columns)
    assert len(pipe) == len(verbs_panel) == 1_107_465
    for c in pipe.columns:
        a, b = pipe[c], verbs_panel[c]
        assert a.dtype == b.dtype, c
        assert np.array_equal(a.to_numpy(), b.to_numpy(), equal_nan=a.dtype.kind == "f"), c


def test_cite_lists_every_source_used(verbs_panel):
    bib = aw.cite(verbs_panel)
    for key in ("leeds2002atop", "gibler2009alliances", "cow_states2024", "schvitz2022cshapes",
                "thompson2021rivalries", "thompson2012rivalries", "miller2022", "beck1998", "lemke2001"):
        assert f"{{{key}," in bib, key


def _row(df: pd.DataFrame, a: int, b: int, year: int) -> pd.Series:
    r = df.query(f"ccode1 == {a} and ccode2 == {b} and year == {year}")
    assert len(r) == 1
    return r.iloc[0]


def test_similarity_usa_uk_1960(api_cache):
    dy = aw.create_dyadyears(years=(1960, 1960)).pipe(aw.add_alliance_similarity)
    us_uk, us_ussr, uk_fra = _row(dy, 2, 200, 1960), _row(dy, 2, 365, 1960), _row(dy, 200, 220, 1960)
    # by hand from ATOP 5.1: of 107 members, 31 differ (the 20 Rio Pact states and 11 others), sum |d| = 90
    assert us_uk["atop_s_un_glo"] == pytest.approx(1 - 2 * 90 / (3 * 107))
    for m in ("s_un_glo", "s_wt_glo", "s_un_reg", "s_wt_reg", "taub", "kappa", "pi"):
        assert us_uk[f"atop_{m}"] > us_ussr[f"atop_{m}"], m
    assert us_uk["atop_s_wt_glo"] > 0.75 and uk_fra["atop_s_un_glo"] > us_uk["atop_s_un_glo"] + 0.3
    assert us_ussr["atop_s_wt_glo"] < -0.7


def test_capital_distance_washington_moscow(verbs_panel):
    r = _row(verbs_panel, 2, 365, 1960)
    # independent figure: haversine on the mean radius between the cities' published coordinates
    ref = great_circle_km(38.9047, -77.0164, 55.7558, 37.6178, radius=6371.0088)
    assert abs(r["capdist"] - ref) / ref < 0.01
    g = aw.create_dyadyears(years=(1960, 1960)).pipe(aw.add_capital_distance, source="gleditsch")
    assert _row(g, 2, 365, 1960)["capdist_gleditsch"] == 7873.0
    assert abs(r["capdist"] - 7873.0) / 7873.0 < 0.01


def test_india_pakistan_rivalry_from_1947(verbs_panel):
    ip = verbs_panel.query("ccode1 == 750 and ccode2 == 770").set_index("year")
    assert ip.index.min() == 1947
    assert ip.loc[1947, "rivalry_tss"] == 1 and ip.loc[1947, "rivalry_td"] == 1
    assert ip.loc[1947, "rivalry_tss_spatial"] == 1 and ip.loc[1947, "rivalry_tss_positional"] == 1
    assert (ip.loc[1947:2016, "rivalry_tss"] == 1).all() and ip.loc[2011:, "rivalry_td"].isna().all()


def _rivalry_keys(name: str) -> set[tuple[int, int, int]]:
    """Rivalry dyad-years expanded row by row (an independent path), with the Austria 300 -> 305 fix."""
    from alliancewar.sources import load_sources

    last = load_sources(ROOT / "config" / "sources.yaml")[f"{name}_rivalries"].coverage[1]
    out = set()
    for r in data.table(f"{name}_rivalries").itertuples():
        for y in range(max(r.start, 1816), min(r.end, last) + 1):
            a, b = (305 if c == 300 and y >= 1919 else c for c in (r.ccode1, r.ccode2))
            out.add((min(a, b), max(a, b), y))
    return out


def test_default_columns_counts(verbs_panel):
    assert verbs_panel["capdist"].notna().all()
    assert verbs_panel.loc[verbs_panel["year"] < 1886, "mindist"].isna().all()
    # 97.8 % of the 1886-2016 dyad-years: CShapes 2.0 lacks some states and some entry years (USA-Canada 1920)
    assert verbs_panel.loc[verbs_panel["year"].between(1886, 2016), "mindist"].notna().mean() > 0.975
    keys = set(zip(verbs_panel["ccode1"], verbs_panel["ccode2"], verbs_panel["year"]))
    for name, n in (("tss", 7_615), ("td", None)):  # TSS to 2020: 7,382 rivalry dyad-years to 2016
        col = verbs_panel[f"rivalry_{name}"]
        expected = len(_rivalry_keys(name) & keys)
        assert int(col.sum()) == expected and (n is None or expected == n)


def test_ucdp_interstate_conflicts(api_cache):
    dy = aw.create_dyadyears(years=(1946, 2016)).pipe(aw.add_ucdp_conflicts)
    ip = dy.query("ccode1 == 750 and ccode2 == 770").set_index("year")
    assert ip.loc[1948, "ucdp_onset"] == 1 and ip.loc[1948, "ucdp_war_ongoing"] == 1 and ip.loc[1949, "ucdp_ongoing"] == 0
    assert ip.loc[1965, "ucdp_onset"] == 0 and ip.loc[1964, "ucdp_onset"] == 1
    assert int(dy["ucdp_ongoing"].sum()) == 140 and int(dy["ucdp_onset"].sum()) == 78
    early = aw.create_dyadyears(years=(1900, 1946)).pipe(aw.add_ucdp_conflicts)
    assert early.loc[early["year"] < 1946, "ucdp_onset"].isna().all()


def test_gleditsch_ward_system(api_cache):
    gw = aw.create_dyadyears(system="gw", years=(1816, 2017))
    assert list(gw.columns) == ["gwcode1", "gwcode2", "year"] and len(gw) == 969_658
    spells = data.table("gw_states")
    in_2017 = spells[(spells["start"] <= "2017-12-31") & (spells["end"] >= "2017-01-01")]["gwcode"].nunique()
    assert len(aw.create_stateyears(system="gw", years=(2017, 2017))) == in_2017 == 174
    gw = gw.query("year == 1960").pipe(aw.add_capital_distance).pipe(aw.add_minimum_distance).pipe(aw.add_ccode_to_gw)
    r = gw.query("gwcode1 == 2 and gwcode2 == 365").iloc[0]
    assert r["capdist"] == pytest.approx(_row(aw.create_dyadyears(years=(1960, 1960)).pipe(aw.add_capital_distance),
                                              2, 365, 1960)["capdist"])
    assert int(r["ccode2"]) == 365
    with pytest.raises(ValueError, match="works on dyad"):
        aw.add_atop_alliance(gw.drop(columns=["ccode1", "ccode2"]))


def test_a_tampered_cached_raw_file_is_refused(api_cache):
    aw.fetch(["td_rivalries"])
    raw = api_cache / "raw" / "td_rivalries" / "td_rivalries.rda"
    raw.chmod(stat.S_IWUSR | stat.S_IRUSR)
    raw.write_bytes(raw.read_bytes() + b"x")
    for clean in (api_cache / "clean").glob("td_rivalries-*"):
        for f in clean.iterdir():
            f.unlink()
    data._tables.clear()
    with pytest.raises(ChecksumError, match="td_rivalries"):
        aw.fetch(["td_rivalries"])
