"""Tests of :mod:`alliancewar.outputs.figures` and :mod:`alliancewar.outputs.style`.

Each figure is rendered from fixture fit records or small synthetic panels, written with
``save_figure`` and read back: it must be a PNG of the declared size that is not a single colour.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import matplotlib as mpl
import matplotlib.image as mpimg
import numpy as np
import pytest
from matplotlib.figure import Figure

from alliancewar.outputs import figures as F
from alliancewar.outputs.style import OKABE_ITO, PALETTE, figure_style, save_figure

from .outputs_fixtures import LABELS, grid_fits, load_fits, network_inputs, system_panel

DPI = 60

BUILDERS: dict[str, Callable[[], Figure]] = {
    "aggregation_timeseries": lambda: F.aggregation_timeseries(system_panel(), LABELS),
    "network_snapshots": lambda: F.network_snapshots(*network_inputs()),
    "coefficient_plot": lambda: F.coefficient_plot(load_fits(), {}),
    "specification_curve": lambda: F.specification_curve(
        grid_fits(), ["level", "period", "alliance_source", "estimator"]
    ),
    "predicted_probability_plot": lambda: F.predicted_probability_plot(load_fits(), LABELS),
}


@functools.cache
def figure(name: str) -> Figure:
    """Each figure is built once per session; tests only read or save it."""
    return BUILDERS[name]()


@pytest.mark.parametrize("name", BUILDERS)
def test_figure_is_a_non_blank_png_of_declared_size(name: str, tmp_path: Path) -> None:
    fig = figure(name)
    width, height = fig.get_size_inches()
    (png,) = save_figure(fig, tmp_path / name, formats=("png",), dpi=DPI)
    image = mpimg.imread(png)
    # Agg truncates the pixel size (int(inches * dpi)), hence the one-pixel tolerance.
    assert abs(image.shape[0] - height * DPI) < 1 and abs(image.shape[1] - width * DPI) < 1
    assert len(np.unique(image.reshape(-1, image.shape[-1]), axis=0)) > 10


def test_save_figure_writes_every_format_atomically(tmp_path: Path) -> None:
    fig = figure("predicted_probability_plot")
    written = save_figure(fig, tmp_path / "sub" / "pp.v1", formats=("pdf", "png"), dpi=DPI)
    assert [p.name for p in written] == ["pp.v1.pdf", "pp.v1.png"]
    assert written[0].read_bytes().startswith(b"%PDF") and written[1].read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["pp.v1.pdf", "pp.v1.png"]


def test_style_uses_okabe_ito_with_markers_and_restores_rc() -> None:
    before = mpl.rcParams["axes.prop_cycle"]
    with figure_style():
        cycle = list(mpl.rcParams["axes.prop_cycle"])
    assert mpl.rcParams["axes.prop_cycle"] == before
    assert {c["color"] for c in cycle} == set(OKABE_ITO.values())
    assert len({c["marker"] for c in cycle}) == len({str(c["linestyle"]) for c in cycle}) == len(PALETTE)


def test_timeseries_has_two_panels_and_labels_world_wars() -> None:
    fig = figure("aggregation_timeseries")
    top, bottom = fig.axes
    assert {t.get_text() for t in top.texts} == {"World War I", "World War II"}
    assert len(top.get_lines()) == 3 and len(bottom.patches) > 100
    assert top.get_shared_x_axes().joined(top, bottom)


def test_timeseries_requires_columns() -> None:
    with pytest.raises(KeyError, match="war_onsets"):
        F.aggregation_timeseries(system_panel().drop(columns="war_onsets"), LABELS)


def test_coefficient_plot_rows_scale_and_skipped_note() -> None:
    fig = figure("coefficient_plot")
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    low, high = ax.get_xlim()
    assert low * high == pytest.approx(1.0)  # symmetric around 1 on the log scale
    assert len(ax.get_yticklabels()) == 3
    note = fig.get_supxlabel()
    for name in ("clogit_failed_1816_1899", "lpm_fe_1946_2014"):
        assert name in note.replace("\n", " ")
    # system-level fits are counted, not listed one by one
    assert "system_corr_1816_1945" not in note and "1 system-level fit (" in note.replace("\n", " ")


def test_coefficient_plot_wraps_long_labels() -> None:
    fits = [f for f in load_fits() if f["name"] == "baseline_1900_1945"]
    long = "Directed: MID initiation on the target's third-party defense pledges, 1816-1944 (Leeds 2003)"
    fig = F.coefficient_plot(fits, {"baseline_1900_1945": long})
    (label,) = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert label.replace("\n", " ") == long
    assert max(len(line) for line in label.split("\n")) <= F.COEF_LABEL_CHARS


def test_coefficient_plot_needs_an_odds_ratio() -> None:
    lpm = [f for f in load_fits() if f["name"] == "lpm_fe_1946_2014"]
    with pytest.raises(ValueError, match="odds ratio"):
        F.coefficient_plot(lpm, {})


def test_specification_curve_counts_and_choice_rows() -> None:
    fig = figure("specification_curve")
    top, bottom = fig.axes
    assert top.get_title(loc="left") == "46 specifications estimated (0 doubtful); 2 failed (not shown)"
    rows = [t.get_text() for t in bottom.get_yticklabels()]
    assert len(rows) == 2 + 3 + 2 + 3 and "period: 1816–1899" in rows


def test_predicted_probabilities_one_panel_per_level() -> None:
    fig = figure("predicted_probability_plot")
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["Dyad level", "State level"]
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["1816–1899", "1900–1945"]
    assert fig.axes[0].get_ylim()[0] == 0


def test_predicted_probabilities_mark_a_doubtful_fit() -> None:
    fits = load_fits()
    primary = F.select_primary(fits, F._has_probabilities)
    doubtful = primary[("dyad", "1900-1945")]
    doubtful.update(status="warning", doubts=["dyadic covariance was not positive semi-definite"])
    fig = F.predicted_probability_plot(fits, LABELS)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["1816–1899", "1900–1945" + F.DOUBT_MARK]
    assert "Doubtful fit" in fig.get_supxlabel()
