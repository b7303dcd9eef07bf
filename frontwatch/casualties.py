"""Casualties stated in a sentence: who was killed or injured, and how many.

A count comes from the victims' own number ("at least 13 people were killed, including three children" is
13: the 'including' phrase is a subset), summed only over coordinated victims of one verb ("killed two
soldiers and three civilians"). Words like dozens, scores or hundreds give no number but flag the
casualties as vague. Cumulative war tolls ("since the invasion began") are not casualties of an event.
Lexicon: the "casualties" section of data/events.json.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from spacy.tokens import Span, Token

from frontwatch.nlp import text_of

DEFAULT_PATH = Path(__file__).parent / "data" / "events.json"
Kind = Literal["fatal", "injury"]


@dataclass(frozen=True)
class Lexicon:
    fatal_verbs: frozenset[str]
    injury_verbs: frozenset[str]
    fatal_nouns: frozenset[str]
    injury_nouns: frozenset[str]
    vague: frozenset[str]
    numbers: tuple[tuple[str, int], ...]
    cumulative: tuple[re.Pattern[str], ...]  # lower-case patterns, matched against lower-cased text
    fatal_phrases: tuple[tuple[str, frozenset[str]], ...] = ()  # complement -> verbs ('shot dead'); '*' any
    hit_verbs: frozenset[str] = frozenset()  # 'shot in the leg': an injury
    body_parts: frozenset[str] = frozenset()

    def number(self, word: str) -> int | None:
        return dict(self.numbers).get(word)


@functools.cache
def load_lexicon(path: Path = DEFAULT_PATH) -> Lexicon:
    data = json.loads(path.read_text(encoding="utf-8"))["casualties"]
    return Lexicon(
        fatal_verbs=frozenset(data["fatal_verbs"]),
        injury_verbs=frozenset(data["injury_verbs"]),
        fatal_nouns=frozenset(data["fatal_nouns"]),
        injury_nouns=frozenset(data["injury_nouns"]),
        vague=frozenset(data["vague_numbers"]),
        numbers=tuple(data["number_words"].items()),
        cumulative=tuple(re.compile(p) for p in data["cumulative"]),  # written in lower case
        fatal_phrases=tuple(
            (k, frozenset(v)) for k, v in data.get("fatal_phrases", {}).items() if k != "comment"
        ),
        hit_verbs=frozenset(data.get("injury_phrases", {}).get("verbs", [])),
        body_parts=frozenset(data.get("injury_phrases", {}).get("body_parts", [])),
    )


@dataclass(frozen=True)
class Casualty:
    """One casualty statement: the word (token index) that states it, its kind, count or vagueness."""

    token: int
    kind: Kind
    count: int | None
    vague: bool


def is_cumulative(text: str, lex: Lexicon | None = None) -> bool:
    """A running war toll ('since the war began, 10,000 civilians have died'), not one event's casualties."""
    lex = lex or load_lexicon()
    lowered = text.lower()  # case-blind matching: a lower-cased text searches many times faster than re.I
    return any(p.search(lowered) for p in lex.cumulative)


def parse_number(tok: Token, lex: Lexicon) -> tuple[int | None, bool]:
    """A number token's value with its multipliers ('two hundred', 'a dozen'); vague words: (None, True)."""
    word = tok.lower_.replace(",", "")
    if word in lex.vague or (word.endswith("s") and lex.number(word[:-1]) is not None and word != "tens"):
        return None, True
    if re.fullmatch(r"\d+", word):
        value: int | None = int(word)
    elif "-" in word and all(lex.number(w) is not None for w in word.split("-")):
        value = sum(lex.number(w) or 0 for w in word.split("-"))
    else:
        value = lex.number(word)
    if value is None:
        return None, tok.pos_ == "NUM"
    for c in tok.children:
        factor = lex.number(c.lower_) if c.dep_ in ("compound", "nummod", "quantmod") else None
        if factor and factor > 1 and c.i < tok.i:
            value *= factor
    return value, False


def _count_one(victim: Token, lex: Lexicon) -> tuple[int | None, bool]:
    if victim.pos_ == "NUM" or victim.lower_ in lex.vague or victim.lower_.rstrip("s") in ("dozen", "score"):
        return parse_number(victim, lex)
    for c in victim.children:
        numeric = c.pos_ == "NUM" or c.lower_ in lex.vague or lex.number(c.lower_) is not None
        if c.dep_ in ("nummod", "quantmod", "amod") and numeric:
            return parse_number(c, lex)
    if victim.lower_ in ("he", "she", "him", "her") or victim.tag_ in ("NN", "NNP"):
        return 1, False
    return None, True


def count_victims(victim: Token, lex: Lexicon) -> tuple[int | None, bool]:
    """Victims' number summed over coordinated victims; any vague part makes the whole vague."""
    total, vague = 0, False
    for v in [victim, *[c for c in victim.conjuncts if c.i > victim.i]]:
        n, fuzzy = _count_one(v, lex)
        vague = vague or fuzzy or n is None
        total += n or 0
    return (total or None, vague)


def _victim_of(verb: Token, fatal_intransitive: bool) -> Token | None:
    deps = ("nsubjpass", "nsubj") if fatal_intransitive else ("nsubjpass", "dobj")
    for dep in deps:
        for c in verb.children:
            if c.dep_ == dep:
                return c
    if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        return verb.head
    return None


def phrase_kind(verb: Token, lex: Lexicon) -> Kind | None:
    """A verb whose complement tells the harm: 'shot dead', 'gunned down', 'beaten to death', 'burned
    alive' kill; 'shot in the leg' wounds. Read from the verb's own children only."""
    lemma = verb.lemma_.lower()
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubj", "nsubjpass", "conj", "cc", "punct"):
            continue
        said = c.lower_
        if c.dep_ == "prep":
            said = " ".join([c.lower_, *(p.lower_ for p in c.children if p.dep_ == "pobj")])
        verbs = next((v for k, v in lex.fatal_phrases if k == said), None)
        if verbs is not None and (lemma in verbs or "*" in verbs):
            return "fatal"
        hit = c.dep_ == "prep" and c.lower_ == "in" and lemma in lex.hit_verbs
        if hit and any(p.dep_ == "pobj" and p.lower_ in lex.body_parts for p in c.children):
            return "injury"
    return None


def _toll(noun: Token, lex: Lexicon) -> tuple[int | None, bool]:
    """A death toll's number: 'the toll rose to 15', 'a toll of 15', '15 dead'."""
    head = noun.head if noun.dep_ in ("nsubj", "nsubjpass") else noun
    for t in head.subtree:
        if t.pos_ == "NUM" and t.i != noun.i:
            return parse_number(t, lex)
    return None, True


def _noun_casualty(tok: Token, lex: Lexicon) -> Casualty | None:
    lemma = tok.lemma_.lower()
    kind: Kind | None = "fatal" if lemma in lex.fatal_nouns or tok.lower_ in lex.fatal_nouns else None
    if lemma in lex.injury_nouns or tok.lower_ in lex.injury_nouns:
        kind = "injury"
    if kind is None:
        return None
    if tok.dep_ == "amod":  # only 'shot dead two protesters'
        shot = tok.head.dep_ == "dobj" and tok.i < tok.head.i and lemma == "dead"
        return Casualty(tok.i, kind, *count_victims(tok.head, lex)) if shot else None
    if lemma == "toll":
        count, vague = _toll(tok, lex)
        return Casualty(tok.i, kind, count, vague)
    if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "attr"):
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return Casualty(tok.i, kind, *count_victims(subj, lex))
    number = next((c for c in tok.children if c.dep_ == "nummod"), None)
    if number is not None:
        return Casualty(tok.i, kind, *parse_number(number, lex))
    return Casualty(tok.i, kind, None, True)


def find_casualties(sent: Span, lex: Lexicon | None = None) -> list[Casualty]:
    """Every casualty statement in a sentence; none for a cumulative toll."""
    lex = lex or load_lexicon()
    if is_cumulative(text_of(sent), lex):
        return []
    out: list[Casualty] = []
    harm = lex.fatal_verbs | lex.injury_verbs
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in harm:
            kind: Kind = "fatal" if lemma in lex.fatal_verbs else "injury"
            victim = _victim_of(tok, lemma in ("die", "perish"))
            if victim is not None:
                out.append(Casualty(tok.i, kind, *count_victims(victim, lex)))
        elif tok.pos_ == "VERB" and (told := phrase_kind(tok, lex)) is not None:
            victim = _victim_of(tok, False)
            if victim is not None:
                out.append(Casualty(tok.i, told, *count_victims(victim, lex)))
        elif tok.pos_ in ("NOUN", "ADJ"):
            found = _noun_casualty(tok, lex)
            said = {tok.head.i, tok.head.head.i if tok.head.dep_ == "prep" else tok.head.i}  # 'beat to death'
            if found is not None and not any(c.token in said for c in out):
                out.append(found)
    return out


def tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence through their lowest common ancestor."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            return n + index_b[t.i]
    return len(up_a) + len(up_b)
