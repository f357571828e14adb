"""Size and power of the system-level tests on simulated short, persistent annual series.

Plain script, not a test (the fast, seeded subset runs in ``tests/unit/test_timeseries_size.py``):
``python benchmarks/sim_system_inference.py [--reps 1000] [--boot-reps 200] [--n-boot 499]``.

Prints rejection rates at a nominal 5% for the lengths of the real periods (46, 84, 100, 192):

* correlation tests on two independent AR(1) series (coefficient 0.95) and on series sharing
  a component that explains half of each one's variance (power): the ESS test
  (:func:`alliancewar.models.timeseries.ess_correlation_test`) in levels, detrended and
  differenced forms, the moving-block bootstrap of the old ``lagged_correlations`` and the
  stationary bootstrap (fewer replications: it resamples one replication at a time);
* lead windows: an AR(1) alliance-like series (with a trend) against independent counts
  (Poisson with an AR(1) log-intensity) summed over t+1..t+k, in every form;
* the count regression: Poisson on a trending AR(1) regressor with a trend term and
  independent counts (i.i.d., or with an AR(1) log-intensity of coefficient 0.5 or 0.9), HAC
  errors with the fixed Newey-West rule (vectorised replica of ``fit_count``) and the
  automatic bandwidth (``fit_count`` itself, fewer replications).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit"))

from test_timeseries_size import (  # noqa: E402  (simulation designs shared with the tests)
    LENGTHS, change_form, count_draws, lead_window_design, old_block_bootstrap_p, poisson_hac_pvalues, shared_pair,
)

from alliancewar.models.count import fit_count  # noqa: E402
from alliancewar.models.hac import hac_maxlags  # noqa: E402
from alliancewar.models.timeseries import ess_correlation_test, stationary_bootstrap_correlation  # noqa: E402

FORM_FUNCS = {
    "levels": lambda a: a,
    "detrended": lambda a: a - _trend_fit(a),
    "differenced": lambda a: np.diff(a, axis=-1),
}


def _trend_fit(a: np.ndarray) -> np.ndarray:
    t = np.arange(a.shape[-1], dtype=float)
    t -= t.mean()
    mean = a.mean(axis=-1, keepdims=True)
    slope = ((a - mean) @ t / (t @ t))[..., None]
    return mean + slope * t


def correlation_rates(reps: int, boot_reps: int, n_boot: int, seed: int) -> pd.DataFrame:
    rows = []
    rng = np.random.default_rng(seed)
    for n in LENGTHS:
        for design in ("independent", "shared"):
            x, y = shared_pair(reps, n, 0.5 if design == "shared" else 0.0, rng)
            for form, f in FORM_FUNCS.items():
                res = ess_correlation_test(f(x), f(y))
                rows.append({"design": design, "n": n, "method": f"ess_{form}", "reps": reps,
                             "reject": float(np.mean(res.p_value < 0.05)), "flagged": float(np.mean(res.persistent))})
            if design == "independent":
                p = old_block_bootstrap_p(x, y, rng)
                rows.append({"design": design, "n": n, "method": "old_block_bootstrap_levels", "reps": reps,
                             "reject": float(np.mean(p < 0.05)), "flagged": np.nan})
            for form, f in FORM_FUNCS.items():
                a, b = f(x[:boot_reps]), f(y[:boot_reps])
                tests = [stationary_bootstrap_correlation(a[i], b[i], n_boot=n_boot, seed=seed + i)
                         for i in range(boot_reps)]
                for kind in ("p_value", "p_null"):
                    rows.append({"design": design, "n": n, "method": f"sb_{kind}_{form}", "reps": boot_reps,
                                 "reject": float(np.mean([getattr(t, kind) < 0.05 for t in tests])),
                                 "flagged": np.nan})
            print(f"  correlations n={n} {design} done", file=sys.stderr, flush=True)
    return pd.DataFrame(rows)


def _lead_forms(x: np.ndarray, y: np.ndarray, k: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Every form of the lead pairs ``(x_t, y_{t+1} + ... + y_{t+k})``, vectorised over replications."""
    m = x.shape[1]
    c = np.concatenate([np.zeros((len(y), 1)), np.cumsum(y, axis=1)], axis=1)
    window = c[:, 1 + k: m + 1] - c[:, 1: m + 1 - k]
    level = x[:, : m - k]
    return {"levels": (level, window), "detrended": (level - _trend_fit(level), window - _trend_fit(window)),
            "differenced": (np.diff(level, axis=1), np.diff(window, axis=1)), "change": change_form(x, y, k)}


def lead_window_rates(reps: int, seed: int) -> pd.DataFrame:
    rows = []
    rng = np.random.default_rng(seed)
    for n in LENGTHS:
        for k in (1, 5):
            for effect in (0.0, 0.5):
                x, y = lead_window_design(reps, n, k, effect, rng)
                for form, (a, b) in _lead_forms(x, y, k).items():
                    t = ess_correlation_test(a, b)
                    rows.append({"design": f"lead{k}_effect{effect}", "n": n, "method": f"ess_{form}", "reps": reps,
                                 "reject": float(np.mean(t.p_value < 0.05)), "flagged": float(np.mean(t.persistent))})
    return pd.DataFrame(rows)


def count_rates(reps: int, auto_reps: int, seed: int) -> pd.DataFrame:
    rows = []
    rng = np.random.default_rng(seed)
    for n in LENGTHS:
        for latent in (None, 0.5, 0.9):
            y, X = count_draws(reps, n, latent, rng)
            rows.append({"design": f"counts_latent{latent}", "n": n, "method": "poisson_hac_nw_rule", "reps": reps,
                         "reject": float(np.mean(poisson_hac_pvalues(y, X, hac_maxlags(n)) < 0.05)),
                         "flagged": np.nan, "median_lags": float(hac_maxlags(n))})
            rej, lags, warned = [], [], []
            for i in range(auto_reps):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    e = fit_count(y[i], pd.DataFrame(X[i], columns=["x", "trend", "const"]), se="hac",
                                  hac_bandwidth="nw_auto")
                rej.append(e.pvalues["x"] < 0.05)
                lags.append(e.extra["maxlags"])
                warned.append(e.extra["hac_size_warning"] is not None)
            rows.append({"design": f"counts_latent{latent}", "n": n, "method": "poisson_hac_nw_auto", "reps": auto_reps,
                         "reject": float(np.mean(rej)), "flagged": float(np.mean(warned)),
                         "median_lags": float(np.median(lags))})
        print(f"  counts n={n} done", file=sys.stderr, flush=True)
    return pd.DataFrame(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=1000)
    ap.add_argument("--boot-reps", type=int, default=200)
    ap.add_argument("--n-boot", type=int, default=499)
    ap.add_argument("--lead-reps", type=int, default=1000)
    ap.add_argument("--count-reps", type=int, default=4000)
    ap.add_argument("--auto-reps", type=int, default=500)
    ap.add_argument("--seed", type=int, default=20251201)
    args = ap.parse_args()
    start = time.perf_counter()
    tables = [correlation_rates(args.reps, args.boot_reps, args.n_boot, args.seed),
              lead_window_rates(args.lead_reps, args.seed + 1),
              count_rates(args.count_reps, args.auto_reps, args.seed + 2)]
    out = pd.concat(tables, ignore_index=True)
    wide = out.pivot_table(index=["design", "method"], columns="n", values="reject", sort=False)
    flags = out.pivot_table(index=["design", "method"], columns="n", values="flagged", sort=False)
    with pd.option_context("display.max_rows", 500, "display.width", 200):
        print("Rejection rate at nominal 5%\n", wide.round(3).to_string(), "\n")
        print("Share of replications flagged (persistent / HAC size warning)\n", flags.round(3).to_string())
    print(f"\nwall time {time.perf_counter() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
