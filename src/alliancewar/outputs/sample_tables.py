"""Where the rows and events go: the sample accounting of the headline fits and the alliance term
alone (before and after listwise deletion) next to the controlled estimate.

A referee's first question about a dyad-year logit is what listwise deletion did (METHODS
reviewer demand 15): a covariate with poor coverage (democracy before 1900, in wartime) can
remove a third of the war onsets, and that step alone can move the estimate more than any
control. These tables put the numbers in front of the reader.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from . import tables as T

ACCOUNTING_COLUMNS = ("Rows dropped", "Events dropped", "Rows left", "Events left")
DELETION_COLUMNS = ("Alliance alone, before deletion", "Alliance alone, estimation sample", "With controls")


def _int(value: Any) -> str:
    return "" if not T.has_value(value) else f"{int(value):,}"


def accounting_frame(fits: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Every fit's sample steps in long form (fit, label, order, step, rows and events)."""
    rows = []
    for fit in fits:
        for i, step in enumerate(fit.get("sample") or []):
            rows.append({"fit": fit["name"], "label": fit.get("label"), "order": i, "step": step["step"],
                         "dropped_rows": step.get("dropped_rows"), "dropped_events": step.get("dropped_events"),
                         "rows": step["rows"], "events": step["events"]})
    return pd.DataFrame(rows, columns=["fit", "label", "order", "step", "dropped_rows", "dropped_events", "rows",
                                       "events"])


def accounting_table(fit: Mapping[str, Any], labels: Mapping[str, str], provenance: str) -> T.Table:
    """One fit's accounting: a row per step with the rows and events it dropped and those left."""
    steps = fit.get("sample") or []
    body = []
    for step in steps[1:]:
        name = step["step"]
        if name.startswith("missing "):
            var = name.removeprefix("missing ")
            name = f"missing: {labels.get(var, var)}"
        body.append(T.Row(name, tuple(T.Cell(_int(step.get(k))) for k in (
            "dropped_rows", "dropped_events", "rows", "events"))))
    first = steps[0] if steps else {"rows": None, "events": None}
    head = T.Row("Panel", (T.Cell(""), T.Cell(""), T.Cell(_int(first["rows"])), T.Cell(_int(first["events"]))))
    lost = sum(s.get("dropped_events") or 0 for s in steps if s["step"].startswith("missing "))
    total = (steps[-1]["events"] + lost) if steps else 0
    notes = ["Each row is dropped at the first step that excludes it (missing values in design order), so the "
             "rows left equal the panel's rows less every drop."]
    if total:
        notes.append(f"Listwise deletion of missing covariates removed {int(lost):,} of {int(total):,} events "
                     f"({lost / total:.0%}).")
    tidy = accounting_frame([fit])
    return T.Table(title=f"Sample accounting: {fit.get('label') or fit['name']}", stub="Step",
                   columns=ACCOUNTING_COLUMNS, blocks=((head,), tuple(body)), notes=tuple(notes),
                   provenance=provenance, tidy=tidy)


def _ratio_cells(part: Mapping[str, Any] | None, exponentiate: bool) -> tuple[T.Cell, T.Cell]:
    if not part or part.get("status") == "failed" or not T.has_value(part.get("estimate")):
        why = (part or {}).get("reason") or "not estimated"
        return T.Cell(f"not estimated: {why}" if part else ""), T.Cell("")
    f = math.exp if exponentiate else (lambda v: v)
    est, lo, hi = (f(part[k]) for k in ("estimate", "conf_low", "conf_high"))
    mark = T.DOUBT_MARK if part.get("status") == "warning" else ""
    return (T.Cell(f"{T.format_number(est, 2)}{mark}", T.stars_for(part.get("p_value"))),
            T.Cell(f"[{T.format_number(lo, 2)}, {T.format_number(hi, 2)}]; N {_int(part.get('n_obs'))}, "
                   f"{_int(part.get('n_events'))} events"))


def deletion_table(fits: Sequence[Mapping[str, Any]], labels: Mapping[str, str], provenance: str) -> T.Table:
    """The alliance term alone before and after listwise deletion, and with the controls, per fit.

    Parameters
    ----------
    fits
        Fit records with a ``bivariate`` entry (others are left out).
    labels
        Labels (unused for now; kept for a uniform signature).
    provenance
        One-line provenance.
    """
    shown = [f for f in fits if T.is_ok(f) and f.get("bivariate")]
    rows, tidy = [], []
    for fit in shown:
        controlled = T.alliance_coefficient(fit) or {}
        full = {**controlled, "status": fit.get("status"), "n_obs": fit.get("n_obs"), "n_events": fit.get("n_events")}
        parts = [fit["bivariate"].get("before_deletion"), fit["bivariate"].get("estimation_sample"), full]
        cells = [_ratio_cells(p, exponentiate=True) for p in parts]
        rows += [T.Row(fit.get("label") or fit["name"], tuple(c[0] for c in cells)),
                 T.Row("", tuple(c[1] for c in cells))]
        for column, part in zip(DELETION_COLUMNS, parts):
            tidy.append({"fit": fit["name"], "column": column, **{k: (part or {}).get(k) for k in (
                "estimate", "std_error", "p_value", "conf_low", "conf_high", "n_obs", "n_events", "status")}})
    notes = ("Odds ratios of the alliance term with 95% intervals; the same estimator and standard errors in "
             f"each column. {T.stars_note()} Before deletion: every row of the sample with the outcome and the "
             "alliance measure known; estimation sample: the rows the controlled model keeps after listwise "
             "deletion. The difference between the first two columns is what the deletion does; between the last "
             "two, what the controls do.",)
    return T.Table(title="Alliances and war onset: what listwise deletion and the controls each do",
                   stub="Model", columns=DELETION_COLUMNS, blocks=(tuple(rows),), notes=notes,
                   provenance=provenance, tidy=pd.DataFrame(tidy))


WORLD_WARS = (106, 139)


def multilateral_note(dyads: pd.DataFrame, names: Mapping[int, str], top: int = 5) -> str | None:
    """A paragraph on the k-ad problem (Poast 2010) with the shares computed from the dyad-years.

    Counts every dyadic war onset of the panel: the share from the two world wars, from the
    ``top`` wars with the most dyadic onsets, and the share of onsets that are states joining a
    war already under way. ``None`` when the panel lacks the war columns.
    """
    if not {"war_onset", "war_onset_warnum", "war_onset_joiner"} <= set(dyads.columns):
        return None
    onsets = dyads[dyads["war_onset"] == 1]
    n = len(onsets)
    if n == 0:
        return None
    per_war = onsets["war_onset_warnum"].value_counts()
    world = int(per_war.reindex(list(WORLD_WARS)).fillna(0).sum())
    largest = per_war.head(top)
    listed = ", ".join(f"{names.get(int(w), f'war {int(w)}')} ({int(c)})" for w, c in largest.items())
    joiners = int((onsets["war_onset_joiner"] == 1).sum())
    return (f"Multilateral wars are many dyads of one event (the k-ad problem; Poast 2010). Of the {n:,} dyadic "
            f"war onsets in the panel, the two world wars give {world:,} ({world / n:.0%}) and the {top} wars with "
            f"the most dyadic onsets give {int(largest.sum()):,} ({largest.sum() / n:.0%}): {listed}. "
            f"{joiners:,} onsets ({joiners / n:.0%}) are states joining a war already under way. Dyad-year "
            "estimates therefore weigh a handful of wars heavily; the table 'multilateral' shows originating and "
            "joining onsets apart, the world wars excluded, and errors clustered by war.")
