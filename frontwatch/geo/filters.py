"""Recognition filters: spans that look like places but are people, parts of longer names, months,
demonyms or sentence-initial common words."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from frontwatch.geo.gazetteer import ALTERNATE, LOOSE, Gazetteer
from frontwatch.geo.names import Lexicon, normalize, words
from frontwatch.geo.tokens import Tokens, tokens_of

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PROMINENT = frozenset({"A.PCLI", "P.PPLC", "A.ADM1", "P.PPLA"})


def capitalized(text: str) -> bool:
    return text[:1].isupper() and any(c.isalpha() for c in text)


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


def entity_at(doc: Doc, i: int, tk: Tokens) -> Span | None:
    """The named entity a token is part of, from the document's entity extents read once (tokens.py):
    `doc.ents` builds every entity of the document, and asking it once per candidate name made long
    articles quadratic."""
    ent = tk.entity(i)
    return None if ent is None else Span(doc, ent[0], ent[1], label=ent[2])


def person(span: Span, lex: Lexicon, gaz: Gazetteer, tk: Tokens) -> bool:
    """A name shaped and used like a person's: part of a PERSON name, after a title, in apposition
    to a person noun, or a small place's name speaking ('Victor emphasized')."""
    root, name = span.root, _longer_person(span, tk)
    if (
        name is not None
        and name_shape(name)
        and (not prominent(span.text, gaz, own=True) or given_name(span, name, lex, tk))
    ):
        return True  # part of a longer person's name ('Tom Jones', 'Ben Wagner', 'Charlotte Smith')
    if span.start > 0 and tk.texts[span.start - 1].lower().rstrip(".") in lex.titles:
        prev = span.doc[span.start - 1]
        noun = prev.head if prev.dep_ == "acl" else None
        if noun is None or noun.lemma_.lower() not in lex.place_cues:
            return True
    appos = [c for c in root.children if c.dep_ == "appos"]
    if any(a.lemma_.lower() in lex.person_nouns or aged(a) for a in appos):
        return True
    if (root.dep_ == "appos" and root.head.lemma_.lower() in lex.person_nouns) or described(span, lex, tk):
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


def _longer_person(span: Span, tk: Tokens) -> Span | None:
    """The PERSON entity of 2-3 words that holds the span and is longer than it, if any."""
    ent = tk.entity(span.start)
    if ent is None or ent[2] != "PERSON" or ent[1] < span.end or not len(span) < ent[1] - ent[0] <= 3:
        return None
    return Span(span.doc, ent[0], ent[1], label=ent[2])


def described(span: Span, lex: Lexicon, tk: Tokens) -> bool:
    """'Yevhen, a medic from Kharkiv': a comma, 'a' or 'an', then a person noun within a few words, read
    from the words themselves (the parser often misses such an apposition after an unfamiliar name)."""
    k, texts = span.end, tk.texts
    if k + 2 >= len(texts) or texts[k] != "," or texts[k + 1].lower() not in ("a", "an"):
        return False
    for t in span.doc[k + 2 : k + 9]:
        if t.text in (",", ";", ".", "(", ")", ":"):
            return False
        if t.pos_ == "NOUN" and t.lemma_.lower() in lex.person_nouns:
            return True
    return False


def prominent(text: str, gaz: Gazetteer, own: bool = False) -> bool:
    """A country, capital, first-level area or town of 100,000 or more goes by the name; with `own`, as
    its own name ('Sam' is an alternate name of Damascus, 'Ben' of Bern: a first name, not them)."""
    found = gaz.candidates(text) if own else gaz.candidates(text, limit=1)
    best = [c for c in found if c.kind not in (ALTERNATE, LOOSE)][:1] if own else found
    return bool(best) and (best[0].location.feature in PROMINENT or best[0].location.population >= 100_000)


def given_name(span: Span, name: Span, lex: Lexicon, tk: Tokens) -> bool:
    """One word that starts a person's name of first name + surname ('Charlotte Smith', 'Kobe Bryant'):
    the place is a given name there, unless a title or an area word follows it ('Kyiv Mayor Klitschko',
    'Van Province')."""
    if len(span) != 1 or span.start != name.start or span.end >= len(tk.texts):
        return False
    nxt = normalize(tk.texts[span.end].rstrip("."))
    return nxt not in lex.titles and nxt not in lex.adm1 and nxt not in lex.adm2 and nxt not in lex.stop_names


def part_of_longer_name(span: Span, lex: Lexicon, placed: set[int], tk: Tokens) -> bool:
    """The tail or inside of another name: 'Main Street', 'Tom Jones', 'Bank of America'. (A place at
    the head of an organization's name, 'Mansfield Police Department', stays a place mention.)"""
    doc, plain = span.doc, lex.never_alone | lex.stop_names | lex.demonyms
    prev = doc[span.start - 1] if span.start > 0 else None
    tail = prev is not None and prev.pos_ == "PROPN" and capitalized(prev.text) and prev.i not in placed
    if tail and prev is not None and normalize(prev.text) not in plain:
        return True
    if (
        prev is not None
        and capitalized(prev.text)
        and len(span) == 1
        and normalize(span.text) in words("name_tails")
    ):
        return True  # 'Manila Cathedral', 'Royal Street'
    around = entity_at(doc, span.start, tk)
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


def rejected(span: Span, key: str, lex: Lexicon, tk: Tokens, used_as_place: bool = False) -> bool:
    """Months, stop-names, demonyms, lone compass words and sentence-initial common words; a word spaCy
    calls a nationality (NORP) unless the text uses it as a place ('recaptured Robotyne', 'around
    Ocheretyne'; demonyms are rejected before)."""
    first = span[0]
    if key in lex.stop_names or key in lex.demonyms or (len(span) == 1 and key in lex.never_alone):
        return True
    if key in words("storm_words") and span.end < len(tk.texts) and capitalized(tk.texts[span.end]):
        return True  # 'Hurricane Betsy': a storm, not the town of Hurricane
    cued = (
        place_cued(span.start, tk, lex) and span.root.dep_ == "pobj"
    )  # 'around X', not 'of Christian ministry'
    norp = first.ent_type_ == "NORP" and not used_as_place and not cued
    if len(span) == 1 and (first.is_stop and not first.is_upper or norp):
        return True
    return (
        len(span) == 1
        and sentence_initial(first)
        and first.pos_ != "PROPN"
        and first.ent_type_ not in PLACE_LABELS
    )


def place_cued(i: int, tk: Tokens, lex: Lexicon) -> bool:
    """The name at token i is tagged as a place by spaCy or follows a place word ('in (the) X')."""
    k = i - 1 - (i > 0 and tk.texts[i - 1].lower() == "the")
    return tk.ent_types[i] in PLACE_LABELS or (k >= 0 and tk.texts[k].lower() in lex.place_cues)


def used_as_place(span: Span, lex: Lexicon, places: set[int], tk: Tokens | None = None) -> bool:
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
    return _listed_with_place(span, lex, tk or tokens_of(span.doc))


def _listed_with_place(span: Span, lex: Lexicon, tk: Tokens) -> bool:
    """'shelled X and <place>': joined by 'and', 'or' or a comma to a name that is the object or subject of
    a verb only places take, when the parser did not make the two conjuncts ('Zaitseve and Vesela
    Dolyna' read as one noun phrase)."""
    doc, texts = span.doc, tk.texts
    nxt = span.end + 1 < len(texts) and texts[span.end].lower() in ("and", "or", ",")
    prev = span.start >= 2 and texts[span.start - 1].lower() in ("and", "or", ",")
    if not (nxt or prev):
        return False
    others = ([doc[span.end + 1]] if nxt else []) + ([doc[span.start - 2]] if prev else [])
    return any(_place_verb_of(_phrase_head(t), lex) for t in others if capitalized(t.text))


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
    if (dep in ("dobj", "nsubjpass") or _misparsed_object(root)) and lemma in uses["taken"]:
        return True
    if dep in ("dobj", "nsubjpass") and lemma in uses["force_take"] and _taken_by_force(root.head, lex):
        return True
    return (dep == "nsubj" and lemma in uses["subject"]) or (dep == "nsubjpass" and lemma in uses["passive"])


NOT_GROUND = frozenset(
    {"to", "into", "as", "for", "oprd", "xcomp", "ccomp", "dative"}
)  # 'took X to hospital'


def _taken_by_force(verb: Token, lex: Lexicon) -> bool:
    """'Russian troops took X', 'X was taken by the army': a verb that also takes people ('take') takes
    ground when its doer is a force or a country or nationality and no destination, role or complement
    follows ('police took X to hospital', 'took X hostage', 'took X as a prisoner')."""
    if any(c.dep_ in NOT_GROUND or (c.dep_ == "prep" and c.lower_ in NOT_GROUND) for c in verb.children):
        return False
    doers = [c for c in verb.children if c.dep_ == "nsubj"]
    doers += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    forces = lex.uses["forces"]
    return any(
        d.lower_ in forces or d.lemma_.lower() in forces or d.ent_type_ in ("GPE", "NORP") for d in doers
    )


MISPARSED_OBJECT = frozenset({"advmod", "npadvmod", "attr", "oprd", "dep"})


def _misparsed_object(root: Token) -> bool:
    """A proper name right after the verb that the parser hung on it as an adverb or the like: the small
    model reads an unfamiliar village in 'shelled Stinky and Podilske' as an adverb, not the object."""
    verb = root.head
    return (
        root.dep_ in MISPARSED_OBJECT
        and root.pos_ == "PROPN"
        and verb.i < root.i
        and all(t.pos_ == "PROPN" or t.lower_ == "the" for t in root.doc[verb.i + 1 : root.i])
    )


def lone_person(span: Span, gaz: Gazetteer, tk: Tokens) -> bool:
    """A lone word spaCy calls a person ('Allen said') that is no big place (unless cued elsewhere)."""
    return len(span) == 1 and tk.ent_types[span.start] == "PERSON" and not prominent(span.text, gaz)


def plain_name(span: Span, gaz: Gazetteer) -> bool:
    return span[0].ent_type_ not in PLACE_LABELS and not prominent(span.text, gaz)


BIG_TOWN = 500_000  # a person's surname or middle name that names a town this big stays the town


def person_word(span: Span, gaz: Gazetteer) -> bool:
    """A word of a person's name used alone ('Dave Allen ... Allen said', 'James Tyler Williams ...
    Tyler's attorney', 'coach Darren Ripley ... coach Ripley'), whatever spaCy tags it there (it often
    calls a lone surname a place): the person, unless a country, capital, first-level area or a town of
    500,000 or more has it as its own name ('George Washington ... Washington')."""
    best = [c for c in gaz.candidates(span.text) if c.kind not in (ALTERNATE, LOOSE)][:1]
    return not best or (best[0].location.feature not in PROMINENT and best[0].location.population < BIG_TOWN)


def person_words(tk: Tokens) -> frozenset[str]:
    """Surnames and middle names of the people of a document: the words after the first of the last two
    or three capitalized words of each PERSON entity ('Stephen Russell's Dave Allen': 'allen')."""
    out: set[str] = set()
    for start, end, label in tk.ents:
        end -= end - start > 2 and tk.texts[end - 1] in ("'", "’", "'s", "’s")  # "Roy Jones'"
        k = end
        while label == "PERSON" and k > max(start, end - 3) and tk.texts[k - 1].istitle():
            k -= 1
        out |= {normalize(t) for t in tk.texts[k + 1 : end]} if end - k >= 2 else set()
    return frozenset(out | aged_names(tk))


def aged_names(tk: Tokens) -> set[str]:
    """Words followed by an age between commas ('Campbell, 42, was arrested', 'said Lee, 7,'): a
    person's name, whatever spaCy tags it."""
    texts, out = tk.texts, set()
    for k in tk.upper:
        if k + 3 < len(texts) and texts[k + 1] == "," and texts[k + 3] == ",":
            age = texts[k + 2]
            if age.isdigit() and len(age) <= 2 and tk.first[k + 3] == tk.first[k]:
                out.add(normalize(texts[k]))
    return out


def organization_head(span: Span, gaz: Gazetteer, tk: Tokens) -> bool:
    """A small place's name that starts the name of a broadcaster, news agency or media firm going on
    after it ('Fox News', 'Thomson Reuters Foundation'; geo.json media_words): the organization, not the
    place. Other organizations named after a place ('Lombard Historical Society', 'Mansfield Police
    Department') keep it as a place, and so does a country, capital, first-level area or town of
    100,000 or more ('Kyiv Post')."""
    ent = tk.entity(span.start)
    if ent is None or ent[2] != "ORG" or ent[1] <= span.end or ent[0] < span.start - 1:
        return False
    if ent[0] == span.start - 1 and tk.texts[ent[0]].lower() != "the":
        return False
    rest = {normalize(t.rstrip(".")) for t in tk.texts[span.end : ent[1]]}
    return bool(rest & words("media_words")) and not prominent(span.text, gaz)
