"""Tests of :mod:`alliancewar.outputs.citations`."""

from __future__ import annotations

import re

import pytest

from alliancewar.outputs.citations import METHOD_BIBTEX, collect_bibtex, entry_key

from .outputs_fixtures import load_fits

REQUIRED = {
    "bremer1992": ("Journal of Conflict Resolution", "36", "2"),
    "carter2010": ("Political Analysis", "18", "3"),
    "beck1998": ("American Journal of Political Science", "42", "4"),
    "firth1993": ("Biometrika", "80", "1"),
    "king2001": ("Political Analysis", "9", "2"),
    "lemke2001": ("Journal of Conflict Resolution", "45", "1"),
    "aronow2015": ("Political Analysis", "23", "4"),
    "cameron2011": ("Journal of Business \\& Economic Statistics", "29", "2"),
    "newey1987": ("Econometrica", "55", "3"),
    "kunsch1989": ("The Annals of Statistics", "17", "3"),
    "hanmer2013": ("American Journal of Political Science", "57", "1"),
    "green2001": ("International Organization", "55", "2"),
    "leeds2003": ("American Journal of Political Science", "47", "3"),
    "miller2022": ("Conflict Management and Peace Science", "39", "6"),
    "wayman1984": ("Journal of Peace Research", "21", "1"),
    "pyper1998": ("Canadian Journal of Fisheries and Aquatic Sciences", "55", "9"),
    "bartlett1946": ("Supplement to the Journal of the Royal Statistical Society", "8", "1"),
    "chelton1983": ("Deep Sea Research Part A. Oceanographic Research Papers", "30", "10"),
    "politis1994": ("Journal of the American Statistical Association", "89", "428"),
    "politis2004": ("Econometric Reviews", "23", "1"),
    "patton2009": ("Econometric Reviews", "28", "4"),
    "schuirmann1987": ("Journal of Pharmacokinetics and Biopharmaceutics", "15", "6"),
    "lakens2017": ("Social Psychological and Personality Science", "8", "4"),
    "holm1979": ("Scandinavian Journal of Statistics", "6", "2"),
    "benjamini1995": ("Journal of the Royal Statistical Society: Series B (Methodological)", "57", "1"),
    "newey1994": ("The Review of Economic Studies", "61", "4"),
}


def field(entry: str, name: str) -> str:
    match = re.search(rf"^\s*{name}\s*=\s*\{{(.*)\}},?\s*$", entry, flags=re.MULTILINE)
    assert match, f"no {name} in {entry[:40]}"
    return match.group(1)


@pytest.mark.parametrize("key", sorted(METHOD_BIBTEX))
def test_entries_are_well_formed(key: str) -> None:
    entry = METHOD_BIBTEX[key]
    assert re.fullmatch(r"[a-z]+\d{4}", key)
    assert entry_key(entry) == key
    assert entry.count("{") == entry.count("}")
    assert field(entry, "year") == key[-4:]
    for name in ("author", "title"):
        field(entry, name)


@pytest.mark.parametrize(("key", "expected"), sorted(REQUIRED.items()))
def test_journal_articles_have_the_right_issue(key: str, expected: tuple[str, str, str]) -> None:
    entry = METHOD_BIBTEX[key]
    assert entry.startswith("@article{")
    assert (field(entry, "journal"), field(entry, "volume"), field(entry, "number")) == expected
    assert re.fullmatch(r"\d+--\d+", field(entry, "pages"))


def test_singer_small_is_a_chapter_in_the_free_press_volume() -> None:
    entry = METHOD_BIBTEX["singer1968"]
    assert entry.startswith("@incollection{singer1968,")
    assert field(entry, "title") == "Alliance Aggregation and the Onset of War, 1815--1945"
    assert field(entry, "booktitle").startswith("Quantitative International Politics")
    assert field(entry, "editor") == "Singer, J. David" and field(entry, "publisher") == "Free Press"


def test_titles_of_named_works() -> None:
    assert field(METHOD_BIBTEX["bremer1992"], "title").startswith("Dangerous Dyads")
    assert field(METHOD_BIBTEX["carter2010"], "title") == "Back to the Future: Modeling Time Dependence in Binary Data"
    assert field(METHOD_BIBTEX["lemke2001"], "title") == "The Relevance of Politically Relevant Dyads"
    assert field(METHOD_BIBTEX["green2001"], "title") == "Dirty Pool"


def test_collect_bibtex_sorts_and_deduplicates() -> None:
    text = collect_bibtex(METHOD_BIBTEX, ["firth1993", "carter2010", "firth1993"])
    assert re.findall(r"^@\w+\{(\w+),", text, flags=re.MULTILINE) == ["carter2010", "firth1993"]
    assert text == METHOD_BIBTEX["carter2010"] + "\n\n" + METHOD_BIBTEX["firth1993"] + "\n"
    assert collect_bibtex(METHOD_BIBTEX, []) == ""


def test_collect_bibtex_names_missing_keys() -> None:
    with pytest.raises(KeyError, match=r"\['logit', 'zzz2000'\]"):
        collect_bibtex(METHOD_BIBTEX, ["zzz2000", "carter2010", "logit"])


def test_collect_bibtex_rejects_mismatched_inner_key() -> None:
    with pytest.raises(ValueError, match="has key 'carter2010'"):
        collect_bibtex({"other2010": METHOD_BIBTEX["carter2010"]}, ["other2010"])


def test_fixture_fits_cite_known_methods() -> None:
    used = {key for fit in load_fits() for key in fit["methods"]}
    collect_bibtex(METHOD_BIBTEX, used)


def test_every_method_key_of_the_models_and_outputs_has_an_entry() -> None:
    from alliancewar.models.run import DESIGN_METHOD_KEYS, METHOD_KEYS
    from alliancewar.outputs.citing import FIGURE_METHODS, VARIABLE_METHODS
    from alliancewar.outputs.claim import CLAIM_METHODS

    keys = {k for ks in METHOD_KEYS.values() for k in ks} | {k for ks in DESIGN_METHOD_KEYS.values() for k in ks}
    keys |= {k for _, ks in VARIABLE_METHODS for k in ks} | {k for ks in FIGURE_METHODS.values() for k in ks}
    keys |= set(CLAIM_METHODS)
    assert sorted(keys - set(METHOD_BIBTEX)) == []
    assert {"wayman1984", "newman2004", "pyper1998", "holm1979", "newey1994"} <= keys
