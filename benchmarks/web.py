"""First render of the map page: headless Chromium over a store of generated events, served in-process.

    python -m benchmarks.web [--events 10000] [--loads 3] [--quick] [--check]

Generates N events (benchmarks/queries.py's generator) into a fresh SQLite store, serves the API and page with
uvicorn in a thread, opens the page in Debian's Chromium through Playwright (never `playwright install`) and
reads the page's own signals: `data-first-render-ms` (navigation start to the first frame painted with the
markers and the timeline) and `data-ready-ms` (places, quotes too); prints the medians of the loads after one
warm-up load, which is reported apart: the first load of a fresh server, before it keeps the map's answer
(see api.Answers), shows what a cold server costs.
Target (issue 9): first render under 1 s with 10,000 events.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.queries import fill
from frontwatch.api import ApiSettings, create_app
from frontwatch.store import Store

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
TARGET_MS = 1000.0
MARKS = "Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, Math.round(m.startTime)]))"


@contextmanager
def serve(db: str) -> Iterator[str]:
    """The app over `db` on a free local port, in a thread, for the duration of the block."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    config = uvicorn.Config(create_app(ApiSettings(db=db)), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        raise RuntimeError("uvicorn did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def load_once(browser: Any, url: str) -> dict[str, Any]:
    """One cold load in a fresh browser context: first-render ms (page-side) and what the page shows."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    outside: list[str] = []

    def guard(route: Any) -> None:  # the page must work offline: nothing may leave the local server
        if route.request.url.startswith(url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(url + "/")
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    result = {
        "first_render_ms": float(page.get_attribute("body", "data-first-render-ms") or "nan"),
        "ready_ms": float(page.get_attribute("body", "data-ready-ms") or "nan"),
        "marks": page.evaluate(MARKS),
        "markers": page.locator(".leaflet-marker-pane .dot, .leaflet-marker-pane .marker-cluster").count(),
        "status": page.text_content("#status"),
        "outside_requests": len(outside),
    }
    context.close()
    return result


def measure(n: int, loads: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "web.db")
        with Store.open(db) as store:
            fill(store, n)
        with serve(db) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            cold = load_once(browser, url)  # warms the server's kept answers and the OS file cache
            runs = [load_once(browser, url) for _ in range(loads)]
            browser.close()
    times = [r["first_render_ms"] for r in runs]
    return {
        "events": n,
        "loads": loads,
        "first_render_ms": times,
        "median_ms": statistics.median(times),
        "ready_median_ms": statistics.median(r["ready_ms"] for r in runs),
        "cold_server_first_render_ms": cold["first_render_ms"],
        "markers": runs[-1]["markers"],
        "marks": runs[-1]["marks"],
        "status": runs[-1]["status"],
        "outside_requests": sum(r["outside_requests"] for r in runs),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--loads", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="2,000 events, one load")
    ap.add_argument("--check", action="store_true", help="exit 1 when the median misses the 1 s target")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "web.json"))
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing (apt-get install -y chromium): web benchmark skipped")
        return 0
    n, loads = (2_000, 1) if args.quick else (args.events, args.loads)
    r = measure(n, loads)
    print(
        f"map page first render over {n:,} events, median of {loads} cold loads (target < {TARGET_MS:.0f} ms)"
    )
    print(f"  first render {r['median_ms']:.0f} ms   loads {[round(t) for t in r['first_render_ms']]}")
    print(f"  first load of the fresh server (not counted) {r['cold_server_first_render_ms']:.0f} ms")
    print(f"  all panels ready {r['ready_median_ms']:.0f} ms; last load's marks: {r['marks']}")
    print(f"  page shows: {r['status']}; {r['markers']} markers or clusters drawn")
    print(f"  requests that left the local server: {r['outside_requests']}")
    if not args.quick:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(r, indent=1) + "\n")
    missed = r["median_ms"] >= TARGET_MS or r["outside_requests"]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
