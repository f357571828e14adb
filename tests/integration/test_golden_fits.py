"""Golden values of the headline fits on the real panel (issue 13: the speed work changes no result).

The coefficients, standard errors, sample sizes and events of a few named fits are compared
with values stored in ``tests/fixtures/golden/fits_real.json`` (to 1e-6 relative): the
estimators, the sample and the design must not move when they are made faster. The predicted
probabilities' simulation intervals, now from an importance sample of rows, are compared with
the full simulation over every row for the same draws (King, Tomz & Wittenberg 2000): each bound
within 2% of the interval's width.

Regenerate the golden file with ``ALLIANCEWAR_UPDATE_GOLDEN=1`` after an intended change of the
data or the models, and say why in the commit.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
import yaml
from scipy.special import expit

from alliancewar.models.jobs import all_specs
from alliancewar.models.run import fit_spec
from alliancewar.models.sample import design, select
from alliancewar.settings import validate_config
from tests.conftest import REGISTRY, ROOT

pytestmark = [pytest.mark.mirror, pytest.mark.slow]
GOLDEN = ROOT / "tests" / "fixtures" / "golden" / "fits_real.json"
UPDATE = os.environ.get("ALLIANCEWAR_UPDATE_GOLDEN") == "1"
NAMES = ("baseline", "century_20", "relevant", "mid_onset")


@pytest.fixture(scope="module")
def specs():
    cfg = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    cfg = validate_config({**cfg, "sources": str(REGISTRY)}, ROOT / "workflow" / "schemas" / "config.schema.yaml")
    return {s.name: s for s in all_specs(cfg) if s.name in NAMES}, cfg["models"]["periods"]


@pytest.fixture(scope="module")
def fits(specs, panels):
    named, periods = specs
    return {name: fit_spec(named[name], panels["dyad"], periods) for name in NAMES}


def _summary(rec):
    return {"status": rec["status"], "n_obs": rec["n_obs"], "n_events": rec["n_events"],
            "coefficients": {c["term"]: [c["estimate"], c["std_error"]] for c in rec["coefficients"]}}


def test_fit_records_equal_the_golden_values(fits):
    got = {name: _summary(rec) for name, rec in fits.items()}
    if UPDATE:
        GOLDEN.write_text(json.dumps(got, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for name in NAMES:
        assert got[name]["status"] == want[name]["status"]
        assert (got[name]["n_obs"], got[name]["n_events"]) == (want[name]["n_obs"], want[name]["n_events"])
        assert got[name]["coefficients"].keys() == want[name]["coefficients"].keys()
        for term, (est, se) in want[name]["coefficients"].items():
            assert got[name]["coefficients"][term] == pytest.approx([est, se], rel=1e-6), (name, term)


def test_simulated_probabilities_agree_with_the_full_simulation(specs, panels, fits):
    """The importance-sampled simulation of the fit records vs the full one (every row, every draw).

    Same seed, so the same 1,000 coefficient draws: only the estimate of each draw's average over
    the 640,000 rows differs (4,000 importance-sampled rows vs all of them).
    """
    from alliancewar.models.run import _estimate

    named, _ = specs
    spec, rec = named["baseline"], fits["baseline"]
    chosen, _ = select(spec, panels["dyad"])
    y, X, rows = design(spec, chosen)
    fit, _ = _estimate(spec, y, X, rows)
    terms = list(fit.params.index)
    assert np.allclose(fit.params.to_numpy(), [c["estimate"] for c in rec["coefficients"]])
    draws = np.random.default_rng(12345).multivariate_normal(fit.params.to_numpy(), fit.cov.to_numpy(), size=1000,
                                                            method="eigh")
    j = terms.index(spec.alliance_column)
    Xv = X[terms].to_numpy()
    xj = Xv[:, j][:, None]
    p1, p0 = np.empty(len(draws)), np.empty(len(draws))
    for start in range(0, len(draws), 50):  # blocks of draws: a 640,000 x 50 matrix at a time
        b = draws[start:start + 50]
        eta = Xv @ b.T
        p1[start:start + 50] = expit(eta + (1.0 - xj) * b[:, j]).mean(axis=0)
        p0[start:start + 50] = expit(eta - xj * b[:, j]).mean(axis=0)
    for key, sims in {"pp_allied": p1, "pp_not_allied": p0, "pp_diff": p1 - p0, "pp_ratio": p1 / p0}.items():
        low, high = np.quantile(sims, [0.025, 0.975])
        q = rec["quantities"][key]
        assert q["conf_low"] == pytest.approx(low, abs=0.02 * (high - low)), key
        assert q["conf_high"] == pytest.approx(high, abs=0.02 * (high - low)), key
