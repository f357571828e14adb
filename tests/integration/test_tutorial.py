"""The documentation's executable parts: the tutorial page runs, and the API docstrings' examples pass.

Both run on a temporary cache filled from the mirror (``ALLIANCEWAR_CACHE``, ``ALLIANCEWAR_MIRROR``).
"""

from __future__ import annotations

import doctest
import re

import pytest

import alliancewar as aw
from alliancewar.api import data

from ..conftest import ROOT

pytestmark = [pytest.mark.mirror, pytest.mark.slow]
TUTORIAL = ROOT / "docs" / "tutorial.md"


def code_blocks(path) -> list[str]:
    """The ```python blocks of a Markdown page, in order."""
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture
def temp_cache(tmp_path, mirror, monkeypatch):
    before = data.settings()
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv("ALLIANCEWAR_MIRROR", str(mirror))
    aw.configure(cache_dir=None, mirror=None)
    yield tmp_path / "cache"
    aw.configure(cache_dir=before.cache_dir, mirror=before.mirror, cow_alliances_dir=before.cow_alliances_dir)


def test_tutorial_runs_and_fits_a_model_in_under_20_lines(temp_cache, capsys):
    blocks = code_blocks(TUTORIAL)
    assert len(blocks) == 3
    lines = [ln for ln in blocks[0].splitlines() if ln.strip()]
    assert len(lines) < 20
    ns: dict = {}
    for block in blocks:
        exec(compile(block, str(TUTORIAL), "exec"), ns)
    fit, sample = ns["fit"], ns["sample"]
    assert fit.mle_retvals["converged"]
    assert int(sample["war_onset"].sum()) > 200 and len(sample) > 500_000
    assert fit.params["contig_any"] > 0  # Bremer: contiguity is dangerous
    out = capsys.readouterr().out
    assert "@article{leeds2002atop," in out and "atop_s_un_glo" in out
    assert (temp_cache / "raw" / "atop_v5.1").is_dir()  # the data came through the temporary cache


@pytest.mark.parametrize("module", ["alliancewar.api.create", "alliancewar.api.verbs", "alliancewar.api.toolkit_verbs",
                                    "alliancewar.api.cite", "alliancewar.api.data",
                                    "alliancewar.panels.similarity", "alliancewar.panels.distance"])
def test_docstring_examples(module, temp_cache):
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
