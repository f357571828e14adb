"""Before/after comparison of formation windows: conditional (fixed-effects) Poisson on paired counts.

Each unit u (a founding dyad or state of an alliance, :mod:`alliancewar.panels.windows`) has a
count ``b_u`` in the N years before formation and ``a_u`` in the N years after. The model is
the Poisson with a unit fixed effect and an "after" indicator,

    E[count_ut] = exp(alpha_u + beta * after_t),

estimated by conditional maximum likelihood (Hausman, Hall & Griliches 1984): conditioning on
``n_u = a_u + b_u`` removes alpha_u and leaves ``a_u ~ Binomial(n_u, p)`` with
``p = e^beta / (1 + e^beta)``, so ``p_hat = A / (A + B)`` and ``beta_hat = log(A / B)``, A and
B the totals after and before. exp(beta) is the incidence-rate ratio after/before, and units
without any event carry no information (as in a conditional logit). This is the dyad
fixed-effects design of the formation-window literature (Kenwick, Vasquez & Powers 2015)
written for two windows of equal length; it is also the paired design, since only the
within-unit change identifies beta.

Standard errors are clustered by alliance (the founding dyads of one multilateral alliance are
one event, Poast 2010): with scores ``s_u = a_u - n_u p_hat`` summed by cluster,
``Var(beta_hat) = G / (G - 1) * sum_g S_g^2 / (N p_hat (1 - p_hat))^2`` (N = A + B, G
clusters). The model-based (Poisson) variance ``1 / (N p_hat (1 - p_hat))`` is reported too, so
the inflation the clustering brings is visible. The difference between two eras (disjoint
alliances, so independent clusters) is tested by ``(beta_1 - beta_2) / sqrt(V_1 + V_2)``.

A before/after comparison does not remove common trends: the general rate of disputes rose
over the two centuries, and alliances form when threats grow (Leeds & Johnson 2017), so a
positive beta is the association KVP report, not a causal effect of the alliance.

References
----------
Hausman, J., Hall, B. H. & Griliches, Z. (1984). Econometric models for count data with an
application to the patents-R&D relationship. *Econometrica* 52(4), 909-938.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..panels.windows import OUTCOMES

#: Eras of the comparison: formation before 1945, and from 1945 (the nuclear era).
ERAS = {"pre-1945": (0, 0), "nuclear era": (1, 1), "all years": (0, 1)}


def paired_poisson(before: np.ndarray, after: np.ndarray, clusters: np.ndarray, alpha: float = 0.05
                   ) -> dict[str, Any]:
    """Conditional Poisson estimate of after/before (module docstring), errors clustered.

    Parameters
    ----------
    before, after
        Counts per unit (complete pairs only; no NA).
    clusters
        Cluster label per unit (the alliance).
    alpha
        One minus the coverage of the interval.

    Returns
    -------
    dict
        ``n_units``, ``n_informative`` (units with an event), ``n_clusters``, ``before``,
        ``after`` (totals), ``beta``, ``se`` (clustered), ``se_model``, ``z``, ``p_value``,
        ``irr`` with ``irr_low`` / ``irr_high``; ``beta`` is NaN (with ``reason``) when a total
        is 0 or fewer than two clusters carry events.
    """
    b = np.asarray(before, dtype="float64")
    a = np.asarray(after, dtype="float64")
    g = np.asarray(clusters)
    if not (len(a) == len(b) == len(g)) or not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("before, after and clusters must have equal lengths and no missing values")
    n = a + b
    A, B = float(a.sum()), float(b.sum())
    informative = n > 0
    out: dict[str, Any] = {"n_units": int(len(a)), "n_informative": int(informative.sum()),
                           "n_clusters": int(len(np.unique(g[informative]))), "before": B, "after": A}
    nan = dict.fromkeys(("beta", "se", "se_model", "z", "p_value", "irr", "irr_low", "irr_high"), float("nan"))
    if A == 0 or B == 0 or out["n_clusters"] < 2:
        return {**out, **nan, "reason": "no events on one side" if A == 0 or B == 0 else "fewer than 2 clusters"}
    p = A / (A + B)
    info = (A + B) * p * (1.0 - p)
    scores = pd.Series(a - n * p).groupby(g).sum().to_numpy()
    G = out["n_clusters"]
    var = G / (G - 1) * float(np.sum(scores**2)) / info**2
    beta, se = float(np.log(A / B)), float(np.sqrt(var))
    z = beta / se if se > 0 else float("nan")
    crit = stats.norm.ppf(1 - alpha / 2)
    return {**out, "beta": beta, "se": se, "se_model": float(np.sqrt(1.0 / info)), "z": z,
            "p_value": float(2 * stats.norm.sf(abs(z))) if np.isfinite(z) else float("nan"),
            "irr": float(np.exp(beta)), "irr_low": float(np.exp(beta - crit * se)),
            "irr_high": float(np.exp(beta + crit * se)), "reason": None}


def era_difference(first: dict[str, Any], second: dict[str, Any]) -> dict[str, float]:
    """z test of equal after/before ratios in two eras (independent clusters)."""
    diff = first["beta"] - second["beta"]
    se = float(np.sqrt(first["se"] ** 2 + second["se"] ** 2))
    z = diff / se if se > 0 else float("nan")
    return {"diff": float(diff), "se": se, "z": float(z),
            "p_value": float(2 * stats.norm.sf(abs(z))) if np.isfinite(z) else float("nan")}


def window_estimates(windows: pd.DataFrame, *, defense_only: Sequence[bool] = (False, True),
                     new_ties_only: bool = False, alpha: float = 0.05) -> pd.DataFrame:
    """:func:`paired_poisson` for every source, unit, outcome, window length, alliance type and era.

    Parameters
    ----------
    windows
        The formation-window table (:func:`alliancewar.panels.windows.build_windows`).
    defense_only
        Alliance types: all alliances (False) and defense pacts only (True).
    new_ties_only
        Dyads: keep only pairs not allied in the year before formation.
    alpha
        For the intervals.

    Returns
    -------
    DataFrame
        One row per cell with the estimate's fields, the era test (``era_diff``, ``era_p``, on the
        "all years" row of each cell) and ``alliances``: alliances with a complete unit.
    """
    rows = []
    for (source, unit, n), w in windows.groupby(["alliance_source", "unit", "window_years"], sort=True):
        if new_ties_only and unit == "dyad":
            w = w[w["allied_before"] == 0]
        stems = [stem for stem in OUTCOMES[unit] if w[f"{stem}_before"].notna().any()]
        for stem in stems:
            for defense in defense_only:
                cell = w[w["defense_pact"] == 1] if defense else w
                complete = cell[cell[f"{stem}_before"].notna() & cell[f"{stem}_after"].notna()]
                est = {}
                for era, (lo, hi) in ERAS.items():
                    e = complete[complete["nuclear_era"].between(lo, hi)]
                    est[era] = paired_poisson(e[f"{stem}_before"].to_numpy(), e[f"{stem}_after"].to_numpy(),
                                              e["alliance"].to_numpy(), alpha)
                    est[era]["alliances"] = int(e["alliance"].nunique())
                test = era_difference(est["pre-1945"], est["nuclear era"])
                for era, e in est.items():
                    rows.append({"alliance_source": source, "unit": unit, "outcome": stem, "window_years": int(n),
                                 "alliances_type": "defense pacts" if defense else "all alliances", "era": era, **e,
                                 "era_diff": test["diff"] if era == "all years" else np.nan,
                                 "era_p": test["p_value"] if era == "all years" else np.nan})
    return pd.DataFrame(rows)
