"""Modality of an event trigger: asserted, claimed, denied, intended, hypothetical or negated.

Cues live in data/modality.json. The reading walks from the trigger up its dependency path: a cue counts
when it governs the trigger (a claim verb over the clause, an intention over the infinitive, a negator on
the verb). Nominal triggers under a factive preposition ("after the capture of X") keep their own reading.
Also here: where direct quotes are, and the clause a token belongs to.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Token

from frontwatch.nlp import sent_of, text_of
from frontwatch.types import Modality

DEFAULT_PATH = Path(__file__).parent / "data" / "modality.json"
CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "relcl", "acl", "xcomp", "pcomp", "parataxis", "csubj", "conj"}
ARGUMENT_DEPS = {"xcomp", "dobj", "nsubjpass", "nsubj", "pobj", "prep", "attr", "oprd"}
REPORTED = "reported"  # the cue of a report verb: a claim only when a party to the conflict reports it
PRECEDENCE: tuple[Modality, ...] = ("negated", "denied", "hypothetical", "intended", "claimed")
OPENERS = {"“": "”", "«": "»", "„": "“"}


@dataclass(frozen=True)
class Cues:
    words: Mapping[str, frozenset[str]]
    verification: tuple[re.Pattern[str], ...]

    def has(self, key: str, tok: Token) -> bool:
        return tok.lemma_.lower() in self.words[key] or tok.lower_ in self.words[key]


@functools.cache
def load_cues(path: Path = DEFAULT_PATH) -> Cues:
    data = json.loads(path.read_text(encoding="utf-8"))
    words = {k: frozenset(v) for k, v in data.items() if isinstance(v, list) and k != "verification"}
    patterns = tuple(re.compile(p, re.IGNORECASE) for p in data["verification"])
    return Cues(words, patterns)


@dataclass(frozen=True)
class Reading:
    """A trigger's modality, the token heading who claimed or denied it, and the cue that decided."""

    modality: Modality
    source: Token | None = None
    cue: str | None = None


def quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of direct quotes (curly, guillemet or straight marks); an unclosed one ends its paragraph."""
    spans: list[tuple[int, int]] = []
    start, closer = -1, ""
    for i, ch in enumerate(text):
        if start >= 0 and (ch == closer or (closer == '"' and ch == '"')):
            spans.append((start, i + 1))
            start = -1
        elif start >= 0 and ch == "\n" and text[i + 1 : i + 2] == "\n":
            spans.append((start, i))
            start = -1
        elif start < 0 and (ch in OPENERS or ch == '"'):
            start, closer = i, OPENERS.get(ch, '"')
    if start >= 0:
        spans.append((start, len(text)))
    return tuple(spans)


def in_quote(spans: Sequence[tuple[int, int]], pos: int) -> bool:
    return any(a < pos < b for a, b in spans)


def clause_head(tok: Token) -> Token:
    """The verb heading the clause a token belongs to (itself for a clausal verb)."""
    while tok.head.i != tok.i:
        if tok.dep_ in CLAUSE_DEPS and tok.pos_ in ("VERB", "AUX"):
            return tok
        tok = tok.head
    return tok


def subject(verb: Token) -> Token | None:
    """The subject of a verb; for a relative clause's 'which/that', the noun it attaches to."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return verb.head if c.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" else c
    return None


def speaker(verb: Token) -> Token | None:
    """Who says or denies: a verb's subject, or for a coordinated verb without one the subject it shares with
    the verb it is joined to ('X denied the strike and said ...', 'declined to comment but said ...')."""
    while True:
        subj = subject(verb)
        if subj is not None or verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX"):
            return subj
        verb = verb.head


def _governed(child: Token, parent: Token, cues: Cues) -> tuple[Modality, Token | None, str] | None:
    """The cue a parent puts on the child it governs, if any."""
    rel, gov = child.dep_, parent
    if parent.pos_ == "ADP" and parent.head.i != parent.i:
        gov = parent.head
    if cues.has("deny_verbs", gov) and rel in ("ccomp", "xcomp", "pcomp", "dobj", "pobj"):
        return "denied", speaker(gov), gov.text
    if cues.has("deny_nouns", gov) and rel in ("acl", "ccomp", "pcomp", "pobj"):
        return "denied", _possessor(gov), gov.text
    if cues.has("negative_implicative_verbs", gov) and rel == "xcomp":
        return "negated", None, gov.text
    if cues.has("negative_adjectives", gov) and rel in ("xcomp", "advcl"):
        return "negated", None, gov.text
    short = [gov, *(c for c in gov.children if c.dep_ == "advmod")] if parent.lower_ == "of" else []
    if rel in ("pcomp", "pobj") and any(cues.has("negative_heads", t) for t in short):
        return "negated", None, "short of"
    if parent.lower_ == "without":
        return "negated", None, parent.text
    ended = cues.has("prevention_verbs", gov) or (cues.has("cessation_verbs", gov) and _has_to(gov))
    if rel in ("dobj", "nsubjpass") and child.pos_ == "NOUN" and ended:
        return (
            "negated",
            None,
            gov.text,
        )  # 'prevented an attack', 'to end hostilities' (not 'stopped the march')
    reports = gov.pos_ in ("VERB", "AUX") and rel in ("ccomp", "xcomp", "dobj", "parataxis", "pcomp")
    if reports and cues.has("claim_verbs", gov):
        return "claimed", speaker(gov), gov.text
    if reports and cues.has("report_verbs", gov):
        return "claimed", speaker(gov), REPORTED
    if cues.has("claim_nouns", gov) and gov.pos_ == "NOUN" and rel in ("acl", "ccomp", "pcomp", "pobj"):
        return "claimed", _possessor(gov), gov.text
    infinitive = rel in ("xcomp", "acl", "advcl", "pcomp", "pobj") or _has_to(child)
    planned = rel in ("xcomp", "pcomp", "dobj", "advcl") and (rel != "advcl" or _has_to(child))
    if rel == "dobj" and child.pos_ == "NOUN" and cues.has("settle_verbs", gov):
        planned = False  # 'agreed a truce': the thing agreed on is reached, not planned
    planned = planned or (rel == "pobj" and parent.lower_ == "for")  # 'called for a rally'
    if planned and gov.pos_ in ("VERB", "AUX") and cues.has("intent_verbs", gov):
        return "intended", None, gov.text
    if infinitive and gov.pos_ in ("NOUN", "PROPN") and cues.has("intent_nouns", gov):
        return "intended", None, gov.text
    if infinitive and gov.pos_ == "ADJ" and cues.has("intent_adjectives", gov):
        return "intended", None, gov.text
    return None


def _possessor(noun: Token) -> Token | None:
    return next((c for c in noun.children if c.dep_ in ("poss", "amod", "compound")), None)


def _nobody(obj: Token) -> bool:
    """An object that names no one: 'nobody', 'none', 'no one', 'no suspects' (not 'no fewer than 20')."""
    if obj.lower_ in ("nobody", "none", "noone"):
        return True
    return any(d.dep_ == "det" and d.lower_ == "no" for d in obj.children)


def _has_to(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)


def _own(verb: Token, cues: Cues) -> tuple[Modality, Token | None, str] | None:
    """Cues on a verb itself: negation, modal and future auxiliaries, if/unless, hedges, to-infinitive."""
    for c in verb.children:
        if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
            return "negated", None, c.text
        if c.dep_ == "dobj" and verb.pos_ == "VERB" and _nobody(c):
            return "negated", None, c.text  # 'police arrested no one', 'the army killed nobody'
    for c in verb.children:
        if c.dep_ == "mark" and cues.has("hypothetical_marks", c):
            return "hypothetical", None, c.text
        if c.dep_ == "aux" and cues.has("hypothetical_modals", c):
            return "hypothetical", None, c.text
        if c.dep_ == "aux" and cues.has("future_aux", c):
            return "intended", None, c.text
        if c.dep_ == "advmod" and cues.has("hedge_adverbs", c):
            return "claimed", None, c.text
        if c.dep_ == "amod" and verb.pos_ == "NOUN" and cues.has("prospective_modifiers", c):
            return "intended", None, c.text  # 'the expected offensive', 'a planned attack'
    return None


def _done(trigger: Token, cues: Cues) -> bool:
    """A nominal trigger told as done by its own participle ('the accord reached on Friday', 'the attack
    carried out by X'): what governs the noun ('will pull back under the accord ...') does not undo it."""
    return trigger.pos_ == "NOUN" and any(
        c.dep_ == "acl" and c.tag_ == "VBN" and cues.has("done_participles", c) for c in trigger.children
    )


def _sentence_cues(trigger: Token, cues: Cues) -> tuple[Modality, Token | None, str] | None:
    sent = sent_of(trigger)
    for tok in sent:
        if cues.has("according", tok):
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            return "claimed", pobj, "according to"
    text = text_of(sent)  # Span.text joins its tokens: once, not once per pattern
    if any(p.search(text) for p in cues.verification):
        return "claimed", None, "unverified"
    return None


def modality_of(trigger: Token, cues: Cues | None = None) -> Reading:
    """Read the modality of one trigger token from the cues that govern it."""
    cues = cues or load_cues()
    found: list[tuple[Modality, Token | None, str]] = []
    node = trigger
    own = _own(node, cues)
    if own:
        found.append(own)
    while node.head.i != node.i and not _done(trigger, cues):
        parent = node.head
        if parent.lower_ in cues.words["factive_preps"] and node.dep_ in ("pobj", "pcomp", "dobj"):
            break
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in cues.words["factive_preps"] for c in node.children
        ):
            break  # 'after Turkey agreed to a ceasefire': a factive clause keeps its own modality
        cue = _governed(node, parent, cues)
        if cue is None and node.dep_ == "xcomp" and cues.has("implicative_verbs", parent):
            node = parent
            continue
        if cue:
            found.append(cue)
        elif node.i == trigger.i and _has_to(trigger):
            found.append(("intended", None, "to"))
        own = _own(parent, cues) if parent.pos_ in ("VERB", "AUX") and node.dep_ in ARGUMENT_DEPS else None
        if own:
            found.append(own)
        node = parent
    sentence = _sentence_cues(trigger, cues)
    if sentence:
        found.append(sentence)
    return _decide(found)


def _decide(found: list[tuple[Modality, Token | None, str]]) -> Reading:
    if not found:
        return Reading("asserted")
    best = min(found, key=lambda f: (PRECEDENCE.index(f[0]), f[2] == REPORTED))
    source = best[1] or next(
        (f[1] for f in found if f[0] in ("claimed", "denied") and f[1] is not None), None
    )
    return Reading(best[0], source, best[2])
