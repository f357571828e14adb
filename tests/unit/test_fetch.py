"""The download path against a local HTTP server, the mirror path and the COW-alliance policy."""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
import zipfile
from functools import partial

import pytest

from alliancewar.errors import ChecksumError, FetchError
from alliancewar.fetch import fetch_file, fetch_source
from alliancewar.sources import Source, SourceFile
from tests.conftest import zip_bytes

GOOD = b"ccode,year\r\n2,1816\r\n200,1816\r\n"
LF = GOOD.replace(b"\r\n", b"\n")


def _sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("www")
    (root / "good.csv").write_bytes(GOOD)
    (root / "lf.csv").write_bytes(LF)
    (root / "corrupt.csv").write_bytes(GOOD.replace(b"1816", b"1817"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as zi:
            zi.writestr("inner.csv", GOOD)
        z.writestr("Top Folder/data.csv", GOOD)
        z.writestr("Top Folder/nested.zip", inner.getvalue())
    (root / "bundle.zip").write_bytes(buf.getvalue())
    (root / "page.csv").write_bytes(b"<!DOCTYPE html>\n<html><body>Please accept our terms</body></html>\n")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files, plus the redirects publishers' links make: ``/moved/<n>/<file>`` answers 301, 302, 303,
    307 or 308 (by n) to ``/<file>``; ``/short/<file>?to=<base>`` redirects to another server (a short link);
    ``/loop`` redirects to itself."""

    CODES = (301, 302, 303, 307, 308)

    def log_message(self, *args, **kwargs):  # quiet
        pass

    def _redirect(self) -> bool:
        from urllib.parse import parse_qs, urlsplit

        parts = urlsplit(self.path)
        segs = parts.path.strip("/").split("/")
        target = None
        if segs[0] == "moved" and len(segs) == 3:
            code, target = self.CODES[int(segs[1]) % len(self.CODES)], "/" + segs[2]
        elif segs[0] == "short" and len(segs) == 2:
            code, target = 301, parse_qs(parts.query)["to"][0] + "/" + segs[1]
        elif segs[0] == "loop":
            code, target = 302, "/loop"
        if target is None:
            return False
        self.send_response(code)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()
        return True

    def do_GET(self):
        if not self._redirect():
            super().do_GET()

    def do_HEAD(self):
        if not self._redirect():
            super().do_HEAD()


def _source(url: str | None, member: str | None = None, user_supplied: bool = False) -> tuple[Source, SourceFile]:
    entry = SourceFile(file="t.csv", mirror_path="src/t.csv", sha256=_sha(GOOD), sha256_lf=_sha(LF), url=url,
                       member=member)
    src = Source(name="src", title="Test", version="1", coverage=(1816, 2016), terms="", files=(entry,),
                 bibtex_key="k", bibtex="@misc{k}", user_supplied=user_supplied)
    return src, entry


def test_download_good_file(server, tmp_path):
    src, entry = _source(f"{server}/good.csv")
    out = fetch_file(src, entry, tmp_path / "raw", progress=False)
    assert out.read_bytes() == GOOD
    assert not out.stat().st_mode & 0o222  # read-only


def test_download_lf_copy_accepted_by_lf_hash(server, tmp_path):
    src, entry = _source(f"{server}/lf.csv")
    assert fetch_file(src, entry, tmp_path / "raw", progress=False).read_bytes() == LF


def test_download_corrupt_file_names_everything_and_writes_nothing(server, tmp_path):
    src, entry = _source(f"{server}/corrupt.csv")
    with pytest.raises(ChecksumError) as err:
        fetch_file(src, entry, tmp_path / "raw", progress=False)
    msg = str(err.value)
    assert "t.csv" in msg and "'src'" in msg and _sha(GOOD) in msg
    assert _sha(GOOD.replace(b"1816", b"1817")) in msg
    assert not (tmp_path / "raw" / "t.csv").exists()
    assert not list((tmp_path / "raw").glob("*.part")) if (tmp_path / "raw").exists() else True


def test_download_missing_file(server, tmp_path):
    src, entry = _source(f"{server}/missing.csv")
    with pytest.raises(FetchError, match="missing.csv"):
        fetch_file(src, entry, tmp_path / "raw", progress=False)
    assert not (tmp_path / "raw" / "t.csv").exists()


@pytest.mark.parametrize("code", range(5))
def test_redirects_are_followed(server, tmp_path, code):
    """301, 302, 303, 307 and 308 (http -> https moves, re-organised upload folders)."""
    src, entry = _source(f"{server}/moved/{code}/good.csv")
    assert fetch_file(src, entry, tmp_path / "raw", progress=False).read_bytes() == GOOD


def test_short_link_to_another_server_and_a_zip_member(server, tmp_path):
    """A redirecting short link (GML's bit.ly link) to a zip on another host, then a member of it."""
    from tests.faults.conftest import http_server

    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "release.zip").write_bytes(zip_bytes({"d/data.csv": GOOD}))
    with http_server(tmp_path / "other") as other:
        src, entry = _source(f"{server}/short/release.zip?to={other}", member="data.csv")
        assert fetch_file(src, entry, tmp_path / "raw", progress=False).read_bytes() == GOOD


def test_redirect_loop_names_the_url(server, tmp_path):
    src, entry = _source(f"{server}/loop")
    with pytest.raises(FetchError, match=rf"download of {server}/loop failed: the publisher's redirects loop"):
        fetch_file(src, entry, tmp_path / "raw", progress=False)


def test_html_page_instead_of_the_file_is_refused_and_not_cached(server, tmp_path):
    src, entry = _source(f"{server}/page.csv")
    with pytest.raises(FetchError, match=rf"{server}/page.csv returned an HTML page, not the data file"):
        fetch_file(src, entry, tmp_path / "raw", progress=False)
    assert not [p for p in (tmp_path / ".downloads").rglob("*") if p.is_file()]
    assert not (tmp_path / "raw" / "t.csv").exists()


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """An HTTPS server whose certificate no CA vouches for (as a site missing its intermediate certificate)."""
    import shutil
    import ssl
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("openssl not on PATH")
    root = tmp_path_factory.mktemp("tls")
    (root / "good.csv").write_bytes(GOOD)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(root / "k.pem"),
                    "-out", str(root / "c.pem"), "-days", "2", "-subj", "/CN=127.0.0.1"], check=True,
                   capture_output=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(root / "c.pem", root / "k.pem")
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_tls_certificate_failure_names_the_url(tls_server, tmp_path):
    src, entry = _source(f"{tls_server}/good.csv")
    with pytest.raises(FetchError) as err:
        fetch_file(src, entry, tmp_path / "raw", progress=False)
    msg = str(err.value)
    assert msg.startswith(f"TLS certificate verification failed for {tls_server}/good.csv: ")
    assert "CERTIFICATE_VERIFY_FAILED" in msg and "never downloads without verification" in msg
    assert "REQUESTS_CA_BUNDLE" in msg and "ALLIANCEWAR_MIRROR=" in msg
    assert not (tmp_path / "raw" / "t.csv").exists()


def test_reachability_check_reports_a_tls_failure_as_such(tls_server, server):
    from alliancewar.origin import check_reachable

    src, entry = _source(f"{tls_server}/good.csv")
    with pytest.raises(FetchError, match=rf"cannot download from the publisher: TLS certificate verification failed "
                                         rf"for {tls_server}/good.csv"):
        check_reachable([(src, entry)])
    ok, ok_entry = _source(f"{server}/moved/1/good.csv")
    check_reachable([(ok, ok_entry)])  # a redirect is an answer


@pytest.mark.parametrize("member", ["Top Folder/data.csv", "data.csv", "nested.zip/inner.csv"])
def test_zip_members(server, tmp_path, member):
    src, entry = _source(f"{server}/bundle.zip", member=member)
    assert fetch_file(src, entry, tmp_path / "raw", progress=False).read_bytes() == GOOD


def test_zip_member_missing(server, tmp_path):
    src, entry = _source(f"{server}/bundle.zip", member="nope.csv")
    with pytest.raises(FetchError, match="nope.csv"):
        fetch_file(src, entry, tmp_path / "raw", progress=False)


def test_mirror_and_never_overwrite(tmp_path):
    src, entry = _source(None)
    mirror = tmp_path / "mirror"
    (mirror / "src").mkdir(parents=True)
    (mirror / "src" / "t.csv").write_bytes(GOOD)
    out = fetch_file(src, entry, tmp_path / "raw", mirror=mirror)
    assert out.read_bytes() == GOOD
    # a second call keeps the verified file
    assert fetch_file(src, entry, tmp_path / "raw", mirror=mirror) == out
    # a tampered raw file is never overwritten: the run stops and says so, naming both hashes
    out.chmod(0o644)
    out.write_bytes(b"tampered")
    with pytest.raises(ChecksumError, match="never overwritten") as err:
        fetch_file(src, entry, tmp_path / "raw", mirror=mirror)
    assert _sha(b"tampered") in str(err.value) and _sha(GOOD) in str(err.value)
    assert out.read_bytes() == b"tampered"


def test_mirror_missing_file(tmp_path):
    src, entry = _source(None)
    with pytest.raises(FetchError, match="not found in mirror"):
        fetch_file(src, entry, tmp_path / "raw", mirror=tmp_path)


def test_no_url_without_mirror(tmp_path):
    src, entry = _source(None)
    with pytest.raises(FetchError, match="mirror"):
        fetch_file(src, entry, tmp_path / "raw")


def test_user_supplied_source_is_never_downloaded(server, tmp_path):
    src, entry = _source(f"{server}/good.csv", user_supplied=True)
    with pytest.raises(FetchError, match="cow_alliances_dir"):
        fetch_file(src, entry, tmp_path / "raw", mirror=tmp_path)
    user = tmp_path / "mine"
    user.mkdir()
    (user / "t.csv").write_bytes(GOOD.replace(b"2,", b"3,"))
    with pytest.raises(ChecksumError):
        fetch_file(src, entry, tmp_path / "raw", user_dir=user)
    (user / "t.csv").write_bytes(GOOD)
    assert fetch_file(src, entry, tmp_path / "raw", user_dir=user).read_bytes() == GOOD


def test_registry_cow_alliances_have_no_url(sources):
    cow = sources["cow_alliances_v4.1"]
    assert cow.user_supplied
    assert all(f.url is None for f in cow.files)
    assert sources["atop_v5.1"].file("atop5_1m.csv").url


#: Registered sources without publisher bytes in the archived mirror (NMC 7.0: only a DERIVED
#: peacesciencer copy, which is not the publisher's file and is never used as such).
NOT_MIRRORED = {"cow_nmc_v7.0"}


@pytest.mark.mirror
def test_every_mirrored_file_verifies(mirror, sources, tmp_path):
    for src in sources.values():
        if src.name in NOT_MIRRORED:
            assert not any((mirror / f.mirror_path).exists() for f in src.files)
            assert not any(f.mirror_path.startswith("derived/") for f in src.files)
            continue
        kwargs = {"user_dir": mirror / "cow_alliances_v4.1"} if src.user_supplied else {"mirror": mirror}
        for p in fetch_source(src, tmp_path, progress=False, **kwargs):
            assert p.is_file()


def test_no_registry_file_comes_from_a_derived_copy_unless_declared(sources):
    """Publisher bytes only, except sources declared ``derived: true``.

    A derived copy (a third party's repackaging, e.g. peacesciencer's ``gml_dirdisp``) is allowed only
    for an optional source that says so in its registry entry and title and is never packaged.
    """
    undeclared = [f.mirror_path for s in sources.values() if not s.derived
                  for f in s.files if f.mirror_path.startswith("derived/")]
    assert not undeclared
    declared = [s for s in sources.values() if s.derived]
    assert [s.name for s in declared] == ["gml_mid_v2.2.1"]
    for s in declared:
        assert s.optional and not s.redistribute and "DERIVED" in s.title


# -- where raw files come from ------------------------------------------------------------------

def test_resolve_mirror_order(tmp_path):
    from alliancewar.origin import resolve_mirror

    env_dir, cfg_dir = tmp_path / "env", tmp_path / "cfg"
    env_dir.mkdir()
    cfg_dir.mkdir()
    env = {"ALLIANCEWAR_MIRROR": str(env_dir)}
    assert resolve_mirror(str(cfg_dir), env).mirror == cfg_dir  # a folder in the config wins
    for unset in (None, "", "null", "None", "~"):
        assert resolve_mirror(unset, env).mirror == env_dir  # then the environment variable
        origin = resolve_mirror(unset, {})
        assert origin.mirror is None and "downloaded from the publishers" in origin.describe()
    assert resolve_mirror(f"{cfg_dir}//./", {}).mirror == cfg_dir
    assert "ALLIANCEWAR_MIRROR" in resolve_mirror(None, env).describe()


@pytest.mark.parametrize("where", ["config", "env"])
def test_missing_mirror_folder_names_its_origin_and_both_remedies(tmp_path, where):
    from alliancewar.errors import ConfigError
    from alliancewar.origin import resolve_mirror

    gone = str(tmp_path / "gone")
    with pytest.raises(ConfigError) as err:
        resolve_mirror(gone, {}) if where == "config" else resolve_mirror(None, {"ALLIANCEWAR_MIRROR": gone})
    msg = str(err.value)
    assert gone in msg and "does not exist" in msg
    assert ("config key 'mirror'" if where == "config" else "environment variable ALLIANCEWAR_MIRROR") in msg
    assert "--config mirror=/path/to/mirror" in msg and "mirror=null" in msg and "unset" in msg


def test_normalise_dir():
    from alliancewar.origin import normalise_dir

    assert normalise_dir("data/cow/") == normalise_dir("./data//cow") == "data/cow"
    assert normalise_dir(" null ") is None and normalise_dir("") is None and normalise_dir(None) is None


def test_check_reachable_names_the_first_unreachable_url(server):
    from alliancewar.origin import check_reachable

    ok, _ = _source(f"{server}/good.csv")
    dead_src, dead = _source("http://publisher.invalid/t.csv")
    check_reachable([(ok, ok.files[0])])  # answers
    check_reachable([(ok, SourceFile(**{**ok.files[0].__dict__, "url": f"{server}/missing.csv"}))])  # 404 = reachable
    with pytest.raises(FetchError) as err:
        check_reachable([(ok, ok.files[0]), (dead_src, dead), (dead_src, dead)])
    msg = str(err.value)
    assert msg.count("http://publisher.invalid/t.csv") == 1 and "one of 3 raw files" in msg
    assert "ALLIANCEWAR_MIRROR=" in msg


def test_check_reachable_reports_files_without_url_first(server):
    from alliancewar.origin import check_reachable

    src, no_url = _source(None)
    with pytest.raises(FetchError, match="no publisher download URL is known for 't.csv'.*mirror"):
        check_reachable([(src, no_url)])
    check_reachable([])  # nothing to download: nothing to check


def test_verify_file_in_place(tmp_path):
    from alliancewar.verify import verify_file

    src, entry = _source(None)
    (tmp_path / "t.csv").write_bytes(LF)
    assert verify_file(tmp_path / "t.csv", src, entry) == _sha(LF)
    (tmp_path / "t.csv").write_bytes(GOOD + b"x")
    with pytest.raises(ChecksumError, match=r"'t.csv' of source 'src'.*got " + _sha(GOOD + b"x")):
        verify_file(tmp_path / "t.csv", src, entry)
    with pytest.raises(FetchError, match="missing"):
        verify_file(tmp_path / "nope.csv", src, entry)


def test_fetch_source_writes_nothing_unless_every_file_verifies(tmp_path):
    good = SourceFile(file="a.csv", mirror_path="src/a.csv", sha256=_sha(GOOD))
    bad = SourceFile(file="b.csv", mirror_path="src/b.csv", sha256=_sha(GOOD))
    src = Source(name="src", title="T", version="1", coverage=(1816, 2016), terms="", files=(good, bad),
                 bibtex_key="k", bibtex="@misc{k}")
    mirror = tmp_path / "mirror" / "src"
    mirror.mkdir(parents=True)
    (mirror / "a.csv").write_bytes(GOOD)
    (mirror / "b.csv").write_bytes(b"other")
    with pytest.raises(ChecksumError, match="b.csv"):
        fetch_source(src, tmp_path / "raw", mirror=tmp_path / "mirror")
    assert not (tmp_path / "raw" / "src" / "a.csv").exists()
