"""Specifications and estimators.

* :mod:`alliancewar.models.estimate` -- the :class:`~alliancewar.models.estimate.Estimate`
  result container and :class:`~alliancewar.models.estimate.EstimationError`;
* :mod:`alliancewar.models.covariance` -- sandwich covariances (robust, one- and two-way
  cluster, dyadic) from per-observation scores;
* :mod:`alliancewar.models.estimators` -- logit, Firth logit, rare-events logit, linear
  probability model with fixed effects, conditional logit, count models and lagged
  correlations;
* :mod:`alliancewar.models.quantities` -- odds ratios and predicted probabilities with
  simulation intervals.

All of them are pure functions of numpy/pandas inputs: no file I/O, no workflow code.
"""
