"""Model specifications from config: defaults, named specifications, the grid (multiverse).

A specification states only what differs from ``models.defaults``. :func:`resolve_specs`
fills in the defaults, expands the grid (the cross product of ``models.grid.vary``) and
validates every specification, so a typo fails at once with an error that names the key and
lists the allowed values. Everything a fit needs is in its resolved specification, which the
fit record stores in full.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError
from ..panels.variables import REGISTRY

LEVELS = ("dyad", "state", "system")
ESTIMATORS = {
    "dyad": ("logit", "firth", "relogit", "lpm_fe", "clogit"),
    "state": ("logit", "firth", "relogit", "poisson", "negbin"),
    "system": ("correlation", "poisson", "negbin"),
}
SE_TYPES = {
    "logit": ("cluster", "cluster2", "dyadic", "robust", "naive"),
    "firth": ("naive", "robust", "cluster"),
    "relogit": ("cluster", "robust", "naive"),
    "lpm_fe": ("cluster", "cluster2"),
    "clogit": ("naive",),
    "poisson": ("hac", "cluster", "robust", "naive"),
    "negbin": ("hac", "cluster", "robust", "naive"),
    "correlation": ("bootstrap",),
}
POPULATIONS = ("all", "politically_relevant", "contiguous", "major_power")
TIME_DEPENDENCE = ("none", "cubic", "splines", "trend")
SPEC_KEYS = ("label", "level", "alliance", "outcome", "period", "years", "population", "controls",
             "time_dependence", "estimator", "se", "alliance_lag", "drop_ongoing", "era_interaction", "leads",
             "periods", "measures", "n_boot", "requires")
#: Peace-years column of each binary outcome (time dependence).
PEACE_YEARS = {"war_onset": "peace_years", "mid_onset": "mid_peace_years",
               "fatal_mid_onset": "fatal_mid_peace_years", "force_mid_onset": "force_mid_peace_years",
               "war_onset_state": "state_peace_years"}
#: Rows at war (in a dispute) without a new onset, dropped from onset models when drop_ongoing.
ONGOING_ONLY = {"war_onset": "war_ongoing_only", "mid_onset": "mid_ongoing_only",
                "fatal_mid_onset": "mid_ongoing_only", "force_mid_onset": "mid_ongoing_only"}
#: The eras of METHODS (reviewer demand 6), used by the era interaction.
ERAS = ((1816, 1899), (1900, 1945), (1946, 2100))


@dataclass(frozen=True)
class Spec:
    """A fully resolved model specification."""

    name: str
    group: str
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def alliance_column(self) -> str:
        """Panel column of the alliance measure (with its lag)."""
        lag = self.values["alliance_lag"]
        return f"{self.values['alliance']}_lag{lag}" if lag else self.values["alliance"]

    @property
    def alliance_source(self) -> str:
        """``"atop"`` or ``"cow"``."""
        a = self.values["alliance"]
        return "cow" if a.startswith("cow") or a.endswith("_cow") else "atop"

    def to_dict(self) -> dict[str, Any]:
        """The resolved specification as stored in the fit record."""
        return {"name": self.name, "group": self.group, **self.values, "alliance_column": self.alliance_column,
                "alliance_source": self.alliance_source}


def _fail(where: str, key: str, value: Any, allowed: Any) -> ConfigError:
    return ConfigError(f"models: {where}: key '{key}' has value {value!r}; allowed: {allowed}")


def _period_years(values: dict[str, Any], periods: dict[str, list[int]], where: str) -> None:
    if values.get("period") is not None:
        if values["period"] not in periods:
            raise _fail(where, "period", values["period"], sorted(periods))
        values["years"] = list(periods[values["period"]])
    years = values.get("years")
    if not (isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years)):
        raise _fail(where, "years", years, "[first_year, last_year]")
    if years[0] > years[1]:
        raise ConfigError(f"models: {where}: impossible sample: years {years} (first year after last)")
    if values.get("period") is None:
        values["period"] = f"{years[0]}-{years[1]}"


def validate_spec(values: dict[str, Any], where: str, periods: dict[str, list[int]], panel_years: tuple[int, int]
                  ) -> None:
    """Validate one resolved specification; raise :class:`ConfigError` naming the key.

    Checks: known keys, level, estimator and standard errors for the level, registry
    variables of the right level, population, time dependence and sample years inside the
    panel and inside the outcome's and alliance measure's coverage.
    """
    unknown = sorted(set(values) - set(SPEC_KEYS))
    if unknown:
        raise ConfigError(f"models: {where}: unknown key(s) {unknown}; allowed keys: {list(SPEC_KEYS)}")
    level = values["level"]
    if level not in LEVELS:
        raise _fail(where, "level", level, list(LEVELS))
    if values["estimator"] not in ESTIMATORS[level]:
        raise _fail(where, "estimator", values["estimator"], list(ESTIMATORS[level]))
    if values["se"] not in SE_TYPES[values["estimator"]]:
        raise _fail(where, "se", values["se"], list(SE_TYPES[values["estimator"]]))
    for key in ("alliance", "outcome"):
        var = REGISTRY.get(values[key])
        if var is None or level not in var.levels:
            allowed = sorted(n for n, v in REGISTRY.items() if level in v.levels and v.kind != "id"
                             and not n.endswith("_lag1"))
            raise _fail(where, key, values[key], f"{level}-level variables of the registry: {allowed}")
    for c in values["controls"]:
        var = REGISTRY.get(c)
        if var is None or level not in var.levels:
            raise _fail(where, "controls", c, f"{level}-level variables of the registry (see results/codebook.md)")
    if values["population"] not in POPULATIONS:
        raise _fail(where, "population", values["population"], list(POPULATIONS))
    if level != "dyad" and values["population"] != "all":
        raise _fail(where, "population", values["population"], "['all'] for state- and system-level models")
    if values["time_dependence"] not in TIME_DEPENDENCE:
        raise _fail(where, "time_dependence", values["time_dependence"], list(TIME_DEPENDENCE))
    if values["alliance_lag"] not in (0, 1):
        raise _fail(where, "alliance_lag", values["alliance_lag"], "[0, 1] (the panels carry lag 1)")
    if values["estimator"] == "correlation":
        for m in values.get("measures") or []:
            if m not in REGISTRY or "system" not in REGISTRY[m].levels:
                raise _fail(where, "measures", m, "system-level variables of the registry")
        for p in values.get("periods") or []:
            if p not in periods:
                raise _fail(where, "periods", p, sorted(periods))
    _period_years(values, periods, where)
    lo, hi = values["years"]
    if lo < panel_years[0] or hi > panel_years[1]:
        raise ConfigError(f"models: {where}: impossible sample: years {values['years']} outside the panel's "
                          f"{list(panel_years)} (config panel.start_year / panel.end_year)")


def spec_hash(values: dict[str, Any]) -> str:
    """A short stable hash of a specification (names grid fits)."""
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:10]


def resolve_specs(models: dict[str, Any], *, panel_years: tuple[int, int], cow_alliances: bool
                  ) -> list[Spec]:
    """Named and grid specifications, resolved and validated.

    Parameters
    ----------
    models
        The ``models`` config section (``defaults``, ``periods``, ``named``, ``grid``).
    panel_years
        First and last panel year.
    cow_alliances
        Whether COW alliances were supplied; specifications with ``requires: cow_alliances``
        (or a COW alliance measure) are skipped otherwise.
    """
    defaults = dict(models.get("defaults") or {})
    periods = {k: list(v) for k, v in (models.get("periods") or {}).items()}
    out: list[Spec] = []
    for name, override in (models.get("named") or {}).items():
        values = {**defaults, **(override or {})}
        where = f"named.{name}"
        values.setdefault("label", name)
        validate_spec(values, where, periods, panel_years)
        if _needs_cow(values) and not cow_alliances:
            continue
        out.append(Spec(name, "named", values))
    grid = models.get("grid") or {}
    vary = grid.get("vary") or {}
    base = {**defaults, **(grid.get("base") or {})}
    keys = list(vary)
    for combo in itertools.product(*(vary[k] for k in keys)) if keys else ():
        values = {**base, **dict(zip(keys, combo))}
        values.pop("label", None)
        if values.get("period") is not None:
            values.pop("years", None)
        where = f"grid[{', '.join(f'{k}={v}' for k, v in zip(keys, combo))}]"
        validate_spec(values, where, periods, panel_years)
        if _needs_cow(values) and not cow_alliances:
            continue
        values["label"] = ", ".join(f"{k}={v}" for k, v in zip(keys, combo))
        out.append(Spec(f"grid__{spec_hash(values)}", "grid", values))
    return out


def _needs_cow(values: dict[str, Any]) -> bool:
    return values.get("requires") == "cow_alliances" or str(values["alliance"]).startswith("cow_") or \
        str(values["alliance"]).endswith("_cow")


def chunk(specs: list[Spec], size: int) -> list[list[Spec]]:
    """Split specifications into jobs of at most ``size`` fits, grouped by level (one panel per job)."""
    out: list[list[Spec]] = []
    for level in LEVELS:
        same = [s for s in specs if s["level"] == level]
        out += [same[i:i + size] for i in range(0, len(same), size)]
    return out
