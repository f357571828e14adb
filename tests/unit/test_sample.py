"""Sample selection and accounting on a hand-made dyad-year frame: every drop counted exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancewar.models.sample import design, select
from alliancewar.models.spec import Spec

NAN = np.nan


def _panel():
    # 10 dyad-years of two dyads; onsets in rows 1, 4, 7 and 8
    return pd.DataFrame({
        "ccode1": [2] * 5 + [200] * 5, "ccode2": [20] * 5 + [220] * 5,
        "year": [1890, 1900, 1901, 1902, 1950, 1890, 1900, 1901, 1902, 1903],
        "war_onset": [0, 1, 0, 0, 1, 0, 0, 1, 1, NAN],
        "war_ongoing_only": [0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
        "politically_relevant": [1, 1, 1, 1, 1, 0, 1, 1, 1, 1],
        "atop_any_lag1": [0, 1, 1, 1, 0, 0, 1, NAN, 0, 0],
        "contig_any": [1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
        "joint_democracy": [0, NAN, 0, NAN, 0, 0, 0, 0, 0, 0],
        "peace_years": [0, 1, 0, 1, 0, 0, 1, 2, 0, 0],
    })


def _spec(**kw):
    values = {"label": "x", "level": "dyad", "alliance": "atop_any", "outcome": "war_onset", "period": "p",
              "years": [1900, 1949], "population": "politically_relevant",
              "controls": ["contig_any", "joint_democracy"], "time_dependence": "none", "estimator": "logit",
              "se": "naive", "alliance_lag": 1, "drop_ongoing": True, **kw}
    return Spec("x", "named", values)


def test_each_step_drops_exactly_its_rows_and_events():
    chosen, steps = select(_spec(), _panel())
    y, X, rows = design(_spec(), chosen, steps)
    assert [s["step"] for s in steps] == [
        "panel", "years outside 1900-1949", "not politically relevant",
        "ongoing years without a new onset (war_ongoing_only)", "outcome missing (war_onset)",
        "missing atop_any_lag1", "missing contig_any", "missing joint_democracy", "missing const"]
    by = {s["step"]: s for s in steps}
    assert by["panel"] == {"step": "panel", "rows": 10, "events": 4.0}
    assert (by["years outside 1900-1949"]["dropped_rows"], by["years outside 1900-1949"]["dropped_events"]) == (3, 1)
    assert by["not politically relevant"]["dropped_rows"] == 0  # row 5 (1890) already dropped
    assert by["ongoing years without a new onset (war_ongoing_only)"]["dropped_rows"] == 1
    assert by["outcome missing (war_onset)"]["dropped_rows"] == 1  # 1903
    assert (by["missing atop_any_lag1"]["dropped_rows"], by["missing atop_any_lag1"]["dropped_events"]) == (1, 1)
    assert (by["missing joint_democracy"]["dropped_rows"], by["missing joint_democracy"]["dropped_events"]) == (2, 1)
    assert len(y) == 2 and list(rows["year"]) == [1900, 1902] and y.sum() == 1
    assert steps[-1]["rows"] == len(y) == steps[0]["rows"] - sum(s["dropped_rows"] for s in steps[1:])
    assert steps[-1]["events"] == y.sum() == steps[0]["events"] - sum(s["dropped_events"] for s in steps[1:])


def test_missing_indicator_keeps_rows_with_missing_controls():
    spec = _spec(missing="indicator")
    chosen, steps = select(spec, _panel())
    y, X, rows = design(spec, chosen, steps)
    assert list(X.columns) == ["atop_any_lag1", "contig_any", "joint_democracy", "joint_democracy_missing", "const"]
    assert len(y) == 4 and y.sum() == 2  # only the missing alliance row and the missing outcome row are dropped
    assert X["joint_democracy_missing"].tolist() == [1.0, 1.0, 0.0, 0.0] and X["joint_democracy"].tolist() == [0.0] * 4
    assert np.isfinite(X.to_numpy()).all()


def test_bivariate_design_has_the_alliance_and_constant_only():
    chosen, _ = select(_spec(), _panel())
    y, X, _ = design(_spec(), chosen, controls=False)
    assert list(X.columns) == ["atop_any_lag1", "const"] and len(y) == 4


def _fit_with_accounting():
    from alliancewar.models.run import fit_spec

    panel = pd.concat([_panel()] * 40, ignore_index=True)
    panel["ccode2"] = panel["ccode2"] + np.repeat(np.arange(40), 10)  # 80 dyads
    rng = np.random.default_rng(3)
    panel["war_onset"] = np.where(panel["war_onset"].isna(), np.nan, rng.random(len(panel)) < 0.3)
    panel["contig_any"] = rng.integers(0, 2, len(panel))
    panel["joint_democracy"] = np.where(panel["joint_democracy"].isna(), np.nan, rng.integers(0, 2, len(panel)))
    return fit_spec(_spec(population="all", se="naive", bivariate=True), panel, {})


def test_accounting_and_deletion_tables_show_the_record():
    from alliancewar.outputs import tables as T
    from alliancewar.outputs.sample_tables import accounting_table, deletion_table

    fit = _fit_with_accounting()
    assert fit["status"] in ("ok", "warning") and fit["bivariate"]["before_deletion"]["status"] == "ok"
    acc = accounting_table(fit, {"joint_democracy": "Joint democracy"}, "prov")
    labels = [r.label for block in acc.blocks for r in block]
    assert labels[0] == "Panel" and "missing: Joint democracy" in labels
    last = acc.blocks[1][-1]
    assert last.cells[2].text == f"{fit['n_obs']:,}" and last.cells[3].text == f"{int(fit['n_events']):,}"
    lost = sum(s["dropped_events"] for s in fit["sample"] if s["step"].startswith("missing "))
    assert any(f"removed {int(lost):,} of" in n for n in acc.notes)
    dele = deletion_table([fit], {}, "prov")
    top = dele.blocks[0][0]
    before = fit["bivariate"]["before_deletion"]
    assert top.cells[0].text == T.format_number(np.exp(before["estimate"]), 2)
    assert f"N {before['n_obs']:,}" in dele.blocks[0][1].cells[0].text
    assert f"N {fit['n_obs']:,}" in dele.blocks[0][1].cells[2].text
    assert set(dele.tidy["column"]) == {"Alliance alone, before deletion", "Alliance alone, estimation sample",
                                        "With controls"}



def _war_panel():
    p = _panel().drop(index=9)
    p["war_onset_originator"] = [0, 1, 0, 0, 0, 0, 0, 0, 1]
    p["war_onset_joiner"] = [0, 0, 0, 0, 1, 0, 0, 1, 0]
    p["war_onset_warnum"] = [NAN, 106, NAN, NAN, 151, NAN, NAN, 106, 139]
    p["atop_any_lag1"] = 1.0
    p["joint_democracy"] = 0.0
    return p


def test_originator_models_drop_joiner_onsets_and_vice_versa():
    chosen, steps = select(_spec(outcome="war_onset_originator", population="all", years=[1800, 2000]), _war_panel())
    assert steps[-1]["step"] == "onsets of the other kind (war_onset_joiner)"
    assert steps[-1]["dropped_rows"] == 2 and chosen["war_onset_joiner"].sum() == 0
    chosen, steps = select(_spec(outcome="war_onset_joiner", population="all", years=[1800, 2000]), _war_panel())
    assert steps[-1]["dropped_rows"] == 2 and chosen["war_onset_originator"].sum() == 0


def test_excluded_wars_drop_their_onsets_only():
    spec = _spec(population="all", years=[1800, 2000], exclude_wars=[106, 139])
    chosen, steps = select(spec, _war_panel())
    assert steps[-1]["step"] == "onsets in excluded wars [106, 139]"
    assert (steps[-1]["dropped_rows"], steps[-1]["dropped_events"]) == (3, 3)
    assert list(chosen["war_onset_warnum"].dropna()) == [151]


def test_war_clusters_group_the_onsets_of_one_war():
    from alliancewar.models.run import war_clusters

    p = _war_panel()
    dyad = (p["ccode1"] * 10_000 + p["ccode2"]).to_numpy()
    c = war_clusters(p, dyad)
    assert c[1] == c[7] != c[8]  # both onsets of war 106 share a cluster
    assert c[0] == c[2] == dyad[0] and c[5] == dyad[5]  # other rows cluster by dyad


def test_multilateral_note_counts_world_wars_and_joiners():
    from alliancewar.outputs.sample_tables import multilateral_note

    dyads = pd.DataFrame({"war_onset": [1] * 10 + [0] * 5,
                          "war_onset_warnum": [106] * 4 + [139] * 2 + [55, 9, 7, 8] + [NAN] * 5,
                          "war_onset_joiner": [1, 1, 1, 0, 1, 0, 0, 0, 0, 0] + [0] * 5})
    note = multilateral_note(dyads, {106: "World War I", 55: "Seven Weeks"}, top=2)
    assert "Of the 10 dyadic war onsets" in note
    assert "the two world wars give 6 (60%)" in note
    assert "the 2 wars with the most dyadic onsets give 6 (60%): World War I (4), war 139 (2)" in note
    assert "4 onsets (40%) are states joining" in note
    assert multilateral_note(dyads.drop(columns="war_onset_joiner"), {}) is None
