"""Substantive quantities of a fitted model: odds ratio and average predicted probabilities.

The intervals of the average predicted probabilities are King, Tomz & Wittenberg's (2000)
simulation intervals: coefficient vectors drawn from the estimated sampling distribution, the
quantity computed for each draw, percentiles taken. What costs time in the textbook version is
the average over all rows for every draw (an n x draws matrix: 600,000 x 1,000 for a dyad-year
logit). Here the average for each draw is estimated from an importance sample of rows drawn
once (shared by the allied and non-allied arms), with probability proportional to each row's
fitted probability at the estimate: for a rare
event the average is carried by a few high-risk rows (contiguous dyads with a major power), and
the ratio ``F(x_i b_d) / F(x_i b)`` that the sample averages varies little across rows, so a few
thousand rows give the average of a draw to a fraction of a per cent (the unit tests compare the
intervals with the full n x draws simulation). The point estimates use every row.

For the identity link (linear probability model) the average is linear in the coefficients and
the mean design row is a sufficient statistic: the simulation uses it exactly.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.special import expit

from .estimate import Estimate

__all__ = ["predicted_probabilities"]

_LINKS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"logit": expit, "identity": lambda eta: eta}


def predicted_probabilities(
    est: Estimate,
    X: pd.DataFrame,
    term: str,
    *,
    link: str = "logit",
    n_sims: int = 1000,
    n_rows: int = 4000,
    seed: int = 12345,
    alpha: float = 0.05,
) -> dict[str, dict[str, float] | None]:
    """Average predicted probabilities with ``term`` set to 1 and to 0 (observed values).

    Following Hanmer & Kalkan (2013), every observation keeps its own covariate values and only
    ``term`` is set to 1 ("allied") and then to 0 ("not allied"); the predicted probabilities
    are averaged over the observations. The point estimates use all rows of ``X``. The intervals
    are percentile intervals of the same quantities for ``n_sims`` coefficient vectors drawn from
    ``N(params, cov)`` (King, Tomz & Wittenberg 2000), each average estimated from an importance
    sample of ``n_rows`` rows (see the module docstring); with fewer rows than ``n_rows`` every
    row is used.

    The fixed effects of :func:`~alliancewar.models.estimators.fit_lpm_fe` and
    :func:`~alliancewar.models.estimators.fit_clogit` are not among their parameters, so
    predicted levels cannot be formed for them; report their ``effect`` instead.

    Parameters
    ----------
    est
        A fitted model; ``X`` must have a column for every term of ``est.params``.
    X
        Observations over which to average (typically the estimation sample).
    term
        The binary term (e.g. the alliance indicator) to set to 1 and 0.
    link
        ``"logit"`` (probabilities ``expit(X b)``) or ``"identity"`` (linear probability
        model, ``X b`` without clipping).
    n_sims
        Number of simulated coefficient vectors.
    n_rows
        Size of the importance sample of rows.
    seed
        Seed of the random generator (draws and row sample).
    alpha
        One minus the coverage of the intervals.

    Returns
    -------
    dict
        Keys ``odds_ratio`` (``exp(b)`` with the exponentiated Wald interval; ``None`` for
        the identity link), ``effect`` (the coefficient itself with its Wald interval;
        on the log-odds scale for the logit link), ``pp_allied``, ``pp_not_allied``,
        ``pp_ratio`` (allied / not allied) and ``pp_diff`` (allied - not allied), each
        ``{"estimate", "conf_low", "conf_high"}``.

    References
    ----------
    Hanmer, M. J. & Kalkan, K. O. (2013). Behind the curve: clarifying the best approach
    to calculating predicted probabilities and marginal effects from limited dependent
    variable models. *American Journal of Political Science* 57(1), 263-277.
    King, G., Tomz, M. & Wittenberg, J. (2000). Making the most of statistical analyses:
    improving interpretation and presentation. *American Journal of Political Science*
    44(2), 347-361.
    """
    if link not in _LINKS:
        raise ValueError(f"link must be one of {sorted(_LINKS)}, got {link!r}")
    names = list(est.params.index)
    if term not in names:
        raise ValueError(f"term {term!r} is not a parameter of the model")
    missing = [name for name in names if name not in X.columns]
    if missing:
        raise ValueError(f"X lacks the model terms {missing}")
    Xv = X[names].to_numpy(dtype=float)
    j = names.index(term)
    beta = est.params.to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    draws = rng.multivariate_normal(beta, est.cov.to_numpy(dtype=float), size=n_sims, method="eigh")
    X1, X0 = _set_column(Xv, j, 1.0), _set_column(Xv, j, 0.0)
    simulate = _simulate_linear if link == "identity" else _simulate_logit
    (point1, point0), (sim1, sim0) = simulate(X1, X0, beta, draws, n_rows, rng)

    def summary(estimate: float, sims: np.ndarray) -> dict[str, float]:
        low, high = np.quantile(sims, [alpha / 2.0, 1.0 - alpha / 2.0])
        return {"estimate": float(estimate), "conf_low": float(low), "conf_high": float(high)}

    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = summary(point1 / point0, sim1 / sim0)
    ci = est.conf_int(alpha).loc[term]
    effect = {"estimate": float(beta[j]), **{key: float(ci[key]) for key in ("conf_low", "conf_high")}}
    return {
        "odds_ratio": {key: math.exp(value) for key, value in effect.items()} if link == "logit" else None,
        "effect": effect,
        "pp_allied": summary(point1, sim1),
        "pp_not_allied": summary(point0, sim0),
        "pp_ratio": ratio,
        "pp_diff": summary(point1 - point0, sim1 - sim0),
    }


def _set_column(X: np.ndarray, j: int, value: float) -> np.ndarray:
    out = X.copy()
    out[:, j] = value
    return out


def _simulate_linear(X1: np.ndarray, X0: np.ndarray, beta: np.ndarray, draws: np.ndarray, n_rows: int,
                     rng: np.random.Generator) -> tuple[tuple[float, float], tuple[np.ndarray, np.ndarray]]:
    """Identity link: the averages are ``mean(X) b``, exactly, for the estimate and every draw."""
    m1, m0 = X1.mean(axis=0), X0.mean(axis=0)
    return (float(m1 @ beta), float(m0 @ beta)), (draws @ m1, draws @ m0)


def _simulate_logit(X1: np.ndarray, X0: np.ndarray, beta: np.ndarray, draws: np.ndarray, n_rows: int,
                    rng: np.random.Generator) -> tuple[tuple[float, float], tuple[np.ndarray, np.ndarray]]:
    """Logit link: both averages at the estimate (all rows) and, per draw, from one importance sample.

    One sample of rows (with replacement) serves both arms, drawn with probability proportional
    to ``q_i = (p1_i + p0_i) / 2`` at the estimate, so that the errors of the two averages are
    alike and largely cancel in their difference and ratio; the average of arm ``a`` for a draw
    ``b_d`` is ``mean(q) * mean_s(expit(x_sa b_d) / q_s)`` (unbiased).
    """
    p1, p0 = expit(X1 @ beta), expit(X0 @ beta)
    points = (float(p1.mean()), float(p0.mean()))
    if len(X1) <= n_rows:
        return points, (expit(X1 @ draws.T).mean(axis=0), expit(X0 @ draws.T).mean(axis=0))
    q = (p1 + p0) / 2.0
    idx = rng.choice(len(q), size=n_rows, replace=True, p=q / q.sum())
    scale = q.mean() / q[idx][:, None]
    return points, ((expit(X1[idx] @ draws.T) * scale).mean(axis=0), (expit(X0[idx] @ draws.T) * scale).mean(axis=0))
