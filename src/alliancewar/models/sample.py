"""The rows a fit uses, and an account of every row and event it drops on the way.

:func:`select` applies the specification's sample (years, dyad population, ongoing years) and
:func:`design` builds the outcome and regressors (alliance measure first, controls, time
dependence, era terms, constant) with listwise deletion -- or, with ``missing: indicator``, the
missing-indicator variant (each control's missing values set to 0 and a ``<control>_missing``
dummy added), which shows what deletion does to the estimate (a diagnostic, not a cure: the
method is biased in general; Jones 1996).

Each step is recorded in the fit record's ``sample`` list (METHODS reviewer demand 15: report how
many rows and events each listwise deletion removes): the panel, then one entry per step with the
rows and events it dropped and those left. Missing values are attributed in design order, each
row to the first variable it is missing in, so that the rows in equal the rows out plus every
drop.

References
----------
Jones, M. P. (1996). Indicator and stratification methods for missing explanatory variables in
multiple linear regression. *Journal of the American Statistical Association* 91(433), 222-230.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..panels.peace import DEFAULT_KNOTS, cubic_terms, spline_terms
from .estimate import EstimationError
from .spec import ERAS, ONGOING_ONLY, OTHER_ONSETS, Spec

POPULATION_COLUMNS = {"politically_relevant": "politically_relevant", "contiguous": "contig_any",
                      "major_power": "major_either"}


def _events(y: np.ndarray) -> float:
    return float(np.nansum(np.where(y > 0, y, 0.0)))


class Accounting:
    """Rows and events of a sample, step by step (see the module docstring)."""

    def __init__(self, outcome: np.ndarray) -> None:
        self.y = np.asarray(outcome, dtype="float64")
        self.keep = np.ones(len(self.y), dtype=bool)
        self.steps: list[dict[str, Any]] = [{"step": "panel", "rows": int(len(self.y)), "events": _events(self.y)}]

    def drop(self, step: str, mask: np.ndarray) -> None:
        """Drop the rows where ``mask`` is True (among those still kept) and record the step."""
        gone = self.keep & np.asarray(mask, dtype=bool)
        self.keep &= ~gone
        self.steps.append({"step": step, "dropped_rows": int(gone.sum()), "dropped_events": _events(self.y[gone]),
                           "rows": int(self.keep.sum()), "events": _events(self.y[self.keep])})


def needed_columns(spec: Spec) -> list[str]:
    """The panel columns a regression fit of ``spec`` reads (a job reads only their union)."""
    level_keys = {"dyad": ["ccode1", "ccode2"], "directed": ["ccode1", "ccode2"], "state": ["ccode"]}.get(spec["level"], [])
    cols = [*level_keys, "year", spec["outcome"], spec.alliance_column, *spec["controls"]]
    if spec["time_dependence"] in ("cubic", "splines") and spec.peace_years_column:
        cols.append(spec.peace_years_column)
    cols += [c for c in (POPULATION_COLUMNS.get(spec["population"]), OTHER_ONSETS.get(spec["outcome"])) if c]
    if spec["drop_ongoing"] and ONGOING_ONLY.get(spec["outcome"]):
        cols.append(ONGOING_ONLY[spec["outcome"]])
    if spec.values.get("exclude_wars") or spec["se"] == "war":
        cols.append("war_onset_warnum")
    return list(dict.fromkeys(cols))


def select(spec: Spec, panel: pd.DataFrame) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Rows of ``panel`` in the specification's sample, and the accounting of the selection.

    Steps: years outside the period; the dyad population; years at war (in a dispute) without a
    new onset (``drop_ongoing``); for originator (joiner) outcomes the joiner (originator) onsets;
    the onsets of the wars listed in ``exclude_wars`` (e.g. the world wars, 106 and 139).
    """
    acc = Accounting(panel[spec["outcome"]].to_numpy(dtype="float64", na_value=np.nan))
    year = panel["year"].to_numpy()
    lo, hi = spec["years"]
    acc.drop(f"years outside {lo}-{hi}", (year < lo) | (year > hi))
    column = POPULATION_COLUMNS.get(spec["population"])
    if column:
        acc.drop(f"not {spec['population'].replace('_', ' ')}", panel[column].to_numpy() != 1)
    ongoing = ONGOING_ONLY.get(spec["outcome"])
    if spec["drop_ongoing"] and ongoing and ongoing in panel.columns:
        acc.drop(f"ongoing years without a new onset ({ongoing})", panel[ongoing].to_numpy() == 1)
    other = OTHER_ONSETS.get(spec["outcome"])
    if other:
        acc.drop(f"onsets of the other kind ({other})", panel[other].to_numpy(dtype="float64", na_value=0.0) == 1)
    wars = spec.values.get("exclude_wars") or []
    if wars:
        warnum = panel["war_onset_warnum"].to_numpy(dtype="float64", na_value=np.nan)
        acc.drop(f"onsets in excluded wars {wars}", np.isin(warnum, wars))
    return panel.loc[acc.keep], acc.steps


def _time_terms(spec: Spec, df: pd.DataFrame) -> dict[str, np.ndarray]:
    td = spec["time_dependence"]
    if td in ("cubic", "splines"):
        py = spec.peace_years_column
        if py is None:
            raise EstimationError(f"no peace-years for outcome {spec['outcome']}; use time_dependence: none")
        t = df[py].to_numpy(dtype="float64")
        if td == "cubic":
            return cubic_terms(t, "t")
        knots = tuple(spec.values.get("spline_knots") or DEFAULT_KNOTS)
        return {"t": t, **spline_terms(t, "t", knots)}
    if td == "trend":
        return {"trend": (df["year"].to_numpy(dtype="float64") - 1900.0) / 100.0}
    return {}


def regressors(spec: Spec, df: pd.DataFrame, *, controls: bool = True) -> dict[str, np.ndarray]:
    """The design columns, in order: alliance, controls, time dependence, eras, constant.

    With ``controls=False`` only the alliance measure and the constant (the bivariate design).
    Missing values are left in; :func:`design` handles them.
    """
    a = spec.alliance_column
    cols: dict[str, np.ndarray] = {a: df[a].to_numpy(dtype="float64")}
    if controls:
        for c in spec["controls"]:
            cols[c] = df[c].to_numpy(dtype="float64")
        cols.update(_time_terms(spec, df))
        if spec.values.get("era_interaction"):
            year = df["year"].to_numpy()
            for lo, hi in ERAS[1:]:
                era = ((year >= lo) & (year <= hi)).astype("float64")
                cols[f"era_{lo}"] = era
                cols[f"{a}_x_era_{lo}"] = cols[a] * era
    cols["const"] = np.ones(len(df))
    return cols


def _missing_indicators(spec: Spec, cols: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Missing-indicator variant: each control's NaN set to 0 with a ``<control>_missing`` dummy."""
    out = {}
    for name, values in cols.items():
        out[name] = values
        if name in spec["controls"]:
            miss = ~np.isfinite(values)
            if miss.any():
                out[name] = np.where(miss, 0.0, values)
                out[f"{name}_missing"] = miss.astype("float64")
    const = out.pop("const")
    return {**out, "const": const}


def design(spec: Spec, df: pd.DataFrame, steps: list[dict[str, Any]] | None = None, *, controls: bool = True
           ) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """Outcome, regressors (alliance first, ``const`` last) and the rows used.

    Rows with a missing outcome or regressor are dropped (listwise deletion) unless the
    specification says ``missing: indicator``. When ``steps`` is given, one accounting step per
    variable is appended to it (rows dropped because that variable is the first one missing).
    """
    y = df[spec["outcome"]].to_numpy(dtype="float64", na_value=np.nan)
    cols = regressors(spec, df, controls=controls)
    if controls and spec.values.get("missing") == "indicator":
        cols = _missing_indicators(spec, cols)
    acc = Accounting(y)
    acc.drop(f"outcome missing ({spec['outcome']})", ~np.isfinite(y))
    for name, values in cols.items():
        acc.drop(f"missing {name}", ~np.isfinite(values))
    if steps is not None:
        steps.extend(acc.steps[1:])
    ok = acc.keep
    X = pd.DataFrame({k: v[ok] for k, v in cols.items()}, index=df.index[ok])
    return y[ok], X, df.loc[ok]
