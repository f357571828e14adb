"""The claim's system-level tests on the real panels: the default claim specifications for ATOP and
COW alliances, the verdict frame, and numbers checked against direct computations on the panel."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
import yaml

from alliancewar.models.claims import CLAIM_PARTS
from alliancewar.models.run import fit_spec
from alliancewar.models.spec import resolve_specs
from alliancewar.models.status import Checks
from alliancewar.outputs.claim import AGAINST, NEITHER, NOT_TESTED, SUPPORTS, ClaimOptions, claim_frame
from tests.conftest import ROOT

pytestmark = [pytest.mark.mirror, pytest.mark.slow]
CFG = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
PERIODS = {k: list(v) for k, v in CFG["models"]["periods"].items()}
CHECKS = Checks.from_config(CFG["models"]["checks"])


def _resolve(named: dict) -> list:
    m = copy.deepcopy(CFG["models"])
    m["named"], m["grid"] = named, {}
    return resolve_specs(m, panel_years=(1816, 2016), cow_alliances=True)


@pytest.fixture(scope="module")
def claim_fits(panels):
    """Every default claim specification (ATOP and COW), fitted without the bootstrap check."""
    named = {k: {**v, "n_boot": 0} for k, v in CFG["models"]["named"].items() if (v or {}).get("claim")}
    return [fit_spec(s, panels["system"], PERIODS, CHECKS) for s in _resolve(named)]


@pytest.fixture(scope="module")
def frame(claim_fits):
    return claim_frame(claim_fits, ClaimOptions.from_outputs(CFG["outputs"]))


def _change_vs_window(system: pd.DataFrame, measure: str, outcome: str, lo: int, hi: int, k: int):
    """Change of ``measure`` in t = lo+1..hi against ``outcome`` summed over t+1..t+k, with numpy."""
    s = system.set_index("year").sort_index()
    x = s.loc[lo:hi, measure].to_numpy(dtype=float)
    y = s[outcome].to_numpy(dtype=float)
    first = int(s.index[0])
    rows = []
    for i, t in enumerate(range(lo + 1, hi + 1), start=1):
        window = y[t + 1 - first:t + k + 1 - first]
        if len(window) == k and np.isfinite(window).all() and np.isfinite(x[i]) and np.isfinite(x[i - 1]):
            rows.append((x[i] - x[i - 1], window.sum()))
    a, b = np.array(rows).T
    return a, b


def test_singer_small_outcomes_give_different_numbers_on_the_real_panel(panels):
    """nation-months and battle deaths of the wars begun, not the war counts under another label."""
    base = {"level": "system", "estimator": "correlation", "alliance": "share_allied_any", "periods": ["1816-2007"],
            "leads": [1, 5], "n_boot": 0}
    names = ("war_onsets", "nation_months_begun", "battle_deaths_begun")
    specs = _resolve({o: {**base, "outcome": o} for o in names})
    recs = {s["outcome"]: fit_spec(s, panels["system"], PERIODS, CHECKS) for s in specs}
    r = {o: [c["estimate"] for c in rec["coefficients"]] for o, rec in recs.items()}
    assert all(rec["status"] == "ok" for rec in recs.values())
    for a in names:
        for b in names:
            if a < b:
                assert np.all(np.abs(np.subtract(r[a], r[b])) > 1e-3), (a, b)
        x, y = _change_vs_window(panels["system"], "share_allied_any", a, 1816, 2007, 1)
        assert len(x) == 190 and r[a][0] == pytest.approx(np.corrcoef(x, y)[0, 1], rel=1e-10)


def test_every_part_period_and_source_is_tested(frame):
    head = frame[frame["headline"]]
    assert set(head["source"]) == {"ATOP", "COW"}
    for source in ("ATOP", "COW"):
        part = head[head["source"] == source]
        assert set(part["part"]) == set(CLAIM_PARTS)
        for p in ("growth_war", "alliances_polarisation", "polarisation_war"):
            periods = part.loc[part["part"] == p, "period"]
            assert set(periods) == {"1816-1899", "1900-1945", "1946-2007", "1900-1999", "1816-2007"}
        # family sizes: 2 measures x (3 war outcomes + 1 count) x 2 leads; 2 x 2 polarisation outcomes x 2 leads
        sizes = part.groupby("part")["family_size"].max()
        assert sizes.to_dict() == {"growth_war": 16, "polarisation_war": 16, "alliances_polarisation": 8,
                                   "era_difference": 8}
    assert not (head["verdict"] == NOT_TESTED).any()
    assert set(head["verdict"]) <= {SUPPORTS, AGAINST, NEITHER, "differs between eras", "no evidence of a difference"}


def test_headline_numbers_match_the_panel(frame, panels):
    head = frame[frame["headline"]]
    row = head[(head["source"] == "ATOP") & (head["part"] == "growth_war") & (head["period"] == "1900-1999")
               & (head["measure"] == "share_allied_any") & (head["outcome"] == "war_onsets") & (head["lead"] == 5)
               & (head["method"] == "pearson")].iloc[0]
    x, y = _change_vs_window(panels["system"], "share_allied_any", "war_onsets", 1900, 1999, 5)
    assert row["form"] == "change" and row["n"] == len(x) == 99
    assert row["estimate"] == pytest.approx(np.corrcoef(x, y)[0, 1], rel=1e-10)
    cow = head[(head["source"] == "COW") & (head["part"] == "growth_war") & (head["period"] == "1816-2007")
               & (head["measure"] == "share_allied_any_cow") & (head["lead"] == 1) & (head["method"] == "pearson")
               & (head["outcome"] == "war_onsets")].iloc[0]
    xc, yc = _change_vs_window(panels["system"], "share_allied_any_cow", "war_onsets", 1816, 2007, 1)
    assert cow["n"] == len(xc) == 190 and cow["estimate"] == pytest.approx(np.corrcoef(xc, yc)[0, 1], rel=1e-10)
    # the wars behind the whole span: 95 inter-state wars begin in 1816-2007 (COW war data 4.0)
    assert set(head.loc[head["period"] == "1816-2007", "n_wars"].dropna()) == {95.0}


def test_short_periods_never_decide_through_hac(frame):
    """Poisson/HAC on fewer than 150 years is doubtful (its simulated size is 9-12%) and gives no verdict."""
    counts = frame[frame["headline"] & frame["method"].eq("poisson") & frame["period"].ne("1816-2007")
                   & frame["part"].ne("era_difference")]
    assert len(counts) == 2 * 2 * 2 * 2 * 4  # sources x parts x measures x leads x short periods
    assert counts["status"].eq("warning").all() and counts["verdict"].eq(NEITHER).all()
