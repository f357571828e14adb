"""Pandera schemas of the clean tables: column names, dtypes, value ranges and keys.

Every clean table is validated before it is written; a failure names the table, the column
and the offending values.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.pandas import Check, Column, DataFrameSchema

_CCODE = Column("Int64", Check.in_range(2, 999), nullable=False)
_YEAR = Column("Int64", Check.in_range(1700, 2030), nullable=False)
_DATE = Column("datetime64[ns]", Check.in_range("1400-01-01", "2030-12-31"), nullable=False)
_DATE_NA = Column("datetime64[ns]", nullable=True)
_FLAG01 = Column("Int64", Check.isin([0, 1]), nullable=False)
_FLAG01_NA = Column("Int64", Check.isin([0, 1]), nullable=True)
_BOOL = Column(bool)


def _int(lo: int, hi: int, nullable: bool = True) -> Column:
    return Column("Int64", Check.in_range(lo, hi), nullable=nullable)


def _spell_check(start: str, end: str) -> Check:
    return Check(lambda df: df[end] >= df[start], name=f"{end}_not_before_{start}")


SCHEMAS: dict[str, DataFrameSchema] = {
    "states": DataFrameSchema(
        {"ccode": _CCODE, "stateabb": Column("string"), "spell": _int(1, 10, False), "statenme": Column("string"),
         "start": _DATE, "end": _DATE},
        checks=_spell_check("start", "end"), unique=["ccode", "start"], strict=True),
    "majors": DataFrameSchema(
        {"ccode": _CCODE, "stateabb": Column("string"), "spell": _int(1, 10, False), "start": _DATE, "end": _DATE},
        checks=_spell_check("start", "end"), unique=["ccode", "start"], strict=True),
    "state_years": DataFrameSchema({"ccode": _CCODE, "stateabb": Column("string"), "year": _YEAR},
                                   unique=["ccode", "year"], strict=True),
    "country_codes": DataFrameSchema({"ccode": _CCODE, "stateabb": Column("string"), "statenme": Column("string")},
                                     unique=["ccode"], strict=True),
    "atop_members": DataFrameSchema(
        {"atopid": _int(1000, 9999, False), "ccode": _int(2, 9999, False), "phase": _int(0, 20, False), "entry": _DATE,
         "exit": _DATE, "entry_imputed": _BOOL, "exit_ongoing": _BOOL, "ineffect": _FLAG01, "bilat": _FLAG01,
         "defense": _FLAG01, "offense": _FLAG01, "neutral": _FLAG01, "nonagg": _FLAG01, "consul": _FLAG01,
         # member-level conditions and named threats (panels.directed); optional in hand-made fixtures
         **{c: Column("Int64", Check.isin([0, 1]), nullable=False, required=False)
            for c in ("defcon", "offcon", "neucon", "concon", "defcoadv", "offcoadv", "neucoadv", "concoadv",
                      "defconpr", "neuconpr", "neucoatt")},
         **{c: Column("Int64", Check.in_range(2, 999), nullable=True, required=False) for c in ("statthr1", "statthr2")}},
        checks=_spell_check("entry", "exit"), strict=True),
    "atop_alliances": DataFrameSchema(
        {"atopid": _int(1000, 9999, False), "begin": _DATE, "end": _DATE, "end_ongoing": _BOOL,
         "ineffect": _FLAG01, "bilat": _FLAG01, "maxphase": _int(0, 20, False), "wartime": _FLAG01,
         "defense": _FLAG01, "offense": _FLAG01, "neutral": _FLAG01, "nonagg": _FLAG01, "consul": _FLAG01},
        unique=["atopid"], strict=True),
    "cow_alliance_members": DataFrameSchema(
        {"version4id": _int(1, 9999, False), "ccode": _CCODE, "start": _DATE, "end": _DATE, "end_ongoing": _BOOL,
         "ss_type": Column("string"), "defense": _FLAG01, "neutrality": _FLAG01_NA, "nonaggression": _FLAG01_NA,
         "entente": _FLAG01_NA},
        checks=_spell_check("start", "end"), strict=True),
    "cow_alliance_dyads": DataFrameSchema(
        {"version4id": _int(1, 9999, False), "ccode1": _CCODE, "ccode2": _CCODE, "start": _DATE, "end": _DATE,
         "end_ongoing": _BOOL, "defense": _FLAG01_NA, "neutrality": _FLAG01_NA, "nonaggression": _FLAG01_NA,
         "entente": _FLAG01_NA},
        checks=[_spell_check("start", "end"), Check(lambda df: df["ccode1"] < df["ccode2"], name="ccode1_lt_ccode2")],
        strict=True),
    "war_participants": DataFrameSchema(
        {"warnum": _int(1, 999, False), "war_name": Column("string"), "war_type": _int(1, 10, False),
         "ccode": _CCODE, "side": _int(1, 2, False), "episode": _int(1, 2, False), "start": _DATE, "end": _DATE,
         "date_imputed": _BOOL, "where_fought": _int(1, 20), "initiator": _BOOL, "outcome": _int(1, 8),
         "bat_deaths": _int(0, 10_000_000)},
        checks=_spell_check("start", "end"), unique=["warnum", "ccode", "side", "episode"], strict=True),
    "dyadic_wars": DataFrameSchema(
        {"warnum": _int(1, 999, False), "disno": _int(1, 99999), "ccode1": _CCODE, "ccode2": _CCODE, "year": _YEAR,
         "war_start": _DATE, "war_end": _DATE, "warole1": _int(1, 9), "warole2": _int(1, 9),
         "dyad_role1": _int(1, 9), "dyad_role2": _int(1, 9), "outcome1": _int(0, 9),
         "bat_deaths1": _int(0, 10_000_000), "bat_deaths2": _int(0, 10_000_000), "bat_deaths": _int(0, 100_000_000)},
        strict=True),
    "mid_disputes": DataFrameSchema(
        {"dispnum": _int(1, 99999, False), "start": _DATE, "end": _DATE, "start_imputed": _BOOL,
         "end_imputed": _BOOL, "outcome": _int(1, 10), "settle": _int(1, 4), "fatality": _int(0, 6),
         "fatalpre": _int(0, 10_000_000), "maxdur": _int(0, 100_000), "mindur": _int(0, 100_000),
         "hiact": _int(0, 23), "hostlev": _int(1, 5), "recip": _FLAG01, "numa": _int(1, 100, False),
         "numb": _int(1, 100, False), "ongo2014": _FLAG01},
        checks=_spell_check("start", "end"), unique=["dispnum"], strict=True),
    "mid_participants": DataFrameSchema(
        {"dispnum": _int(1, 99999, False), "ccode": _CCODE, "stabb": Column("string"), "start": _DATE, "end": _DATE,
         "start_imputed": _BOOL, "end_imputed": _BOOL, "sidea": _FLAG01, "revstate": _FLAG01,
         "revtype1": _int(0, 4), "revtype2": _int(0, 4), "fatality": _int(0, 6), "fatalpre": _int(0, 10_000_000),
         "hiact": _int(0, 23), "hostlev": _int(1, 5), "orig": _FLAG01},
        checks=_spell_check("start", "end"), unique=["dispnum", "ccode", "start"], strict=True),
    "dyadic_mids": DataFrameSchema(
        {"dispnum": _int(1, 99999, False), "ccode1": _CCODE, "ccode2": _CCODE, "year": _YEAR, "start": _DATE,
         "end": _DATE, "start_imputed": _BOOL, "outcome": _int(0, 10), "settle": _int(0, 4),
         "fatality": _int(0, 6), "hiact": _int(0, 23), "hostlev": _int(0, 5), "recip": _FLAG01_NA, "sidea1": _FLAG01_NA,
         "sidea2": _FLAG01_NA, "role1": _int(0, 9), "role2": _int(0, 9), "war": _FLAG01,
         "duration": _int(0, 100_000)},
        strict=True),
    "nmc": DataFrameSchema(
        {"ccode": _CCODE, "stateabb": Column("string"), "year": _YEAR, "milex": _int(0, 10**10),
         "milper": _int(0, 10**6), "irst": _int(0, 10**7), "pec": _int(0, 10**8),
         "tpop": Column("Float64", Check.ge(0), nullable=True), "upop": Column("Float64", Check.ge(0), nullable=True),
         "cinc": Column("Float64", Check.in_range(0, 1), nullable=True)},
        unique=["ccode", "year"], strict=True),
    "contiguity": DataFrameSchema(
        {"ccode1": _CCODE, "ccode2": _CCODE, "conttype": _int(1, 5, False), "start": _DATE, "end": _DATE},
        checks=_spell_check("start", "end"), unique=["ccode1", "ccode2", "start"], strict=True),
    "contiguity_years": DataFrameSchema(
        {"ccode1": _CCODE, "ccode2": _CCODE, "year": _YEAR, "conttype": _int(1, 5, False)},
        unique=["ccode1", "ccode2", "year"], strict=True),
    "polity": DataFrameSchema(
        {"ccode": _CCODE, "polity_ccode": _CCODE, "year": _YEAR, "scode": Column("string"),
         "country": Column("string"),
         "democ": _int(0, 10), "autoc": _int(0, 10), "polity": _int(-10, 10), "polity2": _int(-10, 10)},
        unique=["ccode", "year"], strict=True),
    "bmr_democracy": DataFrameSchema(
        {"ccode": _CCODE, "bmr_ccode": _CCODE, "year": Column("Int64", Check.in_range(1800, 2020), nullable=False),
         "country": Column("string"), "abbreviation": Column("string", nullable=True), "democracy": _FLAG01_NA,
         "democracy_trans": _int(-1, 1), "democracy_breakdowns": _int(0, 20), "democracy_duration": _int(1, 500),
         "democracy_omitteddata": _FLAG01_NA, "democracy_femalesuffrage": _FLAG01_NA},
        unique=["ccode", "year"], strict=True),
    "ucdp_conflict_years": DataFrameSchema(
        {"conflict_id": _int(1, 99_999, False), "year": Column("Int64", Check.in_range(1946, 2030), nullable=False),
         "incompatibility": _int(1, 3, False), "intensity_level": _int(1, 2, False),
         "cumulative_intensity": _FLAG01, "type_of_conflict": _int(1, 4, False), "ep_end": _FLAG01,
         "location": Column("string"), "side_a": Column("string"), "side_b": Column("string"),
         "territory_name": Column("string", nullable=True), "gwno_a": Column("string", nullable=True),
         "gwno_b": Column("string", nullable=True), "gwno_loc": Column("string", nullable=True),
         "region": Column("string"), "version": Column("string"),
         "start_date": _DATE, "start_date2": _DATE, "ep_end_date": _DATE_NA},
        unique=["conflict_id", "year"], strict=True),
    "gml_dirdisp": DataFrameSchema(
        {"dispnum": _int(1, 99999, False), "ccode1": _CCODE, "ccode2": _CCODE, "year": _YEAR,
         "midonset": _FLAG01, "midongoing": _FLAG01, "sidea1": _FLAG01, "sidea2": _FLAG01, "orig1": _FLAG01,
         "orig2": _FLAG01, "hostlev": _int(1, 5), "fatality": _int(0, 6), "recip": _FLAG01_NA},
        unique=["dispnum", "ccode1", "ccode2", "year"], strict=True),
}


def validate(name: str, df: "pa.typing.DataFrame | object", path: str = "") -> object:
    """Validate clean table ``name``; raise a :class:`~alliancewar.errors.DataFormatError` naming it.

    All failures are collected (lazy validation) and the first few are reported.
    """
    from ..errors import DataFormatError

    try:
        return SCHEMAS[name].validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.head(8)
        detail = "; ".join(
            f"column {r.column!r}: {r.check} (e.g. {r.failure_case!r})" for r in cases.itertuples()
        )
        raise DataFormatError(f"clean table '{name}'{' from ' + path if path else ''} failed validation: {detail}") from exc


# The tables added with the public API (issue 11) keep their schemas in a module of their own.
from .schemas_toolkit import TOOLKIT_SCHEMAS  # noqa: E402

SCHEMAS.update(TOOLKIT_SCHEMAS)
