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
import re
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError
from ..panels.variables import REGISTRY
from ..sources import Source
from .claims import CLAIM_PARTS, claimed_sign, forms_for, outcome_is_level

LEVELS = ("dyad", "state", "system", "directed")
#: Levels whose units are dyads (ccode1, ccode2): the directed level is the directed dyad-years
#: (data/panel/dyad_years_directed), state 1 the potential challenger (docs/models.md).
DYADIC_LEVELS = ("dyad", "directed")
#: Registry levels whose variables a specification of each level may use (the directed panel
#: mirrors every dyad variable).
LEVEL_VARIABLES = {"directed": ("directed", "dyad")}
ESTIMATORS = {
    "dyad": ("logit", "firth", "relogit", "lpm_fe", "clogit"),
    "directed": ("logit", "firth", "relogit", "lpm_fe", "clogit"),
    "state": ("logit", "firth", "relogit", "poisson", "negbin"),
    "system": ("correlation", "poisson", "negbin"),
}
SE_TYPES = {
    "logit": ("cluster", "cluster2", "dyadic", "war", "robust", "naive"),
    "firth": ("naive", "robust", "cluster"),
    "relogit": ("cluster", "robust", "naive"),
    "lpm_fe": ("cluster", "cluster2"),
    "clogit": ("naive",),
    "poisson": ("hac", "cluster", "robust", "naive"),
    "negbin": ("hac", "cluster", "robust", "naive"),
    "correlation": ("ess",),
}
POPULATIONS = ("all", "politically_relevant", "contiguous", "major_power")
TIME_DEPENDENCE = ("none", "cubic", "splines", "trend")
SPEC_KEYS = ("label", "level", "alliance", "outcome", "period", "years", "population", "controls",
             "time_dependence", "estimator", "se", "alliance_lag", "drop_ongoing", "era_interaction", "leads",
             "periods", "measures", "n_boot", "requires", "missing", "bivariate", "peace_years", "exclude_wars",
             "claim", "outcomes", "forms")
#: Keys that make a system-level specification a lead design (:mod:`alliancewar.models.system`).
DESIGN_KEYS = ("claim", "leads", "measures", "periods", "outcomes", "forms")
#: Values a system lead design takes when the specification does not set them itself (the
#: dyad-oriented ``models.defaults`` do not apply): no controls, no peace-years, the measure in
#: year t (the window t+1..t+k is the lag), the effective-sample-size test or HAC errors.
DESIGN_DEFAULTS: dict[str, Any] = {"controls": [], "time_dependence": "none", "alliance_lag": 0,
                                   "population": "all"}
DESIGN_SE = {"correlation": "ess", "poisson": "hac", "negbin": "hac"}
MISSING = ("listwise", "indicator")
#: Peace-year counting rules: years since the last onset, or since the last ongoing year (Beck,
#: Katz & Tucker 1998; peacesciencer's add_peace_years), the default.
PEACE_YEAR_RULES = ("ongoing", "onset")
_WAR_PEACE = {"onset": "peace_years", "ongoing": "peace_years_ongoing"}
#: Peace-years column of each binary outcome under each rule (time dependence).
PEACE_YEARS: dict[str, dict[str, str]] = {
    "war_onset": _WAR_PEACE, "war_onset_originator": _WAR_PEACE, "war_onset_joiner": _WAR_PEACE,
    "mid_onset": {"onset": "mid_peace_years", "ongoing": "mid_peace_years_ongoing"},
    "fatal_mid_onset": {"onset": "fatal_mid_peace_years", "ongoing": "fatal_mid_peace_years_ongoing"},
    "force_mid_onset": {"onset": "force_mid_peace_years", "ongoing": "force_mid_peace_years_ongoing"},
    "war_onset_state": {"onset": "state_peace_years", "ongoing": "state_peace_years_ongoing"},
    "initiator": {"onset": "mid5_peace_years", "ongoing": "mid5_peace_years_ongoing"},
}
#: Rows at war (in a dispute) without a new onset, dropped from onset models when drop_ongoing.
ONGOING_ONLY = {"war_onset": "war_ongoing_only", "war_onset_originator": "war_ongoing_only",
                "war_onset_joiner": "war_ongoing_only", "mid_onset": "mid_ongoing_only",
                "fatal_mid_onset": "mid_ongoing_only", "force_mid_onset": "mid_ongoing_only",
                "initiator": "initiator_ongoing_only"}
#: Onsets of the other kind, dropped from originator / joiner models (they are neither peace nor
#: the event modelled; Poast 2010).
OTHER_ONSETS = {"war_onset_originator": "war_onset_joiner", "war_onset_joiner": "war_onset_originator"}
#: Outcomes whose lag-0 alliance status is taken on the eve of the onset (METHODS pitfall 12):
#: ``<alliance>_prewar`` for wars, ``<alliance>_premid`` for disputes (dyad level).
EVE_OF_ONSET = {"war_onset": "prewar", "war_onset_originator": "prewar", "war_onset_joiner": "prewar",
                "mid_onset": "premid", "fatal_mid_onset": "premid", "force_mid_onset": "premid"}
#: Outcomes with a war number for each onset (exclude_wars, se: war).
WAR_OUTCOMES = ("war_onset", "war_onset_originator", "war_onset_joiner")
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
        """Panel column of the alliance measure.

        Lag k > 0: ``<alliance>_lag<k>`` (the previous year's status, the default). Lag 0 at the
        dyad level: the status on the eve of the onset (``<alliance>_prewar`` / ``_premid``, the
        year's status on rows without an onset), so that an alliance a war ends on its first day
        or one formed after the onset never counts as the pre-war status; elsewhere the year's status.
        """
        lag = self.values["alliance_lag"]
        alliance = self.values["alliance"]
        if lag:
            return f"{alliance}_lag{lag}"
        eve = EVE_OF_ONSET.get(self.values["outcome"]) if self.values["level"] in DYADIC_LEVELS else None
        return f"{alliance}_{eve}" if eve and f"{alliance}_{eve}" in REGISTRY else alliance

    @property
    def peace_years_column(self) -> str | None:
        """The peace-years column of the outcome under the spec's counting rule (None if none)."""
        rules = PEACE_YEARS.get(self.values["outcome"])
        return rules[self.values.get("peace_years") or "ongoing"] if rules else None

    @property
    def alliance_source(self) -> str:
        """``"atop"`` or ``"cow"``."""
        a = self.values["alliance"]
        return "cow" if a.startswith("cow") or a.endswith("_cow") else "atop"

    def to_dict(self) -> dict[str, Any]:
        """The resolved specification as stored in the fit record."""
        return {"name": self.name, "group": self.group, **self.values, "alliance_column": self.alliance_column,
                "alliance_source": self.alliance_source}


def is_system_design(spec: Spec | dict[str, Any]) -> bool:
    """Whether a specification is a system lead design: a correlation, or a system count model
    with any of :data:`DESIGN_KEYS` (one regression of a ``war_onsets_next<k>`` outcome otherwise)."""
    values = spec.values if isinstance(spec, Spec) else spec
    return values.get("level") == "system" and (
        values.get("estimator") == "correlation" or any(values.get(k) for k in DESIGN_KEYS))


def _design_defaults(values: dict[str, Any], own: frozenset[str]) -> None:
    """Fill a system design's own defaults for the keys its specification does not set, and take
    ``alliance`` / ``outcome`` from the first of ``measures`` / ``outcomes`` when not given."""
    if not is_system_design(values):
        return
    values.update({k: v for k, v in DESIGN_DEFAULTS.items() if k not in own})
    if "se" not in own and values.get("estimator") in DESIGN_SE:
        values["se"] = DESIGN_SE[values["estimator"]]
    for single, many in (("alliance", "measures"), ("outcome", "outcomes")):
        if single not in own and values.get(many):
            values[single] = values[many][0]


#: Spec names become file names: letters, digits, '_' and '-' only (the schema says the same).
SAFE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Where:
    """Where a specification's values come from, to name the config key at fault.

    ``own`` is the config path of the specification (``models.named.baseline``) and ``keys``
    the keys it sets itself; other keys are inherited from ``fallbacks`` in order
    (``models.grid.base``, ``models.defaults``).
    """

    own: str
    keys: frozenset[str]
    fallbacks: tuple[tuple[str, frozenset[str]], ...] = ()

    def path(self, key: str) -> str:
        """The config path of ``key`` for this specification."""
        if key in self.keys:
            return f"{self.own}.{key}"
        for prefix, keys in self.fallbacks:
            if key in keys:
                return f"{prefix}.{key}"
        return f"{self.own}.{key}"

    def __str__(self) -> str:
        return self.own


def _fail(where: Where, key: str, value: Any, allowed: Any) -> ConfigError:
    return ConfigError(f"{where.path(key)}: {value!r} is not allowed (in {where}); allowed: {allowed}")


def _period_years(values: dict[str, Any], periods: dict[str, list[int]], where: Where) -> None:
    if values.get("period") is not None:
        if values["period"] not in periods:
            raise _fail(where, "period", values["period"], f"{sorted(periods)} (models.periods)")
        values["years"] = list(periods[values["period"]])
    years = values.get("years")
    if not (isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years)):
        raise _fail(where, "years", years, "[first_year, last_year]")
    if years[0] > years[1]:
        raise ConfigError(f"{where.path('years')}: impossible sample: years {years} (first year after last)")
    if values.get("period") is None:
        values["period"] = f"{years[0]}-{years[1]}"


def at_level(name: str, level: str) -> bool:
    """Whether registry variable ``name`` exists in the panel of ``level`` (:data:`LEVEL_VARIABLES`)."""
    var = REGISTRY.get(name)
    return var is not None and any(lv in var.levels for lv in LEVEL_VARIABLES.get(level, (level,)))


def _level_variables(level: str) -> list[str]:
    return sorted(n for n, v in REGISTRY.items() if at_level(n, level) and v.kind != "id" and not n.endswith("_lag1"))


def _check_variables(values: dict[str, Any], where: Where) -> None:
    level = values["level"]
    for key in ("alliance", "outcome"):
        if not at_level(values[key], level):
            raise _fail(where, key, values[key], f"{level}-level variables of the registry: {_level_variables(level)}")
    for c in values["controls"]:
        if not at_level(c, level):
            raise _fail(where, "controls", c, f"{level}-level variables of the registry (see results/codebook.md)")
    for key in ("outcome", "alliance"):
        if values[key] in values["controls"]:
            raise ConfigError(f"{where.path('controls')}: the {key} {values[key]!r} is also listed among the "
                              f"controls of {where}; remove it from the controls")
    if values["outcome"] == values["alliance"]:
        raise ConfigError(f"{where.path('outcome')}: the outcome and the alliance measure of {where} are the same "
                          f"variable {values['outcome']!r}")


def _check_estimator(values: dict[str, Any], where: Where) -> None:
    level = values["level"]
    if level not in LEVELS:
        raise _fail(where, "level", level, list(LEVELS))
    if values["estimator"] not in ESTIMATORS[level]:
        raise _fail(where, "estimator", values["estimator"], f"{list(ESTIMATORS[level])} at the {level} level")
    if values["se"] not in SE_TYPES[values["estimator"]]:
        raise _fail(where, "se", values["se"], f"{list(SE_TYPES[values['estimator']])} for {values['estimator']}")
    if values["population"] not in POPULATIONS:
        raise _fail(where, "population", values["population"], list(POPULATIONS))
    if level not in DYADIC_LEVELS and values["population"] != "all":
        raise _fail(where, "population", values["population"], "['all'] for state- and system-level models")
    if values["time_dependence"] not in TIME_DEPENDENCE:
        raise _fail(where, "time_dependence", values["time_dependence"], list(TIME_DEPENDENCE))
    if values.get("missing", "listwise") not in MISSING:
        raise _fail(where, "missing", values.get("missing"), list(MISSING))
    if values.get("peace_years", "ongoing") not in PEACE_YEAR_RULES:
        raise _fail(where, "peace_years", values.get("peace_years"), list(PEACE_YEAR_RULES))
    war_only = [k for k in ("exclude_wars",) if values.get(k)] + (["se"] if values["se"] == "war" else [])
    for key in war_only:
        if values["outcome"] not in WAR_OUTCOMES or level not in DYADIC_LEVELS:
            raise ConfigError(f"{where.path(key)}: {key} {values[key]!r} of {where} needs a dyad-level war "
                              f"outcome {list(WAR_OUTCOMES)} (onsets carry their war number)")


def _check_lag(values: dict[str, Any], where: Where, panel_lag: int) -> None:
    lag = values["alliance_lag"]
    if lag not in (0, 1):
        raise _fail(where, "alliance_lag", lag, "[0, 1] (the panels carry lag 1)")
    if lag and lag != panel_lag:
        raise ConfigError(f"{where.path('alliance_lag')}: alliance_lag {lag} of {where} needs lagged alliance columns, "
                          f"but config panel.alliance_lag is {panel_lag}; set panel.alliance_lag: {lag} or "
                          f"alliance_lag: 0")


def _check_periods(values: dict[str, Any], where: Where, periods: dict[str, list[int]]) -> None:
    if not is_system_design(values):
        return
    for p in values.get("periods") or []:
        if p not in periods:
            raise _fail(where, "periods", p, f"{sorted(periods)} (models.periods)")


def _check_system_lag(values: dict[str, Any], where: Where) -> None:
    """A system regression with ``alliance_lag: 1`` needs the measure's ``_lag1`` column."""
    if values["level"] != "system" or is_system_design(values):
        return
    lagged = f"{values['alliance']}_lag{values['alliance_lag']}"
    if values["alliance_lag"] and lagged not in REGISTRY:
        raise ConfigError(f"{where.path('alliance_lag')}: the system-years have no lagged column {lagged!r} for "
                          f"the alliance measure of {where}; set alliance_lag: 0 (and an outcome in t+1, e.g. "
                          f"war_onsets_next1) or use a lead design (leads: [1, 5])")


def _check_design(values: dict[str, Any], where: Where) -> None:
    """A system lead design, before anything is fitted: measures, outcomes, forms, claim part."""
    if values["level"] != "system":
        if values.get("claim"):
            raise _fail(where, "claim", values["claim"], "system-level specifications only (level: system)")
        return
    if not is_system_design(values):
        return
    if values["alliance_lag"]:
        raise _fail(where, "alliance_lag", values["alliance_lag"], "[0] for a system lead design (the measure in "
                    "year t is paired with the outcome in t+1..t+k: the window is the lag)")
    estimator = values["estimator"]
    measures = values.get("measures") or [values["alliance"]]
    outcomes = values.get("outcomes") or [values["outcome"]]
    system = _level_variables("system")
    for key, names in (("measures", measures), ("outcomes", outcomes)):
        for name in names:
            var = REGISTRY.get(name)
            if var is None or "system" not in var.levels:
                raise _fail(where, key, name, f"system-level variables of the registry: {system}")
            if key == "outcomes" and var.lead:
                raise _fail(where, key, name, "an outcome of year t (the design sums t+1..t+k itself: use "
                            f"{name.rsplit('_next', 1)[0]!r} with leads)")
            if key == "outcomes" and estimator != "correlation" and (var.kind != "count" or outcome_is_level(name)):
                raise ConfigError(f"{where.path(key)}: {name!r} ({var.kind}) is not a count of events begun, which "
                                  f"{estimator} needs (in {where}); use war_onsets, or estimator: correlation")
    allowed = forms_for(estimator)
    for f in values.get("forms") or []:
        if f not in allowed:
            raise _fail(where, "forms", f, f"{list(allowed)} for {estimator}")
    part = values.get("claim")
    if part is None:
        return
    if part not in CLAIM_PARTS:
        raise _fail(where, "claim", part, list(CLAIM_PARTS))
    for m in measures:
        for o in outcomes:
            try:
                claimed_sign(part, m, o)
            except ValueError as exc:
                key = "measures" if str(exc).startswith("measure") else "outcomes"
                raise ConfigError(f"{where.path(key)}: {exc} (in {where})") from None
    if part == "era_difference" and len(values.get("periods") or []) < 2:
        raise _fail(where, "periods", values.get("periods"), "two or more eras (models.periods) for era_difference")


def _check_count_outcome(values: dict[str, Any], where: Where) -> None:
    """Count models need a count (or binary) outcome: fail before fitting rather than in statsmodels."""
    var = REGISTRY.get(values["outcome"])
    if values["estimator"] in ("poisson", "negbin") and var is not None and var.kind == "continuous":
        raise ConfigError(f"{where.path('outcome')}: {values['outcome']!r} is continuous; {values['estimator']} "
                          f"needs a count outcome (in {where})")


def _check_coverage(values: dict[str, Any], where: Where, sources: dict[str, Source] | None, panel_end: int) -> None:
    """The sample must overlap the coverage of the outcome and of the alliance measure."""
    if sources is None:
        return
    lo, hi = values["years"]
    lag = values["alliance_lag"]
    for key, name in (("outcome", values["outcome"]), ("alliance", values["alliance"])):
        var = REGISTRY[name]
        try:
            c_lo, c_hi = var.coverage(sources, panel_end)
        except KeyError:  # a source missing from the registry: reported by the panels
            continue
        if key == "alliance" and lag:
            c_lo, c_hi = c_lo + lag, c_hi + lag
        if hi < c_lo or lo > c_hi:
            raise ConfigError(f"{where.path('period')}: impossible sample for {where}: years {[lo, hi]} lie outside "
                              f"the coverage of the {key} {name!r} ({c_lo}-{c_hi}); choose a period that overlaps it")


def validate_spec(values: dict[str, Any], where: Where | str, periods: dict[str, list[int]],
                  panel_years: tuple[int, int], *, sources: dict[str, Source] | None = None,
                  panel_lag: int = 1) -> None:
    """Validate one resolved specification; raise :class:`ConfigError` naming the config key.

    Checks: known keys, level, estimator and standard errors for the level, registry variables
    of the right level, the outcome and the alliance measure not among the controls, population,
    time dependence, the alliance lag against ``panel.alliance_lag``, and sample years inside the
    panel and overlapping the outcome's and the alliance measure's coverage (when ``sources``,
    the source registry, is given). At the system level: a regression's lagged alliance column
    exists; a lead design's periods, measures, outcomes (of year t; counts for count models) and
    forms are known, its lag is 0, and its measures and outcomes belong to its claim part; a
    count model's outcome is not continuous.
    """
    if isinstance(where, str):
        where = Where(where, frozenset(values))
    unknown = sorted(set(values) - set(SPEC_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {unknown}; allowed keys: {list(SPEC_KEYS)}")
    _check_estimator(values, where)
    _check_periods(values, where, periods)
    _check_design(values, where)
    _check_variables(values, where)
    if not is_system_design(values):
        _check_lag(values, where, panel_lag)
    _check_system_lag(values, where)
    _check_count_outcome(values, where)
    _period_years(values, periods, where)
    lo, hi = values["years"]
    if lo < panel_years[0] or hi > panel_years[1]:
        raise ConfigError(f"{where.path('period')}: impossible sample for {where}: years {values['years']} outside "
                          f"the panel's {list(panel_years)} (config panel.start_year / panel.end_year)")
    _check_coverage(values, where, sources, panel_years[1])


def design_terms(spec: Spec, n_knots: int = 3) -> list[str]:
    """The coefficient terms a fit of ``spec`` can report (names as in the fit record).

    The alliance column, the controls, the time-dependence terms (``t``, ``t2``, ``t3``;
    ``t`` and ``t_spline1..K``; ``trend``), the era terms and the constant.
    """
    a = spec.alliance_column
    terms = [a, *spec["controls"]]
    if spec.values.get("missing") == "indicator":
        terms += [f"{c}_missing" for c in spec["controls"]]
    td = spec["time_dependence"]
    terms += {"cubic": ["t", "t2", "t3"], "splines": ["t", *(f"t_spline{j}" for j in range(1, n_knots + 1))],
              "trend": ["trend"]}.get(td, [])
    if spec.values.get("era_interaction"):
        for lo, _ in ERAS[1:]:
            terms += [f"era_{lo}", f"{a}_x_era_{lo}"]
    return [*terms, "const"]


def spec_hash(values: dict[str, Any]) -> str:
    """A short stable hash of a specification (names grid fits)."""
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:10]


def resolve_specs(models: dict[str, Any], *, panel_years: tuple[int, int], cow_alliances: bool,
                  sources: dict[str, Source] | None = None, panel_lag: int = 1,
                  spline_knots: tuple[float, ...] | None = None) -> list[Spec]:
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
    sources
        The source registry, for the coverage checks (skipped when ``None``).
    panel_lag
        ``panel.alliance_lag`` (the lag of the panels' lagged alliance columns).
    spline_knots
        ``panel.spline_knots``: stored in the specifications with ``time_dependence: splines``
        (as ``spline_knots``), so the design uses the configured knots and a change refits them.
    """
    defaults = dict(models.get("defaults") or {})
    periods = {k: list(v) for k, v in (models.get("periods") or {}).items()}
    check = {"periods": periods, "panel_years": panel_years, "sources": sources, "panel_lag": panel_lag}
    from_defaults = ("models.defaults", frozenset(defaults))
    out: list[Spec] = []
    for name, override in (models.get("named") or {}).items():
        if not SAFE_NAME.match(str(name)):
            raise ConfigError(f"models.named: spec name {name!r} is not allowed: a name starts with a letter and "
                              f"holds only letters, digits, '_' and '-' (it becomes a file name)")
        values = {**defaults, **(override or {})}
        _design_defaults(values, frozenset(override or {}))
        where = Where(f"models.named.{name}", frozenset(override or {}), (from_defaults,))
        values.setdefault("label", name)
        validate_spec(values, where, **check)
        if _needs_cow(values) and not cow_alliances:
            continue
        _add_knots(values, spline_knots)
        out.append(Spec(name, "named", values))
    grid = models.get("grid") or {}
    vary = grid.get("vary") or {}
    base_over = grid.get("base") or {}
    base = {**defaults, **base_over}
    keys = list(vary)
    for combo in itertools.product(*(vary[k] for k in keys)) if keys else ():
        values = {**base, **dict(zip(keys, combo))}
        values.pop("label", None)
        if values.get("period") is not None:
            values.pop("years", None)
        where = Where(f"models.grid.vary[{', '.join(f'{k}={v}' for k, v in zip(keys, combo))}]", frozenset(),
                      (("models.grid.vary", frozenset(keys)), ("models.grid.base", frozenset(base_over)),
                       from_defaults))
        validate_spec(values, where, **check)
        if _needs_cow(values) and not cow_alliances:
            continue
        values["label"] = ", ".join(f"{k}={v}" for k, v in zip(keys, combo))
        _add_knots(values, spline_knots)
        out.append(Spec(f"grid__{spec_hash(values)}", "grid", values))
    return out


def _add_knots(values: dict[str, Any], knots: tuple[float, ...] | None) -> None:
    if knots is not None and values["time_dependence"] == "splines":
        values["spline_knots"] = list(knots)


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
