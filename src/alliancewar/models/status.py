"""A fit's status: ``ok``, ``warning`` (estimated, but doubtful) or ``failed`` (not estimated).

A doubtful result is never shown as a good one: tables mark ``warning`` fits, the report lists
them with their reasons, headlines name the doubt, and a Snakemake run ends with a summary.

Rules (thresholds in config ``models.checks``; defaults in :class:`Checks`):

``failed``
    the estimator could not run (separation, singular design, no events ...); or the sample
    has fewer than ``min_obs`` observations or fewer than ``min_events`` events (binary
    outcomes); at the system level, fewer than ``system_min_years`` years or fewer than
    ``system_min_events`` events (wars begun): an annual series that short cannot carry a
    time-series test.
``warning``
    the optimiser did not converge; the estimator warned (e.g. a covariance that had to be
    made positive semi-definite, an undefined correlation); or fewer than
    ``min_events_per_term`` events per estimated coefficient of a binary model, the rule of
    thumb below which logit coefficients and their intervals are biased (Peduzzi et al. 1996;
    Vittinghoff & McCulloch 2007 relax the classic 10 to 5-9).

References
----------
Peduzzi, P., Concato, J., Kemper, E., Holford, T. R. & Feinstein, A. R. (1996). A simulation
study of the number of events per variable in logistic regression analysis. *Journal of
Clinical Epidemiology* 49(12), 1373-1379.
Vittinghoff, E. & McCulloch, C. E. (2007). Relaxing the rule of ten events per variable in
logistic and Cox regression. *American Journal of Epidemiology* 165(6), 710-718.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from .estimate import EstimationError

STATUSES = ("ok", "warning", "failed")
BINARY_ESTIMATORS = ("logit", "firth", "relogit", "lpm_fe", "clogit")
#: Likelihood-based binary estimators, for which the events-per-coefficient rule applies.
LOGIT_FAMILY = ("logit", "firth", "relogit", "clogit")


@dataclass(frozen=True)
class Checks:
    """Thresholds of :func:`check_sample` and :func:`assess` (config ``models.checks``)."""

    min_obs: int = 50
    min_events: int = 10
    min_events_per_term: float = 5.0
    system_min_years: int = 20
    system_min_events: int = 5

    @classmethod
    def from_config(cls, section: dict[str, Any] | None) -> Checks:
        """Thresholds from the ``models.checks`` section (missing keys take the defaults)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (section or {}).items() if k in known})


def check_sample(level: str, estimator: str, n_obs: int, n_events: float, checks: Checks) -> None:
    """Raise :class:`EstimationError` when the sample is too small to estimate.

    Parameters
    ----------
    level
        ``dyad``, ``state`` or ``system``.
    estimator
        The estimator (binary estimators count events as outcome = 1).
    n_obs, n_events
        Observations (years at the system level) and events (outcome sum).
    checks
        The thresholds.
    """
    if n_obs == 0:
        raise EstimationError("no observations in the sample")
    if level == "system":
        if n_obs < checks.system_min_years:
            raise EstimationError(f"too few years for a time-series test: {n_obs} < {checks.system_min_years} "
                                  f"(models.checks.system_min_years)")
        if n_events < checks.system_min_events:
            raise EstimationError(f"too few events: {n_events:g} < {checks.system_min_events} "
                                  f"(models.checks.system_min_events)")
        return
    if n_obs < checks.min_obs:
        raise EstimationError(f"too few observations: {n_obs} < {checks.min_obs} (models.checks.min_obs)")
    if estimator in BINARY_ESTIMATORS:
        if n_events == 0:
            raise EstimationError("no events in the sample")
        if n_events < checks.min_events:
            raise EstimationError(f"too few events: {n_events:g} < {checks.min_events} (models.checks.min_events)")


def doubts(rec: dict[str, Any], checks: Checks) -> list[str]:
    """Reasons why an estimated fit is doubtful (empty when it is not)."""
    out = []
    if rec.get("converged") is False:
        out.append("the optimiser did not converge")
    out += [str(w) for w in rec.get("warnings") or []]
    n_terms = len(rec.get("coefficients") or [])
    events = rec.get("n_events")
    if rec.get("estimator") in LOGIT_FAMILY and n_terms and events:
        per_term = float(events) / n_terms
        if per_term < checks.min_events_per_term:
            out.append(f"few events per estimated coefficient: {per_term:.1f} < {checks.min_events_per_term:g} "
                       f"(models.checks.min_events_per_term; Peduzzi et al. 1996)")
    return list(dict.fromkeys(out))


def assess(rec: dict[str, Any], checks: Checks) -> dict[str, Any]:
    """Set ``status`` (and ``doubts``) of a fit record in place and return it.

    A record already ``failed`` stays failed; an estimated one is ``warning`` when
    :func:`doubts` finds a reason, else ``ok``.
    """
    if rec.get("status") == "failed":
        rec["doubts"] = []
        return rec
    rec["doubts"] = doubts(rec, checks)
    rec["status"] = "warning" if rec["doubts"] else "ok"
    return rec


def run_summary(paths: list[str], max_lines: int = 20) -> str:
    """A one-screen summary of the failed and doubtful fits among the fit records ``paths``.

    Records that do not exist (a run that stopped early) are skipped. Returns "" when every
    fit is ok.
    """
    import json
    from pathlib import Path

    failed, doubtful = [], []
    for p in paths:
        path = Path(p)
        if not path.is_file():
            continue
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if rec.get("status") == "failed":
            failed.append(f"  failed    {rec.get('name')}: {_short(rec.get('reason'))}")
        elif rec.get("status") == "warning":
            doubtful.append(f"  doubtful  {rec.get('name')}: {_short('; '.join(rec.get('doubts') or []))}")
    if not failed and not doubtful:
        return ""
    lines = failed + doubtful
    shown = lines[:max_lines] + ([f"  ... and {len(lines) - max_lines} more"] if len(lines) > max_lines else [])
    head = (f"alliancewar: {len(failed)} fit(s) failed and {len(doubtful)} are doubtful (of {len(paths)}); "
            f"they are marked in the tables and listed in results/report.html:")
    return "\n".join([head, *shown])


def _short(text: object, width: int = 110) -> str:
    s = " ".join(str(text or "unknown reason").split())
    return s if len(s) <= width else s[: width - 3] + "..."
