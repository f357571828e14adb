"""A fit's status (ok / warning / failed) and how doubtful fits are shown: never as good ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancewar.models.estimate import EstimationError
from alliancewar.models.run import fit_spec
from alliancewar.models.spec import Spec
from alliancewar.models.status import Checks, assess, check_sample, doubts
from alliancewar.outputs import tables as T
from alliancewar.outputs.headlines import headline_sentences
from alliancewar.outputs.report import render_report
from tests.unit.outputs_fixtures import LABELS, PROVENANCE, fit_named, load_fits

CHECKS = Checks()


def _rec(**kw):
    base = {"status": "ok", "estimator": "logit", "converged": True, "warnings": [], "n_events": 100.0,
            "coefficients": [{"term": f"x{i}"} for i in range(5)]}
    return {**base, **kw}


def test_sound_fit_is_ok():
    assert assess(_rec(), CHECKS)["status"] == "ok"


@pytest.mark.parametrize("kw, reason", [
    ({"converged": False}, "the optimiser did not converge"),
    ({"warnings": ["covariance clipped to PSD"]}, "covariance clipped to PSD"),
    ({"n_events": 24.0}, "few events per estimated coefficient: 4.8 < 5"),
])
def test_doubtful_fits_are_warnings_with_their_reason(kw, reason):
    rec = assess(_rec(**kw), CHECKS)
    assert rec["status"] == "warning"
    assert any(reason in d for d in rec["doubts"])


def test_events_per_coefficient_rule_does_not_apply_to_counts_or_lpm():
    assert doubts(_rec(estimator="poisson", n_events=3.0), CHECKS) == []
    assert doubts(_rec(estimator="lpm_fe", n_events=3.0), CHECKS) == []


def test_failed_stays_failed():
    rec = assess(_rec(status="failed", reason="perfect separation", converged=False), CHECKS)
    assert rec["status"] == "failed" and rec["doubts"] == []


@pytest.mark.parametrize("args, message", [
    (("dyad", "logit", 0, 0), "no observations"),
    (("dyad", "logit", 20, 3), r"too few observations: 20 < 50 \(models.checks.min_obs\)"),
    (("dyad", "logit", 5000, 0), "no events in the sample"),
    (("dyad", "logit", 5000, 7), r"too few events: 7 < 10 \(models.checks.min_events\)"),
    (("system", "poisson", 7, 1), r"too few years for a time-series test: 7 < 20"),
    (("system", "poisson", 60, 4), r"too few events: 4 < 5 \(models.checks.system_min_events\)"),
])
def test_samples_too_small_to_estimate_fail(args, message):
    with pytest.raises(EstimationError, match=message):
        check_sample(*args, CHECKS)


def test_counts_need_no_events_at_the_state_level():
    check_sample("state", "poisson", 5000, 0, CHECKS)


def test_checks_from_config_ignore_unknown_and_fill_defaults():
    c = Checks.from_config({"min_events": 3})
    assert c.min_events == 3 and c.system_min_years == 20


def _system_spec(years):
    values = {"label": "x", "level": "system", "alliance": "share_allied_any", "outcome": "war_onsets_next1",
              "period": None, "years": years, "population": "all", "controls": [], "time_dependence": "trend",
              "estimator": "poisson", "se": "hac", "alliance_lag": 0, "drop_ongoing": False}
    return Spec("sys", "named", values)


def test_short_system_poisson_is_recorded_failed_not_ok():
    """The audit's case: a system Poisson on 7 years with one event was recorded ok with p = 1e-23."""
    years = np.arange(1900, 1907)
    panel = pd.DataFrame({"year": years, "share_allied_any": np.linspace(0.1, 0.4, 7),
                          "war_onsets_next1": [0, 0, 0, 1, 0, 0, 0], "war_onsets": [0] * 7})
    rec = fit_spec(_system_spec([1900, 1906]), panel, {})
    assert rec["status"] == "failed"
    assert "too few years for a time-series test: 7 < 20" in rec["reason"]
    assert rec["coefficients"] == []


# --------------------------------------------------------------------------------------------
# What a reader sees
# --------------------------------------------------------------------------------------------


def _with_doubtful():
    fits = load_fits()
    doubtful = fit_named(fits, "baseline_1900_1945")
    doubtful.update(status="warning", doubts=["the optimiser did not converge"])
    return fits, doubtful


def test_table_marks_doubtful_column_and_explains_it():
    fits, doubtful = _with_doubtful()
    table = T.regression_table(fits, columns=["baseline_1816_1899", "baseline_1900_1945"], labels=LABELS,
                               title="t", provenance=PROVENANCE)
    assert table.columns == ("(1)", f"(2){T.DOUBT_MARK}")
    note = next(n for n in table.notes if n.startswith(T.DOUBT_MARK))
    assert "(2)" in note and "the optimiser did not converge" in note
    md = T.to_markdown(table)
    assert f"(2){T.DOUBT_MARK}" in md and "did not converge" in md
    status = table.tidy[(table.tidy["kind"] == "status") & (table.tidy["fit"] == "baseline_1900_1945")]
    assert status["value"].iloc[0] == "doubtful: the optimiser did not converge"
    # the estimates of a doubtful fit are still shown (marked), not hidden
    assert any(r.cells[1].text for r in table.blocks[0] if r.label)


def test_robustness_counts_doubtful_fits():
    fits, _ = _with_doubtful()
    summary = T.robustness_summary(fits)
    assert summary.loc[0, "n_doubtful"] == 1


def test_headline_names_the_doubt_when_only_a_doubtful_fit_is_there():
    fits, doubtful = _with_doubtful()
    sentences = headline_sentences([doubtful], None, labels=LABELS)
    assert len(sentences) == 1 and "doubtful fit: the optimiser did not converge" in sentences[0]


def test_headline_prefers_a_sound_fit_of_the_same_period():
    fits, doubtful = _with_doubtful()
    sound = {**doubtful, "name": "sound", "status": "ok", "doubts": []}
    sentences = headline_sentences([doubtful, sound], None, labels=LABELS)
    assert not any("doubtful" in s for s in sentences)


def test_report_lists_doubtful_fits_with_reasons():
    fits, doubtful = _with_doubtful()
    html = render_report(title="t", question="q", claim="c", sources=[], headlines=[], tables={}, figures={},
                         robustness=T.robustness_summary(fits), failed_fits=[doubtful],
                         provenance={"commit": "x"})
    failed = html.split('id="failed"')[1]
    assert "were estimated but are doubtful" in failed and "the optimiser did not converge" in failed
