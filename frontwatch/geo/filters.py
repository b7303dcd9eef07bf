"""Recognition filters: spans that look like places but are people, parts of longer names, months,
demonyms or sentence-initial common words."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.names import Lexicon, normalize, words

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PROMINENT = frozenset({"A.PCLI", "P.PPLC", "A.ADM1", "P.PPLA"})


def capitalized(tok: Token) -> bool:
    return tok.text[:1].isupper() and any(c.isalpha() for c in tok.text)


def sentence_initial(tok: Token) -> bool:
    prev = tok.nbor(-1) if tok.i > 0 else None
    return (
        tok.is_sent_start or prev is None or prev.is_left_punct or prev.text in {'"', "“", "‘", ":", "—", "("}
    )


def aged(tok: Token) -> bool:
    """'a 23-year-old gunner': an age in the phrase."""
    return any(t.lower_ == "old" and t.i >= 2 and t.nbor(-2).lower_ in ("year", "years") for t in tok.subtree)


def name_shape(ent: Span) -> bool:
    """A PERSON entity shaped like first name + surname: 2-3 capitalized proper-noun words."""
    return (
        ent.label_ == "PERSON" and 2 <= len(ent) <= 3 and all(t.pos_ == "PROPN" and t.is_title for t in ent)
    )


def entity_at(doc: Doc, i: int) -> Span | None:
    """The named entity a token is part of, read from the tokens' IOB tags: `doc.ents` builds every entity
    of the document, and asking it once per candidate name made long articles quadratic."""
    if doc[i].ent_iob_ not in ("B", "I"):
        return None
    start, end = i, i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type_)


def person(span: Span, lex: Lexicon, gaz: Gazetteer) -> bool:
    """A name shaped and used like a person's: part of a PERSON name, after a title, in apposition
    to a person noun, or a small place's name speaking ('Victor emphasized')."""
    root, first = span.root, span[0]
    around = entity_at(span.doc, span.start)
    names = [e for e in (around,) if e is not None and name_shape(e) and span.end <= e.end]
    if any(len(e) > len(span) for e in names) and not prominent(span.text, gaz):
        return True
    prev = first.nbor(-1) if first.i > 0 else None
    if prev is not None and prev.lower_.rstrip(".") in lex.titles:
        noun = prev.head if prev.dep_ == "acl" else None
        if noun is None or noun.lemma_.lower() not in lex.place_cues:
            return True
    appos = [c for c in root.children if c.dep_ == "appos"]
    if any(a.lemma_.lower() in lex.person_nouns or aged(a) for a in appos):
        return True
    if (root.dep_ == "appos" and root.head.lemma_.lower() in lex.person_nouns) or described(span, lex):
        return True
    if (
        root.dep_ == "nsubj"
        and root.head.lemma_.lower() in lex.speech_verbs
        and root.ent_type_ not in PLACE_LABELS
    ):
        best = gaz.candidates(span.text, limit=1)
        small = bool(best) and best[0].location.population < 100_000
        return small and best[0].location.feature not in ("P.PPLC", "A.PCLI")
    return False


def described(span: Span, lex: Lexicon) -> bool:
    """'Yevhen, a medic from Kharkiv': a comma, 'a' or 'an', then a person noun within a few words, read
    from the words themselves (the parser often misses such an apposition after an unfamiliar name)."""
    doc, k = span.doc, span.end
    if k + 2 >= len(doc) or doc[k].text != "," or doc[k + 1].lower_ not in ("a", "an"):
        return False
    for t in doc[k + 2 : k + 9]:
        if t.text in (",", ";", ".", "(", ")", ":"):
            return False
        if t.pos_ == "NOUN" and t.lemma_.lower() in lex.person_nouns:
            return True
    return False


def prominent(text: str, gaz: Gazetteer) -> bool:
    best = gaz.candidates(text, limit=1)
    return bool(best) and (best[0].location.feature in PROMINENT or best[0].location.population >= 100_000)


def part_of_longer_name(span: Span, lex: Lexicon, placed: set[int]) -> bool:
    """The tail or inside of another name: 'Main Street', 'Tom Jones', 'Bank of America'. (A place at
    the head of an organization's name, 'Mansfield Police Department', stays a place mention.)"""
    doc, plain = span.doc, lex.never_alone | lex.stop_names | lex.demonyms
    prev = doc[span.start - 1] if span.start > 0 else None
    tail = prev is not None and prev.pos_ == "PROPN" and capitalized(prev) and prev.i not in placed
    if tail and prev is not None and normalize(prev.text) not in plain:
        return True
    if (
        prev is not None
        and capitalized(prev)
        and len(span) == 1
        and normalize(span.text) in words("name_tails")
    ):
        return True  # 'Manila Cathedral', 'Royal Street'
    around = entity_at(doc, span.start)
    inside = [
        e
        for e in (around,)
        if e is not None and e.start < span.start and e.label_ not in PLACE_LABELS | {"NORP"}
    ]
    return any(
        not {t.i for t in e[: span.start - e.start] if not _joiner(t, e, span, lex)} <= placed for e in inside
    )


def _joiner(tok: Token, ent: Span, span: Span, lex: Lexicon) -> bool:
    """'the', a preposition spaCy took into the start of the entity ('around Ray Oleksandrivka'); and 'and',
    'or' and commas when the entity ends with the span: a list of places read as one name ('Robotyne and
    Verbove')."""
    if tok.lower_ == "the" or (tok.i == ent.start and tok.pos_ == "ADP" and tok.lower_ in lex.place_cues):
        return True
    return ent.end == span.end and tok.lower_ in ("and", "or", ",")


def rejected(span: Span, key: str, lex: Lexicon, used_as_place: bool = False) -> bool:
    """Months, stop-names, demonyms, lone compass words and sentence-initial common words; a word spaCy
    calls a nationality (NORP) unless the text uses it as a place ('recaptured Robotyne', 'around
    Ocheretyne'; demonyms are rejected before)."""
    first = span[0]
    if key in lex.stop_names or key in lex.demonyms or (len(span) == 1 and key in lex.never_alone):
        return True
    cued = place_cued(span, lex) and span.root.dep_ == "pobj"  # 'around X', not 'of Christian ministry'
    norp = first.ent_type_ == "NORP" and not used_as_place and not cued
    if len(span) == 1 and (first.is_stop and not first.is_upper or norp):
        return True
    return (
        len(span) == 1
        and sentence_initial(first)
        and first.pos_ != "PROPN"
        and first.ent_type_ not in PLACE_LABELS
    )


def place_cued(span: Span, lex: Lexicon) -> bool:
    """Tagged as a place by spaCy or after a place word ('in (the) X')."""
    k = span.start - 1 - (span.start > 0 and span.doc[span.start - 1].lower_ == "the")
    return span[0].ent_type_ in PLACE_LABELS or (k >= 0 and span.doc[k].lower_ in lex.place_cues)


def used_as_place(span: Span, lex: Lexicon, places: set[int]) -> bool:
    """Used the way only places are ('X was retaken', 'liberated X', 'X lies south of', 'X, a village',
    'X and <place>', 'shelled X and Y'): a one-word village name spaCy calls a person is still a place
    (geo.json place_uses)."""
    root, uses = span.root, lex.uses
    if place_verb(span, lex):
        return True
    if any(c.dep_ == "appos" and c.lemma_.lower() in uses["nouns"] for c in root.children):
        return True
    if any(t.i in places or _place_verb_of(t, lex) for t in root.conjuncts):
        return True
    return _listed_with_place(span, lex)


def _listed_with_place(span: Span, lex: Lexicon) -> bool:
    """'shelled X and <place>': joined by 'and', 'or' or a comma to a name that is the object or subject of
    a verb only places take, when the parser did not make the two conjuncts ('Zaitseve and Vesela
    Dolyna' read as one noun phrase)."""
    doc = span.doc
    nxt = span.end + 1 < len(doc) and doc[span.end].lower_ in ("and", "or", ",")
    prev = span.start >= 2 and doc[span.start - 1].lower_ in ("and", "or", ",")
    others = ([doc[span.end + 1]] if nxt else []) + ([doc[span.start - 2]] if prev else [])
    return any(_place_verb_of(_phrase_head(t), lex) for t in others if capitalized(t))


def _phrase_head(tok: Token) -> Token:
    while tok.dep_ in ("compound", "flat", "nmod") and tok.head.i > tok.i:
        tok = tok.head
    return tok


def place_verb(span: Span, lex: Lexicon) -> bool:
    """Object or subject of a verb only places take ('X was retaken', 'liberated X', 'X lies ...')."""
    return _place_verb_of(span.root, lex)


def _place_verb_of(root: Token, lex: Lexicon) -> bool:
    uses = lex.uses
    dep, lemma = root.dep_, root.head.lemma_.lower()
    if dep in ("dobj", "nsubjpass") and lemma in uses["taken"]:
        return True
    return (dep == "nsubj" and lemma in uses["subject"]) or (dep == "nsubjpass" and lemma in uses["passive"])


def lone_person(span: Span, gaz: Gazetteer) -> bool:
    """A lone word spaCy calls a person ('Allen said') that is no big place (unless cued elsewhere)."""
    return len(span) == 1 and span[0].ent_type_ == "PERSON" and not prominent(span.text, gaz)


def plain_name(span: Span, gaz: Gazetteer) -> bool:
    return span[0].ent_type_ not in PLACE_LABELS and not prominent(span.text, gaz)
