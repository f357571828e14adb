"""The tables of a run, built from the fit records, the panels and the ``outputs`` config section:
regression tables (``outputs.tables``), descriptive statistics, the Singer & Small correlations and
the robustness summary, each written as LaTeX, Markdown, HTML and CSV."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..io import write_text
from ..sources import Source
from . import tables as T
from .citing import cited_sources, data_note, fit_sources, variable_sources
from .headlines import headline_fits
from .options import ROBUSTNESS_FORMATS, TABLE_FORMATS, state_system
from .sample_tables import accounting_frame, deletion_table

log = logging.getLogger(__name__)


TERM_LABELS: dict[str, str] = {
    "t": "Peace years", "t2": "Peace years squared", "t3": "Peace years cubed", "const": "Constant",
    "trend": "Trend (centuries from 1900)", "era_1900": "Era 1900-1945", "era_1946": "Era 1946 onwards",
}
"""Labels of design terms that are not panel variables (time dependence, constant, eras)."""


def term_labels(fits: Iterable[Mapping[str, Any]], base: Mapping[str, str]) -> dict[str, str]:
    """Registry labels plus labels of design terms (peace-year polynomials and splines, eras)."""
    out = dict(base) | TERM_LABELS
    for fit in fits:
        alliance = str(fit.get("alliance_term"))
        for coef in fit.get("coefficients") or []:
            term = coef["term"]
            spline = re.fullmatch(r"t_spline(\d+)", term)
            era = re.fullmatch(rf"{re.escape(alliance)}_x_era_(\d+)", term)
            if spline:
                out.setdefault(term, f"Peace-years spline {spline.group(1)}")
            elif era:
                out.setdefault(term, f"{out.get(alliance, alliance)} x era from {era.group(1)}")
    return out


def write_table(table: T.Table, stem: Path, *, document: bool = True) -> list[Path]:
    """Write ``<stem>.tex/.md/.html/.csv`` and, with ``document``, ``<stem>_document.tex``."""
    render = {"tex": T.to_latex, "md": T.to_markdown, "html": T.to_html, "csv": T.to_csv}
    paths = [write_text(render[ext](table), stem.parent / f"{stem.name}.{ext}") for ext in TABLE_FORMATS]
    if document:
        paths.append(write_text(T.latex_document(table), stem.parent / f"{stem.name}_document.tex"))
    return paths


def _absent_reason(name: str, config: Mapping[str, Any]) -> str:
    spec = ((config.get("models") or {}).get("named") or {}).get(name) or {}
    needs_cow = spec.get("requires") == "cow_alliances" or str(spec.get("alliance", "")).startswith("cow")
    if needs_cow and not config.get("cow_alliances_dir"):
        return f"{name} (needs COW alliances; config key cow_alliances_dir is not set)"
    return f"{name} (no fit record in this run)"


def _hidden_terms_note(chosen: Sequence[Mapping[str, Any]], shown: Sequence[str], labels: Mapping[str, str]
                       ) -> list[str]:
    hidden = [t for t in T.default_terms(f for f in chosen if T.is_ok(f)) if t not in shown]
    return [f"Also in the models, not shown: {', '.join(labels.get(t, t) for t in hidden)}."] if hidden else []


def regression_tables(
    fits: Sequence[Mapping[str, Any]], opts: Mapping[str, Any], config: Mapping[str, Any],
    labels: Mapping[str, str], registry: Mapping[str, Source], prov: str,
) -> dict[str, T.Table]:
    """The regression tables of ``outputs.tables``; columns without a fit record are skipped with a note."""
    by_name = {f["name"]: f for f in fits}
    out = {}
    for spec in opts["tables"]:
        present = [c for c in spec["columns"] if c in by_name]
        absent = [_absent_reason(c, config) for c in spec["columns"] if c not in by_name]
        for reason in absent:
            log.info("table %s: column skipped: %s", spec["name"], reason)
        chosen = [by_name[c] for c in present]
        variables = spec.get("variables")
        notes = [f"Not shown: {'; '.join(absent)}."] if absent else []
        notes += _hidden_terms_note(chosen, variables, labels) if variables else []
        out[spec["name"]] = T.regression_table(
            fits, columns=present, variables=variables, labels=labels, title=spec["title"], notes=notes,
            provenance=prov, sources=cited_sources(fit_sources(chosen), registry),
        )
    return out


def descriptive_tables(
    panels: Mapping[str, pd.DataFrame], opts: Mapping[str, Any], labels: Mapping[str, str],
    registry: Mapping[str, Source], prov: str, config: Mapping[str, Any],
) -> dict[str, T.Table]:
    """``descriptives_dyad`` and ``descriptives_system`` from the panels (variables from config;
    sources cited under the data versions the config chose)."""
    from ..sources import version_aliases

    aliases = version_aliases(dict(config))
    units = {"dyad": "Dyad-years (all pairs of system members)", "system": "System-years"}
    out = {}
    for level in ("dyad", "system"):
        variables = list(opts["descriptives"][level])
        df = panels[level]
        years = f"{int(df['year'].min())}\u2013{int(df['year'].max())}" if len(df) else "none"
        notes = [f"{units[level]}, {years}. N counts non-missing values: a variable is missing outside "
                 "its sources' coverage.", data_note(variable_sources(variables, aliases) | {state_system(config)},
                                                     registry)]
        out[f"descriptives_{level}"] = T.descriptive_table(
            df, variables, labels, title=f"Descriptive statistics: {units[level].split(' (')[0].lower()}",
            notes=notes, provenance=prov)
    return out


def singer_small_record(fits: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The record holding the Singer & Small correlations (``singer_small`` preferred), or None."""
    found = [f for f in fits if T.is_ok(f) and f.get("estimator") == "correlation"
             and (f.get("extra") or {}).get("correlations")]
    return next((f for f in found if f["name"] == "singer_small"), found[0] if found else None)


def correlations(record: Mapping[str, Any] | None) -> pd.DataFrame | None:
    """The record's correlations in display order, missing columns as NA.

    Rows are ordered by period (the record's ``periods``), measure (its alliance measure, then
    ``measures``), lead and method (Pearson first), so the first row of each period is the
    primary one (what the headlines report).
    """
    if record is None:
        return None
    spec = record.get("spec") or {}
    corr = pd.DataFrame(record["extra"]["correlations"])
    defaults = {"period": spec.get("period"), "measure": spec.get("alliance"), "method": "pearson"}
    for col in ("period", "measure", "lead", "method", "r", "conf_low", "conf_high", "p_value", "n"):
        if col not in corr.columns:
            corr[col] = defaults.get(col)
    corr["period"] = corr["period"].astype(str)
    rank = {
        "period": _ranks([*(spec.get("periods") or []), *corr["period"]]),
        "measure": _ranks([spec.get("alliance"), *(spec.get("measures") or []), *corr["measure"]]),
        "method": _ranks(["pearson", "spearman", *corr["method"]]),
    }
    key = pd.DataFrame({c: corr[c].map(r) for c, r in rank.items()} | {"lead": corr["lead"]})
    order = key.sort_values(["period", "measure", "lead", "method"], kind="stable").index
    return corr.loc[order].reset_index(drop=True)


def _ranks(values: Iterable[Any]) -> dict[Any, int]:
    return {v: i for i, v in enumerate(dict.fromkeys(values))}


def singer_small_table(record: Mapping[str, Any] | None, corr: pd.DataFrame | None, labels: Mapping[str, str],
                       registry: Mapping[str, Source], prov: str) -> T.Table:
    """The Singer & Small table, or an empty table saying why there is none."""
    if corr is None or corr.empty:
        corr = pd.DataFrame(columns=["period", "measure", "lead", "method", "r", "conf_low", "conf_high",
                                     "p_value", "n"])
        return T.singer_small_table(corr, labels, notes=["No system-level correlation record was estimated "
                                                         "in this run."], provenance=prov)
    undefined = corr["r"].isna()
    notes = ["Pearson and Spearman correlations of each measure in year t with the wars begun in "
             "years t+1..t+k; 95% moving-block bootstrap intervals (Kunsch 1989). The analytic "
             "p-values behind the stars ignore the overlap of windows for k > 1."]
    if undefined.any():
        cells = dict.fromkeys(f"{labels.get(m, m)} in {T.period_label(p)}"
                              for m, p in zip(corr.loc[undefined, "measure"], corr.loc[undefined, "period"]))
        notes.append(f"Not defined (the measure is constant): {'; '.join(cells)}.")
    untested = [n for n in (record.get("extra") or {}).get("notes") or [] if "not tested" in n]
    if untested:
        notes.append(f"Not tested: {'; '.join(untested)}.")
    notes.append(data_note(fit_sources([record]), registry))
    return T.singer_small_table(corr[~undefined], labels, notes=notes, provenance=prov)


def robustness_table(fits: Sequence[Mapping[str, Any]], dims: Sequence[str], alpha: float, prov: str
                     ) -> tuple[pd.DataFrame, T.Table]:
    """:func:`~alliancewar.outputs.tables.robustness_summary` over all fits, and a display table of it."""
    summary = T.robustness_summary(fits, alpha=alpha, by=dims)
    heads = ("Fits", "Failed", "Estimated", f"of which doubtful{T.DOUBT_MARK}", "Positive", "Negative", "Not sig.",
             "Share positive")
    rows = tuple(
        T.Row(f"{r.dimension}: {T.period_label(r.option)}" if r.dimension != "all" else "All fits", (
            *(T.Cell(str(int(v))) for v in (r.n_fits, r.n_failed, r.n_ok, r.n_doubtful, r.n_positive, r.n_negative,
                                            r.n_neither)),
            T.Cell("" if pd.isna(r.share_positive) else f"{r.share_positive:.0%}"),
        ))
        for r in summary.itertuples(index=False)
    )
    table = T.Table(
        title="Robustness: direction and significance of the alliance term across all specifications",
        stub="Specifications", columns=heads, blocks=(rows[:1], rows[1:]),
        notes=(f"Positive / negative: the alliance term is significant at the {alpha:g} level with that "
               "sign; not sig.: not significant. Shares are of the fits estimated. Named and grid fits.",
               f"{T.DOUBT_MARK} Doubtful: estimated, but the optimiser did not converge, the estimator warned or "
               "there are few events per coefficient (see the report's list of doubtful fits)."),
        provenance=prov, tidy=summary,
    )
    return summary, table


def write_robustness(table: T.Table, stem: Path) -> list[Path]:
    """Write ``robustness.csv/.md/.html``."""
    render = {"csv": T.to_csv, "md": T.to_markdown, "html": T.to_html}
    return [write_text(render[ext](table), stem.parent / f"{stem.name}.{ext}") for ext in ROBUSTNESS_FORMATS]


def write_tables(
    fits: Sequence[Mapping[str, Any]], corr: pd.DataFrame | None, panels: Mapping[str, pd.DataFrame],
    opts: Mapping[str, Any], config: Mapping[str, Any], labels: Mapping[str, str],
    registry: Mapping[str, Source], prov: str, out: Path,
) -> tuple[dict[str, T.Table], pd.DataFrame, list[Path]]:
    """Build and write every table into ``out``.

    Returns
    -------
    (dict, DataFrame, list)
        The tables shown in the report by name, the robustness summary, the files written.
    """
    dims = list(((config.get("models") or {}).get("grid") or {}).get("vary") or {})
    tables = regression_tables(fits, opts, config, labels, registry, prov)
    tables |= descriptive_tables(panels, opts, labels, registry, prov, config)
    tables["singer_small"] = singer_small_table(singer_small_record(fits), corr, labels, registry, prov)
    tables["deletion"] = deletion_table(headline_fits(fits), labels, prov)
    summary, robust = robustness_table(fits, list(dict.fromkeys([*T.DIMENSIONS, *dims])), opts["alpha"], prov)
    written = [p for name, t in tables.items() for p in write_table(t, out / name)]
    named = [f for f in fits if f.get("group") == "named"]
    accounting = accounting_frame(named).to_csv(index=False, lineterminator="\n")
    written.append(write_text(f"# provenance: {prov}\n{accounting}", out / "sample_accounting.csv"))
    return tables, summary, written + write_robustness(robust, out / "robustness")
