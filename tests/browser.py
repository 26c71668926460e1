"""Headless Chromium for the browser tests (Debian's `chromium`, installed by `.ci/run`):
screenshots and printed page counts of the pages the service serves, by one browser driven
over its DevTools pipe (each Chromium started for one page cost about a second of CPU and one
more of waiting). `python -m tests.browser docs/` writes the screenshots the README links."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from catalog import default_catalog
from optimizer import SLO, QuoteWorkload, RankingRequest, rank
from service.reports import ranking_html
from tests.golden import golden_report

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")
A4_INCHES = (8.27, 11.69)


def chromium() -> str | None:
    """The Chromium executable, or None when the machine has none."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless Chromium and its DevTools pipe (`--remote-debugging-pipe`: commands in on
    its fd 3, answers and events out on its fd 4, each a JSON text ended by a NUL); each page
    opens in a new tab. Use as a context manager: the browser ends with the block."""

    def __init__(self) -> None:
        binary = chromium()
        if binary is None:
            raise RuntimeError("no chromium on this machine (.ci/run installs Debian's chromium)")
        self._profile = tempfile.TemporaryDirectory()
        to_browser, self._send = os.pipe()
        self._receive, from_browser = os.pipe()
        command = [binary, *FLAGS, f"--user-data-dir={self._profile.name}"]
        command += ["--remote-debugging-pipe", "--hide-scrollbars", "about:blank"]
        # bash puts the pipes' ends at the fds the browser reads and writes (dash cannot name
        # an fd over 9).
        shell = f'exec "$0" "$@" 3<&{to_browser} 4>&{from_browser}'
        self._process = subprocess.Popen(
            ["bash", "-c", shell, *command],
            pass_fds=(to_browser, from_browser),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._last_id = 0
        self._target = ""
        self._session = ""

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            self._call("Browser.close", session=False)
        except (OSError, RuntimeError):
            self._process.kill()
        try:
            self._process.wait(30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._send)
        os.close(self._receive)
        self._profile.cleanup()

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._receive, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed its DevTools pipe")
            self._buffer += chunk
        text, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(text)
        return message

    def _call(self, method: str, session: bool = True, **params: Any) -> dict[str, Any]:
        """Send one command (to the open tab unless `session` is False) and return its
        result; the events that come before it are passed over."""
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        os.write(self._send, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._message()
            if answer.get("id") == self._last_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer["result"]
                return result

    def _open(self, html: str, width: int, height: int) -> None:
        """A new tab `width` x `height` pixels showing `html`, loaded (the last one closed)."""
        page = Path(self._profile.name) / "page.html"
        page.write_text(html, encoding="utf-8")
        self._visit(page.as_uri(), width, height)

    def _visit(self, url: str, width: int, height: int) -> None:
        """A new tab `width` x `height` pixels showing `url`, loaded (the last one closed)."""
        if self._target:
            self._call("Target.closeTarget", session=False, targetId=self._target)
        created = self._call("Target.createTarget", session=False, url="about:blank")
        self._target = created["targetId"]
        attached = self._call(
            "Target.attachToTarget", session=False, targetId=self._target, flatten=True
        )
        self._session = attached["sessionId"]
        self._call("Page.enable")
        metrics: dict[str, Any] = {
            "width": width,
            "height": height,
            "deviceScaleFactor": 1,
            "mobile": False,
        }
        self._call("Emulation.setDeviceMetricsOverride", **metrics)
        self._call("Page.navigate", url=url)
        while self._message().get("method") != "Page.loadEventFired":
            pass

    def dom(self, url: str, until: str, timeout_s: float = 60.0) -> str:
        """The page at `url` as its scripts have drawn it (the DOM, as `chromium --dump-dom`
        prints it), once it holds `until` (or when `timeout_s` is up)."""
        self._visit(url, 1280, 1800)
        deadline = time.monotonic() + timeout_s
        while True:
            evaluated = self._call(
                "Runtime.evaluate", expression="document.documentElement.outerHTML"
            )
            text: str = evaluated["result"]["value"]
            if until in text or time.monotonic() > deadline:
                return text
            time.sleep(0.05)

    def screenshot(self, html: str, target: Path, width: int = 1280, height: int = 1800) -> None:
        """A PNG of the page's first `height` pixels at `width`."""
        self._open(html, width, height)
        shot = self._call("Page.captureScreenshot", format="png")
        target.write_bytes(base64.b64decode(shot["data"]))

    def printed_pages(self, html: str) -> int:
        """How many pages Chromium prints the page on (its print CSS, A4; the counts
        `chromium --print-to-pdf` gives)."""
        self._open(html, 1280, 1800)
        width, height = A4_INCHES
        pdf = self._call(
            "Page.printToPDF",
            paperWidth=width,
            paperHeight=height,
            preferCSSPageSize=True,
            displayHeaderFooter=False,
        )
        printed = base64.b64decode(pdf["data"])
        return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", printed))


def summary_only(html: str) -> str:
    """The report page cut after its executive summary (the section before `id=details`)."""
    return html[: html.index("<h2 id=details>")] + "</body></html>"


def report_page(name: str = "portfolio-three-models") -> str:
    content = golden_report(name, "html")
    assert isinstance(content, str)
    return content


def rankings_page() -> str:
    workload = QuoteWorkload(
        model="deepseek-r1-0528", isl=8192, osl=1024, slo=SLO(min_interactivity=150)
    )
    return ranking_html(rank(default_catalog(), RankingRequest(workload=workload)))


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    with Browser() as browser:
        browser.screenshot(report_page(), out / "report.png")
        browser.screenshot(rankings_page(), out / "rankings.png", height=1400)
    print(f"wrote {out / 'report.png'} and {out / 'rankings.png'}")
