"""Pandera schemas of the clean tables added with the public API (issue 11): capitals, minimum and
capital distance, rivalries, the Gleditsch-Ward system, the COW <-> G-W crosswalk and UCDP/PRIO."""

from __future__ import annotations

from pandera.pandas import Check, Column, DataFrameSchema

_CODE = Column("Int64", Check.in_range(2, 999), nullable=False)
_YEAR = Column("Int64", Check.in_range(1400, 2030), nullable=False)
_DATE = Column("datetime64[ns]", Check.in_range("1400-01-01", "2030-12-31"), nullable=False)
_FLAG = Column("Int64", Check.isin([0, 1]), nullable=False)
_KM = Column("float64", Check.in_range(0, 20_100), nullable=False)


def _spells(start: str, end: str) -> Check:
    return Check(lambda df: df[end] >= df[start], name=f"{end}_not_before_{start}")


def _ordered(a: str, b: str) -> Check:
    return Check(lambda df: df[a] < df[b], name=f"{a}_lt_{b}")


def _capitals(code: str) -> DataFrameSchema:
    return DataFrameSchema({code: _CODE, "capital": Column("string"), "start": _DATE, "end": _DATE,
                            "lat": Column("float64", Check.in_range(-90, 90)),
                            "lng": Column("float64", Check.in_range(-180, 180))},
                           checks=_spells("start", "end"), unique=[code, "start"], strict=True)


def _mindist(code: str) -> DataFrameSchema:
    return DataFrameSchema({f"{code}1": _CODE, f"{code}2": _CODE, "year": _YEAR, "mindist": _KM},
                           checks=_ordered(f"{code}1", f"{code}2"), unique=[f"{code}1", f"{code}2", "year"],
                           strict=True)


def _rivalries(extra: dict[str, Column]) -> DataFrameSchema:
    cols = {"rivalry_id": Column("Int64", Check.ge(1), nullable=False), "rivalry": Column("string"),
            "ccode1": _CODE, "ccode2": _CODE, "start": _YEAR, "end": _YEAR, **extra}
    cols.update({t: _FLAG for t in ("positional", "spatial", "ideological", "interventionary")})
    return DataFrameSchema(cols, checks=[_ordered("ccode1", "ccode2"), _spells("start", "end")],
                           unique=["rivalry_id"], strict=True)


_CROSSWALK = {"ccode": Column("Int64", Check.in_range(2, 999), nullable=True),
              "gwcode": Column("Int64", Check.in_range(2, 999), nullable=True), "year": _YEAR}

TOOLKIT_SCHEMAS: dict[str, DataFrameSchema] = {
    "cow_capitals": _capitals("ccode"),
    "gw_capitals": _capitals("gwcode"),
    "cow_mindist": _mindist("ccode"),
    "gw_mindist": _mindist("gwcode"),
    "capdist": DataFrameSchema({"gwcode1": _CODE, "gwcode2": _CODE, "kmdist": _KM,
                                "midist": Column("float64", Check.in_range(0, 12_500))},
                               unique=["gwcode1", "gwcode2"], strict=True),
    "tss_rivalries": _rivalries({"principal": _FLAG, "aprin": _FLAG}),
    "td_rivalries": _rivalries({"region": Column("string")}),
    "gw_states": DataFrameSchema({"gwcode": _CODE, "stateabb": Column("string"), "spell": Column("Int64"),
                                  "statenme": Column("string"), "start": _DATE, "end": _DATE},
                                 checks=_spells("start", "end"), unique=["gwcode", "start"], strict=True),
    "cw_gw_years": DataFrameSchema(_CROSSWALK, unique=["ccode", "year"], strict=True),
    "gw_cw_years": DataFrameSchema(_CROSSWALK, unique=["gwcode", "year"], strict=True),
    "ucdp_conflict_years": DataFrameSchema(
        {"conflict_id": Column("Int64", nullable=False), "year": Column("Int64", Check.in_range(1946, 2030)),
         "type_of_conflict": Column("Int64", Check.isin([1, 2, 3, 4])),
         "incompatibility": Column("Int64", Check.isin([1, 2, 3])),
         "intensity_level": Column("Int64", Check.isin([1, 2])), "ep_end": _FLAG,
         "start_date": _DATE, "start_date2": _DATE,
         **{c: Column("string") for c in ("gwno_a", "gwno_b", "gwno_a_2nd", "gwno_b_2nd")}},
        unique=["conflict_id", "year"], strict=True),
}
