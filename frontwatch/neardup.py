"""Near-duplicate documents: the same wire story on several sites, a re-published article with a new headline.

Each document's text becomes a set of hashed word 5-grams ("shingles"); a MinHash signature of 128
values, cut into 32 bands of 4, finds candidates through an index (two texts sharing half their shingles
share a band with 87% probability, at 0.7 with 99.9%), and the exact Jaccard similarity of the shingles
decides. Matches are symmetric links between documents, so the groups, and each group's original (the
earliest published, then the smallest id), do not depend on the order documents arrive in. Extraction still
runs on every copy: a copy may add a line, and its reports are evidence; the copies are linked so that they
are not counted as independent reports.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from frontwatch import db, dedup

SHINGLE = 5  # words per shingle
BANDS, ROWS = 32, 4
THRESHOLD = 0.6  # Jaccard similarity of the shingle sets from which two texts are copies of one story
MIN_SHINGLES = 20  # shorter texts (a one-line item) are too short to call copies
_PRIME = np.uint64(4294967311)  # the first prime above 2**32
_rng = np.random.default_rng(20231112)  # fixed: signatures must be the same on every run and machine
_A = _rng.integers(1, 2**32, size=(BANDS * ROWS, 1), dtype=np.uint64)
_B = _rng.integers(0, 2**32, size=(BANDS * ROWS, 1), dtype=np.uint64)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Copy:
    document_id: str
    copy_of: str
    similarity: float


def shingles(text: str) -> frozenset[int]:
    """Hashed word 5-grams of the lower-cased text (32-bit, stable across runs)."""
    words = _WORD.findall(text.lower())
    grams = (" ".join(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1)))
    return frozenset(
        int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "big") for g in grams
    )


def signature(sh: frozenset[int]) -> np.ndarray:
    """MinHash: for each of 128 hash functions (a*x + b) mod p, the smallest value over the shingles."""
    x = np.fromiter(sh, dtype=np.uint64, count=len(sh)).reshape(1, -1)
    return np.asarray(((_A * x + _B) % _PRIME).min(axis=1))


def bands(sig: np.ndarray) -> list[int]:
    """One 63-bit key per band of 4 signature values (fits a signed 64-bit column in both engines)."""
    out = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        out.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big") >> 1)
    return out


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def index(conn: db.Connection, document_id: str, text: str) -> list[Copy]:
    """Record a stored document's bands and link it to the stored documents it copies (or that copy it).
    Runs inside the caller's transaction; the document's earlier bands and links are replaced."""
    forget(conn, document_id)
    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return []
    keys = bands(signature(sh))
    conn.executemany(
        "INSERT INTO document_bands (band, key, document_id) VALUES (?, ?, ?)",
        [(band, key, document_id) for band, key in enumerate(keys)],
    )
    where = " OR ".join("(band = ? AND key = ?)" for _ in keys)
    args = [v for band, key in enumerate(keys) for v in (band, key)]
    candidates = {
        r[0] for r in conn.execute(f"SELECT DISTINCT document_id FROM document_bands WHERE {where}", args)
    } - {document_id}
    found = []
    for other in sorted(candidates):
        row = conn.execute("SELECT text FROM documents WHERE id = ?", (other,)).fetchone()
        similarity = jaccard(sh, shingles(row[0])) if row else 0.0
        if similarity >= THRESHOLD:
            a, b = sorted((document_id, other))
            conn.execute(
                "INSERT INTO document_copies (a, b, similarity) VALUES (?, ?, ?)", (a, b, similarity)
            )
            found.append(Copy(document_id, other, round(similarity, 3)))
    return found


def forget(conn: db.Connection, document_id: str) -> None:
    conn.execute("DELETE FROM document_bands WHERE document_id = ?", (document_id,))
    conn.execute("DELETE FROM document_copies WHERE a = ? OR b = ?", (document_id, document_id))


def originals(conn: db.Connection, document_ids: Iterable[str]) -> dict[str, str]:
    """For each of the documents that is a copy, the original of its group (earliest published, then id)."""
    members = sorted(db.reachable(conn, "document_copies", document_ids))
    if not members:
        return {}
    marks = ",".join("?" * len(members))
    edges = conn.execute(f"SELECT a, b FROM document_copies WHERE a IN ({marks})", members).fetchall()
    if not edges:
        return {}
    published = {
        r[0]: r[1] or ""
        for r in conn.execute(f"SELECT id, published FROM documents WHERE id IN ({marks})", members)
    }
    return groups([(r[0], r[1]) for r in edges], published)


def groups(edges: Iterable[tuple[str, str]], published: Mapping[str, str]) -> dict[str, str]:
    """Connected components of the copy links; every member that is not its group's original → original."""
    links = [dedup.Link(a, b, "copy") for a, b in edges]
    cluster_of = dedup.components({x for link in links for x in (link.a, link.b)}, links)
    members: dict[str, list[str]] = {}
    for doc, cluster in cluster_of.items():
        members.setdefault(cluster, []).append(doc)
    out = {}
    for group in members.values():
        original = min(group, key=lambda d: (str(published.get(d, "")), d))
        out.update({d: original for d in group if d != original})
    return out
