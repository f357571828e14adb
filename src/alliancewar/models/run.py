"""Fit a resolved specification on its panel and write the tidy fit record.

:func:`fit_spec` selects the sample (years, dyad population, onset rows), builds the design
(alliance measure, controls, time dependence, constant), dispatches to the estimator and
assembles the record described in ``docs/fit_record.md``. A fit that cannot be estimated
(no events, separation, singular design) is recorded with its reason; nothing is raised.
"""

from __future__ import annotations

import logging
import time
import traceback
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import AllianceWarError
from ..io import write_json
from ..panels.variables import REGISTRY
from . import estimators as est
from . import system
from .claims import forms_for, headline_form
from .estimate import Estimate, EstimationError
from .quantities import predicted_probabilities
from .sample import design, needed_columns, select
from .spec import DYADIC_LEVELS, Spec, is_system_design
from .system import Design
from .status import Checks, assess, check_sample

log = logging.getLogger(__name__)

PANEL_FILES = {"dyad": "dyad_years", "state": "state_years", "system": "system_years",
               "directed": "dyad_years_directed"}
#: BibTeX keys of the methods each choice uses (see alliancewar.outputs.citations).
METHOD_KEYS = {"logit": ["bremer1992"], "firth": ["firth1993"], "relogit": ["king2001"],
               "lpm_fe": ["bremer1992"], "clogit": ["green2001"], "poisson": ["newey1987"], "negbin": ["newey1987"],
               "correlation": ["singer1968"], "cubic": ["carter2010"], "splines": ["beck1998"],
               "politically_relevant": ["lemke2001"], "dyadic": ["aronow2015"], "cluster2": ["cameron2011"]}
#: BibTeX keys of the system lead designs (:mod:`alliancewar.models.system`), beside the estimator's.
DESIGN_METHOD_KEYS = {"correlation": ["singer1968", "pyper1998", "bartlett1946", "chelton1983", "politis1994",
                                      "politis2004", "patton2009"],
                      "count": ["newey1987", "newey1994"], "era": ["hedges1985", "newey1994"]}
#: Registry sources of the columns a specification uses (for citations).
_SOURCE_OF = {v.name: v.sources for v in REGISTRY.values()}


def war_clusters(rows: pd.DataFrame, dyad: np.ndarray) -> np.ndarray:
    """Cluster labels for ``se: war``: an onset dyad-year clusters with the other onsets of its war,
    every other row with its dyad (the dyads of one multilateral war are one event; Poast 2010)."""
    warnum = rows["war_onset_warnum"].to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isfinite(warnum), -np.nan_to_num(warnum, nan=0.0).astype(np.int64) - 1, dyad)


def units(rows: pd.DataFrame, level: str) -> np.ndarray | None:
    """Cluster (and fixed-effect) units: the dyad, the state, or None (system level).

    Directed dyad-years cluster on the non-directed dyad: (A, B) and (B, A) are one pair of states.
    """
    if level == "state":
        return rows["ccode"].to_numpy()
    if level not in DYADIC_LEVELS:
        return None
    c1, c2 = rows["ccode1"].to_numpy(), rows["ccode2"].to_numpy()
    if level == "directed":
        c1, c2 = np.minimum(c1, c2), np.maximum(c1, c2)
    return c1 * 10_000 + c2


def _estimate(spec: Spec, y: np.ndarray, X: pd.DataFrame, rows: pd.DataFrame) -> tuple[Estimate, list[str]]:
    e, se, level = spec["estimator"], spec["se"], spec["level"]
    unit = units(rows, level)
    fe: list[str] = []
    if e in ("logit", "firth", "relogit") and spec["outcome"] in REGISTRY and REGISTRY[spec["outcome"]].kind != "binary":
        raise EstimationError(f"outcome {spec['outcome']} is not binary; use poisson or negbin")
    if e == "logit":
        kwargs: dict[str, Any] = {"se": se, "groups": unit}
        if se == "cluster2":
            kwargs["groups2"] = rows["year"].to_numpy()
        if se == "dyadic":
            kwargs["dyad_members"] = (rows["ccode1"].to_numpy(), rows["ccode2"].to_numpy())
        if se == "war":
            kwargs.update(se="cluster", groups=war_clusters(rows, unit))
        return est.fit_logit(y, X, **kwargs), fe
    if e == "firth":
        return est.fit_firth(y, X, se=se, groups=unit), fe
    if e == "relogit":
        return est.fit_relogit(y, X, se=se, groups=unit), fe
    if e == "lpm_fe":
        return est.fit_lpm_fe(y, X, unit, rows["year"].to_numpy(), se="cluster", twoway=True,
                              cluster_time=se == "cluster2"), ["dyad", "year"]
    if e == "clogit":
        return est.fit_clogit(y, X, unit), ["dyad"]
    if e in ("poisson", "negbin"):
        return est.fit_count(y, X, family=e, se=se, groups=unit if se == "cluster" else None), fe
    raise EstimationError(f"unknown estimator {e}")


def _quantities(spec: Spec, fit: Estimate, X: pd.DataFrame) -> dict[str, Any] | None:
    a = spec.alliance_column
    e = spec["estimator"]
    if a not in fit.params.index:
        return None
    coef, ci = fit.params[a], fit.conf_int().loc[a]
    if e in ("poisson", "negbin"):
        return {"rate_ratio": {"estimate": float(np.exp(coef)), "conf_low": float(np.exp(ci["conf_low"])),
                               "conf_high": float(np.exp(ci["conf_high"]))}}
    if e == "clogit":
        return {"odds_ratio": {"estimate": float(np.exp(coef)), "conf_low": float(np.exp(ci["conf_low"])),
                               "conf_high": float(np.exp(ci["conf_high"]))}}
    if spec.values.get("era_interaction"):
        return None
    if e == "lpm_fe":
        # the fixed effects are not among the parameters: only the effect itself is meaningful
        effect = {"estimate": float(coef), "conf_low": float(ci["conf_low"]), "conf_high": float(ci["conf_high"])}
        return {"effect": effect, "pp_diff": effect}
    return predicted_probabilities(fit, X[list(fit.params.index)], a)


def _record_base(spec: Spec) -> dict[str, Any]:
    s = spec.to_dict()
    used = [spec.alliance_column, spec["outcome"], *spec["controls"], *(spec.values.get("measures") or []),
            *(spec.values.get("outcomes") or [])]
    sources = sorted({src for c in used for src in _SOURCE_OF.get(c, ())})
    methods = set(METHOD_KEYS.get(spec["estimator"], []))
    for key in (spec["time_dependence"], spec["population"], spec["se"]):
        methods.update(METHOD_KEYS.get(key, []))
    if is_system_design(spec):
        methods.update(DESIGN_METHOD_KEYS[_system_design(spec)])
    if spec["estimator"] in ("logit", "firth", "relogit") and not spec.values.get("era_interaction"):
        methods.update(("hanmer2013", "king2000"))  # predicted probabilities, simulation intervals
    return {"name": spec.name, "label": spec["label"], "group": spec.group, "spec": s, "level": spec["level"],
            "sample": [], "bivariate": None,
            "estimator": spec["estimator"], "se_type": spec["se"], "status": "ok", "reason": None, "warnings": [],
            "doubts": [], "converged": None, "outcome": spec["outcome"], "alliance_term": spec.alliance_column,
            "coefficients": [], "n_obs": None, "n_events": None, "n_clusters": None, "loglik": None, "aic": None,
            "bic": None, "pseudo_r2": None, "fixed_effects": [], "time_dependence": spec["time_dependence"],
            "quantities": None, "extra": {}, "sources": sources, "methods": sorted(methods), "wall_time": None}


def _fit_regression(spec: Spec, panel: pd.DataFrame, rec: dict[str, Any], checks: Checks) -> None:
    chosen, steps = select(spec, panel)
    y, X, rows = design(spec, chosen, steps)
    rec["sample"] = steps
    rec["n_obs"], rec["n_events"] = int(len(y)), float(np.nansum(y))
    check_sample(spec["level"], spec["estimator"], len(y), float(np.nansum(y)), checks)
    fit, fe = _estimate(spec, y, X, rows)
    rec.update({"coefficients": fit.coef_table(), "n_obs": int(fit.nobs), "n_clusters": fit.n_clusters,
                "loglik": fit.loglik, "aic": fit.aic, "bic": fit.bic, "pseudo_r2": fit.pseudo_r2,
                "converged": bool(fit.converged), "warnings": list(fit.warnings), "fixed_effects": fe,
                "extra": dict(fit.extra)})
    if spec["estimator"] == "clogit":
        rec["n_obs"] = int(len(y))
    if spec.values.get("era_interaction"):
        rec["extra"]["era_test"] = _era_test(spec, fit)
    rec["quantities"] = _quantities(spec, fit, X)
    if spec.values.get("bivariate") and spec["estimator"] in BIVARIATE_ESTIMATORS:
        rec["bivariate"] = {"before_deletion": _bivariate(spec, chosen), "estimation_sample": _bivariate(spec, rows)}


#: Estimators for which the bivariate association is reported next to the controlled one.
BIVARIATE_ESTIMATORS = ("logit", "firth", "relogit")


def _bivariate(spec: Spec, rows: pd.DataFrame) -> dict[str, Any]:
    """The alliance term alone (same estimator and errors) on ``rows``, or why it failed.

    On the sample before listwise deletion and on the controlled model's estimation sample, it
    separates what the deletion does from what the controls do (METHODS reviewer demand 15).
    """
    y, X, used = design(spec, rows, controls=False)
    out: dict[str, Any] = {"n_obs": int(len(y)), "n_events": float(np.nansum(y))}
    try:
        fit, _ = _estimate(spec, y, X, used)
    except (EstimationError, np.linalg.LinAlgError, ValueError) as exc:
        return {**out, "status": "failed", "reason": getattr(exc, "reason", None) or str(exc)}
    coef = next(c for c in fit.coef_table() if c["term"] == spec.alliance_column)
    return {**out, "status": "ok" if fit.converged else "warning", **{k: coef[k] for k in (
        "estimate", "std_error", "p_value", "conf_low", "conf_high")}}


def _era_test(spec: Spec, fit: Estimate) -> dict[str, Any]:
    """Wald test that the alliance effect is the same in every era (interaction terms = 0)."""
    from scipy import stats

    a = spec.alliance_column
    terms = [t for t in fit.params.index if t.startswith(f"{a}_x_era_")]
    b = fit.params[terms].to_numpy()
    v = fit.cov.loc[terms, terms].to_numpy()
    w = float(b @ np.linalg.solve(v, b))
    return {"terms": terms, "wald_chi2": w, "df": len(terms), "p_value": float(stats.chi2.sf(w, len(terms)))}


def _design(spec: Spec, periods: dict[str, list[int]], checks: Checks, forms: tuple[str, ...]) -> Design:
    """The lead design of a system specification (its measures, outcomes, periods, leads, forms)."""
    names = spec.values.get("periods") or [spec["period"]]
    return Design(
        measures=tuple(spec.values.get("measures") or [spec["alliance"]]),
        outcomes=tuple(spec.values.get("outcomes") or [spec["outcome"]]),
        periods={p: tuple(periods.get(p, spec["years"])) for p in names},
        leads=tuple(spec.values.get("leads") or DEFAULT_LEADS),
        forms=tuple(spec.values.get("forms") or forms),
        min_years=checks.system_min_years, min_events=checks.system_min_events,
        n_boot=int(spec.values.get("n_boot") or DEFAULT_N_BOOT))


#: Windows t+1..t+k of a system design without ``leads`` (Singer & Small's 1, 3 and 5 years).
DEFAULT_LEADS = (1, 3, 5)
#: Stationary-bootstrap resamples of a headline correlation when the spec gives no ``n_boot``.
DEFAULT_N_BOOT = 999
#: Key of each system design's table in the fit record's ``extra``.
DESIGN_TABLES = {"correlation": "correlations", "count": "regressions", "era": "era_tests"}


def _system_design(spec: Spec) -> str:
    if spec.values.get("claim") == "era_difference":
        return "era"
    return "correlation" if spec["estimator"] == "correlation" else "count"


def _fit_system_design(spec: Spec, panel: pd.DataFrame, periods: dict[str, list[int]], rec: dict[str, Any],
                       checks: Checks) -> None:
    """A system lead design (:mod:`alliancewar.models.system`): every test as a row of ``extra``.

    The record's coefficients are the headline rows of the first measure, outcome and period
    (one per lead): ``pearson_lead<k>`` (a correlation), ``lead<k>`` (a log rate ratio per SD)
    or ``era_difference_lead<k>`` (the test statistic). Rows that could not be tested are kept
    (``status: failed``) and listed in ``extra.notes``; the doubts of the headline rows of the
    first measure, outcome and period are the record's warnings.
    """
    series = panel.set_index("year")
    kind = _system_design(spec)
    estimator = spec["estimator"]
    d = _design(spec, periods, checks, forms_for(estimator))
    if kind == "correlation":
        table = system.correlation_tests(series, d)
    elif kind == "count":
        table = system.count_tests(series, d, estimator)
    else:
        table = system.era_tests(series, d, estimator)
    rec["extra"][DESIGN_TABLES[kind]] = table.to_dict(orient="records")
    failed = table[table["status"] == "failed"]
    rec["extra"]["notes"] = list(dict.fromkeys(
        f"{r.measure} -> {r.outcome}, {r.period}: not tested ({r.reason})" for r in failed.itertuples()))
    first = table.iloc[0]
    main = table[(table["measure"] == first["measure"]) & (table["outcome"] == first["outcome"])
                 & (table["period"] == first["period"]) & table["headline"] & (table["status"] != "failed")]
    if main.empty:
        raise EstimationError(f"{first['measure']} -> {first['outcome']}, {first['period']}: not tested "
                              f"({first['reason']})")
    prefix = {"correlation": "pearson_lead", "count": "lead", "era": "era_difference_lead"}[kind]
    rec["coefficients"] = [{"term": f"{prefix}{r.lead}", "estimate": r.estimate,
                            "std_error": getattr(r, "std_error", None), "statistic": getattr(r, "statistic", None),
                            "p_value": r.p_value, "conf_low": getattr(r, "conf_low", None),
                            "conf_high": getattr(r, "conf_high", None)} for r in main.itertuples()]
    rec["alliance_term"] = rec["coefficients"][0]["term"]
    rec["warnings"] = [w for w in dict.fromkeys(main["doubt"].dropna()) if w]
    rec["n_obs"] = int(main["n"].max())
    spans = d.periods.values() if kind == "era" else [d.periods[first["period"]]]
    lo, hi = min(v[0] for v in spans), max(v[1] for v in spans)
    rec["n_events"] = float(series.loc[lo:hi, "war_onsets"].sum()) if "war_onsets" in series else None
    rec["converged"] = True
    rec["extra"]["design"] = {"kind": kind, "headline_forms": {m: headline_form(m, estimator) for m in d.measures},
                              "forms": list(d.forms), "leads": list(d.leads), "periods": {k: list(v) for k, v in
                                                                                          d.periods.items()}}


def fit_spec(spec: Spec, panel: pd.DataFrame, periods: dict[str, list[int]], checks: Checks | None = None
             ) -> dict[str, Any]:
    """Fit ``spec`` on ``panel`` and return its fit record.

    The record's ``status`` is ``ok``, ``warning`` (with its ``doubts``) or ``failed`` (with its
    ``reason``), by the rules of :mod:`alliancewar.models.status`.
    """
    checks = checks or Checks()
    rec = _record_base(spec)
    start = time.perf_counter()
    try:
        if is_system_design(spec):
            _fit_system_design(spec, panel, periods, rec, checks)
        else:
            _fit_regression(spec, panel, rec, checks)
    except (EstimationError, AllianceWarError, np.linalg.LinAlgError, ValueError) as exc:
        rec.update({"status": "failed", "reason": getattr(exc, "reason", None) or str(exc), "coefficients": [],
                    "quantities": None})
        log.warning("fit %s failed: %s", spec.name, rec["reason"])
        log.debug("%s", traceback.format_exc())
    assess(rec, checks)
    rec["wall_time"] = round(time.perf_counter() - start, 3)
    return rec


def run_job(specs: list[Spec], panel_dir: str | Path, out_dir: str | Path, periods: dict[str, list[int]],
            checks: Checks | None = None) -> list[Path]:
    """Fit a group of specifications of one level, loading the panel once; write one record per fit."""
    levels = {s["level"] for s in specs}
    assert len(levels) == 1, "a job holds specifications of one level"
    level = levels.pop()
    # a dyad-year job reads only the columns its fits use (the panel has ~120 columns, 1 M rows)
    columns = None if level not in DYADIC_LEVELS or any(s["estimator"] == "correlation" for s in specs) else \
        list(dict.fromkeys(c for s in specs for c in needed_columns(s)))
    panel = pd.read_parquet(Path(panel_dir) / f"{PANEL_FILES[level]}.parquet", columns=columns)
    paths = []
    for spec in specs:
        rec = fit_spec(spec, panel, periods, checks)
        log.info("fit %s: %s in %.2f s%s", spec.name, rec["status"], rec["wall_time"],
                 f" ({rec['reason'] or '; '.join(rec['doubts'])})" if rec["status"] != "ok" else "")
        paths.append(write_json(rec, Path(out_dir) / f"{spec.name}.json"))
    return paths
