"""System-level lead designs: every measure x outcome x period x lead x form, as one tidy table.

A lead design pairs a measure in year t with an outcome in the years after it:

* a war measure (wars, nation-months or battle deaths begun in a year) is summed over
  t+1..t+k; any other outcome (a level, e.g. modularity) enters as its change
  ``y_(t+k) - y_t`` (:func:`~alliancewar.models.claims.outcome_is_level`);
* the measure is taken in the period's years t only; its change ``x_t - x_(t-1)`` starts in the
  period's second year; the outcome window may run past the period's end (never past the data).

Three designs, each a pure function of the system-years indexed by year:

* :func:`correlation_tests` -- Pearson correlations with the effective-sample-size test of
  Pyper & Peterman (1998) in every form of :data:`~alliancewar.models.timeseries.FORMS`, and
  the stationary bootstrap (Politis & Romano 1994; Politis & White 2004) as a check of the
  headline form (:func:`~alliancewar.models.claims.headline_form`) only: it costs about
  0.3-0.5 s per row at 999-1,999 resamples and is not what the verdicts use;
* :func:`count_tests` -- Poisson or negative binomial regressions of the outcome window on the
  measure (standardised: coefficients are log rate ratios per standard deviation) in the forms
  :data:`~alliancewar.models.claims.COUNT_FORMS`, with Newey-West (HAC) errors whose lag is the
  larger of the Newey-West (1994) rule and the window length (overlapping windows are
  autocorrelated up to lag k-1);
* :func:`era_tests` -- whether the headline association differs between eras: Cochran's Q of
  the eras' Fisher-z correlations weighted by ``n_eff - 3`` (Hedges & Olkin 1985), and a
  Chow-type Wald test of measure-by-era interactions in one count regression over all eras.

A row that cannot be tested (too few years or wars in the period, a constant series, an
estimator failure) is kept with ``status: failed`` and its ``reason``; a row whose test may
over-reject carries ``status: warning`` and its ``doubt`` (a persistent pair of series; the
HAC size warning of :func:`~alliancewar.models.hac.hac_size_warning`).

References
----------
Hedges, L. V. & Olkin, I. (1985). *Statistical Methods for Meta-Analysis*. Academic Press.
Newey, W. K. & West, K. D. (1994). Automatic lag selection in covariance matrix estimation.
*Review of Economic Studies* 61(4), 631-653.
Pyper, B. J. & Peterman, R. M. (1998). Comparison of methods to account for autocorrelation in
correlation analyses of fish data. *CJFAS* 55(9), 2127-2140.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .claims import headline_form, outcome_is_level
from .count import fit_count
from .estimate import EstimationError
from .hac import MIN_YEARS_HAC, hac_maxlags, hac_size_warning
from .timeseries import ess_correlation_test, lead_correlation_table, lead_pairs, transform_pairs

__all__ = ["Design", "correlation_tests", "count_tests", "era_tests", "outcome_series", "TREND_ORIGIN"]

#: The trend term is (year - TREND_ORIGIN) / 100 (centuries from 1900, as in the regression designs).
TREND_ORIGIN = 1900
#: Bandwidth rule of the count designs (recorded with every row).
BANDWIDTH_RULE = "max(floor(4 (T/100)^(2/9)), k)"


@dataclass(frozen=True)
class Design:
    """What a lead design tests.

    Attributes
    ----------
    measures, outcomes
        System-year columns: the measure in year t and the outcomes after it.
    periods
        Period name -> (first year, last year) of the years t.
    leads
        Window lengths k.
    forms
        Forms to compute (each design knows its own; the headline form is always included).
    min_years, min_events
        A period with fewer years of the measure, or fewer wars begun, is not tested
        (config ``models.checks.system_min_years`` / ``system_min_events``).
    n_boot
        Stationary-bootstrap resamples of the headline correlations (0: none).
    seed
        Seed of the bootstrap.
    """

    measures: tuple[str, ...]
    outcomes: tuple[str, ...]
    periods: Mapping[str, tuple[int, int]]
    leads: tuple[int, ...]
    forms: tuple[str, ...]
    min_years: int = 20
    min_events: int = 5
    n_boot: int = 999
    seed: int = 20251201


def outcome_series(series: pd.DataFrame, outcome: str) -> pd.Series:
    """The outcome as it enters a window sum: a war measure as is; a level as its first difference.

    The window sum of a first difference over t+1..t+k is ``y_(t+k) - y_t``. Differences are
    taken between consecutive calendar years only.
    """
    y = series[outcome].astype(float)
    if not outcome_is_level(outcome):
        return y
    years = pd.RangeIndex(int(y.index.min()), int(y.index.max()) + 1)
    return y.reindex(years).diff()


def _wars_in(series: pd.DataFrame, lo: int, hi: int) -> float | None:
    return float(series.loc[lo:hi, "war_onsets"].sum()) if "war_onsets" in series.columns else None


def _untestable(series: pd.DataFrame, x: pd.Series, outcome: str, lo: int, hi: int, design: Design) -> str | None:
    """Why a (measure, outcome, period) cannot be tested, or None."""
    if len(x) < design.min_years:
        return f"{len(x)} years of the measure < {design.min_years} (models.checks.system_min_years)"
    if x.nunique() < 2:
        return "the measure is constant in the period"
    wars = _wars_in(series, lo, hi)
    if not outcome_is_level(outcome) and wars is not None and wars < design.min_events:
        return f"{wars:g} wars begun < {design.min_events} (models.checks.system_min_events)"
    return None


def _failed(base: Mapping[str, Any], leads: Sequence[int], forms: Sequence[str], head: str, reason: str
            ) -> list[dict[str, Any]]:
    return [{**base, "lead": int(k), "form": f, "headline": f == head, "status": "failed", "reason": reason}
            for k in leads for f in forms]


def _with_headline(forms: Sequence[str], head: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys([head, *forms]))


# ---------------------------------------------------------------------------------------
# Correlations
# ---------------------------------------------------------------------------------------


def _correlation_status(row: dict[str, Any]) -> dict[str, Any]:
    if not np.isfinite(row.get("r", np.nan)):
        return {**row, "status": "failed", "reason": "correlation undefined (a series is constant in the window)"}
    if row.get("persistent"):
        return {**row, "status": "warning", "doubt": f"persistent pair (lag-1 autocorrelations {row['rho1_x']:.2f} "
                f"and {row['rho1_y']:.2f}): the effective-sample-size test may over-reject"}
    return {**row, "status": "ok"}


def correlation_tests(series: pd.DataFrame, design: Design) -> pd.DataFrame:
    """Lead correlations of every measure with every outcome, by period, lead and form.

    Parameters
    ----------
    series
        System-years indexed by year.
    design
        The measures, outcomes, periods, leads and forms.

    Returns
    -------
    pandas.DataFrame
        One row per outcome, measure, period, lead and form: the columns of
        :func:`~alliancewar.models.timeseries.lead_correlation_table` (``r`` also as
        ``estimate``; ``p_value`` is the ESS test's) plus ``period``, ``measure``, ``outcome``,
        ``method`` (``"pearson"``), ``headline`` (the form that decides the verdict),
        ``status``, ``doubt``, ``reason`` and ``n_wars`` (wars begun in the period).
    """
    rows: list[dict[str, Any]] = []
    for outcome in design.outcomes:
        y = outcome_series(series, outcome)
        for measure in design.measures:
            head = headline_form(measure, "correlation")
            forms = _with_headline(design.forms, head)
            for pname, (lo, hi) in design.periods.items():
                x = series.loc[lo:hi, measure].dropna().astype(float)
                base = {"period": pname, "measure": measure, "outcome": outcome, "method": "pearson",
                        "n_wars": _wars_in(series, lo, hi)}
                reason = _untestable(series, x, outcome, lo, hi, design)
                if reason is None:
                    try:
                        table = pd.concat([
                            lead_correlation_table(x, y, design.leads, [head], n_boot=design.n_boot, seed=design.seed),
                            lead_correlation_table(x, y, design.leads, [f for f in forms if f != head], n_boot=0)
                            if len(forms) > 1 else None], ignore_index=True)
                    except ValueError as exc:
                        reason = str(exc)
                if reason is not None:
                    rows += _failed(base, design.leads, forms, head, reason)
                    continue
                for rec in table.to_dict(orient="records"):
                    rec.update(base, headline=rec["form"] == head, estimate=rec["r"])
                    rows.append(_correlation_status(rec))
    return _ordered(pd.DataFrame(rows))


# ---------------------------------------------------------------------------------------
# Count regressions
# ---------------------------------------------------------------------------------------


def _count_design(pairs: pd.DataFrame, form: str) -> tuple[np.ndarray, pd.DataFrame, float]:
    """Outcome, design (measure per standard deviation, trend, constant) and the measure's SD."""
    d = pairs.assign(x=pairs["x"].diff()) if form == "change" else pairs
    d = d.dropna()
    sd = float(d["x"].std(ddof=1)) if len(d) > 1 else float("nan")
    if not sd > 0:
        raise EstimationError("the measure is constant in the period")
    X = pd.DataFrame({"x": d["x"] / sd}, index=d.index)
    if form != "levels":
        X["trend"] = (d.index.to_numpy(dtype=float) - TREND_ORIGIN) / 100.0
    X["const"] = 1.0
    return d["y"].to_numpy(), X, sd


def _size_doubt(fit: Any, y: np.ndarray, X: pd.DataFrame, family: str, term: str) -> str | None:
    """:func:`~alliancewar.models.hac.hac_size_warning` for the measure's coefficient alone.

    ``fit_count`` checks every regressor, and a linear trend is always persistent: with any
    autocorrelation in the residuals it would flag every design with a trend, although the
    trend's own standard error is not what the test is about.
    """
    k = X.shape[1]
    params = fit.params.to_numpy()
    mu = np.exp(X.to_numpy() @ params[:k])
    var = mu if family == "poisson" else mu + params[-1] * mu**2
    return hac_size_warning(len(y), {term: X[term].to_numpy()}, (y - mu) / np.sqrt(var))


def _count_row(y: np.ndarray, X: pd.DataFrame, family: str, lead: int, term: str = "x") -> dict[str, Any]:
    n = len(y)
    lags = max(hac_maxlags(n), int(lead)) if n > 1 else 0
    fit = fit_count(y, X, family=family, se="hac", maxlags=min(lags, n - 1))
    coef = next(c for c in fit.coef_table() if c["term"] == term)
    own = fit.extra.get("hac_size_warning")
    doubts = ([] if fit.converged else ["the optimiser did not converge"]) + [w for w in fit.warnings if w != own]
    doubts += [d for d in [_size_doubt(fit, y, X, family, term)] if d]
    return {"estimate": coef["estimate"], "std_error": coef["std_error"], "statistic": coef["statistic"],
            "p_value": coef["p_value"], "conf_low": coef["conf_low"], "conf_high": coef["conf_high"],
            "n": n, "first_year": int(X.index.min()), "last_year": int(X.index.max()), "maxlags": lags,
            "bandwidth_rule": BANDWIDTH_RULE, "converged": bool(fit.converged), "_fit": fit,
            "status": "warning" if doubts else "ok", "doubt": "; ".join(dict.fromkeys(doubts)) or None}


def count_tests(series: pd.DataFrame, design: Design, family: str = "poisson") -> pd.DataFrame:
    """Count regressions of every outcome window on every measure, by period, lead and form.

    ``y_(t+1) + ... + y_(t+k)`` on the measure in t (per standard deviation in the estimation
    sample) with a constant (``levels``), plus a linear trend (``trend``), or on the measure's
    change with a trend (``change``). Newey-West errors with ``max(floor(4 (T/100)^(2/9)), k)``
    lags.

    Parameters
    ----------
    series
        System-years indexed by year.
    design
        Measures, count outcomes (war measures counted in events), periods, leads and forms
        (of :data:`~alliancewar.models.claims.COUNT_FORMS`).
    family
        ``"poisson"`` or ``"negbin"``.

    Returns
    -------
    pandas.DataFrame
        One row per outcome, measure, period, lead and form: ``estimate`` (log rate ratio per
        SD), ``std_error``, ``statistic``, ``p_value``, ``conf_low``, ``conf_high``, ``n``,
        ``sd_x``, ``maxlags``, ``bandwidth_rule``, ``converged``, ``status``, ``doubt``,
        ``reason``, ``method`` (the family), ``headline`` and ``n_wars``.
    """
    rows: list[dict[str, Any]] = []
    for outcome in design.outcomes:
        y = outcome_series(series, outcome)
        for measure in design.measures:
            head = headline_form(measure, family)
            forms = _with_headline(design.forms, head)
            for pname, (lo, hi) in design.periods.items():
                x = series.loc[lo:hi, measure].dropna().astype(float)
                base = {"period": pname, "measure": measure, "outcome": outcome, "method": family,
                        "n_wars": _wars_in(series, lo, hi)}
                reason = _untestable(series, x, outcome, lo, hi, design)
                if reason is not None:
                    rows += _failed(base, design.leads, forms, head, reason)
                    continue
                for k in design.leads:
                    pairs = lead_pairs(x, y, int(k))
                    for form in forms:
                        row = {**base, "lead": int(k), "form": form, "headline": form == head}
                        try:
                            yy, X, sd = _count_design(pairs, form)
                            out = _count_row(yy, X, family, int(k))
                            out.pop("_fit")
                            rows.append({**row, **out, "sd_x": sd})
                        except (EstimationError, ValueError, np.linalg.LinAlgError) as exc:
                            rows.append({**row, "status": "failed", "reason": getattr(exc, "reason", None) or str(exc)})
    return _ordered(pd.DataFrame(rows))


# ---------------------------------------------------------------------------------------
# Differences between eras
# ---------------------------------------------------------------------------------------


def _q_test(r: np.ndarray, n_eff: np.ndarray) -> tuple[float, int, float]:
    """Cochran's Q of Fisher-z correlations with weights ``n_eff - 3``: (Q, df, p)."""
    z, w = np.arctanh(np.clip(r, -0.999999, 0.999999)), n_eff - 3.0
    zbar = float(np.sum(w * z) / np.sum(w))
    q = float(np.sum(w * (z - zbar) ** 2))
    df = len(r) - 1
    return q, df, float(stats.chi2.sf(q, df))


def _era_correlation(series: pd.DataFrame, x_full: pd.Series, y: pd.Series, eras: Mapping[str, tuple[int, int]],
                     lead: int, form: str, design: Design, outcome: str) -> dict[str, Any]:
    r, n_eff, n, persistent, by_era = [], [], [], [], {}
    for name, (lo, hi) in eras.items():
        x = x_full.loc[lo:hi].dropna().astype(float)
        reason = _untestable(series, x, outcome, lo, hi, design)
        if reason:
            raise EstimationError(f"{name}: {reason}")
        pairs = transform_pairs(lead_pairs(x, y, lead), form)
        if len(pairs) < design.min_years:
            raise EstimationError(f"{name}: {len(pairs)} year pairs < {design.min_years}")
        t = ess_correlation_test(pairs["x"].to_numpy(), pairs["y"].to_numpy())
        if not np.isfinite(t.r) or t.n_eff <= 3:
            raise EstimationError(f"{name}: correlation undefined")
        r.append(t.r), n_eff.append(t.n_eff), n.append(t.n), persistent.append(bool(t.persistent))
        by_era[name] = {"estimate": float(t.r), "conf_low": float(t.conf_low), "conf_high": float(t.conf_high),
                        "n": int(t.n), "n_eff": float(t.n_eff)}
    q, df, p = _q_test(np.asarray(r), np.asarray(n_eff))
    out = {"estimate": q, "statistic": q, "df": df, "p_value": p, "n": int(sum(n)), "eras": by_era,
           "status": "ok", "test": "Cochran's Q of Fisher-z correlations, weights n_eff - 3"}
    if any(persistent):
        out.update(status="warning", doubt="a persistent pair in some era: the effective-sample-size test may over-reject")
    return out


def _era_count(x_full: pd.Series, y: pd.Series, eras: Mapping[str, tuple[int, int]], lead: int, form: str,
               family: str) -> dict[str, Any]:
    lo, hi = min(v[0] for v in eras.values()), max(v[1] for v in eras.values())
    yy, X, sd = _count_design(lead_pairs(x_full.loc[lo:hi].dropna().astype(float), y, lead), form)
    years = X.index.to_numpy()
    names = list(eras)
    inter = []
    for name in names[1:]:
        e_lo, e_hi = eras[name]
        era = ((years >= e_lo) & (years <= e_hi)).astype(float)
        X.insert(len(X.columns) - 1, f"era_{name}", era)
        X.insert(len(X.columns) - 1, f"x_x_era_{name}", X["x"].to_numpy() * era)
        inter.append(f"x_x_era_{name}")
    row = _count_row(yy, X, family, lead)
    fit = row.pop("_fit")
    shortest = min(int(np.sum((years >= e_lo) & (years <= e_hi))) for e_lo, e_hi in eras.values())
    if shortest < MIN_YEARS_HAC:
        # an era's slope rests on that era's years alone: the HAC size problem of short series applies
        short = (f"the shortest era has {shortest} years (< {MIN_YEARS_HAC}): the HAC Wald test of the era slopes "
                 "may over-reject")
        row.update(status="warning", doubt="; ".join(d for d in (row.get("doubt"), short) if d))
    b, v = fit.params[inter].to_numpy(), fit.cov.loc[inter, inter].to_numpy()
    wald = float(b @ np.linalg.solve(v, b))
    base = float(fit.params["x"])
    slopes = {names[0]: base, **{n: base + float(fit.params[f"x_x_era_{n}"]) for n in names[1:]}}
    return {**{k: row[k] for k in ("n", "first_year", "last_year", "maxlags", "bandwidth_rule", "converged",
                                   "status", "doubt")},
            "estimate": wald, "statistic": wald, "df": len(inter), "p_value": float(stats.chi2.sf(wald, len(inter))),
            "eras": {n: {"estimate": s} for n, s in slopes.items()}, "sd_x": sd,
            "test": "Wald test of measure-by-era interactions (Chow-type slope break), HAC"}


def era_tests(series: pd.DataFrame, design: Design, estimator: str = "correlation") -> pd.DataFrame:
    """Whether the headline association differs between the eras ``design.periods``.

    ``estimator`` ``"correlation"``: the headline-form correlation in each era and Cochran's Q
    (``df`` = eras - 1). ``"poisson"`` / ``"negbin"``: one count regression over all eras with
    era intercepts, measure-by-era slopes and a trend; the Wald test that the slopes are equal.

    Returns
    -------
    pandas.DataFrame
        One row per outcome, measure and lead: ``period`` (``"<first>-<last>"`` of the eras),
        ``estimate`` = ``statistic`` (Q or Wald chi-squared), ``df``, ``p_value``, ``eras``
        (the estimate in each era), ``test``, ``form``, ``status``, ``doubt``, ``reason``.
    """
    span = f"{min(v[0] for v in design.periods.values())}-{max(v[1] for v in design.periods.values())}"
    rows = []
    for outcome in design.outcomes:
        y = outcome_series(series, outcome)
        for measure in design.measures:
            form = headline_form(measure, estimator)
            for k in design.leads:
                row = {"period": span, "measure": measure, "outcome": outcome, "lead": int(k), "form": form,
                       "headline": True, "method": "pearson" if estimator == "correlation" else estimator}
                try:
                    if estimator == "correlation":
                        out = _era_correlation(series, series[measure], y, design.periods, int(k), form, design,
                                               outcome)
                    else:
                        out = _era_count(series[measure], y, design.periods, int(k), form, estimator)
                    rows.append({**row, **out})
                except (EstimationError, ValueError, np.linalg.LinAlgError) as exc:
                    rows.append({**row, "status": "failed", "reason": getattr(exc, "reason", None) or str(exc)})
    return _ordered(pd.DataFrame(rows))


def _ordered(table: pd.DataFrame) -> pd.DataFrame:
    for col in ("status", "doubt", "reason"):
        if col not in table.columns:
            table[col] = None
    return table.reset_index(drop=True)
