"""The side that acts: a country word ('Russian troops', "Sudan's army", 'Russia') that belongs to the doer
of a verb of attacking or taking ground (the subject, or the agent of the passive) whose object is a
place ('The Russian army shelled X', 'X was seized by Russian forces', 'Russian officials claimed they
had taken X'). Such a word says little of the place's country: the attacker is often abroad, so it
counts only a fraction for that place (`scoring.DOER_SHARE`). Only the walk from each country word to
its verb and from each name to its verb: no walk over the sentence's tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from frontwatch.geo.names import Lexicon
from frontwatch.geo.recognition import Found

TARGET_PREPS = frozenset({"on", "at", "into", "toward", "towards", "against"})  # 'advanced on X'
CLIMB = 3  # modifier steps from a country word to its noun ('Russian army units')


def hostile(verb: Token, lex: Lexicon) -> bool:
    lemma = verb.lemma_.lower()
    return lemma in lex.uses["taken"] or lemma in lex.uses["attack"]


def doer_verbs(tok: Token, lex: Lexicon) -> list[Token]:
    """The hostile verbs whose doer the country word `tok` belongs to: the verb it (or the noun it
    modifies) is the subject or passive agent of, and a verb reported by it whose subject is a pronoun
    ('claimed it had seized X')."""
    for _ in range(CLIMB):
        if tok.dep_ not in ("amod", "compound", "nmod", "poss") or tok.head is tok:
            break
        tok = tok.head
    if tok.dep_ in ("nsubj", "csubj"):
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        verb = tok.head.head
    else:
        return []
    said = [c for c in verb.children if c.dep_ == "ccomp" and _pronoun_subject(c)]
    return [v for v in (verb, *said) if v.pos_ in ("VERB", "AUX") and hostile(v, lex)]


def _pronoun_subject(verb: Token) -> bool:
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subj) and (
        subj[0].pos_ == "PRON" or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subj[0].children)
    )


def target_verb(root: Token) -> Token | None:
    """The verb a name is the object of ('shelled X', 'shelled Y and X', 'advanced on X')."""
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    if root.dep_ in ("dobj", "nsubjpass", "advmod", "npadvmod"):
        return root.head
    if root.dep_ == "pobj" and root.head.lower_ in TARGET_PREPS and root.head.dep_ == "prep":
        return root.head.head
    return None


def with_doers(sdoc: Doc, found: Sequence[Found], lex: Lexicon) -> list[Found]:
    """Each name with the (key, sentence) of the country words that are the doers of a hostile verb
    whose object it is."""
    words = [f for f in found if f.associative or f.metonym_cue]
    if not words:
        return list(found)
    by_verb: dict[int, list[tuple[str, int]]] = {}
    for w in words:
        for v in doer_verbs(sdoc[w.i : w.j].root, lex):
            by_verb.setdefault(v.i, []).append((w.key, w.sent))
    if not by_verb:
        return list(found)
    out, skip = [], {id(w) for w in words}
    for f in found:
        verb = None if id(f) in skip else target_verb(sdoc[f.i : f.j].root)
        doers = by_verb.get(verb.i, []) if verb is not None else []
        out.append(replace(f, doers=tuple(doers)) if doers else f)
    return out
