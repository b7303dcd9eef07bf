"""The map page in headless Chromium (Debian's package, via Playwright) over a test store served by uvicorn.

Screenshots go to artifacts/web/. Every request the page makes must stay on the test server (offline).
Without /usr/bin/chromium the tests skip, except under CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontwatch.api import ApiSettings, create_app
from frontwatch.store import Store

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXAMPLES = Path(__file__).parent.parent / "examples"
ARTIFACTS = Path(__file__).parent.parent / "artifacts" / "web"
ARTICLES = (
    "reference.txt",
    "bakhmut_wagner_claim.txt",
    "avdiivka_withdrawal.txt",
    "dnipro_missile_strike.txt",
)

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run must `apt-get install -y chromium`")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(pipeline: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("web") / "fw.db"
    with Store.open(db) as store:
        for name in ARTICLES:
            store.save(pipeline.process_path(EXAMPLES / name))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(ApiSettings(db=str(db))), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    outside: list[str] = []
    errors: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: print(msg.text) if "first render" in msg.text else None)
    pg.goto(base_url + "/")
    pg.wait_for_selector("body[data-ready=true]", timeout=15_000)
    yield pg
    context.close()
    assert not outside, f"the page reached outside the server: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


def _shot(pg: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _shown(pg: Any) -> tuple[int, int]:
    pg.wait_for_selector("body:not([data-busy])")  # the page's refresh after a search or brush is done
    words = pg.text_content("#status").split()
    return int(words[0]), int(words[2])


def test_first_render_lists_places_markers_and_basemap(page: Any) -> None:
    shown, total = _shown(page)
    assert shown == total > 0
    places = page.locator("#places").inner_text()
    for name in ("Bakhmut", "Andriivka", "Klishchiivka"):
        assert name in places
    page.wait_for_selector("body[data-basemap=true]")
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1  # offline country outlines
    assert page.locator(".leaflet-marker-pane .dot, .leaflet-marker-pane .marker-cluster").count() > 0
    assert page.locator("#timeline-svg .bar").count() > 0
    assert page.locator("#quotes li").count() > 0
    _shot(page, "01-first-render")


def test_admin1_outlines_show_only_when_zoomed_in(page: Any) -> None:
    assert page.evaluate("map.getZoom()") >= 5  # the first view fits the events: Donetsk oblast and around
    page.wait_for_selector("body[data-admin1-shown=true]")
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 2  # countries and admin-1 lines
    _shot(page, "01-admin1")
    page.evaluate("void map.setZoom(3, {animate: false})")
    page.wait_for_selector("body[data-admin1-shown=false]")
    page.evaluate("void map.setZoom(6, {animate: false})")
    page.wait_for_selector("body[data-admin1-shown=true]")


@pytest.mark.parametrize(
    ("name", "holder"),
    [
        ("Bakhmut", "Military Forces of Russia"),
        ("Andriivka", "Military Forces of Ukraine"),
        ("Klishchiivka", "Military Forces of Ukraine"),
    ],
)
def test_place_panel_shows_control_timeline_and_evidence(page: Any, name: str, holder: str) -> None:
    page.locator("#places button.item", has_text=name).first.click()
    page.wait_for_selector("#changes li")
    assert name in page.text_content("#place-h")
    assert holder in page.inner_text("#changes")
    assert page.locator("#control-timeline rect[data-status]").count() >= 1
    assert name in page.inner_text("#changes blockquote >> nth=0") or name in page.inner_text("#changes")
    assert page.locator("#place-events li").count() >= 1
    _shot(page, f"02-place-{name.lower()}")
    page.locator("#changes button.link").first.click()
    page.wait_for_selector("#event-docs mark.hl")
    mark = page.text_content("#event-docs mark.hl")
    assert mark and mark.strip() in page.text_content("#event-docs .doc")
    _shot(page, f"02-place-{name.lower()}-evidence")


def test_event_panel_highlights_sentence_in_document(page: Any) -> None:
    page.locator("#places button.item", has_text="Bakhmut").first.click()
    page.wait_for_selector("#place-events li")
    page.locator("#place-events button.item").first.click()
    page.wait_for_selector("#event-docs mark.hl")
    assert "Bakhmut" in page.text_content("#event-h")
    assert page.locator("#event-facts dt").count() >= 4
    assert len(page.text_content("#event-docs .doc") or "") > len(
        page.text_content("#event-docs mark.hl") or ""
    )
    _shot(page, "03-event")


def test_brush_filters_map_and_escape_clears(page: Any) -> None:
    box = page.locator("#timeline-svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.80, y, steps=5)
    page.mouse.up()
    shown, total = _shown(page)
    assert "Selected:" in page.text_content("#range")
    assert 0 <= shown < total
    assert page.locator("#timeline-svg rect.brush").count() == 1
    assert page.locator("#timeline-svg .bar.out").count() == 1  # the days outside the range, greyed
    _shot(page, "04-brushed")
    page.focus("#timeline")
    page.keyboard.press("Escape")
    assert _shown(page)[0] == total
    page.keyboard.press("ArrowLeft")  # keyboard brush: a range appears
    assert "Selected:" in page.text_content("#range")


def test_search_box_filters(page: Any) -> None:
    page.keyboard.press("/")
    page.keyboard.type("Wagner")
    page.keyboard.press("Enter")
    shown, total = _shown(page)
    assert 0 < shown < total
    assert "Wagner" in page.text_content("#status")
    page.click("#clear")
    assert _shown(page)[0] == total


def test_marker_click_opens_event(page: Any) -> None:
    page.locator("#places button.item", has_text="Klishchiivka").first.click()
    page.wait_for_selector("#changes li")
    dot = page.locator('.leaflet-marker-pane .dot[title*="Klishchiivka"]')
    dot.wait_for()
    dot.focus()  # markers are in the tab order; Enter opens them like a click
    page.keyboard.press("Enter")
    page.wait_for_selector("#event-docs mark.hl")
    assert not page.locator("#event-panel").is_hidden()
    _shot(page, "05-marker")


def test_quote_opens_in_document(page: Any) -> None:
    page.locator("#quotes button.item").first.click()
    page.wait_for_selector("#event-docs mark.hl")
    assert page.text_content("#event-h").startswith("Quote")
