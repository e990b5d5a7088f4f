"""Load an HTML file in headless Chromium and watch it over the DevTools protocol.

Standard library only: a minimal WebSocket client (RFC 6455, client side) speaks CDP to a
Chromium started with ``--remote-debugging-port=0``; the port is read from the
``DevToolsActivePort`` file in its profile folder.

Also a script: ``python tests/report/report_browser.py REPORT.html SHOT.png [HEIGHT]``
checks the page the same way the browser test does and saves a screenshot (the whole page,
or its top HEIGHT pixels).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    "--remote-debugging-port=0",
]  # fmt: skip

PAGE_PROBE = """JSON.stringify({
  charts: [...document.querySelectorAll('section.chart')].map(s => {
    const svg = s.querySelector('svg');
    const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    return {id: s.id, width: r.width, height: r.height,
            elements: svg ? svg.querySelectorAll('*').length : 0};
  }),
  svgs: document.querySelectorAll('svg').length,
  scripts: document.scripts.length,
  images: document.images.length,
  pwned: typeof window.__pwned,
  title: document.title,
  trials: document.querySelectorAll('details.trial').length,
})"""

OPEN_ALL = "document.querySelectorAll('details').forEach(d => d.open = true); 1"

# Every pair of text labels in a chart whose layout boxes overlap by more than a pixel both
# ways, every label that sticks out of its chart, and every table wider than its section.
TEXT_OVERLAPS = """JSON.stringify([...document.querySelectorAll('section.chart svg')].flatMap(svg => {
  const chart = svg.closest('section').id, frame = svg.getBoundingClientRect(), out = [];
  const boxes = [...svg.querySelectorAll('text')]
    .map(t => ({text: t.firstChild && t.firstChild.nodeType === 3 ? t.textContent
                 : [...t.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join(''),
                r: t.getBoundingClientRect()}))
    .filter(b => b.r.width > 0 && b.r.height > 0);
  boxes.forEach((x, i) => {
    const a = x.r;
    if (a.left < frame.left - 1 || a.right > frame.right + 1 || a.top < frame.top - 1
        || a.bottom > frame.bottom + 1) out.push({chart, a: x.text, b: '(outside the chart)'});
    boxes.slice(i + 1).forEach(y => {
      const b = y.r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) out.push({chart, a: x.text, b: y.text, w: Math.round(w), h: Math.round(h)});
    });
  });
  return out;
}).concat([...document.querySelectorAll('section table')].filter(t =>
    t.getBoundingClientRect().right > t.closest('section').getBoundingClientRect().right + 1)
  .map(t => ({chart: t.closest('section').id, a: 'table', b: '(wider than its section)'}))))"""


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


class WebSocket:
    """Just enough of a WebSocket client for CDP: text frames, ping, close."""

    def __init__(self, url: str, timeout: float = 120.0) -> None:
        assert url.startswith("ws://"), url
        hostport, _, path = url[5:].partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
             f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
             "Sec-WebSocket-Version: 13\r\n\r\n").encode()
        )  # fmt: skip
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("websocket handshake: connection closed")
            head += chunk
        status, _, rest = head.partition(b"\r\n\r\n")
        if b" 101 " not in status.split(b"\r\n", 1)[0]:
            raise ConnectionError(f"websocket handshake failed: {status[:200]!r}")
        self.buf = rest

    def _read(self, n: int) -> bytes:
        while len(self.buf) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buf)))
            if not chunk:
                raise ConnectionError("websocket closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send(self, text: str) -> None:
        self._send_frame(0x1, text.encode())

    def recv(self) -> str:
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                (n,) = struct.unpack("!H", self._read(2))
            elif n == 127:
                (n,) = struct.unpack("!Q", self._read(8))
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise ConnectionError("websocket closed by the browser")
            message += payload
            if b0 & 0x80:
                return message.decode()

    def close(self) -> None:
        try:
            self._send_frame(0x8, b"")
        finally:
            self.sock.close()


@dataclass
class PageReport:
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    probe: dict[str, Any] = field(default_factory=dict)
    probe_opened: dict[str, Any] = field(default_factory=dict)
    screenshot: bytes = b""


class Browser:
    """A headless Chromium with one page attached over CDP (flat sessions)."""

    def __init__(self, binary: str, profile: Path, width: int = 1100, height: int = 900) -> None:
        args = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                f"--window-size={width},{height}", "about:blank"]  # fmt: skip
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.ws = WebSocket(self._endpoint(profile))
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self.width = width

    def _endpoint(self, profile: Path, timeout: float = 30.0) -> str:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chromium exited with code {self.proc.returncode}")
            if port_file.exists():
                lines = port_file.read_text().split()
                if len(lines) >= 2:
                    return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
            time.sleep(0.05)
        raise TimeoutError("chromium did not write DevToolsActivePort")

    def call(self, method: str, params: dict | None = None, session: bool = False) -> dict:
        self.next_id += 1
        msg: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def page(self, method: str, params: dict | None = None) -> dict:
        return self.call(method, params, session=True)

    def wait_event(self, name: str, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for e in self.events:
                if e.get("method") == name:
                    return e
            self.events.append(json.loads(self.ws.recv()))
        raise TimeoutError(f"no {name} event")

    def evaluate(self, expression: str) -> Any:
        result = self.page("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.call("Browser.close")
        with contextlib.suppress(OSError):
            self.ws.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def inspect_page(
    html_file: Path, binary: str, profile: Path, shot_height: int | None = None
) -> PageReport:
    """Load ``html_file`` from disk, record requests and errors, probe the charts, and take a
    screenshot of the whole page (or of its top ``shot_height`` pixels)."""
    browser = Browser(binary, profile)
    try:
        for domain in ("Page", "Network", "Runtime", "Log"):
            browser.page(f"{domain}.enable")
        browser.page("Page.navigate", {"url": html_file.resolve().as_uri()})
        browser.wait_event("Page.loadEventFired")
        report = PageReport()
        report.probe = json.loads(browser.evaluate(PAGE_PROBE))
        browser.evaluate(OPEN_ALL)
        report.probe_opened = json.loads(browser.evaluate(PAGE_PROBE))
        height = browser.evaluate("document.documentElement.scrollHeight")
        browser.page("Emulation.setDeviceMetricsOverride", {"width": browser.width,
                     "height": int(height), "deviceScaleFactor": 1, "mobile": False})  # fmt: skip
        browser.evaluate("document.querySelectorAll('details').forEach(d => d.open = false); 1")
        height = browser.evaluate("document.documentElement.scrollHeight")
        browser.page("Emulation.setDeviceMetricsOverride", {"width": browser.width,
                     "height": int(height), "deviceScaleFactor": 1, "mobile": False})  # fmt: skip
        params: dict[str, Any] = {"format": "png"}
        if shot_height:
            clip = {"x": 0, "y": 0, "width": browser.width, "height": min(shot_height, height)}
            params["clip"] = clip | {"scale": 1}
        shot = browser.page("Page.captureScreenshot", params)
        report.screenshot = base64.b64decode(shot["data"])
        for e in browser.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Network.requestWillBeSent":
                report.requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                report.console_errors.append(json.dumps(params.get("args"))[:300])
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                report.console_errors.append(params["entry"].get("text", "")[:300])
            elif method == "Runtime.exceptionThrown":
                report.console_errors.append(json.dumps(params)[:300])
        return report
    finally:
        browser.close()


def text_layout(
    html_file: Path, binary: str, profile: Path, width: int
) -> tuple[list[dict], bytes]:
    """Load ``html_file`` in a ``width`` px wide window: the text labels that overlap or stick
    out of their chart (see ``TEXT_OVERLAPS``), and a screenshot of the whole page."""
    browser = Browser(binary, profile, width=width)
    try:
        browser.page("Page.enable")
        metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}
        browser.page("Emulation.setDeviceMetricsOverride", metrics)
        browser.page("Page.navigate", {"url": html_file.resolve().as_uri()})
        browser.wait_event("Page.loadEventFired")
        overlaps = json.loads(browser.evaluate(TEXT_OVERLAPS))
        height = int(browser.evaluate("document.documentElement.scrollHeight"))
        browser.page("Emulation.setDeviceMetricsOverride", metrics | {"height": height})
        shot = browser.page("Page.captureScreenshot", {"format": "png"})
        return overlaps, base64.b64decode(shot["data"])
    finally:
        browser.close()


def main(argv: list[str]) -> int:
    html_file, png = Path(argv[0]), Path(argv[1])
    shot_height = int(argv[2]) if len(argv) > 2 else None
    binary = find_chromium()
    if binary is None:
        print("chromium not found", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as profile:
        report = inspect_page(html_file, binary, Path(profile), shot_height)
    png.write_bytes(report.screenshot)
    print(json.dumps({"requests": report.requests, "console_errors": report.console_errors,
                      "probe": report.probe}, indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
