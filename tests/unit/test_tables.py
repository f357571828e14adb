"""Tests of :mod:`alliancewar.outputs.tables`: table content, escaping, renderers, robustness summary.

Golden files
------------
The renderers are compared byte for byte with the files in ``tests/fixtures/golden/``
(regression, descriptive and Singer-Small tables in LaTeX, Markdown, HTML and CSV, plus the
standalone LaTeX document). After an intended change of the output, regenerate them with::

    ALLIANCEWAR_UPDATE_GOLDEN=1 /work/venv/bin/pytest tests/unit/test_tables.py

and review the diff of ``tests/fixtures/golden/`` before committing.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from collections.abc import Callable

import pandas as pd
import pytest

from alliancewar.outputs import tables as T
from .outputs_fixtures import (
    GOLDEN_DIR,
    LABELS,
    PROVENANCE,
    REGRESSION_COLUMNS,
    SOURCES,
    fit_named,
    load_corr,
    load_fits,
)

UPDATE_GOLDEN = os.environ.get("ALLIANCEWAR_UPDATE_GOLDEN") == "1"


def regression() -> T.Table:
    return T.regression_table(
        load_fits(),
        columns=REGRESSION_COLUMNS,
        labels=LABELS,
        title="Alliances & war onset, 1816–2014",
        notes=["Sample: all dyads & state-years; 95% intervals; ~ marks nothing, $ nothing, # nothing."],
        provenance=PROVENANCE,
        sources=SOURCES,
    )


def descriptive_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "atop_any_lag1": [0, 1, 1, 0, None, 1],
        "cinc_ratio_ln": [0.1, 1.5, -0.3, 2.2, 0.7, 0.05],
        "war_onset": [False, False, True, False, False, True],
    })


def descriptive() -> T.Table:
    return T.descriptive_table(
        descriptive_frame(), ["atop_any_lag1", "cinc_ratio_ln", "war_onset"], LABELS, provenance=PROVENANCE
    )


def singer_small() -> T.Table:
    return T.singer_small_table(load_corr(), LABELS, notes=["Data: COW alliances 4.1; COW wars 4.0."],
                                provenance=PROVENANCE)


BUILDERS: dict[str, Callable[[], T.Table]] = {
    "regression": regression, "descriptive": descriptive, "singer_small": singer_small,
}
RENDERERS: dict[str, Callable[[T.Table], str]] = {
    "tex": T.to_latex, "md": T.to_markdown, "html": T.to_html, "csv": T.to_csv,
}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN_DIR / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing golden file {path}; run with ALLIANCEWAR_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", RENDERERS)
@pytest.mark.parametrize("table", BUILDERS)
def test_renderer_matches_golden(table: str, fmt: str) -> None:
    check_golden(f"{table}.{fmt}", RENDERERS[fmt](BUILDERS[table]()))


def test_latex_document_matches_golden() -> None:
    check_golden("regression_document.tex", T.latex_document(regression()))


def _tex_engine() -> list[str] | None:
    if shutil.which("tectonic"):
        return ["tectonic", "--chatter", "minimal", "table.tex"]
    if shutil.which("pdflatex"):
        return ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "table.tex"]
    return None


@pytest.mark.skipif(_tex_engine() is None, reason="no TeX engine (pdflatex or tectonic) on PATH")
@pytest.mark.parametrize("table", BUILDERS)
def test_latex_document_compiles(table: str, tmp_path) -> None:
    (tmp_path / "table.tex").write_text(T.latex_document(BUILDERS[table]()), encoding="utf-8")
    done = subprocess.run(_tex_engine(), cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert (tmp_path / "table.pdf").stat().st_size > 0


# --- regression table content -----------------------------------------------------------------


def test_failed_fit_column_says_not_estimated_with_reason() -> None:
    table = regression()
    failed = REGRESSION_COLUMNS.index("clogit_failed_1816_1899")
    first = table.blocks[0][0].cells[failed].text
    assert first == "not estimated: quasi-complete separation (100% of onsets in dyads never allied)"
    summary = {row.label: row.cells[failed].text for row in table.blocks[1]}
    assert summary["N"] == "" and summary["Estimator"] == "Conditional logit"


def test_default_terms_put_alliance_terms_first_and_intercept_last() -> None:
    labels = [row.label for row in regression().blocks[0] if row.label]
    assert labels[:3] == [LABELS["atop_any_lag1"], LABELS["cow_any_lag1"], LABELS["allied_any_lag1"]]
    assert labels[-1] == "Constant"


def test_bottom_rows_show_fixed_effects_time_dependence_and_se_type() -> None:
    rows = {row.label: [c.text for c in row.cells] for row in regression().blocks[1]}
    assert rows["Fixed effects"][:3] == ["No", "No", "Dyad, Year"]
    assert rows["Time dependence"][:4] == ["Yes (cubic)", "Yes (cubic)", "No", "Yes (splines)"]
    assert rows["SE type"][2] == "Two-way clustered"
    assert rows["N"][2] == "598,211" and rows["Log-likelihood"][2] == ""


def test_small_coefficients_are_not_shown_as_zero() -> None:
    cells = regression().blocks[0][2].cells  # the COW alliance term (LPM column)
    assert cells[2] == T.Cell("-0.00021", "**")


def test_notes_cite_sources_and_explain_stars_and_columns() -> None:
    notes = regression().notes
    assert notes[0].endswith("* p < 0.1, ** p < 0.05, *** p < 0.01.")
    assert notes[1].startswith("Columns: (1) Baseline: war onset, ATOP any alliance, 1816-1899;")
    assert notes[-1] == "Data: " + "; ".join(SOURCES) + "."


def test_sources_default_to_the_fit_records() -> None:
    table = T.regression_table(load_fits(), columns=["baseline_1900_1945"], labels={}, title="t", provenance="p")
    assert table.notes[-1] == "Data: atop_v5.1; cow_interstate_war_v4.0; cow_nmc_v6.0; cow_direct_contiguity_v3.2."


def test_explicit_variables_and_column_labels() -> None:
    table = T.regression_table(
        load_fits(), columns=["baseline_1816_1899", "baseline_1900_1945"], column_labels=["1816-1899", "1900-1945"],
        variables=["atop_any_lag1"], labels=LABELS, title="t", provenance="p",
    )
    assert table.columns == ("1816-1899", "1900-1945")
    assert len(table.blocks[0]) == 2
    assert not any(n.startswith("Columns:") for n in table.notes)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"columns": ["nope"]}, KeyError), ({"columns": ["baseline_1900_1945"], "column_labels": ["a", "b"]}, ValueError)],
)
def test_regression_table_rejects_bad_columns(kwargs, error) -> None:
    with pytest.raises(error):
        T.regression_table(load_fits(), labels={}, title="t", provenance="p", **kwargs)


@pytest.mark.parametrize(
    ("p", "stars"), [(0.2, ""), (0.1, ""), (0.0999, "*"), (0.05, "*"), (0.049, "**"), (0.0099, "***"), (None, "")]
)
def test_stars_for(p, stars) -> None:
    assert T.stars_for(p) == stars


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [(-0.00021, 3, "-0.00021"), (0.1234, 3, "0.123"), (-0.0004, 3, "-0.0004"), (-0.0005, 3, "-0.001"),
     (0.0, 3, "0.000"), (12345.678, 1, "12,345.7"), (None, 3, ""), (math.nan, 3, "")],
)
def test_format_number(value, digits, text) -> None:
    assert T.format_number(value, digits) == text


# --- escaping and renderers -------------------------------------------------------------------


def test_latex_escape_specials_and_minus() -> None:
    assert T.latex_escape("R&D_2 50% $x #1 {a} ~ ^ \\") == (
        r"R\&D\_2 50\% \$x \#1 \{a\} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    assert T.latex_escape("[-0.30, 1900–1945]") == "[$-$0.30, 1900--1945]"
    assert T.latex_escape("t-1") == "t-1"


def test_markdown_and_html_escape() -> None:
    assert T.markdown_escape("a|b *c* _d_ <e> ~f~ $g$") == r"a\|b \*c\* \_d\_ \<e> \~f\~ \$g\$"
    assert T.html_escape('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"


def test_provenance_in_every_format_and_comment_safe() -> None:
    table = regression()
    assert T.to_latex(table).startswith(f"% provenance: {PROVENANCE}\n")
    assert T.to_csv(table).startswith(f"# provenance: {PROVENANCE}\n")
    assert T.to_html(table).startswith(f"<!-- provenance: {PROVENANCE} -->\n")
    assert T.to_markdown(table).startswith(f"<!-- provenance: {PROVENANCE} -->\n")
    tricky = T.Table("t", "", ("a",), ((T.Row("r", (T.Cell("1"),)),),), (), "x --> y\nz", pd.DataFrame())
    assert T.to_html(tricky).splitlines()[0] == "<!-- provenance: x - -> y z -->"


def test_csv_is_tidy_and_readable() -> None:
    tidy = pd.read_csv(pd.io.common.StringIO(T.to_csv(regression())), comment="#")
    coef = tidy[(tidy["kind"] == "coefficient") & (tidy["fit"] == "baseline_1900_1945")]
    assert coef.set_index("term").loc["atop_any_lag1", ["estimate", "std_error", "p_value", "stars"]].tolist() == [
        -0.478, 0.207, 0.021, "**",
    ]
    assert tidy[tidy["kind"] == "status"]["value"].str.startswith("not estimated: ").all()
    assert set(tidy[tidy["kind"] == "summary"]["term"]) >= {"n_obs", "n_events", "n_clusters", "loglik", "aic"}


# --- descriptive and Singer-Small tables ------------------------------------------------------


def test_descriptive_statistics_match_pandas() -> None:
    df = descriptive_frame()
    tidy = descriptive().tidy.set_index("variable")
    assert tidy.loc["atop_any_lag1", "n"] == 5
    assert tidy.loc["cinc_ratio_ln", "sd"] == pytest.approx(df["cinc_ratio_ln"].std())
    assert tidy.loc["war_onset", "mean"] == pytest.approx(1 / 3)


def test_descriptive_rejects_text_and_missing_columns() -> None:
    with pytest.raises(ValueError, match="not numeric"):
        T.descriptive_table(pd.DataFrame({"x": ["a", "b"]}), ["x"], {})
    with pytest.raises(KeyError, match="'y'"):
        T.descriptive_table(pd.DataFrame({"x": [1.0]}), ["y"], {})


def test_singer_small_layout() -> None:
    table = singer_small()
    assert table.columns == ("1816–1899", "1900–1945")
    first, ci = table.blocks[0][:2]
    assert first.label == "Share of states in any alliance, onsets t+1 (Pearson)"
    assert first.cells[1] == T.Cell("0.46", "***") and ci.cells[1].text == "[0.19, 0.67]"
    assert [c.text for c in table.blocks[1][0].cells] == ["81–83", "43–45"]


# --- robustness summary -----------------------------------------------------------------------


def test_robustness_summary_counts() -> None:
    summary = T.robustness_summary(load_fits()).set_index(["dimension", "option"])
    overall = summary.loc[("all", "all")]
    counts = ["n_fits", "n_failed", "n_ok", "n_positive", "n_negative", "n_neither"]
    assert overall[counts].tolist() == [6, 1, 5, 2, 2, 1]
    assert overall["share_positive"] == pytest.approx(0.4)
    dyad = summary.loc[("level", "dyad")]
    assert dyad[["n_fits", "n_failed", "n_negative", "n_neither"]].tolist() == [4, 1, 2, 1]
    assert summary.loc[("alliance_source", "cow"), "n_ok"] == 2
    assert math.isnan(summary.loc[("estimator", "clogit"), "share_positive"])


def test_robustness_alpha_changes_classification() -> None:
    strict = T.robustness_summary(load_fits(), alpha=0.01).set_index(["dimension", "option"])
    assert strict.loc[("all", "all"), ["n_positive", "n_negative", "n_neither"]].tolist() == [2, 0, 3]


def test_robustness_rejects_ok_fit_without_alliance_term() -> None:
    fit = fit_named(load_fits(), "baseline_1900_1945")
    fit["coefficients"] = fit["coefficients"][1:]
    with pytest.raises(ValueError, match="baseline_1900_1945"):
        T.robustness_summary([fit])


def test_select_primary_prefers_named_fits() -> None:
    named = fit_named(load_fits(), "baseline_1900_1945")
    grid = dict(named, name="grid__1", group="grid")
    picked = T.select_primary([grid, named], lambda f: True)
    assert picked[("dyad", "1900-1945")]["name"] == "baseline_1900_1945"


def test_table_of_failed_fits_only_still_says_not_estimated() -> None:
    table = T.regression_table(load_fits(), columns=["clogit_failed_1816_1899"], labels={}, title="t", provenance="p")
    assert table.blocks[0][0].cells[0].text.startswith("not estimated: quasi-complete separation")
