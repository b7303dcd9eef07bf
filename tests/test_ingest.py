"""Tests for frontwatch.ingest: every format, every error, ids, offsets, determinism."""

from __future__ import annotations

import hashlib
import io
import time
from dataclasses import FrozenInstanceError
from datetime import date
from pathlib import Path

import pytest

from frontwatch.ingest import NO_DATE, Skipped, count_inputs, document_id, html_to_text, iter_documents
from frontwatch.types import Document

FIX = Path(__file__).parent / "fixtures" / "ingest"
REFERENCE = Path("/work/shared/reference-article.txt")
DAY = date(2024, 9, 1)


def run(*names: str, **kwargs: object) -> list[Document | Skipped]:
    inputs = [name if name == "-" or name.startswith("http") else str(FIX / name) for name in names]
    return list(iter_documents(inputs, **kwargs))  # type: ignore[arg-type]


def docs(items: list[Document | Skipped]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def skips(items: list[Document | Skipped]) -> list[Skipped]:
    return [item for item in items if isinstance(item, Skipped)]


def only_skip(*names: str, **kwargs: object) -> Skipped:
    items = run(*names, **kwargs)
    assert len(items) == 1 and isinstance(items[0], Skipped), items
    return items[0]


# --- the date-prefixed text format ----------------------------------------------------------------------


def test_dated_text_body_after_date_with_leading_space() -> None:
    raw = (FIX / "dated.txt").read_text(encoding="utf-8")
    [doc] = docs(run("dated.txt"))
    assert raw.startswith(" date 2024-03-08 ")
    assert doc.text == raw[len(" date 2024-03-08 ") :]
    assert doc.published == date(2024, 3, 8)
    assert doc.id == document_id(doc.text)
    assert doc.origin == str(FIX / "dated.txt")


def test_offsets_index_the_body_exactly() -> None:
    [doc] = docs(run("dated.txt"))
    start = doc.text.index("Zelenodolsk")
    assert doc.text[start : start + len("Zelenodolsk")] == "Zelenodolsk"
    assert doc.text.startswith("Shelling hit")


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference article not present")
def test_reference_article() -> None:
    raw = REFERENCE.read_text(encoding="utf-8")
    [doc] = list(iter_documents([str(REFERENCE)]))
    assert isinstance(doc, Document)
    assert doc.published == date(2023, 11, 12)
    assert doc.text == raw.split(maxsplit=2)[2]


def test_bom_and_windows_line_endings_are_normalized() -> None:
    [doc] = docs(run("bom_crlf.txt"))
    assert doc.published == date(2024, 2, 1)
    assert "\r" not in doc.text and "\ufeff" not in doc.text
    assert (
        doc.text
        == "A convoy reached the border crossing on Thursday.\nAid workers unloaded food and medicine.\n"
    )


def test_plain_text_without_date_uses_published() -> None:
    [doc] = docs(run("plain.md", published=DAY))
    assert doc.published == DAY
    assert doc.text == (FIX / "plain.md").read_text(encoding="utf-8")


def test_plain_text_without_date_or_published_is_skipped() -> None:
    skip = only_skip("plain.md")
    assert skip.reason == NO_DATE
    assert skip.reason.startswith("no date found in line 1: start the file with `date YYYY-MM-DD`")


@pytest.mark.parametrize("published", [None, DAY])
def test_invalid_date_is_skipped_even_with_published(published: date | None) -> None:
    skip = only_skip("bad_date.txt", published=published)
    assert (
        skip.reason == "line 1 has `date 2023-13-45`, which is not a calendar date: write `date YYYY-MM-DD`"
    )


def test_date_without_body_is_skipped() -> None:
    assert only_skip("date_only.txt").reason == "has a date but no text after it: add the article body"


# --- stdin ------------------------------------------------------------------------------------------------


def test_stdin_text_format() -> None:
    [doc] = run("-", stdin=io.StringIO("\ufeff  date 2024-01-20\nGunfire was heard near the airport.\n"))
    assert isinstance(doc, Document)
    assert doc.text == "Gunfire was heard near the airport.\n"
    assert doc.published == date(2024, 1, 20) and doc.origin == "<stdin>"


def test_stdin_jsonl_and_plain_text() -> None:
    jsonl = '{"id": "s1", "text": "One.", "published": "2024-01-01"}\n{"text": "Two."}\n'
    items = run("-", stdin=io.StringIO(jsonl), published=DAY)
    assert [(d.id, d.published) for d in docs(items)] == [
        ("s1", date(2024, 1, 1)),
        (document_id("Two."), DAY),
    ]
    [plain] = run("-", stdin=io.StringIO("No date line here."), published=DAY)
    assert isinstance(plain, Document) and plain.text == "No date line here."


def test_stdin_empty_and_too_big() -> None:
    [empty] = run("-", stdin=io.StringIO("  \n"))
    assert isinstance(empty, Skipped) and empty.reason.startswith("is empty")
    [big] = run("-", stdin=io.StringIO("date 2024-01-01 " + "x" * 500), max_bytes=100)
    assert isinstance(big, Skipped)
    assert big.reason == "is over the 100 bytes limit: split it or raise --max-bytes"


# --- JSONL, JSON, CSV -----------------------------------------------------------------------------------


def test_jsonl_records_ids_and_dates() -> None:
    items = run("records.jsonl")
    good = docs(items)
    assert [d.id for d in good] == ["wire-001", document_id(good[1].text), document_id(good[2].text)]
    first = good[0]
    assert (first.url, first.title, first.source) == (
        "https://example.org/wire-001",
        "Depot hit",
        "Example Wire",
    )
    assert good[1].published == date(2024, 4, 2)  # the date as written, not converted to UTC
    assert good[2].url is None  # empty string means absent


def test_jsonl_broken_line_is_skipped_and_the_rest_goes_on() -> None:
    items = run("records.jsonl")
    origins = [item.origin for item in skips(items)]
    broken = skips(items)[0]
    assert broken.origin == f"{FIX / 'records.jsonl'}:3"
    assert broken.reason.startswith("not valid JSON (") and broken.reason.endswith(
        "): fix or remove the line"
    )
    assert str(broken) == f"{FIX / 'records.jsonl'}:3: {broken.reason}"
    assert [o.rsplit(":", 1)[1] for o in origins] == ["3", "5", "6", "7", "8"]
    assert docs(items)[-1].text == "Curfew lifted in the northern districts."


def test_jsonl_record_errors_say_what_to_do() -> None:
    reasons = {s.origin.rsplit(":", 1)[1]: s.reason for s in skips(run("records.jsonl"))}
    assert reasons["5"] == 'no "published" date: add "published": "YYYY-MM-DD" or pass --published'
    assert reasons["6"] == 'no "text" (missing or empty): add the article text as "text" or remove the record'
    assert reasons["7"] == "\"published\" is 'April 4th', not a date: use YYYY-MM-DD or an ISO datetime"
    assert reasons["8"] == 'expected an object with a "text" field, got list: fix or remove it'


def test_jsonl_published_argument_is_a_fallback_and_numeric_id_is_text() -> None:
    good = docs(run("records.jsonl", published=DAY))
    talks = next(d for d in good if d.text.startswith("Talks"))
    assert talks.id == "42" and talks.published == DAY
    assert good[0].published == date(2024, 4, 1)  # a record's own date wins over the argument


def test_json_list_file() -> None:
    good = docs(run("records.json"))
    assert [d.id for d in good] == ["a1", document_id("Two soldiers were wounded by a landmine.")]
    assert good[1].source == "Field Notes"


def test_broken_json_file() -> None:
    skip = only_skip("broken.json")
    assert skip.reason.startswith("not valid JSON (Expecting property name") and skip.reason.endswith(
        "fix the file"
    )


def test_csv_records_keep_text_unchanged() -> None:
    items = run("records.csv")
    good = docs(items)
    assert [d.id for d in good] == ["c1", "c4"]
    assert good[0].text == "Artillery fire was reported near Sosnivka.\r\nResidents sheltered in basements."
    assert (good[0].url, good[0].title, good[0].source) == (
        "https://example.org/c1",
        "Fire near Sosnivka",
        "Example Daily",
    )
    assert [s.origin.rsplit(":", 1)[1] for s in skips(items)] == ["4", "5"]  # physical line numbers


def test_csv_published_fallback() -> None:
    good = docs(run("records.csv", published=DAY))
    strike = next(d for d in good if d.text.startswith("Opposition"))
    assert strike.published == DAY and strike.id == document_id(strike.text)


def test_csv_without_text_column() -> None:
    skip = only_skip("notext.csv")
    assert (
        skip.reason
        == "no `text` column in the header (found: id, body, published): name the article column `text`"
    )


def test_csv_bad_quoting_skips_the_row_only() -> None:
    items = run("badquote.csv")
    assert [d.text for d in docs(items)] == ["Fine row.", "Row after the bad one."]
    [bad] = skips(items)
    assert bad.origin.endswith("badquote.csv:3")
    assert bad.reason.startswith("not valid CSV (") and bad.reason.endswith("fix the quoting of this row")


# --- HTML and feeds ----------------------------------------------------------------------------------


def test_html_page_with_metadata() -> None:
    [doc] = docs(run("article.html"))
    assert doc.published == date(2024, 7, 13)
    assert doc.url == "https://news.example.com/2024/07/checkpoint-attack"
    assert doc.title == "Checkpoint attacked near Dorovo" and doc.source == "The Example Times"
    assert "killing two guards" in doc.text and "residents" in doc.text
    assert "Subscribe" not in doc.text and "Sport" not in doc.text
    assert doc.id == document_id(doc.text)


def test_html_without_date() -> None:
    assert only_skip("nodate.html").reason == "no publication date in the page's metadata: pass --published"
    [doc] = docs(run("nodate.html", published=DAY))
    assert doc.published == DAY and "Dorovo" in doc.text


def test_html_declared_charset_is_honoured() -> None:
    [doc] = docs(run("latin.html"))
    assert "café near the station" in doc.text and doc.published == date(2024, 8, 2)


def test_rss_feed_entries() -> None:
    items = run("feed.rss")
    [doc] = docs(items)
    assert doc.id == "wire-item-1" and doc.url == "https://wire.example.net/items/1"
    assert doc.source == "Example Wire World" and doc.title == "Strike on depot"
    assert doc.published == date(2023, 11, 6)  # local date of "Mon, 06 Nov 2023 23:30:00 -0500", not UTC
    assert doc.text == "A missile strike set a fuel depot on fire, officials said.\nNo one was hurt."
    assert [(s.origin.rsplit("#", 1)[1], s.reason) for s in skips(items)] == [
        ("2", "the entry has no published or updated date: pass --published"),
        ("3", "the entry has no content or summary: nothing to ingest"),
    ]


def test_rss_entry_without_guid_uses_link_and_published_fallback() -> None:
    good = docs(run("feed.rss", published=DAY))
    assert good[1].id == "https://wire.example.net/items/2" and good[1].published == DAY


def test_atom_feed_prefers_content_over_summary() -> None:
    [doc] = docs(run("feed.atom"))
    assert doc.id == "tag:field.example.org,2024:report-7"
    first, second = (
        "Volunteers evacuated forty residents from Lisove on Tuesday.",
        "The village had been shelled",
    )
    assert doc.text == f"{first}\n{second} for a week."
    assert doc.published == date(2024, 1, 10) and doc.source == "Field Reports"


def test_xml_that_is_not_a_feed() -> None:
    skip = only_skip("notafeed.xml")
    assert skip.reason == "not an RSS or Atom feed (no channel or feed element): check the file or URL"


def test_feed_url_uses_injected_fetch() -> None:
    seen: list[str] = []

    def fetch(url: str) -> bytes:
        seen.append(url)
        return (FIX / "feed.atom").read_bytes()

    [doc] = run("https://field.example.org/feed", fetch=fetch)
    assert isinstance(doc, Document) and doc.origin == "https://field.example.org/feed"
    assert seen == ["https://field.example.org/feed"]


def test_url_errors_and_html_pages() -> None:
    def broken(url: str) -> bytes:
        raise OSError("connection refused")

    [skip] = run("https://down.example.org/rss", fetch=broken)
    assert skip == Skipped(
        "https://down.example.org/rss",
        "could not fetch it (connection refused): check the URL and your network",
    )
    [page] = run("https://news.example.com/a", fetch=lambda url: (FIX / "article.html").read_bytes())
    assert isinstance(page, Document) and page.published == date(2024, 7, 13)


def test_html_to_text_keeps_blocks_and_drops_scripts() -> None:
    html = "<p>One  <i>two</i></p><script>x()</script><ul><li>three</li><li>four</li></ul>five<br>six"
    assert html_to_text(html) == "One two\nthree\nfour\nfive\nsix"


# --- errors -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "blank.text"])
def test_empty_files(name: str) -> None:
    assert only_skip(name).reason == "is empty: add text or remove the file"


def test_binary_file() -> None:
    reason = only_skip("binary.txt").reason
    assert reason == "is a binary file, not text: pass text, JSONL, CSV, HTML or RSS/Atom files"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (
            "cp1252.txt",
            "not UTF-8 (byte 0xe9 at offset 23): convert with "
            "`iconv -f WINDOWS-1252 -t UTF-8 cp1252.txt > cp1252.utf8.txt` (or name its real encoding)",
        ),
        (
            "cp1251.txt",
            "not UTF-8 (byte 0xce at offset 16): convert with "
            "`iconv -f WINDOWS-1251 -t UTF-8 cp1251.txt > cp1251.utf8.txt` (or name its real encoding)",
        ),
        (
            "utf16.txt",
            "is UTF-16, not UTF-8: convert with `iconv -f UTF-16 -t UTF-8 utf16.txt > utf16.utf8.txt`",
        ),
    ],
)
def test_non_utf8_text_is_not_guessed(name: str, reason: str) -> None:
    assert only_skip(name).reason == reason


def test_big_file_is_skipped_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "huge.jsonl"
    with big.open("wb") as handle:  # sparse: 50 MB on paper, nothing written to disk
        handle.truncate(50_000_000)

    def no_reading(self: Path) -> bytes:
        raise AssertionError("the big file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    started = time.perf_counter()
    [skip] = list(iter_documents([str(big)]))
    assert time.perf_counter() - started < 1.0
    assert skip == Skipped(str(big), "is 50 MB, over the 20 MB limit: split it or raise --max-bytes")


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("date 2024-01-01 " + "word " * 30, encoding="utf-8")
    [skip] = list(iter_documents([str(path)], max_bytes=100))
    assert isinstance(skip, Skipped)
    assert skip.reason == "is 166 bytes, over the 100 bytes limit: split it or raise --max-bytes"
    assert isinstance(next(iter_documents([str(path)], max_bytes=166)), Document)


def test_missing_path_and_explicit_unknown_type() -> None:
    assert only_skip("nowhere.txt").reason == "no such file or folder: check the path"
    reason = only_skip("image.png").reason
    assert reason.startswith("unknown file type '.png': convert it to one of .txt .text .md .jsonl")


def test_folder_without_readable_files(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a.png").write_bytes(b"\x89PNG")
    [empty] = list(iter_documents([str(tmp_path / "empty")]))
    [pics] = list(iter_documents([str(tmp_path / "pics")]))
    assert isinstance(empty, Skipped) and empty.reason.startswith(
        "no readable files in this folder: add .txt"
    )
    assert isinstance(pics, Skipped) and pics.reason.startswith(
        "no readable files in this folder (1 other files"
    )


# --- folders, batches, ids, counts -----------------------------------------------------------------------


def test_folder_recursion_is_sorted_and_skips_hidden_and_unknown() -> None:
    items = run("tree")
    assert all(isinstance(item, Document) for item in items)
    assert [Path(d.origin or "").relative_to(FIX / "tree").as_posix() for d in docs(items)] == [
        "a.txt",
        "b.txt",
        "sub/c.jsonl",
        "sub/c.jsonl",
    ]
    assert [d.id for d in docs(items)][2:] == ["tree-c1", "tree-c2"]


def test_mixed_batch_never_raises_and_keeps_input_order() -> None:
    names = sorted(path.name for path in FIX.iterdir()) + ["missing.csv"]
    items = run(*names)
    assert all(isinstance(item, Document | Skipped) for item in items)
    assert all(item.reason and "\n" not in item.reason for item in skips(items))
    assert items[0].origin == str(FIX / "article.html") and items[-1].origin == str(FIX / "missing.csv")


def test_determinism_same_inputs_same_documents() -> None:
    first = run("tree", "records.jsonl", "feed.rss", "article.html", "dated.txt")
    second = run("tree", "records.jsonl", "feed.rss", "article.html", "dated.txt")
    assert first == second
    assert len({d.id for d in docs(first)}) == len(docs(first))


def test_document_id_is_sha256_prefix() -> None:
    text = "Ceasefire talks resumed on Monday."
    assert document_id(text) == hashlib.sha256(text.encode()).hexdigest()[:16]
    assert len(document_id("\ud800 lone surrogate")) == 16
    assert document_id(text) != document_id(text + " ")


def test_skipped_is_frozen() -> None:
    skip = Skipped("a.txt", "is empty: add text or remove the file")
    with pytest.raises(FrozenInstanceError):
        skip.reason = "x"  # type: ignore[misc]


def test_count_inputs() -> None:
    assert count_inputs([str(FIX / "records.jsonl")]) == 9  # lines, a cheap estimate
    assert count_inputs([str(FIX / "tree")]) == 4
    # CSV: physical lines minus the header (a quoted newline over-counts); feeds: items and entries
    assert (
        count_inputs([str(FIX / "records.csv"), str(FIX / "feed.rss"), str(FIX / "feed.atom")]) == 5 + 3 + 1
    )
    assert count_inputs([str(FIX / "dated.txt"), "-"]) is None
    assert count_inputs(["https://example.org/feed"]) is None
    assert count_inputs([str(FIX / "nowhere")]) == 0
