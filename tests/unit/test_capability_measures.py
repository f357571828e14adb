"""CINC proportion, Bremer's (1992) power classes, militarization and development, by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancewar.panels.controls import add_capabilities, state_development

NA = np.nan


def test_power_classes_at_their_boundaries():
    # state 1's CINC is the stronger one: ratios 1, 3, 3.5, 10, 12, weaker 0, unknown
    cinc = [(1, .2, .2), (2, .3, .1), (3, .35, .1), (4, .5, .05), (5, .6, .05), (6, .4, 0.0), (7, .4, NA)]
    nmc = pd.DataFrame([(c, 1900, v) for i, a, b in cinc for c, v in ((i, a), (100 + i, b))],
                       columns=["ccode", "year", "cinc"])
    panel = pd.DataFrame({"ccode1": [i for i, _, _ in cinc], "ccode2": [100 + i for i, _, _ in cinc], "year": 1900})
    out = add_capabilities(panel, nmc)
    np.testing.assert_allclose(out["cinc_prop"], [1, 1 / 3, 1 / 3.5, .1, 1 / 12, NA, NA], rtol=1e-12)
    np.testing.assert_array_equal(out["cap_ratio_cat"], [1, 1, 2, 2, 3, NA, NA])
    np.testing.assert_array_equal(out["cap_ratio_small"], [1, 1, 0, 0, 0, NA, NA])
    np.testing.assert_array_equal(out["cap_ratio_medium"], [0, 0, 1, 1, 0, NA, NA])
    np.testing.assert_array_equal(out["cap_ratio_large"], [0, 0, 0, 0, 1, NA, NA])


def test_state_development_and_militarization():
    # two states: A has 3/4 of the iron/steel and energy but half the people and no cities
    nmc = pd.DataFrame({"ccode": [1, 2, 3], "year": 1900, "milper": [10, 5, 1], "tpop": [100, 100, 0],
                        "irst": [30, 10, 0], "pec": [60, 20, 0], "upop": [0, 40, NA]})
    d = state_development(nmc).set_index("ccode")
    # A: economic share 3/4, demographic share (1/2 + 0)/2 = 1/4 -> 3; B: 1/4 / ((1/2 + 1)/2) = 1/3
    np.testing.assert_allclose(d["econ_dev"].to_numpy(), [3, 1 / 3, NA], rtol=1e-12)
    np.testing.assert_array_equal(d["econ_advanced"].to_numpy(), [1, 0, NA])
    np.testing.assert_allclose(d["milit"].to_numpy(), [.1, .05, NA], rtol=1e-12)  # tpop 0: unknown
