"""Strategic rivalries of Thompson & Dreyer (2012), 1494-2010 (peacesciencer ``td_rivalries``).

One row per rivalry: the two COW codes (ordered, ccode1 < ccode2), first and last year (rivalries
still under way end in 2010), the Handbook's region and up to three types (``type1``-``type3``
in the source: spatial, positional, ideological, interventionary), turned here into one 0/1
column per type (1 when any of the three names it).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataFormatError
from .rdata import read_rdata, whole_numbers

SOURCE = "td_rivalries"
TABLES = ("td_rivalries",)
TYPES = ("positional", "spatial", "ideological", "interventionary")


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``td_rivalries.rda``."""
    path = Path(raw_dir) / "td_rivalries.rda"
    raw = read_rdata(path, "td_rivalries", ["rivalryno", "rivalryname", "ccode1", "ccode2", "styear", "endyear",
                                            "region", "type1", "type2", "type3"])
    raw = whole_numbers(raw, ["rivalryno", "ccode1", "ccode2", "styear", "endyear"], path)
    named = raw[["type1", "type2", "type3"]].astype("string")
    unknown = set(named.stack().dropna().str.strip()) - set(TYPES)
    if unknown:
        raise DataFormatError(f"{path}: unknown rivalry type(s) {sorted(unknown)} in type1-type3; known {TYPES}")
    lo, hi = np.minimum(raw["ccode1"], raw["ccode2"]), np.maximum(raw["ccode1"], raw["ccode2"])
    out = pd.DataFrame({"rivalry_id": raw["rivalryno"], "rivalry": raw["rivalryname"].astype("string"),
                        "ccode1": lo.astype("Int64"), "ccode2": hi.astype("Int64"), "start": raw["styear"],
                        "end": raw["endyear"], "region": raw["region"].astype("string")})
    for t in TYPES:
        out[t] = named.apply(lambda c: c.str.strip() == t).any(axis=1).astype("Int64")
    return {"td_rivalries": out.sort_values("rivalry_id").reset_index(drop=True)}
