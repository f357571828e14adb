"""Publication tables built from fit records, and their LaTeX, Markdown, HTML and CSV renderers.

A :class:`Table` holds display cells (already formatted as text) grouped in blocks separated
by rules, plus a tidy data frame for the CSV output. The four renderers share one core
(:func:`_render_cells`) and differ only in cell escaping and layout.

The module also holds the fit-record accessors used by the figures and headlines
(:func:`alliance_coefficient`, :func:`effect_direction`, :func:`spec_value`,
:func:`select_primary`, :func:`period_label`) and :func:`robustness_summary`.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

STARS: tuple[float, ...] = (0.10, 0.05, 0.01)
"""Default significance thresholds: one star per threshold the p-value is below."""

DIMENSIONS: tuple[str, ...] = ("level", "period", "alliance_source", "outcome", "estimator")
"""Specification dimensions summarised by :func:`robustness_summary`."""

LEVELS: tuple[str, ...] = ("dyad", "state", "system")
UNITS: dict[str, str] = {"dyad": "dyad-years", "state": "state-years", "system": "years",
                         "directed": "directed dyad-years"}
"""Name of one observation at each level."""

ESTIMATOR_LABELS: dict[str, str] = {
    "logit": "Logit",
    "firth": "Firth logit",
    "relogit": "Rare-events logit",
    "lpm_fe": "Linear probability (FE)",
    "clogit": "Conditional logit",
    "poisson": "Poisson",
    "negbin": "Negative binomial",
    "correlation": "Correlation",
}

SE_LABELS: dict[str, str] = {
    "cluster": "Clustered",
    "cluster2": "Two-way clustered",
    "dyadic": "Dyadic-robust",
    "robust": "Robust",
    "naive": "Conventional",
    "hac": "HAC (Newey-West)",
    "bootstrap": "Bootstrap",
}


# --------------------------------------------------------------------------------------------
# Fit-record accessors
# --------------------------------------------------------------------------------------------


DOUBT_MARK = "\u2020"
"""Marks a doubtful fit (status ``warning``) in table headers and figure labels: a dagger."""


def is_ok(fit: Mapping[str, Any]) -> bool:
    """Return whether a fit record was estimated (status ``ok``, or ``warning`` for a doubtful fit)."""
    return fit.get("status") in ("ok", "warning")


def is_doubtful(fit: Mapping[str, Any]) -> bool:
    """Return whether a fit was estimated but is doubtful (status ``warning``; see ``doubts``)."""
    return fit.get("status") == "warning"


def doubt_text(fit: Mapping[str, Any]) -> str:
    """The reasons a fit is doubtful, joined ("" for a fit that is not)."""
    if not is_doubtful(fit):
        return ""
    return "; ".join(fit.get("doubts") or ["status warning"])


def coefficient(fit: Mapping[str, Any], term: str) -> dict[str, Any] | None:
    """Return the coefficient entry of ``term`` in a fit record, or None when absent."""
    return next((c for c in fit.get("coefficients") or [] if c.get("term") == term), None)


def alliance_coefficient(fit: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return the coefficient entry of the fit's ``alliance_term``, or None when absent."""
    term = fit.get("alliance_term")
    return coefficient(fit, term) if term else None


def quantity(fit: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    """Return ``fit["quantities"][name]`` when it has an estimate, else None."""
    value = (fit.get("quantities") or {}).get(name)
    return value if value and has_value(value.get("estimate")) else None


def effect_direction(estimate: float | None, p_value: float | None, alpha: float) -> str:
    """Classify an estimate as ``"positive"``, ``"negative"`` (both significant) or ``"neither"``.

    Parameters
    ----------
    estimate
        Coefficient (or correlation) on a scale where 0 means no association.
    p_value
        Its p-value; a missing p-value is never significant.
    alpha
        Significance level.
    """
    if not (has_value(estimate) and has_value(p_value)) or p_value >= alpha or estimate == 0:
        return "neither"
    return "positive" if estimate > 0 else "negative"


def spec_value(fit: Mapping[str, Any], key: str) -> str:
    """Return the option of dimension ``key`` a fit used, as a string.

    The value is read from ``fit["spec"]`` and, failing that, from the record's top level
    (``level``, ``outcome`` and ``estimator`` are both); ``"n/a"`` when neither has it.
    """
    value = (fit.get("spec") or {}).get(key, fit.get(key))
    return "n/a" if value is None else str(value)


def period_label(value: object) -> str:
    """Return a period label for display: ``"1900-1945"`` becomes ``"1900–1945"`` (en dash)."""
    return re.sub(r"(?<=\d)\s*-\s*(?=\d)", "\u2013", str(value))


def select_primary(
    fits: Iterable[Mapping[str, Any]], usable: Callable[[Mapping[str, Any]], bool]
) -> dict[tuple[str, str], Mapping[str, Any]]:
    """Pick one fit per (level, period): the first usable named fit, else the first usable one.

    Parameters
    ----------
    fits
        Fit records, in the caller's order of preference.
    usable
        Predicate a fit must satisfy to be picked.

    Returns
    -------
    dict
        ``{(level, period): fit}`` ordered by level (dyad, state, system, others) then period.
    """
    picked: dict[tuple[str, str], Mapping[str, Any]] = {}
    for fit in fits:
        if not usable(fit):
            continue
        key = (str(fit.get("level")), spec_value(fit, "period"))
        current = picked.get(key)
        if current is None or (current.get("group") != "named" and fit.get("group") == "named"):
            picked[key] = fit
    return dict(sorted(picked.items(), key=lambda kv: (level_rank(kv[0][0]), kv[0][1])))


def level_rank(level: str) -> int:
    """Sort key of a level: dyad, state, system, then anything else."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def has_value(value: object) -> bool:
    """Return whether a record value is present (neither None nor NaN)."""
    return value is not None and not (isinstance(value, float) and math.isnan(value))


# --------------------------------------------------------------------------------------------
# The table model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One data cell: its text and an optional significance marker (rendered as superscript)."""

    text: str = ""
    stars: str = ""


@dataclass(frozen=True)
class Row:
    """A table row: the label in the stub column and one cell per data column."""

    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A rendered-ready table.

    Attributes
    ----------
    title
        Caption.
    stub
        Header of the label (first) column.
    columns
        Headers of the data columns.
    blocks
        Groups of rows; renderers draw a rule between blocks.
    notes
        Notes printed under the table.
    provenance
        One line saying which code and config made the table.
    tidy
        Machine-readable content written by :func:`to_csv`.
    """

    title: str
    stub: str
    columns: tuple[str, ...]
    blocks: tuple[tuple[Row, ...], ...]
    notes: tuple[str, ...]
    provenance: str
    tidy: pd.DataFrame = field(compare=False, repr=False)


def stars_for(p_value: float | None, thresholds: Sequence[float] = STARS) -> str:
    """Return one ``*`` per threshold that ``p_value`` is strictly below."""
    if not has_value(p_value):
        return ""
    return "*" * sum(p_value < t for t in thresholds)


def stars_note(thresholds: Sequence[float] = STARS) -> str:
    """Return the legend of the significance stars, e.g. ``"* p < 0.10, ** p < 0.05"``."""
    ordered = sorted(thresholds, reverse=True)
    return ", ".join(f"{'*' * (i + 1)} p < {t:g}" for i, t in enumerate(ordered)) + "."


def _fixed(value: float | None, digits: int) -> str:
    if not has_value(value):
        return ""
    text = f"{value:,.{digits}f}"
    return text[1:] if re.fullmatch(r"-0[.,0]*", text) else text


def format_number(value: float | None, digits: int) -> str:
    """Format with ``digits`` decimals, or with two significant digits when that would show 0.

    ``format_number(-0.00021, 3)`` is ``"-0.00021"`` rather than a misleading ``"-0.000"``.
    """
    if has_value(value) and value != 0 and abs(value) < 0.5 * 10.0**-digits:
        return np.format_float_positional(value, precision=2, unique=False, fractional=False, trim="-")
    return _fixed(value, digits)


def _count(value: float | None) -> str:
    return f"{int(value):,}" if has_value(value) else ""


# --------------------------------------------------------------------------------------------
# Regression table
# --------------------------------------------------------------------------------------------

_TIDY_COLUMNS = ["fit", "column", "kind", "term", "label", "estimate", "std_error", "p_value", "stars", "value"]


def _fixed_effects(fit: Mapping[str, Any]) -> str:
    fe = fit.get("fixed_effects") or []
    return ", ".join(str(f).capitalize() for f in fe) if fe else "No"


def _time_dependence(fit: Mapping[str, Any]) -> str:
    kind = fit.get("time_dependence")
    return "No" if kind in (None, "none") else f"Yes ({kind})"


_SummaryRow = tuple[str, str, Callable[[Mapping[str, Any]], Any], Callable[[Any], str]]


def _summary_rows(labels: Mapping[str, str]) -> list[_SummaryRow]:
    """(key, row label, raw-value getter, display formatter) of the bottom rows."""
    return [
        ("outcome", "Outcome", lambda f: f.get("outcome"), lambda v: labels.get(v, v) if v else ""),
        ("estimator", "Estimator", lambda f: f.get("estimator"), lambda v: ESTIMATOR_LABELS.get(v, v or "")),
        ("n_obs", "N", lambda f: f.get("n_obs"), _count),
        ("n_events", "Events", lambda f: f.get("n_events"), _count),
        ("n_clusters", "Clusters", lambda f: f.get("n_clusters"), _count),
        ("loglik", "Log-likelihood", lambda f: f.get("loglik"), lambda v: _fixed(v, 1)),
        ("aic", "AIC", lambda f: f.get("aic"), lambda v: _fixed(v, 1)),
        ("fixed_effects", "Fixed effects", _fixed_effects, str),
        ("time_dependence", "Time dependence", _time_dependence, str),
        ("se_type", "SE type", lambda f: f.get("se_type"), lambda v: SE_LABELS.get(v, v or "")),
    ]


_ALWAYS_SHOWN = {"outcome", "estimator"}


INTERCEPTS: frozenset[str] = frozenset({"const", "Intercept", "intercept", "_cons", "(Intercept)"})


def default_terms(fits: Iterable[Mapping[str, Any]]) -> list[str]:
    """All coefficient terms of the fits: alliance terms first, then by first appearance, intercept last."""
    fits = list(fits)
    terms = [f["alliance_term"] for f in fits if f.get("alliance_term")]
    terms += [c["term"] for f in fits for c in f.get("coefficients") or []]
    unique = list(dict.fromkeys(terms))
    return [t for t in unique if t not in INTERCEPTS] + [t for t in unique if t in INTERCEPTS]


def _not_estimated(fit: Mapping[str, Any]) -> str:
    return f"not estimated: {fit.get('reason') or 'unknown reason'}"


def _coefficient_cells(
    fit: Mapping[str, Any], term: str, first: bool, stars: Sequence[float], digits: int
) -> tuple[Cell, Cell]:
    """The estimate cell and the standard-error cell of one term in one column."""
    if not is_ok(fit):
        return (Cell(_not_estimated(fit)) if first else Cell()), Cell()
    coef = coefficient(fit, term)
    if coef is None:
        return Cell(), Cell()
    se = format_number(coef.get("std_error"), digits)
    return (
        Cell(format_number(coef.get("estimate"), digits), stars_for(coef.get("p_value"), stars)),
        Cell(f"({se})" if se else ""),
    )


def _tidy_regression(
    fits: Sequence[Mapping[str, Any]],
    heads: Sequence[str],
    terms: Sequence[str],
    labels: Mapping[str, str],
    stars: Sequence[float],
) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for fit, head in zip(fits, heads):
        base = {"fit": fit["name"], "column": head}
        if not is_ok(fit):
            rows.append(base | {"kind": "status", "term": "status", "label": "Status", "value": _not_estimated(fit)})
        elif is_doubtful(fit):
            rows.append(base | {"kind": "status", "term": "status", "label": "Status",
                                "value": f"doubtful: {doubt_text(fit)}"})
        for term in terms if is_ok(fit) else ():
            coef = coefficient(fit, term)
            if coef is not None:
                rows.append(base | {
                    "kind": "coefficient", "term": term, "label": labels.get(term, term),
                    "estimate": coef.get("estimate"), "std_error": coef.get("std_error"),
                    "p_value": coef.get("p_value"), "stars": stars_for(coef.get("p_value"), stars),
                })
        for key, label, get, _ in _summary_rows(labels):
            if is_ok(fit) or key in _ALWAYS_SHOWN:
                rows.append(base | {"kind": "summary", "term": key, "label": label, "value": get(fit)})
    return pd.DataFrame(rows, columns=_TIDY_COLUMNS)


def _data_note(fits: Sequence[Mapping[str, Any]], sources: Sequence[str]) -> str:
    cited = list(sources) or list(dict.fromkeys(s for f in fits for s in f.get("sources") or []))
    return "Data: " + ("; ".join(cited) if cited else "no source recorded") + "."


def regression_table(
    fits: Sequence[Mapping[str, Any]],
    *,
    columns: Sequence[str],
    column_labels: Sequence[str] | None = None,
    variables: Sequence[str] | None = None,
    labels: Mapping[str, str],
    stars: Sequence[float] = STARS,
    digits: int = 3,
    title: str,
    notes: Sequence[str] = (),
    provenance: str,
    sources: Sequence[str] = (),
) -> Table:
    """Build a regression table: coefficients with standard errors below, then fit statistics.

    Parameters
    ----------
    fits
        Fit records (any superset of those shown).
    columns
        Names of the fits to show, in column order.
    column_labels
        Column headers; default ``(1)``, ``(2)``, ... with a note giving each fit's label.
    variables
        Terms to show, in order; default all terms, alliance terms first.
    labels
        Human labels of terms and outcomes.
    stars
        Significance thresholds.
    digits
        Decimals of coefficients and standard errors.
    title
        Caption.
    notes
        Extra notes, printed after the standard-error and star legend.
    provenance
        One-line provenance (see :func:`alliancewar.outputs.provenance.provenance_line`).
    sources
        Data-source citations for the "Data:" note; default the fits' ``sources`` names.

    Returns
    -------
    Table
        Failed fits show "not estimated: <reason>" in their column.

    Raises
    ------
    KeyError
        When a requested column names no fit.
    ValueError
        When ``column_labels`` and ``columns`` differ in length.
    """
    by_name = {f["name"]: f for f in fits}
    missing = [c for c in columns if c not in by_name]
    if missing:
        raise KeyError(f"regression_table: no fit record named {missing}; have {sorted(by_name)}")
    chosen = [by_name[c] for c in columns]
    if column_labels is not None and len(column_labels) != len(columns):
        raise ValueError(f"regression_table: {len(column_labels)} column labels for {len(columns)} columns")
    heads = list(column_labels) if column_labels is not None else [f"({i})" for i in range(1, len(chosen) + 1)]
    heads = [f"{h}{DOUBT_MARK}" if is_doubtful(f) else h for h, f in zip(heads, chosen)]
    terms = list(variables) if variables is not None else default_terms(f for f in chosen if is_ok(f))

    coef_rows: list[Row] = []
    for i, term in enumerate(terms or [""]):  # one empty row keeps "not estimated" visible
        pairs = [_coefficient_cells(f, term, i == 0, stars, digits) for f in chosen]
        coef_rows += [Row(labels.get(term, term), tuple(p[0] for p in pairs)), Row("", tuple(p[1] for p in pairs))]
    summary = [
        Row(label, tuple(Cell(fmt(get(f)) if is_ok(f) or key in _ALWAYS_SHOWN else "") for f in chosen))
        for key, label, get, fmt in _summary_rows(labels)
    ]
    all_notes = [f"Coefficients with standard errors in parentheses. {stars_note(stars)}"]
    if column_labels is None:
        key = "; ".join(f"{h} {f.get('label') or f['name']}" for h, f in zip(heads, chosen))
        all_notes.append(f"Columns: {key}.")
    doubtful = [f"{h} {doubt_text(f)}" for h, f in zip(heads, chosen) if is_doubtful(f)]
    if doubtful:
        all_notes.append(f"{DOUBT_MARK} Doubtful fit (estimated, but read with care): {'; '.join(doubtful)}.")
    all_notes += [*notes, _data_note(chosen, sources)]
    return Table(
        title=title,
        stub="",
        columns=tuple(heads),
        blocks=(tuple(coef_rows), tuple(summary)),
        notes=tuple(all_notes),
        provenance=provenance,
        tidy=_tidy_regression(chosen, heads, terms, labels, stars),
    )


# --------------------------------------------------------------------------------------------
# Descriptive and Singer-Small tables
# --------------------------------------------------------------------------------------------


def _numeric(df: pd.DataFrame, column: str) -> pd.Series:
    if column not in df.columns:
        raise KeyError(f"column '{column}' not in data frame; have {list(df.columns)}")
    try:
        return df[column].astype("float64")
    except (TypeError, ValueError) as exc:
        raise ValueError(f"column '{column}' is not numeric ({df[column].dtype})") from exc


def descriptive_table(
    df: pd.DataFrame,
    variables: Sequence[str],
    labels: Mapping[str, str],
    *,
    title: str = "Descriptive statistics",
    notes: Sequence[str] = (),
    provenance: str = "",
    digits: int = 3,
) -> Table:
    """Summarise variables: N non-missing, mean, standard deviation, minimum and maximum.

    Parameters
    ----------
    df
        Panel (dyad-, state- or system-years).
    variables
        Numeric (or boolean) columns, in row order.
    labels
        Human labels of the variables.
    title, notes, provenance, digits
        As in :func:`regression_table`.
    """
    stats = []
    for var in variables:
        s = _numeric(df, var).dropna()
        stats.append({
            "variable": var, "label": labels.get(var, var), "n": len(s),
            "mean": s.mean() if len(s) else None, "sd": s.std() if len(s) > 1 else None,
            "min": s.min() if len(s) else None, "max": s.max() if len(s) else None,
        })
    rows = tuple(
        Row(st["label"], (Cell(_count(st["n"])), *(Cell(_fixed(st[k], digits)) for k in ("mean", "sd", "min", "max"))))
        for st in stats
    )
    return Table(
        title=title, stub="Variable", columns=("N", "Mean", "SD", "Min", "Max"), blocks=(rows,),
        notes=tuple(notes), provenance=provenance, tidy=pd.DataFrame(stats),
    )


_CORR_COLUMNS = ["period", "measure", "lead", "method", "r", "conf_low", "conf_high", "p_value", "n"]


def _lead_phrase(lead: int) -> str:
    lead = int(lead)
    return "same year" if lead == 0 else f"onsets t+{lead}"


def _n_range(values: pd.Series) -> str:
    values = values.dropna()
    if values.empty:
        return ""
    lo, hi = int(values.min()), int(values.max())
    return _count(lo) if lo == hi else f"{_count(lo)}\u2013{_count(hi)}"


def singer_small_table(
    corr: pd.DataFrame,
    labels: Mapping[str, str],
    *,
    stars: Sequence[float] = STARS,
    digits: int = 2,
    title: str = "Alliance aggregation and the onset of war (after Singer and Small 1968)",
    notes: Sequence[str] = (),
    provenance: str = "",
    p_column: str = "p_value",
) -> Table:
    """Tabulate system-level correlations between alliance aggregation and later war onsets.

    One row pair per (measure, lead, method): the correlation with stars, and its 95%
    interval in brackets below; one column per period; a bottom row with the number of years.
    With a ``form`` column (:data:`alliancewar.models.timeseries.FORMS`), one block per form,
    headline form first, each opened by a row naming it; a correlation flagged ``persistent``
    (its test may over-reject) carries :data:`DOUBT_MARK`.

    Parameters
    ----------
    corr
        Columns period, measure, lead, method, r, conf_low, conf_high, p_value, n (optionally
        form, headline, persistent and adjusted p-values).
    labels
        Human labels of the measures.
    stars, digits, title, notes, provenance
        As in :func:`regression_table`.
    p_column
        The p-values behind the stars (e.g. ``p_value_holm``, adjusted within each family).
    """
    missing = [c for c in [*_CORR_COLUMNS, p_column] if c not in corr.columns]
    if missing:
        raise KeyError(f"singer_small_table: correlations frame lacks {missing}")
    periods = list(dict.fromkeys(corr["period"]))
    several_methods = corr["method"].nunique() > 1
    forms = list(dict.fromkeys(corr["form"])) if "form" in corr.columns else [None]
    blocks: list[tuple[Row, ...]] = []
    for form in forms:
        part = corr if form is None else corr[corr["form"] == form]
        rows: list[Row] = [] if len(forms) == 1 else [Row(f"Form: {FORM_LABELS.get(form, form)}",
                                                          tuple(Cell() for _ in periods))]
        for (measure, lead, method), group in part.groupby(["measure", "lead", "method"], sort=False):
            by_period = {p: g.iloc[0] for p, g in group.groupby("period", sort=False)}
            label = f"{labels.get(measure, measure)}, {_lead_phrase(lead)}"
            label += f" ({str(method).capitalize()})" if several_methods else ""
            tops, bottoms = [], []
            for period in periods:
                rec = by_period.get(period)
                if rec is None:
                    tops.append(Cell())
                    bottoms.append(Cell())
                    continue
                mark = DOUBT_MARK if bool(rec.get("persistent", False)) else ""
                tops.append(Cell(_fixed(rec["r"], digits) + mark, stars_for(rec[p_column], stars)))
                bottoms.append(Cell(f"[{_fixed(rec['conf_low'], digits)}, {_fixed(rec['conf_high'], digits)}]"))
            rows += [Row(label, tuple(tops)), Row("", tuple(bottoms))]
        blocks.append(tuple(rows))
    years = Row("Years (N)", tuple(Cell(_n_range(corr.loc[corr["period"] == p, "n"])) for p in periods))
    keep = [*_CORR_COLUMNS, *(c for c in corr.columns if c not in _CORR_COLUMNS and c in _CORR_EXTRA)]
    tidy = corr[keep].copy()
    tidy.insert(2, "measure_label", [labels.get(m, m) for m in tidy["measure"]])
    tidy["stars"] = [stars_for(p, stars) for p in corr[p_column]]
    return Table(
        title=title, stub="Measure", columns=tuple(period_label(p) for p in periods),
        blocks=(*blocks, (years,)),
        notes=(f"Correlations with 95% confidence intervals in brackets. {stars_note(stars)}", *notes),
        provenance=provenance, tidy=tidy,
    )


#: Display names of the forms of a lead correlation (:data:`alliancewar.models.timeseries.FORMS`).
FORM_LABELS: dict[str, str] = {
    "change": "change of the measure in t", "levels": "levels",
    "detrended": "both series detrended", "differenced": "both series differenced",
}
#: Columns of a correlations frame kept in the Singer-Small CSV besides :data:`_CORR_COLUMNS`.
_CORR_EXTRA = ("outcome", "form", "headline", "n_eff", "persistent", "p_value_holm", "p_value_bh", "family_size",
               "p_boot", "boot_conf_low", "boot_conf_high", "block_length", "n_boot")


# --------------------------------------------------------------------------------------------
# Robustness summary
# --------------------------------------------------------------------------------------------

_OUTCOMES = ("positive", "negative", "neither")


def _classify(fit: Mapping[str, Any], alpha: float) -> str:
    if not is_ok(fit):
        return "failed"
    coef = alliance_coefficient(fit)
    if coef is None:
        raise ValueError(
            f"fit '{fit.get('name')}' is ok but has no coefficient for its alliance term '{fit.get('alliance_term')}'"
        )
    return effect_direction(coef.get("estimate"), coef.get("p_value"), alpha)


def _tally(group: pd.DataFrame) -> dict[str, Any]:
    counts = group["result"].value_counts()
    n_ok = int(sum(counts.get(k, 0) for k in _OUTCOMES))
    row: dict[str, Any] = {"n_fits": len(group), "n_failed": int(counts.get("failed", 0)), "n_ok": n_ok,
                           "n_doubtful": int(group["doubtful"].sum())}
    row |= {f"n_{k}": int(counts.get(k, 0)) for k in _OUTCOMES}
    row |= {f"share_{k}": counts.get(k, 0) / n_ok if n_ok else float("nan") for k in _OUTCOMES}
    return row


def robustness_summary(
    fits: Sequence[Mapping[str, Any]], *, alpha: float = 0.05, by: Sequence[str] = DIMENSIONS
) -> pd.DataFrame:
    """Count how often the alliance term is positive/negative and significant, overall and by dimension.

    Parameters
    ----------
    fits
        Fit records (named and grid).
    alpha
        Significance level.
    by
        Specification dimensions, read with :func:`spec_value`.

    Returns
    -------
    pandas.DataFrame
        Columns ``dimension, option, n_fits, n_failed, n_ok, n_doubtful, n_positive, n_negative,
        n_neither, share_positive, share_negative, share_neither``; the first row is
        ``("all", "all")``. Shares are out of the fits estimated (failed fits are counted apart);
        ``n_doubtful`` counts the estimated fits with status ``warning``.

    Raises
    ------
    ValueError
        When an ok fit lacks the coefficient of its alliance term.
    """
    frame = pd.DataFrame({d: [spec_value(f, d) for f in fits] for d in by})
    frame["result"] = [_classify(f, alpha) for f in fits]
    frame["doubtful"] = [is_doubtful(f) for f in fits]
    rows = [{"dimension": "all", "option": "all"} | _tally(frame)]
    for dim in by:
        for option, group in frame.groupby(dim, sort=False):
            rows.append({"dimension": dim, "option": option} | _tally(group))
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Dialect:
    escape: Callable[[str], str]
    stars: Callable[[str], str]
    wrap: Callable[[str], str] = lambda cell: cell


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "\u2013": "--", "\u2014": "---", "\u2212": "$-$",
}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX_SPECIALS))


def latex_escape(text: str) -> str:
    """Escape LaTeX special characters; a minus sign before a number becomes ``$-$``."""
    escaped = _LATEX_RE.sub(lambda m: _LATEX_SPECIALS[m.group()], text)
    return re.sub(r"(?<![\w$-])-(?=\.?\d)", "$-$", escaped)


_MARKDOWN_RE = re.compile(r"([\\`*_|<~$])")


def markdown_escape(text: str) -> str:
    """Escape characters that Markdown would read as markup (including the table pipe)."""
    return _MARKDOWN_RE.sub(r"\\\1", text)


def html_escape(text: str) -> str:
    """Escape text for HTML content and attributes."""
    return html.escape(text, quote=True)


LATEX_WRAP_AT = 24
"""Data cells longer than this (e.g. "not estimated: <reason>") are wrapped in a narrow parbox."""


def _latex_wrap(cell: str) -> str:
    return rf"\parbox[t]{{3.2cm}}{{\centering {cell}}}" if len(cell) > LATEX_WRAP_AT else cell


_LATEX = _Dialect(latex_escape, lambda s: f"$^{{{s}}}$", _latex_wrap)
_MARKDOWN = _Dialect(markdown_escape, markdown_escape)
_HTML = _Dialect(html_escape, lambda s: f"<sup>{html_escape(s)}</sup>")


def _render_cells(table: Table, dialect: _Dialect) -> tuple[list[str], list[list[list[str]]]]:
    """Escape every header and cell of ``table`` for ``dialect``: (header, blocks of rows)."""

    def cell(c: Cell) -> str:
        return dialect.wrap(dialect.escape(c.text) + (dialect.stars(c.stars) if c.stars else ""))

    header = [dialect.escape(table.stub), *(dialect.escape(c) for c in table.columns)]
    blocks = [[[dialect.escape(r.label), *(cell(c) for c in r.cells)] for r in block] for block in table.blocks]
    return header, blocks


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _comment_safe(text: str) -> str:
    text = _one_line(text)
    while "--" in text:
        text = text.replace("--", "- -")
    return text


def _latex_row(cells: Sequence[str]) -> str:
    return " & ".join(cells) + r" \\"


def _markdown_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def to_latex(table: Table) -> str:
    """Render a booktabs table in a ``threeparttable`` with notes, preceded by a provenance comment."""
    header, blocks = _render_cells(table, _LATEX)
    lines = [
        f"% provenance: {_one_line(table.provenance)}",
        r"\begin{table}[htbp]",
        r"\centering",
        r"\begin{threeparttable}",
        rf"\caption{{{latex_escape(table.title)}}}",
        rf"\begin{{tabular}}{{l{'c' * len(table.columns)}}}",
        r"\toprule",
        _latex_row(header),
    ]
    for block in blocks:
        lines += [r"\midrule", *(_latex_row(r) for r in block)]
    lines += [r"\bottomrule", r"\end{tabular}"]
    if table.notes:
        lines += [r"\begin{tablenotes}[flushleft]", r"\footnotesize"]
        lines += [rf"\item {latex_escape(n)}" for n in table.notes]
        lines += [r"\end{tablenotes}"]
    lines += [r"\end{threeparttable}", r"\end{table}"]
    return "\n".join(lines) + "\n"


LATEX_PREAMBLE = "\n".join([
    r"\documentclass[11pt]{article}",
    r"\usepackage[T1]{fontenc}",
    r"\usepackage[utf8]{inputenc}",
    r"\usepackage{lmodern}",
    r"\usepackage[margin=2cm]{geometry}",
    r"\usepackage{booktabs}",
    r"\usepackage{threeparttable}",
    r"\pagestyle{empty}",
])
"""Packages a table from :func:`to_latex` needs (booktabs, threeparttable)."""


def latex_document(table: Table) -> str:
    """Wrap :func:`to_latex` in a minimal compilable article."""
    return f"{LATEX_PREAMBLE}\n\\begin{{document}}\n{to_latex(table)}\\end{{document}}\n"


def to_markdown(table: Table) -> str:
    """Render a GitHub-flavoured Markdown table with the title above and the notes below."""
    header, blocks = _render_cells(table, _MARKDOWN)
    lines = [
        f"<!-- provenance: {_comment_safe(table.provenance)} -->",
        "",
        f"**{markdown_escape(table.title)}**",
        "",
        _markdown_row(header),
        "|" + "|".join([":---", *[":---:"] * len(table.columns)]) + "|",
        *(_markdown_row(r) for block in blocks for r in block),
    ]
    if table.notes:
        lines += ["", "Notes:", "", *(f"- {markdown_escape(n)}" for n in table.notes)]
    return "\n".join(lines) + "\n"


def to_html(table: Table) -> str:
    """Render a plain ``<table>`` with a caption, one ``<tbody>`` per block and the notes in ``<tfoot>``."""
    header, blocks = _render_cells(table, _HTML)
    lines = [
        f"<!-- provenance: {_comment_safe(table.provenance)} -->",
        '<table class="aw-table">',
        f"<caption>{html_escape(table.title)}</caption>",
        "<thead>",
        "<tr>" + "".join(f'<th scope="col">{h}</th>' for h in header) + "</tr>",
        "</thead>",
    ]
    for block in blocks:
        lines.append("<tbody>")
        lines += [f'<tr><th scope="row">{r[0]}</th>' + "".join(f"<td>{c}</td>" for c in r[1:]) + "</tr>" for r in block]
        lines.append("</tbody>")
    if table.notes:
        span = len(header)
        lines += ["<tfoot>", *(f'<tr><td colspan="{span}">{html_escape(n)}</td></tr>' for n in table.notes), "</tfoot>"]
    lines.append("</table>")
    return "\n".join(lines) + "\n"


def to_csv(table: Table) -> str:
    """Write the table's tidy content as CSV, preceded by a ``# provenance:`` comment line."""
    return f"# provenance: {_one_line(table.provenance)}\n" + table.tidy.to_csv(index=False, lineterminator="\n")
