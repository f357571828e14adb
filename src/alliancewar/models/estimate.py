"""The result of one model fit (:class:`Estimate`) and the error raised when a fit is impossible."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import AllianceWarError

__all__ = ["Estimate", "EstimationError"]


class EstimationError(AllianceWarError):
    """A model cannot be estimated on the data it was given.

    Parameters
    ----------
    reason
        Short, user-readable explanation that goes into the fit record, e.g.
        ``"no events in sample"``, ``"perfect separation: ..."`` or
        ``"singular design matrix: collinear columns ['a', 'b']"``.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass
class Estimate:
    """Coefficients, their covariance and fit statistics of one estimated model.

    Parameters
    ----------
    params
        Point estimates, indexed by term.
    cov
        Covariance of ``params``; index and columns equal ``params.index``.
    nobs
        Number of observations used.
    loglik, llnull
        Log-likelihood of the model and of the intercept-only model (``None`` when not
        defined, e.g. least squares).
    df_model
        Model degrees of freedom (number of parameters less the constant).
    df_resid
        ``None``: Wald inference with the standard normal; otherwise the Student t
        degrees of freedom.
    converged
        Whether the optimiser converged.
    warnings
        Messages worth keeping in the fit record (convergence, covariance fixes ...).
    n_clusters
        Number of clusters of a clustered covariance (the smaller one for two-way
        clustering, the number of states for dyadic clustering), else ``None``.
    se_type
        ``"naive"``, ``"robust"``, ``"cluster"``, ``"cluster2"``, ``"dyadic"`` or ``"hac"``.
    extra
        Estimator-specific, JSON-serialisable values (dropped groups, iterations ...).
    """

    params: pd.Series
    cov: pd.DataFrame
    nobs: int
    loglik: float | None = None
    llnull: float | None = None
    df_model: int = 0
    df_resid: float | None = None
    converged: bool = True
    warnings: list[str] = field(default_factory=list)
    n_clusters: int | None = None
    se_type: str = "naive"
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = list(self.params.index)
        if list(self.cov.index) != names or list(self.cov.columns) != names:
            raise ValueError("cov must have the index and columns of params, in the same order")

    @property
    def bse(self) -> pd.Series:
        """Standard errors (square roots of the diagonal of ``cov``)."""
        return pd.Series(np.sqrt(np.diag(self.cov.to_numpy())), index=self.params.index)

    @property
    def tvalues(self) -> pd.Series:
        """Wald statistics ``params / bse`` (z or t, see ``df_resid``)."""
        return self.params / self.bse

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-values of the Wald statistics."""
        return pd.Series(2.0 * self._reference().sf(np.abs(self.tvalues)), index=self.params.index)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Wald confidence intervals.

        Parameters
        ----------
        alpha
            One minus the coverage, e.g. 0.05 for 95% intervals.

        Returns
        -------
        pandas.DataFrame
            Columns ``conf_low`` and ``conf_high``, indexed by term.
        """
        half = self._reference().ppf(1.0 - alpha / 2.0) * self.bse
        return pd.DataFrame({"conf_low": self.params - half, "conf_high": self.params + half})

    @property
    def aic(self) -> float | None:
        """Akaike information criterion ``-2 loglik + 2 p`` with p = number of parameters."""
        if self.loglik is None:
            return None
        return -2.0 * self.loglik + 2.0 * len(self.params)

    @property
    def bic(self) -> float | None:
        """Bayesian information criterion ``-2 loglik + p log(nobs)``."""
        if self.loglik is None:
            return None
        return -2.0 * self.loglik + len(self.params) * math.log(self.nobs)

    @property
    def pseudo_r2(self) -> float | None:
        """McFadden's pseudo R-squared ``1 - loglik / llnull``."""
        if self.loglik is None or self.llnull is None:
            return None
        return 1.0 - self.loglik / self.llnull

    def coef_table(self, alpha: float = 0.05) -> list[dict[str, Any]]:
        """Coefficient table as JSON-ready records.

        Parameters
        ----------
        alpha
            One minus the coverage of the intervals.

        Returns
        -------
        list of dict
            One dict per term with keys ``term``, ``estimate``, ``std_error``,
            ``statistic``, ``p_value``, ``conf_low`` and ``conf_high``; non-finite
            numbers become ``None``.
        """
        ci = self.conf_int(alpha)
        table = pd.DataFrame(
            {
                "estimate": self.params,
                "std_error": self.bse,
                "statistic": self.tvalues,
                "p_value": self.pvalues,
                "conf_low": ci["conf_low"],
                "conf_high": ci["conf_high"],
            }
        )
        return [
            {"term": str(term), **{key: _json_float(value) for key, value in row.items()}}
            for term, row in table.iterrows()
        ]

    def _reference(self) -> Any:
        """The reference distribution of the Wald statistics (normal or Student t)."""
        return stats.norm() if self.df_resid is None else stats.t(self.df_resid)


def _json_float(value: float) -> float | None:
    """``float(value)``, or ``None`` when it is NaN or infinite."""
    value = float(value)
    return value if math.isfinite(value) else None
