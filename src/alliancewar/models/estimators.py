"""Estimators: pure functions from numpy/pandas data to :class:`~.estimate.Estimate`.

One module per estimator family; this module gathers their public names so callers keep
importing from ``alliancewar.models.estimators``:

* :mod:`.binary` -- :func:`fit_logit`, :func:`fit_firth`, :func:`fit_relogit` (one vectorised
  Newton-Raphson maximiser with step-halving);
* :mod:`.fixed_effects` -- :func:`fit_lpm_fe` (linearmodels) and :func:`fit_clogit`
  (statsmodels);
* :mod:`.count` -- :func:`fit_count` (Poisson and negative binomial, statsmodels).

The system-level correlation tests are in :mod:`.timeseries` (effective sample size,
stationary bootstrap) and the designs built on them in :mod:`.system`.

Inputs are taken by position: ``y``, ``X`` and any group labels must have the same number
of rows in the same order, without missing values. ``X`` carries its own constant column
named ``"const"`` when an intercept is wanted.
"""

from __future__ import annotations

from .binary import fit_firth, fit_logit, fit_relogit
from .count import fit_count
from .fixed_effects import fit_clogit, fit_lpm_fe

__all__ = [
    "fit_logit",
    "fit_firth",
    "fit_relogit",
    "fit_lpm_fe",
    "fit_clogit",
    "fit_count",
]
