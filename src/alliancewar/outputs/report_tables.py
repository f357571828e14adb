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
from ..models.multitest import adjust_within
from ..sources import Source
from . import tables as T
from .citing import cited_sources, data_note, fit_sources, variable_sources
from .claim import ClaimOptions, claim_fits, claim_frame
from .claim import tidy as claim_tidy
from .claim_text import claim_table
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
    """The record holding the Singer & Small correlations (``singer_small`` preferred), or None.

    The claim's own correlation designs (specifications with a ``claim`` key) are left to the
    claim table."""
    found = [f for f in fits if T.is_ok(f) and f.get("estimator") == "correlation"
             and (f.get("extra") or {}).get("correlations") and not (f.get("spec") or {}).get("claim")]
    return next((f for f in found if f["name"] == "singer_small"), found[0] if found else None)


#: Families of the Singer & Small correlations for the adjusted p-values: a period's measures x
#: leads x methods, one family per form.
CORRELATION_FAMILY = ("period", "form")


def correlations(record: Mapping[str, Any] | None) -> pd.DataFrame | None:
    """The record's correlations in display order, with adjusted p-values, missing columns as NA.

    Rows are ordered by period (the record's ``periods``), form (as recorded: the headline form
    first), measure (its alliance measure, then ``measures``), lead and method (Pearson first),
    so the first row of each period is the primary one (what the headlines report). Rows that
    could not be tested (``status: failed``) are left out. ``p_value_holm`` and ``p_value_bh``
    adjust ``p_value`` within :data:`CORRELATION_FAMILY`. A record without forms (before the
    effective-sample-size designs) counts as one form, ``levels``, all of it headline.
    """
    if record is None:
        return None
    spec = record.get("spec") or {}
    corr = pd.DataFrame(record["extra"]["correlations"])
    if "status" in corr.columns:
        corr = corr[corr["status"] != "failed"].reset_index(drop=True)
    defaults = {"period": spec.get("period"), "measure": spec.get("alliance"), "method": "pearson",
                "form": "levels", "headline": True, "outcome": spec.get("outcome")}
    for col in ("period", "measure", "lead", "method", "r", "conf_low", "conf_high", "p_value", "n", "form",
                "headline", "outcome"):
        if col not in corr.columns:
            corr[col] = defaults.get(col)
    corr["period"] = corr["period"].astype(str)
    corr["headline"] = corr["headline"].astype(bool)
    rank = {
        "period": _ranks([*(spec.get("periods") or []), *corr["period"]]),
        "form": _ranks(corr["form"]),
        "measure": _ranks([spec.get("alliance"), *(spec.get("measures") or []), *corr["measure"]]),
        "method": _ranks(["pearson", "spearman", *corr["method"]]),
    }
    key = pd.DataFrame({c: corr[c].map(r) for c, r in rank.items()} | {"lead": corr["lead"]})
    order = key.sort_values(["period", "form", "measure", "lead", "method"], kind="stable").index
    corr = corr.loc[order].reset_index(drop=True)
    corr["p_value"] = pd.to_numeric(corr["p_value"], errors="coerce")
    return adjust_within(corr, list(CORRELATION_FAMILY)) if len(corr) else corr


def _ranks(values: Iterable[Any]) -> dict[Any, int]:
    return {v: i for i, v in enumerate(dict.fromkeys(values))}


def singer_small_table(record: Mapping[str, Any] | None, corr: pd.DataFrame | None, labels: Mapping[str, str],
                       registry: Mapping[str, Source], prov: str, adjustment: str = "holm") -> T.Table:
    """The Singer & Small table (stars from p-values adjusted within period and form), or an
    empty table saying why there is none."""
    p_col = f"p_value_{adjustment}"
    if corr is None or corr.empty:
        corr = pd.DataFrame(columns=["period", "measure", "lead", "method", "r", "conf_low", "conf_high",
                                     "p_value", "n", p_col])
        return T.singer_small_table(corr, labels, notes=["No system-level correlation record was estimated "
                                                         "in this run."], provenance=prov, p_column=p_col)
    undefined = corr["r"].isna()
    outcome = str(corr["outcome"].iloc[0]) if "outcome" in corr.columns else "war_onsets"
    name = "Holm (1979)" if adjustment == "holm" else "Benjamini-Hochberg (1995)"
    notes = [f"Pearson correlations of each measure in year t with {_lower(labels.get(outcome, outcome))} in years "
             "t+1..t+k, in each form of the pair: the change of the measure in t against the outcome as observed "
             "(the headline form for a level: valid for trending series), levels, both series detrended, both "
             "differenced. Tests and 95% intervals use the effective sample size of the two autocorrelated "
             "series (Pyper & Peterman 1998; Fisher-z intervals).",
             f"Stars use p-values adjusted by {name} within each family: one period and form, its measures x leads. "
             "Raw, Holm and Benjamini-Hochberg p-values and the stationary-bootstrap check of the headline form "
             "(Politis & Romano 1994; block length after Politis & White 2004) are in the CSV.",
             f"{T.DOUBT_MARK} Persistent pair (geometric mean of the lag-1 autocorrelations above 0.6): the test may "
             "over-reject (levels of the alliance shares, whose autocorrelation is 0.9-0.98). Correlations, not "
             "effects; the claim's tests and verdicts are in the claim table."]
    if undefined.any():
        cells = dict.fromkeys(f"{labels.get(m, m)} in {T.period_label(p)}"
                              for m, p in zip(corr.loc[undefined, "measure"], corr.loc[undefined, "period"]))
        notes.append(f"Not defined (the measure is constant): {'; '.join(cells)}.")
    untested = [n for n in (record.get("extra") or {}).get("notes") or [] if "not tested" in n]
    if untested:
        notes.append(f"Not tested: {'; '.join(untested)}.")
    notes.append(data_note(fit_sources([record]), registry))
    return T.singer_small_table(corr[~undefined], labels, notes=notes, provenance=prov, p_column=p_col)


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def robustness_table(fits: Sequence[Mapping[str, Any]], dims: Sequence[str], alpha: float, prov: str
                     ) -> tuple[pd.DataFrame, T.Table]:
    """:func:`~alliancewar.outputs.tables.robustness_summary` over all fits but the claim's system
    designs (their tests are counted, with adjusted p-values, in the claim table), and a display
    table of it."""
    claims = {id(f) for f in claim_fits(fits)}
    summary = T.robustness_summary([f for f in fits if id(f) not in claims], alpha=alpha, by=dims)
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
               "there are few events per coefficient (see the report's list of doubtful fits).",
               "The system-level tests of the claim are not counted here: see the claim table, whose verdicts use "
               "p-values adjusted for the number of tests."),
        provenance=prov, tidy=summary,
    )
    return summary, table


def write_robustness(table: T.Table, stem: Path) -> list[Path]:
    """Write ``robustness.csv/.md/.html``."""
    render = {"csv": T.to_csv, "md": T.to_markdown, "html": T.to_html}
    return [write_text(render[ext](table), stem.parent / f"{stem.name}.{ext}") for ext in ROBUSTNESS_FORMATS]


def claim_tables(frame: pd.DataFrame, fits: Sequence[Mapping[str, Any]], labels: Mapping[str, str],
                 opts: ClaimOptions, registry: Mapping[str, Source], prov: str) -> tuple[T.Table, str]:
    """The verdict table (headline tests) and the CSV text of every test in every form."""
    table = claim_table(frame, labels, opts, prov, notes=[data_note(fit_sources(claim_fits(fits)), registry)])
    every = claim_tidy(frame).to_csv(index=False, lineterminator="\n")
    return table, f"# provenance: {prov}\n{every}"


def write_tables(
    fits: Sequence[Mapping[str, Any]], corr: pd.DataFrame | None, panels: Mapping[str, pd.DataFrame],
    opts: Mapping[str, Any], config: Mapping[str, Any], labels: Mapping[str, str],
    registry: Mapping[str, Source], prov: str, out: Path, claim: pd.DataFrame | None = None,
) -> tuple[dict[str, T.Table], pd.DataFrame, list[Path]]:
    """Build and write every table into ``out`` (``claim``: the :func:`~alliancewar.outputs.claim.claim_frame`).

    Returns
    -------
    (dict, DataFrame, list)
        The tables shown in the report by name, the robustness summary, the files written.
    """
    dims = list(((config.get("models") or {}).get("grid") or {}).get("vary") or {})
    tables = regression_tables(fits, opts, config, labels, registry, prov)
    tables |= descriptive_tables(panels, opts, labels, registry, prov, config)
    claim_opts = ClaimOptions.from_outputs(opts)
    tables["singer_small"] = singer_small_table(singer_small_record(fits), corr, labels, registry, prov,
                                                claim_opts.adjustment)
    tables["deletion"] = deletion_table(headline_fits(fits), labels, prov)
    frame = claim if claim is not None else claim_frame(fits, claim_opts)
    tables["claim"], every = claim_tables(frame, fits, labels, claim_opts, registry, prov)
    summary, robust = robustness_table(fits, list(dict.fromkeys([*T.DIMENSIONS, *dims])), opts["alpha"], prov)
    written = [p for name, t in tables.items() for p in write_table(t, out / name)]
    named = [f for f in fits if f.get("group") == "named"]
    accounting = accounting_frame(named).to_csv(index=False, lineterminator="\n")
    written.append(write_text(f"# provenance: {prov}\n{accounting}", out / "sample_accounting.csv"))
    written.append(write_text(every, out / "claim_tests.csv"))
    return tables, summary, written + write_robustness(robust, out / "robustness")
