"""Toponym recognition: capitalized token n-grams (1-4 words) that the gazetteer knows, plus spaCy
GPE/LOC/FAC entities, plus streets no gazetteer knows written with a street word ('Royal Street'); people,
months, stop-names and sentence-initial common words dropped (geo/filters.py).
Country and region adjectives used as modifiers and the EU are associative toponyms (geo/associative.py).
Each recognized name carries its cues (a region word, 'near', a place or metonym cue) and the places it is
tied to ('X near Y', 'X, a village in the Y region', 'Lewisburg, West Virginia').
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span

from frontwatch.geo.abbreviations import Abbreviation, abbreviation_spans, initials_spans
from frontwatch.geo.associative import associative_spans
from frontwatch.geo.filters import (
    PLACE_LABELS,
    capitalized,
    lone_person,
    name_shape,
    organization_head,
    part_of_longer_name,
    person,
    person_word,
    person_words,
    place_cued,
    place_verb,
    plain_name,
    prominent,
    rejected,
    used_as_place,
)
from frontwatch.geo.gazetteer import ALTERNATE, LOOSE, Gazetteer
from frontwatch.geo.names import Lexicon, geo_data, lexicon, normalize, words
from frontwatch.geo.ngrams import ngram_spans
from frontwatch.geo.orgnames import ampersand_name, disease_name, name_head, of_place, unit_name
from frontwatch.geo.spelling import area_spellings
from frontwatch.geo.tokens import Tokens, tokens_of

LINK_DEPS = frozenset({"prep", "advmod", "npadvmod"})  # 'X near Y', 'X (5 km) north of Y'
OWN_DEPS = frozenset({"poss", "appos", "npadvmod"})  # "Y's X", 'X, Y'


@dataclass(frozen=True, slots=True)
class Found:
    """A recognized toponym: name tokens [i, j), mention chars [start, end) (with a region word)."""

    i: int
    j: int
    start: int
    end: int
    text: str
    key: str
    label: str
    region: str = (
        ""  # "adm1" | "adm2" | "town" (a newspaper's city) | "street" (a street named after it) | ""
    )
    near: bool = False
    metonym_cue: bool = False
    place_cue: bool = False
    links: tuple[tuple[str, str], ...] = ()  # places it is tied to ('X near Y', 'X in the Y region')
    associative: bool = False  # an adjective or body standing for the place ('Russian', 'EU')
    sent: int = 0  # the first token of its sentence
    state_cue: bool = False  # 'upstate X', 'X Governor ...': the first-level area, not its namesake city
    doers: tuple[tuple[str, int], ...] = ()  # country words (key, sentence) of its attacker: see doers.py


def _ent_spans(tk: Tokens, taken: set[int]) -> list[tuple[int, int]]:
    """spaCy GPE/LOC/FAC entities (without a leading 'the') that no n-gram covered."""
    out = []
    for start, end, label in tk.ents:
        i = start + (tk.texts[start].lower() == "the")
        free = not taken & set(range(start, end))
        if label in PLACE_LABELS and i < end and free and capitalized(tk.texts[i]):
            out.append((i, end))
    return out


def _region_level(span: Span, lex: Lexicon) -> tuple[str, int]:
    """('adm1' | 'adm2' | '', end token) from a region word after the name ('the Kharkiv region',
    'the Kharkiv and Donetsk regions')."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    heads = [nxt] if nxt is not None else []
    if tok.dep_ in ("compound", "nmod", "amod") and tok.head.i > span.root.i:
        heads.append(tok.head)
    for head in heads:
        word = head.lower_
        if word in lex.adm1 or word in lex.adm2:
            return ("adm1" if word in lex.adm1 else "adm2"), (span.end + 1 if head is nxt else span.end)
    return "", span.end


def _metonym_cue(span: Span, lex: Lexicon) -> bool:
    """Subject of a speech or stance verb, object of a verb that addresses a party, or possessor of a
    government noun."""
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    head = tok.head
    if tok.dep_ == "nsubj" and head.lemma_.lower() in lex.speech_verbs:
        return True
    if tok.dep_ == "dobj" and head.lemma_.lower() in words("party_object_verbs"):
        return True  # 'accused Kigali of backing the rebels'
    if tok.dep_ == "nsubj" and head.lemma_ == "be":
        return any(c.dep_ == "acomp" and c.lemma_.lower() in lex.stance for c in head.children)
    return tok.dep_ == "poss" and head.lemma_.lower() in lex.government | {
        w.rstrip("s") for w in lex.government
    }


def make_found(sdoc: Doc, i: int, j: int, lex: Lexicon, tk: Tokens | None = None) -> Found:
    span, tk = sdoc[i:j], tk or tokens_of(sdoc)
    region, end_tok = _region_level(span, lex)
    before = tk.text_with_ws(tk.first[i], i).lower()  # from the sentence's first token
    after = tk.texts[end_tok].lower() if end_tok < len(tk.texts) else ""
    near = bool(lex.near_before.search(before)) or (not region and after in lex.near_after)
    prev = tk.texts[i - 1].lower() if i > 0 else ""
    labels = set(tk.ent_types[i:j]) - {""}
    label = next(iter(labels & PLACE_LABELS), next(iter(labels), ""))
    end = tk.idx[end_tok - 1] + len(tk.texts[end_tok - 1])
    cues = (_metonym_cue(span, lex), prev in lex.place_cues)
    newspaper = after and normalize(after) in words("newspaper_words")
    if not region and newspaper and after[:1] != tk.texts[end_tok][:1]:
        region = "town"  # 'The Washington Post', 'New York Times': the city, not the state
    if not region and street_name(tk, i, j):
        region = "street"  # 'Pushkin Street', 'down Sumy and Poltava streets': not the town
    text = tk.text(i, j)
    return Found(i, j, tk.idx[i], end, text, normalize(text), label, region, near, *cues,
                 sent=tk.first[i], state_cue=_state_cue(tk, i, end_tok))  # fmt: skip


@cache
def _state_cues() -> tuple[frozenset[str], frozenset[str]]:
    cues = geo_data()["state_cues"]
    before, after = (w.lower() for w in cues["before"]), (w.lower().rstrip(".") for w in cues["after"])
    return frozenset(before), frozenset(after)


def _state_cue(tk: Tokens, i: int, end_tok: int) -> bool:
    """A word that makes the name a first-level area ('upstate New York', 'New York Gov. X', 'governor
    of New York'; geo.json state_cues): only read where a big city inside the area bears its name."""
    before, after = _state_cues()
    nxt = tk.texts[end_tok].lower().rstrip(".") if end_tok < len(tk.texts) else ""
    one = tk.texts[i - 1].lower() if i > 0 else ""
    two = f"{tk.texts[i - 2].lower()} {one}" if i > 1 else ""
    return nxt in after or one in before or two in before


def recognize(sdoc: Doc, gaz: Gazetteer) -> list[Found]:
    """Toponyms of a parsed document, people and common words removed, in text order."""
    lex, tk = lexicon(), tokens_of(sdoc)
    spans = ngram_spans(tk, gaz, lex)
    taken = {t for i, j in spans for t in range(i, j)}
    spans = sorted(spans + _ent_spans(tk, taken))
    spelled = area_spellings(tk, gaz, lex)  # 'the Middle Shabelle region': GeoNames' 'Middle Shabele'
    held = {t for i, j in spelled for t in range(i, j)}  # the longer name, not 'Middle' in it
    spans = sorted([s for s in spans if not held & set(range(*s))] + list(spelled))
    short, blocked = abbreviation_spans(tk, spans, gaz)  # 'Atlanta, Ga.': Georgia, whatever 'Ga' matches
    short += initials_spans(tk, spans, gaz, {t for a in short for t in range(a.i, a.j)} | blocked)  # 'SA'
    shorts = {t for a in short for t in range(a.i, a.j)}
    spans = [(i, j) for i, j in spans if not (shorts | blocked) & set(range(i, j))]
    span = {(i, j): sdoc[i:j] for i, j in spans}
    key = {(i, j): normalize(tk.text(i, j)) for i, j in spans}
    persons = {s for s in spans if person(span[s], lex, gaz, tk)}
    people = {key[s] for s in persons} | {
        normalize(tk.texts[e - 1])
        for s, e, label in tk.ents
        if label == "PERSON" and 2 <= e - s <= 3 and name_shape(Span(sdoc, s, e, label=label))
    }  # a name once used for a person is a person throughout, unless tagged or known as a big place
    surnames = person_words(tk)  # 'Dave Allen ... Allen said': the person, unless a big place
    cued = {key[s] for s in spans if place_cued(s[0], tk, lex)}
    lone = {s for s in spans if key[s] not in cued and lone_person(span[s], gaz, tk)}
    unsure = lone | persons
    sure = {t for i, j in spans if (i, j) not in unsure for t in range(i, j)}
    used = {key[s] for s in spans if used_as_place(span[s], lex, sure, tk)}
    rescued = {key[s] for s in lone} & used
    verbs = rescued | {key[s] for s in spans if place_verb(span[s], lex)}  # count as cued
    kept = [
        s for s in spans
        if s not in persons and not rejected(span[s], key[s], lex, tk, key[s] in used)
        and not (key[s] in people and plain_name(span[s], gaz))
        and not (key[s] in surnames and person_word(span[s], gaz))
        and not (s in lone and key[s] not in rescued)
    ]  # fmt: skip
    labelled = {key[s] for s in kept if tk.ent_types[s[0]] in PLACE_LABELS}
    heads = {s for s in kept if key[s] not in labelled and name_head(*s, gaz, tk)}  # 'Hope Residence'
    kept = [
        s for s in kept
        if (key[s] in labelled or not organization_head(span[s], gaz, tk)) and not ampersand_name(*s, gaz, tk)
        and not disease_name(*s, gaz, tk) and s not in heads and not unit_name(*s, tk)
    ]  # fmt: skip
    placed = {t for i, j in kept + list(heads) for t in range(i, j)}  # 'Rodeo Gainesville': a place
    keep = [s for s in kept if of_place(*s, gaz, tk) or not part_of_longer_name(span[s], lex, placed, tk)]
    facilities = facility_spans(sdoc, tk, keep, gaz, lex)
    keep = [s for s in keep if not any(a <= s[0] and s[1] <= b for _, (a, b) in facilities)]
    rivers = river_spans(sdoc, tk, keep)
    keep = [s for s in keep if s not in rivers]
    found = [make_found(sdoc, i, j, lex, tk) for i, j in keep]
    found = [replace(f, place_cue=True) if f.key in verbs else f for f in found]
    found = [replace(f, text=(n := spelled[f.i, f.j]), key=normalize(n)) if (f.i, f.j) in spelled else f
             for f in found]  # fmt: skip
    covered = {t for i, j in keep for t in range(i, j)}
    covered |= {t for _, (i, j) in facilities for t in range(i, j)}
    found += [
        replace(make_found(sdoc, i, j, lex, tk), label="LOC", region="river") for i, j in rivers.values()
    ]
    covered |= {t for i, j in rivers.values() for t in range(i, j)} | shorts
    streets = street_spans(sdoc, tk, covered)
    found += [replace(make_found(sdoc, i, j, lex, tk), label="FAC") for i, j in streets]
    found += [_facility(sdoc, i, j, lex, tk) for _, (i, j) in facilities]
    found += [_abbreviated(sdoc, a, lex, tk) for a in short]
    found.sort(key=lambda f: f.i)
    found = with_links(sdoc, _shared_cues(sdoc, found))
    covered |= {t for i, j in streets for t in range(i, j)}
    extra = [_associative(sdoc, i, j, name, lex, tk) for i, j, name in associative_spans(sdoc, covered, tk)]
    return sorted(found + extra, key=lambda f: f.i)


def _shared_cues(sdoc: Doc, found: list[Found]) -> list[Found]:
    """'near Andriivka, Kurdiumivka and Ozarianivka': the place word before the first name of a list
    cues them all."""
    cued = {t for f in found if f.place_cue for t in range(f.i, f.j)}
    return [
        replace(f, place_cue=True)
        if not f.place_cue and any(t.i in cued for t in sdoc[f.i : f.j].root.conjuncts) else f
        for f in found
    ]  # fmt: skip


def _abbreviated(sdoc: Doc, a: Abbreviation, lex: Lexicon, tk: Tokens) -> Found:
    """The first-level area an abbreviation stands for ('Ga.' is the state of Georgia, not the country)."""
    f = make_found(sdoc, a.i, a.j, lex, tk)
    return replace(f, end=a.end, text=a.name, key=normalize(a.name), label="GPE", region=a.region)


def _associative(sdoc: Doc, i: int, j: int, name: str, lex: Lexicon, tk: Tokens) -> Found:
    f = make_found(sdoc, i, j, lex, tk)
    return replace(f, text=name, key=normalize(name), label="GPE", region="", near=False, metonym_cue=True,
                   associative=True)  # fmt: skip


@cache
def _street_words() -> tuple[frozenset[str], frozenset[str]]:
    data = geo_data()["street_words"]
    return frozenset(data["after"]), frozenset(data["list_end"])


def street_spans(sdoc: Doc, tk: Tokens, taken: set[int]) -> list[tuple[int, int]]:
    """Streets and squares no gazetteer knows, written with a capitalized street word after one to three
    capitalized words ('Royal Street', 'Dubonet Drive', 'Frenchmen Street'): the whole name is a place
    (it sits where the article is). Names that hold a word recognized otherwise ('Pushkin Street': the
    street named after a town, see `street_name`) are left to it; 'St.' before a capitalized word is
    'Saint' ('St. Paul')."""
    after, _ = _street_words()
    texts, out = tk.texts, []
    for k in tk.upper:
        word = texts[k].lower().rstrip(".")
        if word not in after or k in taken or k == tk.first[k] or _in_name(tk, k):
            continue
        if (
            word == "st"
            and k + 1 < len(texts)
            and tk.first[k + 1] == tk.first[k]
            and capitalized(texts[k + 1])
        ):
            continue
        i = k
        while i > max(tk.first[k], k - 3) and capitalized(texts[i - 1]) and not sdoc[i - 1].is_stop:
            i -= 1
        if i < k and not taken & set(range(i, k)):
            out.append((i, k + 1))
    return out


Pair = tuple[int, int]


def river_spans(sdoc: Doc, tk: Tokens, keep: list[Pair]) -> dict[Pair, Pair]:
    """Head -> whole name of rivers named like a place ('the Mississippi River', 'the Dnipro river',
    'River Thames'; geo.json river_words): the river word right after the name, capitalized or as the
    head noun ('the Kherson river port' is the town's port), or capitalized right before it; the name
    must not go on ('Mississippi River Commission', 'River Oaks Drive')."""
    river, texts, out = words("river_words"), tk.texts, {}
    for i, j in keep:
        after = j < len(texts) and tk.first[j] == tk.first[i] and normalize(texts[j]) in river
        if after and (capitalized(texts[j]) or sdoc[j].dep_ != "compound") and not _goes_on(tk, j + 1, i):
            out[(i, j)] = (i, j + 1)
            continue
        before = i > 0 and tk.first[i - 1] == tk.first[i] and texts[i - 1] in ("River",)
        lone = i - 1 == tk.first[i] or not capitalized(texts[i - 2])
        if before and lone and normalize(texts[i - 1]) in river and not _goes_on(tk, j, i):
            out[(i, j)] = (i - 1, j)
    return out


def _goes_on(tk: Tokens, k: int, i: int) -> bool:
    """A capitalized word at token k in the sentence of token i: the name goes on."""
    return k < len(tk.texts) and tk.first[k] == tk.first[i] and capitalized(tk.texts[k])


def _facility(sdoc: Doc, i: int, j: int, lex: Lexicon, tk: Tokens) -> Found:
    """A facility's whole name: a FAC where spaCy tags any of it as a place ('Abu Shouk' GPE) or it
    starts with a demonym ('the French Quarter'), else spaCy's label, so that an organization's
    building no one writes as a place is left out (unknown.bare_unknown: 'a Chapman University
    survey')."""
    f = make_found(sdoc, i, j, lex, tk)
    demonym = normalize(tk.texts[i]) in lex.demonyms
    return replace(f, label="FAC") if demonym or set(tk.ent_types[i:j]) & PLACE_LABELS else f


def facility_spans(
    sdoc: Doc, tk: Tokens, keep: list[Pair], gaz: Gazetteer, lex: Lexicon
) -> list[tuple[Pair, Pair]]:
    """(head, whole name) of facilities and city areas whose name starts with a place's name or a
    demonym ('the Abu Shouk market', 'Marigny Canal', 'the French Quarter'; geo.json facility_words):
    one to three more capitalized words and a facility word in any case, or the facility word right
    after the head and capitalized. The whole name is the place (it sits where the article is), not
    the head: unless the head is a big place ('Kherson Airport'), is also named alone in the article, or
    a region word stands between ('Kyiv Oblast Hospital')."""
    facility, texts = words("facility_words"), tk.texts
    placed = {t for i, j in keep for t in range(i, j)}
    region = lex.adm1 | lex.adm2 | lex.near_after
    heads = [(i, j, True) for i, j in keep]
    heads += [(i, i + 1, False) for i in tk.upper if i not in placed and normalize(texts[i]) in lex.demonyms]
    out: list[tuple[Pair, Pair, bool]] = []
    for i, j, named in heads:
        k = j
        while k < min(len(texts), j + 4) and tk.first[k] == tk.first[i]:
            word = normalize(texts[k])
            if word in facility or k in placed or not capitalized(texts[k]) or word in region:
                break
            if sdoc[k].is_stop:
                break
            k += 1
        if k >= len(texts) or tk.first[k] != tk.first[i] or normalize(texts[k]) not in facility:
            continue
        if k == j and not capitalized(texts[k]) or (k in placed and (k, k + 1) not in keep):
            continue  # the facility word itself may be a town's name ('Quarter')
        if k + 1 < len(texts) and tk.first[k + 1] == tk.first[k] and capitalized(texts[k + 1]):
            continue  # the name goes on ('Mitchell Bridge Road', 'Robinson College Cambridge')
        if named and normalize(texts[j - 1]) in region | words("area_words"):
            continue  # 'Henderson County Jail': the county's building, in the county
        out.append(((i, j), (i, k + 1), named))
    heads_of = {head for head, _, _ in out}
    alone = {normalize(tk.text(i, j)) for i, j in keep if (i, j) not in heads_of}
    kept = []
    for head, whole, named in out:
        name = tk.text(*head)
        if not named or not (normalize(name) in alone or _town(name, gaz, whole[1] - head[1])):
            kept.append((head, whole))
    return kept


FACILITY_TOWN = 20_000  # right before a facility word, a town this big names the facility's town


def _town(name: str, gaz: Gazetteer, gap: int) -> bool:
    """The head of a facility's name is the place itself: a big place ('Kherson Airport'), or, right
    before the facility word, a town of 20,000 or more ('St. Cloud Hospital'; 'Marigny Canal' and
    'Carnegie Library' are named after people)."""
    if prominent(name, gaz, own=True):
        return True
    best = [c for c in gaz.candidates(name) if c.kind not in (ALTERNATE, LOOSE)][:1]
    return gap == 1 and bool(best) and best[0].location.population >= FACILITY_TOWN


def _in_name(tk: Tokens, k: int) -> bool:
    """Token k ends a person's name with an initial ('Virginia L. Lane'; spaCy calls many unfamiliar
    streets people, 'Dubonet Drive') or is inside an organization's name that goes on after it ('Upper
    King Street Neighborhood Association')."""
    ent = tk.entity(k)
    if ent is None:
        return False
    initial = k > 0 and len(tk.texts[k - 1]) == 2 and tk.texts[k - 1].endswith(".")
    return (ent[2] == "PERSON" and initial) or (ent[2] == "ORG" and ent[1] > k + 1)


def street_name(tk: Tokens, i: int, j: int) -> bool:
    """The name at tokens [i, j) is (part of) a street's or square's name: it ends with a street word
    ('Victory Square'), one follows it ('Pushkin Street'), or it is one of a list of names closed by a
    plural or junction word ('Sumy and Poltava streets', 'the Kherson/Mariupol intersection')."""
    after, list_end = _street_words()
    texts, sent = tk.texts, tk.first[i]

    def word(k: int) -> str:
        return texts[k].lower().rstrip(".") if texts[k][:1].isupper() else ""

    if j - i >= 2 and word(j - 1) in after or j < len(texts) and tk.first[j] == sent and word(j) in after:
        return True
    joined, k = False, j
    while k < min(len(texts), j + 8) and tk.first[k] == sent:
        text = texts[k]
        if text.lower() in list_end:
            return joined or k == j
        if text in (",", "/", "&") or text.lower() == "and":
            joined = True
        elif not text[:1].isupper():
            return False
        k += 1
    return False


def with_links(sdoc: Doc, found: list[Found]) -> list[Found]:
    """Tie each place to the places in its prepositional phrases, directly or through an apposition
    ('Andriivka near Balakliia', 'Andriivka, a village in the Kharkiv region')."""
    at = {t: (f.key, f.region) for f in found for t in range(f.i, f.j)}
    starts = {f.i: (f.key, f.region) for f in found}
    out = []
    for f in found:
        after = sdoc[f.j] if f.j < len(sdoc) else None
        root = sdoc[f.i : f.j].root
        heads = [root, *(c for c in root.children if c.dep_ == "appos")]
        preps = [c for h in heads for c in h.children if c.dep_ in LINK_DEPS]
        # 'recaptured X near Y', 'pushed toward X north of Y': the parser often hangs the phrase on
        # the verb; take it when it follows the name
        later = [t for t in sdoc[f.j : f.j + 2] if t.dep_ in LINK_DEPS]
        if later:
            up = {a.i for a in root.ancestors}
            preps += [t for t in later if t.head.i in up]
        linked = {at[t.i] for p in preps for t in p.subtree if t.i in at}
        # 'London's Heathrow', 'Lewisburg, West Virginia': a place that owns it or stands beside it
        linked |= {at[c.i] for c in root.children if c.dep_ in OWN_DEPS and c.i in at}
        if root.dep_ == "appos" and root.head.i in at:
            linked.add(at[root.head.i])
        if after is not None and after.text == "," and f.j + 1 in starts:  # 'Bogota, Colombia'
            linked.add(starts[f.j + 1])
        linked -= {(f.key, f.region)}
        out.append(replace(f, links=tuple(sorted(linked))) if linked or f.links else f)
    return out
