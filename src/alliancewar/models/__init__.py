"""Specifications and estimators.

* :mod:`alliancewar.models.estimate` -- the :class:`~alliancewar.models.estimate.Estimate`
  result container and :class:`~alliancewar.models.estimate.EstimationError`;
* :mod:`alliancewar.models.covariance` -- sandwich covariances (robust, one- and two-way
  cluster, dyadic) from per-observation scores;
* :mod:`alliancewar.models.estimators` -- the estimators' public names, gathered from one
  module per family: :mod:`~alliancewar.models.binary` (logit, Firth logit, rare-events
  logit), :mod:`~alliancewar.models.fixed_effects` (linear probability model with fixed
  effects, conditional logit) and :mod:`~alliancewar.models.count` (Poisson, negative
  binomial), with the shared input checks in :mod:`~alliancewar.models.inputs`;
* :mod:`alliancewar.models.timeseries`, :mod:`~alliancewar.models.multitest` and
  :mod:`~alliancewar.models.hac` -- inference for short, persistent annual series
  (system level), and :mod:`~alliancewar.models.system` the designs built on them;
* :mod:`alliancewar.models.quantities` -- odds ratios and predicted probabilities with
  simulation intervals (from an importance sample of rows).

All of them are pure functions of numpy/pandas inputs: no file I/O, no workflow code.
"""
