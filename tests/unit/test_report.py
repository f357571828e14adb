"""Tests of :mod:`alliancewar.outputs.report` and :mod:`alliancewar.outputs.provenance`."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest

from alliancewar.outputs import provenance as P
from alliancewar.outputs.figures import coefficient_plot, predicted_probability_plot
from alliancewar.outputs.headlines import headline_sentences
from alliancewar.outputs.report import SECTIONS, render_report
from alliancewar.outputs.style import save_figure
from alliancewar.outputs.tables import regression_table, robustness_summary, to_html

from .outputs_fixtures import LABELS, REGRESSION_COLUMNS, load_corr, load_fits

SOURCES = [
    {"name": "atop_v5.1", "title": "Alliance Treaty Obligations and Provisions (ATOP)", "version": "5.1",
     "coverage": {"start": 1815, "end": 2018}, "citation": "Leeds et al. (2002) <International Interactions>"},
    {"name": "cow_interstate_war_v4.0", "title": "COW Inter-State War Data", "version": "4.0",
     "coverage": (1816, 2007), "citation": "Sarkees & Wayman (2010)"},
]


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("figures")
    fits = load_fits()
    made = {"coefficients": coefficient_plot(fits, {}), "probabilities": predicted_probability_plot(fits, LABELS)}
    return {name: save_figure(fig, out / name, formats=("png",), dpi=40)[0] for name, fig in made.items()}


@pytest.fixture(scope="module")
def provenance(tmp_path_factory) -> dict:
    raw = tmp_path_factory.mktemp("raw") / "atop5_1m.csv"
    raw.write_text("atopid,member\n1001,200\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(P, "_git", lambda repo, *args: None)  # as outside a repository, without running git
        return P.collect_provenance(repo_dir=raw.parent, config={"alpha": 0.05, "periods": ["1816-1899"]},
                                    raw_files={str(raw): hashlib.sha256(raw.read_bytes()).hexdigest()},
                                    started="2025-01-01T00:00:00Z", finished="2025-01-01T00:05:00Z")


@pytest.fixture(scope="module")
def html(figures, provenance) -> str:
    fits = load_fits()
    table = regression_table(fits, columns=REGRESSION_COLUMNS, labels=LABELS, title="Main results",
                             provenance=P.provenance_line(provenance))
    return render_report(
        title="Do alliances go together with war?",
        question="Did the growth of alliances in the 20th century go with more wars & polarisation?",
        claim="Alliance growth went with more wars <and> with polarisation (2025).",
        sources=SOURCES,
        headlines=headline_sentences(fits, load_corr(), labels=LABELS),
        tables={"main": to_html(table)},
        figures=figures,
        robustness=robustness_summary(fits),
        failed_fits=[f for f in fits if f["status"] == "failed"],
        provenance=provenance,
        captions={"coefficients": "Odds ratios of the named fits"},
    )


def test_report_has_every_section_in_order(html: str) -> None:
    ids = re.findall(r'<section id="([a-z]+)">', html)
    assert ids == [sid for sid, _ in SECTIONS]
    assert ids == ["verdict", "question", "data", "answer", "sample", "tables", "figures", "robustness", "failed",
                   "provenance", "replications"]


def test_every_figure_is_embedded_as_data_uri(html: str, figures: dict[str, Path]) -> None:
    for name, path in figures.items():
        match = re.search(rf'<figure id="fig-{name}">\s*<img src="data:image/png;base64,([^"]+)"', html)
        assert match, name
        assert base64.b64decode(match.group(1)) == path.read_bytes()
    assert "<figcaption>Odds ratios of the named fits</figcaption>" in html
    assert "<figcaption>Probabilities</figcaption>" in html


def test_report_loads_nothing_from_outside(html: str) -> None:
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<link" not in html and "<script" not in html and "@import" not in html
    assert re.findall(r'href="([^"]+)"', html) == [f"#{sid}" for sid, _ in SECTIONS]


def test_report_escapes_text_and_keeps_content(html: str) -> None:
    assert "wars &amp; polarisation" in html and "&lt;and&gt;" in html
    assert "Leeds et al. (2002) &lt;International Interactions&gt;" in html
    assert "1815–2018" in html and "1816–2007" in html
    assert "allied dyads were less likely to go to war with each other" in html
    assert '<table class="aw-table">' in html
    assert "clogit_failed_1816_1899" in html.split('id="failed"')[1]
    assert provenance_key_in(html, "config_hash")
    assert ("Of 6 specifications, 5 were estimated (of which 0 doubtful) and 1 failed. Among those estimated, the alliance term was "
            "positive and significant in 2, negative and significant in 2 and not significant in 1.") in html


def provenance_key_in(html: str, key: str) -> bool:
    return f"<dt>{key}</dt>" in html.split('id="provenance"')[1]


def test_report_rejects_non_png_figure(tmp_path: Path) -> None:
    fake = tmp_path / "fig.png"
    fake.write_bytes(b"GIF89a")
    with pytest.raises(ValueError, match="not a PNG"):
        render_report(title="t", question="q", claim="c", sources=[], headlines=[], tables={},
                      figures={"x": fake}, robustness=robustness_summary([]), failed_fits=[], provenance={})


# --- provenance -------------------------------------------------------------------------------


def test_provenance_outside_a_repository(provenance: dict) -> None:
    assert provenance["commit"] == "unknown" and provenance["dirty"] is None
    assert provenance["config"] == {"alpha": 0.05, "periods": ["1816-1899"]}
    (path, digest), = provenance["raw_files"].items()
    assert digest == hashlib.sha256(Path(path).read_bytes()).hexdigest()
    assert set(provenance["packages"]) >= {"python", "pandas", "numpy", "statsmodels", "linearmodels", "snakemake",
                                           "matplotlib", "networkx", "pandera", "pooch"}
    assert provenance["started"] == "2025-01-01T00:00:00Z"
    json.dumps(provenance)


def test_config_hash_is_canonical() -> None:
    a = P.config_hash({"b": [1, 2], "a": {"y": 1, "x": "é"}})
    b = P.config_hash({"a": {"x": "é", "y": 1}, "b": [1, 2]})
    assert a == b != P.config_hash({"a": {"x": "é", "y": 2}, "b": [1, 2]})
    assert a == hashlib.sha256('{"a":{"x":"é","y":1},"b":[1,2]}'.encode()).hexdigest()


def test_git_state_when_git_is_missing(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert P.git_state(tmp_path) == ("unknown", None)


@pytest.mark.parametrize(("status", "dirty"), [("", False), (" M src/alliancewar/io.py", True)])
def test_git_state_reads_commit_and_dirty_flag(monkeypatch, tmp_path: Path, status: str, dirty: bool) -> None:
    answers = {"rev-parse": "0123456789abcdef0123456789abcdef01234567", "status": status}
    monkeypatch.setattr(P, "_git", lambda repo, *args: answers[args[0]])
    assert P.git_state(tmp_path) == (answers["rev-parse"], dirty)


def test_provenance_line() -> None:
    prov = {"commit": "0123456789abcdef", "config_hash": "abcdef0123456789", "dirty": False}
    assert P.provenance_line(prov) == "alliancewar 0123456789 config abcdef012345"
    assert P.provenance_line(prov | {"dirty": True}).endswith(" (dirty)")
