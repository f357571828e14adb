"""The whole download path for every source, against a local HTTP server laid out like the publishers.

No mirror: each registry URL is served under the same path (``http://127.0.0.1:<port>/<host>/<path>``),
every zip built with all the members the registry names for that URL (nested zips included), so the
registry's own member paths are exercised; Polity5's link redirects (as http -> https moves do).
Each source is then fetched (downloaded, extracted, verified) and cleaned, the Polity ``.sav``
parsed. Two files have no publisher bytes offline and are replaced by stand-ins pinned in the test
registry: the CSV form of the dyadic MIDs 4.03 (the Stata file written as CSV) and NMC 7.0 (a
7.0-shaped file built from the DERIVED peacesciencer copy).
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import threading
import zipfile
from collections import defaultdict
from urllib.parse import urlsplit

import pandas as pd
import pytest
import yaml

from alliancewar.clean import CLEANERS, clean_source
from alliancewar.errors import FetchError
from alliancewar.fetch import fetch_file, fetch_source, files_to_fetch
from alliancewar.sources import load_sources
from tests.conftest import REGISTRY
from tests.integration.test_clean_counts import nmc7_shaped_csv

pytestmark = [pytest.mark.mirror, pytest.mark.slow]

REDIRECTED = "www.systemicpeace.org/inscr/p5v2018.sav"  # served behind a 301, as a site that moved to https


def _local_path(url: str) -> str:
    parts = urlsplit(url)
    return f"/{parts.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def _zip(members: dict[str, bytes]) -> bytes:
    """A zip of ``members``; a path segment ending in .zip is a zip inside the zip."""
    outer: dict[str, bytes] = {}
    inner: dict[str, dict[str, bytes]] = defaultdict(dict)
    for path, data in members.items():
        segs = path.split("/")
        cut = next((i for i, s in enumerate(segs[:-1]) if s.lower().endswith(".zip")), None)
        if cut is None:
            outer[path] = data
        else:
            inner["/".join(segs[: cut + 1])]["/".join(segs[cut + 1 :])] = data
    outer.update({name: _zip(m) for name, m in inner.items()})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in outer.items():
            z.writestr(name, data)
    return buf.getvalue()


class _Publishers(http.server.BaseHTTPRequestHandler):
    routes: dict[str, bytes] = {}
    redirects: dict[str, str] = {}

    def log_message(self, *args, **kwargs):
        pass

    def _answer(self, body: bool) -> None:
        if self.path in self.redirects:
            self.send_response(301)
            self.send_header("Location", self.redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = self.routes.get(self.path)
        self.send_response(200 if data is not None else 404)
        self.send_header("Content-Length", str(len(data or b"")))
        self.end_headers()
        if body and data:
            self.wfile.write(data)

    def do_GET(self):
        self._answer(True)

    def do_HEAD(self):
        self._answer(False)


@pytest.fixture(scope="module")
def online(tmp_path_factory, mirror, cleaned):
    """(registry whose URLs point at the local publishers, stand-in bytes by (source, file))."""
    tmp = tmp_path_factory.mktemp("online")
    doc = yaml.safe_load(REGISTRY.read_text())
    dta = mirror / "cow_dyadic_mid_v4.03" / "dyadic_mid_4.03.dta"
    buf = io.StringIO()
    pd.read_stata(dta, convert_categoricals=False).to_csv(buf, index=False)
    stand_ins = {("cow_dyadic_mid_v4.03", "dyadic_mid_4.03.csv"): buf.getvalue().encode(),
                 ("cow_nmc_v7.0", "NMC-70-abridged.csv"): nmc7_shaped_csv(mirror, cleaned)}
    by_url: dict[str, dict[str, bytes]] = defaultdict(dict)
    direct: dict[str, bytes] = {}
    for src in doc["sources"]:
        for f in src["files"]:
            data = stand_ins.get((src["name"], f["file"]))
            if data is not None:
                f["sha256"], f["sha256_lf"] = hashlib.sha256(data).hexdigest(), None
                f.pop("sha256_lf")
            elif (mirror / f["mirror_path"]).is_file():
                data = (mirror / f["mirror_path"]).read_bytes()
            else:
                raise AssertionError(f"no bytes for {src['name']}/{f['file']}")
            if not f.get("url"):
                continue  # never downloaded (COW alliances), or no publisher link (4.02, GML)
            if f.get("member"):
                by_url[f["url"]][f["member"]] = data
            else:
                direct[f["url"]] = data
    handler = functools.partial(_Publishers)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    routes = {_local_path(u): d for u, d in direct.items()} | {_local_path(u): _zip(m) for u, m in by_url.items()}
    _Publishers.routes = routes
    _Publishers.redirects = {f"/{REDIRECTED}": f"/moved/{REDIRECTED}"}
    routes[f"/moved/{REDIRECTED}"] = routes.pop(f"/{REDIRECTED}")
    for src in doc["sources"]:
        for f in src["files"]:
            if f.get("url"):
                f["url"] = base + _local_path(f["url"])
    path = tmp / "sources.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield load_sources(path), stand_ins, tmp
    httpd.shutdown()
    httpd.server_close()


def test_every_source_downloads_verifies_and_cleans(online, monkeypatch):
    monkeypatch.delenv("ALLIANCEWAR_MIRROR", raising=False)
    registry, stand_ins, tmp = online
    raw, out = tmp / "raw", tmp / "clean"
    downloaded = set()
    for src in registry.values():
        if src.user_supplied:
            with pytest.raises(FetchError, match="never downloaded"):
                fetch_source(src, raw, progress=False, cache_dir=tmp / "cache")
            continue
        if any(not f.url for f in src.files):  # dyadic MIDs 4.02, GML 2.0/2.1.1: from a mirror only
            assert src.name in {"cow_dyadic_mid_v4.02", "gml_mid"}
            with pytest.raises(FetchError, match="no publisher download URL is known"):
                fetch_source(src, raw, progress=False, cache_dir=tmp / "cache")
            continue
        paths = fetch_source(src, raw, progress=False, cache_dir=tmp / "cache")
        downloaded |= {(src.name, p.name) for p in paths}
        assert [p.name for p in paths] == [f.file for f in files_to_fetch(src, raw / src.name, None)]
        if src.name in CLEANERS:
            clean_source(src.name, raw / src.name, out / src.name, registry=registry)
    assert ("polity5", "p5v2018.sav") in downloaded  # behind a redirect, then parsed by pyreadstat
    assert ("cow_nmc_v6.0", "NMC-60-abridged.csv") in downloaded  # a member of a zip inside a zip
    assert ("cow_nmc_v7.0", "NMC-70-abridged.csv") in downloaded  # NMCv7/NMC-v7-abridged.zip/..., stand-in
    assert ("cow_dyadic_mid_v4.03", "dyadic_mid_4.03.csv") in downloaded  # the first form with a URL
    polity = pd.read_parquet(out / "polity5" / "polity.parquet")
    assert len(polity) == 17574 - 8 and polity.set_index(["ccode", "year"]).loc[(2, 2018), "polity2"] == 8
    assert len(pd.read_parquet(out / "cow_state_system_v2024" / "state_years.parquet")) == 17511
    assert len(pd.read_parquet(out / "cow_nmc_v7.0" / "nmc.parquet")) == 17121
    assert len(pd.read_parquet(out / "boix_miller_rosato_v4.0" / "bmr_democracy.parquet")) == 19775 - 2
    assert len(pd.read_parquet(out / "cow_dyadic_mid_v4.03" / "dyadic_mids.parquet")) == 10358
    assert len(pd.read_parquet(out / "ucdp_prio_acd_v25.1" / "ucdp_conflict_years.parquet")) == 2752
    assert len(downloaded) == sum(len(files_to_fetch(s, raw / s.name, None)) for s in registry.values()
                                  if not s.user_supplied and all(f.url for f in s.files))


def test_the_stata_form_of_the_403_zip_downloads_too(online, mirror):
    """The other member of dyadic_mid_4.03_update.zip: the publisher's Stata bytes, as mirrored."""
    registry, _, tmp = online
    src = registry["cow_dyadic_mid_v4.03"]
    path = fetch_file(src, src.file("dyadic_mid_4.03.dta"), tmp / "dta", progress=False, cache_dir=tmp / "cache")
    assert path.read_bytes() == (mirror / "cow_dyadic_mid_v4.03" / "dyadic_mid_4.03.dta").read_bytes()
