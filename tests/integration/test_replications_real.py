"""The replication suite on the mirrored data: published signs, gaps and the known non-replications.

Tolerance rule (docs/models.md, Replications): a published number is held to a tolerance only
where our inputs are the paper's data version. No design here has all its inputs in the paper's
version, so the replication checks are sign checks. Two extra guards for Miller (2022), whose
events (GML 2.2.1) and most covariates (COW contiguity 3.2, COW alliances 4.1, ATOP 5.1) are the
paper's, are stated where they are asserted.
"""

from __future__ import annotations

import pandas as pd
import pytest

from alliancewar.models.designs import DESIGNS, run_design
from alliancewar.panels.build import to_directed
from alliancewar.panels.directed import add_directed_variables
from alliancewar.panels.windows import build_windows

pytestmark = pytest.mark.mirror


@pytest.fixture(scope="module")
def inputs(panels, clean, sources):
    t = panels["tables"]
    directed = add_directed_variables(to_directed(panels["dyad"]),
                                      {"atop_members": t["atop_members"], "mid_participants": t["mid_participants"],
                                       "mid_disputes": t["mid_disputes"]}, sources, 2016)
    windows = build_windows({**t, "cow_alliance_members": clean("cow_alliance_members")}, panels["dyad"],
                            panels["state"], sources, cow_alliances=True)
    return {"dyad_years": panels["dyad"], "system_years": panels["system"], "dyad_years_directed": directed,
            "formation_windows": windows, "gml_dirdisp": clean("gml_dirdisp")}


@pytest.fixture(scope="module")
def records(inputs):
    return {name: run_design(name, inputs) for name in DESIGNS}


def _row(rec, model_part: str, term: str) -> dict:
    rows = [r for r in rec.rows if model_part in r["model"] and r["term"] == term]
    assert len(rows) == 1, [(r["model"], r["term"]) for r in rec.rows]
    return rows[0]


def test_every_design_runs(records):
    assert all(rec.status == "ok" for rec in records.values()), {n: r.reason for n, r in records.items()}


MILLER = [("Table 2", t) for t in ("contig_land", "cinc_prop", "major_either", "defense", "democracy_min", "t")] + \
         [("Vignette", t) for t in ("defense", "contig_land", "cinc_prop")]


@pytest.mark.parametrize("model, term", MILLER)
def test_miller2022_signs_and_gaps(records, model, term):
    row = _row(records["miller2022"], model, term)
    assert row["check"] == "sign" and row["agrees"] is True
    if row["published_se"] is not None:
        # Not a replication tolerance (the democracy measure and the false dyads differ from the paper's): a guard
        # against a broken merge or design. On the mirror every gap is at most 1.5 published standard errors; three
        # leave room for data updates and would still catch a wrong variable or sample (gaps of 5-20 SE).
        assert abs(row["gap"]) <= 3 * row["published_se"]


def test_miller2022_sample_and_events(records):
    rec = records["miller2022"]
    n = {r["model"]: r["estimate"] for r in rec.tables["models"] if r["term"] == "n_obs"}
    # Published N 106,937: ours is smaller because Polity5 (our democracy weak link) misses more country-years than
    # peacesciencer's measure; 10% bounds that listwise-deletion gap (5.8% on the mirror) and fails if a filter breaks.
    assert abs(n["Table 2 (COW defense, scaled)"] / 106_937 - 1) < 0.10
    assert any("in GML only" in d for d in rec.differences)
    assert rec.sources == ["gml_mid_v2.2.1"]


@pytest.mark.parametrize("model, term", [("Bivariate", "cow_any_prewar"), ("Multivariate", "cow_any_prewar"),
                                         ("Multivariate", "contig_any")])
def test_bremer1992_sign_pattern(records, model, term):
    # Bremer's abstract: allied dyads more war-prone in the bivariate analysis; the absence of alliance a danger
    # once the other conditions are held constant
    assert _row(records["bremer1992"], model, term)["agrees"] is True


def test_singer_small1968_sign_reversal_at_1900(records):
    rows = records["singer_small1968"].rows
    assert len(rows) == 12  # 3 indices x (ATOP, COW) x 2 periods
    assert all(r["agrees"] for r in rows), [(r["model"], r["term"], r["ours"]) for r in rows if not r["agrees"]]


@pytest.mark.parametrize("term", [
    pytest.param("atop_third_defense2_lag1", marks=pytest.mark.xfail(
        strict=True, reason="does not replicate on ATOP 5.1 / MID 5.0: the target's third-party defense pledges "
                            "are not associated with fewer initiations in 1816-1944 (0.06, SE 0.11)")),
    "atop_third_offense1_lag1", "atop_third_neutral1_lag1"])
def test_leeds2003_signs(records, term):
    assert _row(records["leeds2003"], "1816-1944", term)["agrees"] is True


KVP_STATE_WARS = pytest.mark.xfail(strict=True, reason="does not replicate: the founding states of pre-1945 defense "
                                                       "pacts enter fewer wars after formation than before")


@pytest.mark.parametrize("term", [
    "state:mid_entries:5", "state:mid_entries:10", pytest.param("state:war_entries:5", marks=KVP_STATE_WARS),
    pytest.param("state:war_entries:10", marks=KVP_STATE_WARS), "dyad:mid_onsets:5", "dyad:mid_onsets:10",
    "dyad:war_onsets:5", "dyad:war_onsets:10"])
def test_kenwick2015_more_conflict_after_pre1945_formation(records, term):
    rec = records["kenwick2015"]
    (row,) = [r for r in rec.rows if r["term"] == term]
    assert row["agrees"] is True


def test_kenwick2015_estimates_cover_every_cell(records):
    est = pd.DataFrame(records["kenwick2015"].tables["estimates"])
    assert set(est["alliance_source"]) == {"atop", "cow"} and set(est["window_years"]) == {5, 10}
    assert set(est["era"]) == {"pre-1945", "nuclear era", "all years"}
    assert (est["n_units"] > 0).all()
