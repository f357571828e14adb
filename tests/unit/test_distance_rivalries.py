"""Capital and minimum distance, strategic rivalries and UCDP/PRIO conflict dyad-years on hand-made fixtures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancewar.panels.distance import (EARTH_RADIUS_KM, add_capital_distance, add_gleditsch_capdist,
                                         add_minimum_distance, capital_years, great_circle_km)
from alliancewar.panels.rivalries import add_rivalries, rivalry_dyad_years
from alliancewar.panels.ucdp import add_ucdp_conflicts, conflict_dyad_years

T = pd.Timestamp


def test_great_circle_on_the_sphere():
    assert great_circle_km(0, 0, 0, 180) == pytest.approx(np.pi * EARTH_RADIUS_KM)
    assert great_circle_km(90, 0, -90, 0) == pytest.approx(np.pi * EARTH_RADIUS_KM)
    assert great_circle_km(10, 20, 10, 20) == pytest.approx(0.0)
    # haversine by hand, Washington (38.9047, -77.0164) - Moscow (55.7558, 37.6178), mean radius 6371.0088 km
    p1, p2, dl = np.radians(38.9047), np.radians(55.7558), np.radians(37.6178 + 77.0164)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    ref = 2 * 6371.0088 * np.arcsin(np.sqrt(h))
    assert great_circle_km(38.9047, -77.0164, 55.7558, 37.6178, radius=6371.0088) == pytest.approx(ref, rel=1e-12)


def _capitals():
    return pd.DataFrame({"ccode": [140, 140, 2], "capital": ["Rio", "Brasilia", "Washington"],
                         "start": [T("1822-01-01"), T("1960-04-21"), T("1816-01-01")],
                         "end": [T("1960-04-20"), T("2024-12-31"), T("2024-12-31")],
                         "lat": [-22.9, -15.8, 38.9], "lng": [-43.2, -47.9, -77.0]})


def test_capital_of_a_year_is_the_one_of_its_first_day():
    cy = capital_years(_capitals()).set_index(["ccode", "year"])
    assert cy.loc[(140, 1960), "lat"] == -22.9  # Rio on 1 January 1960
    assert cy.loc[(140, 1961), "lat"] == -15.8
    panel = pd.DataFrame({"ccode1": [2, 140], "ccode2": [140, 2], "year": [1961, 1961]})
    out = add_capital_distance(panel, _capitals())
    want = great_circle_km(38.9, -77.0, -15.8, -47.9)
    assert out["capdist"].tolist() == pytest.approx([want, want])


def test_minimum_distance_is_attached_in_either_direction():
    md = pd.DataFrame({"ccode1": [2, 2], "ccode2": [20, 70], "year": [1950, 1950], "mindist": [0.0, 12.5]})
    panel = pd.DataFrame({"ccode1": [2, 70, 20, 2], "ccode2": [70, 2, 2, 20], "year": [1950, 1950, 1950, 1951]})
    out = add_minimum_distance(panel, md)
    assert out["mindist"].tolist()[:3] == [12.5, 12.5, 0.0] and np.isnan(out["mindist"].iloc[3])


def test_gleditsch_capdist_goes_through_the_year_s_gw_codes():
    capdist = pd.DataFrame({"gwcode1": [2, 260], "gwcode2": [260, 2], "kmdist": [6700.0, 6700.0], "midist": [1, 1]})
    cw = pd.DataFrame({"ccode": [2, 255, 260, 2], "gwcode": [2, 260, 260, 2], "year": [1950, 1950, 1960, 1960]})
    panel = pd.DataFrame({"ccode1": [2, 2, 2], "ccode2": [255, 260, 255], "year": [1950, 1960, 1960]})
    out = add_gleditsch_capdist(panel, capdist, cw)
    assert out["capdist_gleditsch"].tolist()[:2] == [6700.0, 6700.0]
    assert np.isnan(out["capdist_gleditsch"].iloc[2])  # no G-W code for COW 255 in 1960 here


def _rivalries():
    return pd.DataFrame({"ccode1": [300, 750, 750], "ccode2": [345, 770, 770], "start": [1903, 1947, 1950],
                         "end": [1920, 1949, 1952], "positional": [1, 1, 0], "spatial": [1, 0, 1],
                         "ideological": [0, 0, 0], "interventionary": [1, 0, 0]})


def test_rivalry_years_overlaps_and_the_austria_code_fix():
    ry = rivalry_dyad_years(_rivalries(), "tss").set_index(["ccode1", "ccode2", "year"])
    assert (300, 345, 1918) in ry.index and (305, 345, 1919) in ry.index and (300, 345, 1919) not in ry.index
    assert len(ry.loc[(750, 770)]) == 6  # 1947-1952
    assert ry.loc[(750, 770, 1947), "rivalry_tss_spatial"] == 0 and ry.loc[(750, 770, 1951), "rivalry_tss_spatial"] == 1
    panel = pd.DataFrame({"ccode1": [750, 770, 750], "ccode2": [770, 750, 770], "year": [1947, 1947, 1946]})
    out = add_rivalries(panel, _rivalries(), "tss")
    assert out["rivalry_tss"].tolist() == [1, 1, 0] and out["rivalry_tss"].dtype == np.int8


def _conflicts():
    return pd.DataFrame({"conflict_id": [1, 1, 1, 2, 3], "year": [1948, 1949, 1951, 2001, 1990],
                         "type_of_conflict": [2, 2, 2, 2, 3], "intensity_level": [2, 1, 1, 2, 2],
                         "gwno_a": ["750", "750", "750", "700", "700"], "gwno_b": ["770", "770", "770", "200,2", "2"],
                         "gwno_a_2nd": ["", "", "", "", ""], "gwno_b_2nd": ["", "", "", "20", ""]})


def test_conflict_dyads_onsets_after_a_gap_and_several_parties():
    cy = conflict_dyad_years(_conflicts()).set_index(["ccode1", "ccode2", "year"])
    assert cy.loc[(750, 770, 1948), "ucdp_onset"] == 1 and cy.loc[(750, 770, 1949), "ucdp_onset"] == 0
    assert cy.loc[(750, 770, 1951), "ucdp_onset"] == 1  # new episode after an inactive year
    assert cy.loc[(750, 770, 1948), "ucdp_war_ongoing"] == 1 and cy.loc[(750, 770, 1949), "ucdp_war_ongoing"] == 0
    assert {(2, 700), (200, 700)} <= {k[:2] for k in cy.index} and (2, 700, 1990) not in cy.index  # type 3 ignored
    assert (20, 700, 2001) not in cy.index
    assert (20, 700, 2001) in conflict_dyad_years(_conflicts(), secondary=True).set_index(
        ["ccode1", "ccode2", "year"]).index


def test_conflict_codes_are_mapped_to_cow_by_year():
    cw = pd.DataFrame({"gwcode": [750, 770, 700, 200, 2], "ccode": [750, 770, 700, 200, 2], "year": [1948] * 2 +
                       [2001] * 3})
    cy = conflict_dyad_years(_conflicts(), cw)
    assert set(cy["year"]) == {1948, 2001}  # 1949 and 1951 have no crosswalk rows here: dropped
    panel = pd.DataFrame({"ccode1": [750, 2], "ccode2": [770, 700], "year": [1948, 2000]})
    out = add_ucdp_conflicts(panel, cy)
    assert out["ucdp_ongoing"].tolist() == [1, 0]
