"""Substantive quantities of a fitted model: odds ratio and predicted probabilities."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.special import expit

from .estimate import Estimate

__all__ = ["predicted_probabilities"]

_LINKS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"logit": expit, "identity": lambda eta: eta}
# Cap on the number of cells of one (rows x draws) block of linear predictors (~40 MB).
_BLOCK_CELLS = 5_000_000


def predicted_probabilities(
    est: Estimate,
    X: pd.DataFrame,
    term: str,
    *,
    link: str = "logit",
    n_sims: int = 1000,
    seed: int = 12345,
    alpha: float = 0.05,
    max_rows: int = 50_000,
) -> dict[str, dict[str, float] | None]:
    """Average predicted probabilities with ``term`` set to 1 and to 0 (observed values).

    Following Hanmer & Kalkan (2013), every observation keeps its own covariate values
    and only ``term`` is set to 1 ("allied") and then to 0 ("not allied"); the predicted
    probabilities are averaged over the observations. The point estimates use all rows
    of ``X`` and ``est.params``. The intervals are percentile intervals of the same
    quantities computed for ``n_sims`` coefficient vectors drawn from the multivariate
    normal ``N(params, cov)`` (King, Tomz & Wittenberg 2000). To bound memory and time
    the simulated averages are taken over a random subsample of at most ``max_rows``
    rows (all rows when there are fewer); with 50,000 rows the subsampling error of an
    average probability is small next to the coefficient uncertainty.

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
        ``"logit"`` (probabilities ``expit(X b)``) or ``"identity"`` (linear
        probability model, ``X b`` without clipping).
    n_sims
        Number of simulated coefficient vectors.
    seed
        Seed of the random generator (draws and subsample).
    alpha
        One minus the coverage of the intervals.
    max_rows
        Largest number of rows used for the simulated averages.

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
    inv_link = _LINKS[link]
    rng = np.random.default_rng(seed)

    beta = est.params.to_numpy(dtype=float)
    point1, point0 = _average_predictions(Xv, j, beta[None, :], inv_link)
    draws = rng.multivariate_normal(beta, est.cov.to_numpy(dtype=float), size=n_sims, method="eigh")
    rows = rng.choice(len(Xv), size=max_rows, replace=False) if len(Xv) > max_rows else slice(None)
    sim1, sim0 = _average_predictions(Xv[rows], j, draws, inv_link)

    def summary(estimate: float, sims: np.ndarray) -> dict[str, float]:
        low, high = np.quantile(sims, [alpha / 2.0, 1.0 - alpha / 2.0])
        return {"estimate": float(estimate), "conf_low": float(low), "conf_high": float(high)}

    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = summary(point1[0] / point0[0], sim1 / sim0)
    ci = est.conf_int(alpha).loc[term]
    effect = {"estimate": float(beta[j]), **{key: float(ci[key]) for key in ("conf_low", "conf_high")}}
    return {
        "odds_ratio": {key: math.exp(value) for key, value in effect.items()} if link == "logit" else None,
        "effect": effect,
        "pp_allied": summary(point1[0], sim1),
        "pp_not_allied": summary(point0[0], sim0),
        "pp_ratio": ratio,
        "pp_diff": summary(point1[0] - point0[0], sim1 - sim0),
    }


def _average_predictions(
    X: np.ndarray, j: int, betas: np.ndarray, inv_link: Callable[[np.ndarray], np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Mean prediction with column ``j`` set to 1 and to 0, for each row of ``betas``.

    The linear predictors are ``X b`` shifted by ``(1 - x_j) b_j`` (for 1) or
    ``-x_j b_j`` (for 0), so ``X`` is never copied; draws are processed in blocks of at
    most ``_BLOCK_CELLS`` cells.
    """
    xj = X[:, j][:, None]
    block = max(1, _BLOCK_CELLS // max(len(X), 1))
    ones, zeros = [], []
    for start in range(0, len(betas), block):
        b = betas[start : start + block]
        eta = X @ b.T
        bj = b[:, j][None, :]
        ones.append(inv_link(eta + (1.0 - xj) * bj).mean(axis=0))
        zeros.append(inv_link(eta - xj * bj).mean(axis=0))
    return np.concatenate(ones), np.concatenate(zeros)
