"""Malformed inputs give clear errors naming the file and the problem; the date rule is exact."""

from __future__ import annotations

import pandas as pd
import pytest

from alliancewar.clean import nmc, schemas, states
from alliancewar.clean.common import make_date
from alliancewar.errors import DataFormatError
from alliancewar.io import TextSpec, decode_text, declared_text

HEADER = "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\n"
ROW = "USA,2,1816,3823,17,80,254,8659,101,.039697491,2021\n"


def _write(tmp_path, text: str, name: str = "NMC-60-abridged.csv"):
    (tmp_path / name).write_text(text)
    return tmp_path


def test_nmc_ok_and_missing_code_becomes_na(tmp_path):
    out = nmc.clean(_write(tmp_path, HEADER + ROW + "UKG,200,1816,-9,255,325,7174,19520,1059,.33716855,2021\n"))["nmc"]
    assert out["milex"].isna().tolist() == [False, True]
    schemas.validate("nmc", out)


def test_missing_column_names_file_and_column(tmp_path):
    bad = HEADER.replace(",milper", "") + ROW.replace(",17", "", 1)
    with pytest.raises(DataFormatError, match=r"NMC-60-abridged.csv.*missing column.*milper"):
        nmc.clean(_write(tmp_path, bad))


def test_wrong_type_names_column(tmp_path):
    with pytest.raises(DataFormatError, match=r"NMC-60-abridged.csv: column 'year' must be numeric"):
        nmc.clean(_write(tmp_path, HEADER + ROW.replace("1816", "eighteen")))


def test_truncated_file(tmp_path):
    truncated = (HEADER + ROW * 3)[: len(HEADER) + 20]
    with pytest.raises(DataFormatError, match="NMC-60-abridged.csv"):
        out = nmc.clean(_write(tmp_path, truncated))["nmc"]
        schemas.validate("nmc", out, "NMC-60-abridged.csv")


def test_empty_file(tmp_path):
    with pytest.raises(DataFormatError, match="empty"):
        nmc.clean(_write(tmp_path, ""))


def test_missing_code_left_as_number_is_caught_by_schema(tmp_path):
    out = nmc.clean(_write(tmp_path, HEADER + ROW))["nmc"]
    out.loc[0, "milper"] = -9
    with pytest.raises(DataFormatError, match=r"clean table 'nmc'.*milper"):
        schemas.validate("nmc", out)


def test_cr_and_crlf_line_ends_read_identically(tmp_path):
    a = nmc.clean(_write(tmp_path, (HEADER + ROW).replace("\n", "\r")))["nmc"]
    b = nmc.clean(_write(tmp_path, (HEADER + ROW).replace("\n", "\r\n")))["nmc"]
    pd.testing.assert_frame_equal(a, b)


def _cp1252_states(tmp_path):
    text = ("stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\r\n"
            "CDI,437,C\xf4te d'Ivoire,1960,8,7,2016,12,31,2016\r\n")
    (tmp_path / "states2016.csv").write_bytes(text.encode("cp1252"))
    (tmp_path / "majors2016.csv").write_bytes(text.encode("cp1252"))
    (tmp_path / "system2016.csv").write_text("stateabb,ccode,year,version\nCDI,437,1960,2016\n")
    return tmp_path


def test_file_is_decoded_with_the_declared_encoding(tmp_path):
    raw = _cp1252_states(tmp_path)
    cp1252 = TextSpec("cp1252")
    with declared_text({raw / "states2016.csv": cp1252, raw / "majors2016.csv": cp1252}):
        out = states.clean(raw)["states"]
    assert out.loc[0, "statenme"] == "C\xf4te d'Ivoire"


def test_undecodable_byte_names_file_offset_and_line(tmp_path):
    """Undeclared, the cp1252 byte is not silently replaced: strict UTF-8 names where it is."""
    raw = _cp1252_states(tmp_path)
    with pytest.raises(DataFormatError, match=r"states2016.csv: byte offset 87 \(line 2, byte 0xf4\).*utf-8"):
        states.clean(raw)


def test_declared_undecodable_bytes_are_replaced_and_counted(tmp_path, caplog):
    raw = b"a,b\n1,x\xffy\n"
    assert decode_text(raw, "f.csv", TextSpec(undecodable_bytes=1)) == "a,b\n1,x\ufffdy\n"
    assert "1 undecodable byte(s) replaced" in caplog.text and "[7]" in caplog.text
    with pytest.raises(DataFormatError, match="declares 2 undecodable byte.*has 1"):
        decode_text(raw, "f.csv", TextSpec(undecodable_bytes=2))
    with pytest.raises(DataFormatError, match=r"byte offset 8 .*\(1 undecodable byte\(s\) declared\)"):
        decode_text(raw.replace(b"y", b"\xfe"), "f.csv", TextSpec(undecodable_bytes=1))


def test_utf8_bom_is_not_text():
    assert decode_text(b"\xef\xbb\xbfccode\n2\n", "f.csv") == "ccode\n2\n"


def test_date_rule():
    y = pd.Series([1902, 1902, 1902, 1900, None])
    m = pd.Series([7, -9, 2, 2, 1])
    d = pd.Series([-9, -9, 31, -9, 1])
    start, s_imp = make_date(y, m, d, end=False)
    end, e_imp = make_date(y, m, d, end=True)
    assert start.tolist()[:4] == [pd.Timestamp(x) for x in ["1902-07-01", "1902-01-01", "1902-02-28", "1900-02-01"]]
    assert end.tolist()[:4] == [pd.Timestamp(x) for x in ["1902-07-31", "1902-12-31", "1902-02-28", "1900-02-28"]]
    assert pd.isna(start.iloc[4]) and pd.isna(end.iloc[4])
    assert s_imp.tolist() == [True, True, False, True, False]
    assert e_imp.tolist() == s_imp.tolist()
