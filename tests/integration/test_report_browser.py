"""The report as a browser renders it: headless Chromium loads report.html offline and every image
decodes from its data URI. Skipped when /usr/bin/chromium is absent."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from alliancewar.outputs.make import FIGURES
from alliancewar.outputs.report import SECTIONS

from .test_report_e2e import build_report

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium not installed (/usr/bin/chromium)"),
    pytest.mark.slow,
]

PROBE = """
<script>
window.addEventListener("load", function () {
  var rows = Array.prototype.map.call(document.images, function (img) {
    return {id: img.parentElement.id, scheme: img.getAttribute("src").split(":")[0],
            complete: img.complete, width: img.naturalWidth, height: img.naturalHeight};
  });
  var out = document.createElement("pre");
  out.id = "image-probe";
  out.textContent = JSON.stringify({images: rows, sections: document.querySelectorAll("section").length});
  document.body.appendChild(out);
});
</script>
"""
"""Injected before ``</body>`` of a copy of the report: writes what the browser decoded into the DOM."""


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
        f"--user-data-dir={profile}", *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    return build_report(tmp_path_factory.mktemp("browser"))["out"] / "report.html"


def test_every_image_decodes_from_a_data_uri(report, tmp_path):
    probe = tmp_path / "probe.html"
    probe.write_text(report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = _chromium(tmp_path / "profile", "--virtual-time-budget=10000", "--dump-dom", probe.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    match = re.search(r'<pre id="image-probe">(.*?)</pre>', done.stdout, flags=re.DOTALL)
    assert match, "the probe did not run: " + done.stdout[-500:]
    found = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert found["sections"] == len(SECTIONS)
    images = {row["id"]: row for row in found["images"]}
    assert set(images) == {f"fig-{name}" for name in FIGURES}
    for row in images.values():
        assert row["scheme"] == "data" and row["complete"], row
        assert row["width"] > 300 and row["height"] > 200, row


def test_screenshot_renders_a_page(report, tmp_path):
    from PIL import Image

    shot = tmp_path / "report.png"
    done = _chromium(tmp_path / "profile", "--window-size=1400,3000", f"--screenshot={shot}", report.as_uri())
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    with Image.open(shot) as image:
        assert image.size == (1400, 3000)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # text, rules and figure pixels, not a blank page
