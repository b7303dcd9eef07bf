"""Speakers: who a quote's cue names. Speaker candidates (named persons clustered over spelling variants,
bare surnames of persons named in full, descriptors, organisations, subject pronouns), each person's
gender, and the person a pronoun or a definite descriptor ("the president") refers to.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from frontwatch.nlp import entity_of, read, sent_of, sents_of
from frontwatch.types import Speaker

NOT_PERSON_ENTS = {"ORG", "GPE", "NORP", "LOC", "FAC", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL"}
PLURAL_TAGS, NOMINAL = {"NNS", "NNPS"}, {"PROPN", "PRON", "NOUN"}
SUBJECTS = ("nsubj", "nsubjpass")


@cache
def data() -> dict[str, Any]:
    """data/quotes.json: lexicons and patterns."""
    return dict(json.loads(resources.files("frontwatch").joinpath("data/quotes.json").read_text("utf-8")))


@cache
def words(key: str) -> frozenset[str]:
    if key == "speaking":
        return words("cue_verbs") | words("communication_verbs")
    return frozenset(w.lower() for w in data()[key]["words"])


@cache
def phrasal() -> dict[str, frozenset[str]]:
    return {verb: frozenset(parts) for verb, parts in data()["phrasal_cue_verbs"]["map"].items()}


def cue_verb(t: Token) -> bool:
    """A verb that can cue a quote: a listed lemma, or a phrasal verb with its particle ("shot back")."""
    lemma = t.lemma_.lower()
    if lemma in words("cue_verbs"):
        return True
    parts = phrasal().get(lemma)
    return parts is not None and any(c.i > t.i and c.lower_ in parts and c.dep_ in ("prt", "advmod")
                                     for c in t.children)  # fmt: skip


def speaking(t: Token) -> bool:
    """A verb whose subject tells something: a cue verb or a communication verb."""
    return cue_verb(t) or t.lemma_.lower() in words("communication_verbs")


@cache
def gendered(key: str) -> dict[str, str]:
    norm = normalize_word if key == "first_names" else str.lower
    return {norm(w): g for g in ("f", "m") for w in data()[key][g]}


@lru_cache(maxsize=65536)
def normalize_word(word: str) -> str:
    """Casefold, strip diacritics, apply transliteration equivalences, collapse doubles, drop the ending."""
    w = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).casefold()
    w = re.sub(r"[^a-z]", "", w)
    for a, b in data()["names"]["substitutions"]:
        w = w.replace(a, b)
    w = re.sub(r"(.)\1+", r"\1", w)
    stem = re.sub(data()["names"]["ending"], "", w)
    return stem if len(stem) >= data()["names"]["min_stem"] else w


@lru_cache(maxsize=65536)
def name_key(name: str) -> tuple[str, ...]:
    return tuple(k for k in map(normalize_word, name.split()) if k)


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Full names agree on first and last name; a single name matches a first or last name."""
    if not a or not b:
        return False
    short, full = sorted((a, b), key=len)
    return short[0] in (full[0], full[-1]) if len(short) == 1 else a[0] == b[0] and a[-1] == b[-1]


# ---- candidates ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:  # a speaker candidate: a named person, or a descriptor, organisation or government subject
    start: int
    tokens: tuple[int, ...]  # token indexes that refer to it (name tokens, the described noun)
    speaker: Speaker
    kind: str = "person"  # person | descriptor | org | gov | pronoun (a subject pronoun: he, she, it, they)
    plural: bool = False
    subject: bool = False
    roles: frozenset[str] = frozenset()  # the words of its titles and description ("sen" -> senator)


@dataclass(frozen=True)
class Context:
    text: str
    sdoc: Doc
    sents: tuple[Span, ...]
    mentions: tuple[Mention, ...] = ()
    by_token: dict[int, Mention] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)  # a person's name -> the gender the text gives
    last: Speaker | None = None  # the speaker of the previous direct quote, the topic of a quote run
    tokens: tuple[Token, ...] = ()  # the Doc's tokens, made once (each doc[i] builds a new Token object)
    starts: tuple[int, ...] = ()  # each token's first character


def context(text: str, sdoc: Doc) -> Context:
    """The context of a parsed text, its tokens listed once."""
    starts = tuple(sdoc.to_array("IDX").tolist()) if len(sdoc) else ()
    return Context(text, sdoc, sents_of(sdoc), tokens=tuple(sdoc), starts=starts)


def span_text(toks: list[Token]) -> str:
    return toks[0].doc[toks[0].i : toks[-1].i + 1].text if toks else ""  # (Doc.text rebuilds the whole text)


def phrase(head: Token, exclude: frozenset[int] = frozenset()) -> list[Token]:
    """The noun phrase of head up to its first clause, apposition, comma or excluded token."""
    cut = [x.left_edge.i for x in head.subtree if x.i > head.i and (x.dep_ in ("acl", "relcl", "appos") or
           x.text in ",;:()—–" or x.i in exclude)]  # fmt: skip
    run = list(head.doc[head.left_edge.i : min(cut, default=head.right_edge.i + 1)])
    while run and (run[0].is_punct or run[0].lower_ in words("drop_determiners")):
        run = run[1:]
    return run


def affiliation(toks: list[Token]) -> str | None:
    """An organisation named in the tokens: an ORG entity, else a capitalized run ending in a unit noun."""
    doc, ids, units = toks[0].doc, {t.i for t in toks}, words("unit_nouns")
    ents = [(t.i, next((x.i for x in doc[t.i + 1 :] if x.ent_iob_ != "I"), len(doc))) for t in toks
            if t.ent_type_ == "ORG" and t.ent_iob_ == "B"]  # fmt: skip
    found = [(a, b) for a, b in ents if b - a > 1 + (doc[a].lower_ == "the") or doc[b - 1].lemma_ in units]
    for lo, hi in found + [(t.i, t.i + 1) for t in toks if t.lemma_.lower() in units and t.is_title]:
        while lo - 1 in ids and (doc[lo - 1].is_title or doc[lo - 1].text[:1].isdigit()):
            lo -= 1  # a capitalized or numbered run ("47th Separate Mechanized Brigade")
        return doc[lo + (doc[lo].lower_ == "the") : hi].text
    return None


def describe(t: Token) -> tuple[str | None, str | None, int | None]:
    """(description, affiliation, described noun) from "X, a …", "a … named X", "X, who …"."""
    for c in t.children:
        if c.dep_ == "appos" and (c.pos_ == "NOUN" or c.lemma_.lower() in words("role_nouns")):
            return span_text(phrase(c)) or None, affiliation(list(c.subtree)), c.i
        if c.dep_ == "relcl" and c.left_edge.lower_ == "who":
            toks = [x for x in c.subtree if not x.is_punct]
            return span_text(toks), affiliation(toks), None
    noun = t.head if t.dep_ == "appos" else t.head.head if t.head.lemma_ in ("name", "call") else None
    if noun is not None and noun.pos_ == "NOUN" and noun.i != t.i:
        own = frozenset(x.i for x in t.subtree)
        aff = affiliation([x for x in noun.subtree if x.i not in own])
        return span_text(phrase(noun, own)) or None, aff, noun.i
    return None, None, None


def person_evidence(t: Token) -> bool:
    """A proper noun is a person, whatever its NER label, beside a person noun ("X, a soldier", "a soldier
    named X"), with a "who" clause, or as a speech verb's subject (unless a place or organisation)."""
    roles, head = words("role_nouns"), t.head
    if place_name(t):
        return False
    named = head.lemma_ in ("name", "call") and head.dep_ == "acl" and head.head.lemma_.lower() in roles
    appos = any(c.dep_ == "appos" and c.lemma_.lower() in roles for c in t.children)
    who = any(c.dep_ == "relcl" and c.left_edge.lower_ == "who" for c in t.children)
    if named or appos or who or (t.dep_ == "appos" and head.lemma_.lower() in roles):
        return True
    run = [x for x in t.lefts if x.dep_ == "compound" and x.pos_ == "PROPN"] + [t]  # "Olena Kovalenko"
    first = normalize_word(run[0].text) in gendered("first_names") and t.ent_type_ not in ("GPE", "LOC")
    titled = any(x.lower_.rstrip(".") in words("person_titles") for x in t.lefts if x.dep_ == "compound")
    first = first or (titled and t.lemma_.lower() not in words("organisation_nouns"))  # "X CEO Ann Lee"
    speaks = t.dep_ in SUBJECTS and speaking(head)
    return first or (speaks and t.ent_type_ not in NOT_PERSON_ENTS)


def place_name(t: Token) -> bool:
    """A place the parser made a person's apposition ("New York (AFP) – Oscar-winning actress X", "in San
    Jose, California the candidate …"): a place entity of two or more words not opened by a first name."""
    if t.ent_type_ not in ("GPE", "LOC", "FAC"):
        return False
    ent = entity_of(t)
    return ent is not None and len(ent) > 1 and normalize_word(ent[0].text) not in gendered("first_names")


@lru_cache(maxsize=16384)
def gender_of(speaker: Speaker) -> str | None:
    """From a gendered word in the description or descriptor ("a woman"), else from a common first name."""
    text = f"{speaker.description} {speaker.name}".lower()
    tokens = re.findall(r"\w+", text)
    owned = {k + 1 for k, w in enumerate(tokens) if w in words("possessives")}  # "whose husband": another's
    found = [g for k, w in enumerate(tokens) if k not in owned and (g := gendered("gender_words").get(w))]
    given = speaker.name.split()[:-1] or speaker.name.split()[:1]  # all but the surname; a lone name
    names = [gendered("first_names").get(normalize_word(w)) for w in given]
    first = next((g for g in names if g), None)  # "Republican Rick Lazio": Rick
    return found[0] if found else first


def named_mention(t: Token, sure: bool) -> Mention | None:
    """The person named by the proper-noun run ending at t (titles: the description), "weak" if unsure."""
    lo = t.i
    while lo > 0 and t.doc[lo - 1].pos_ == "PROPN" and t.doc[lo - 1].text[:1].isupper():
        lo -= 1
    while t.ent_type_ == "PERSON" and lo > 0 and t.doc[lo].ent_iob_ == "I":  # "Ban Ki-moon": the whole entity
        lo -= 1
    toks, titles = list(t.doc[lo : t.i + 1]), []
    if t.lemma_.lower() in words("organisation_nouns") and t.ent_type_ != "PERSON":
        return None  # "the General Staff": an organisation, not a general named Staff
    inner = [k for k, x in enumerate(toks[:-1]) if x.lower_.rstrip(".") in words("person_titles")]
    if inner and toks[inner[-1] + 1].is_title:  # "Virginia Gov. Terry McAuliffe": the name after the title
        titles, toks = [span_text(toks[: inner[-1] + 1])], toks[inner[-1] + 1 :]
    while len(toks) > 1 and toks[0].lower_.rstrip(".") in words("titles"):
        titles.append(toks.pop(0).text)
    name = span_text(toks)
    if name.lower() in words("governments") or not name[:1].isupper():
        return None
    if toks[-1].ent_type_ != "PERSON" and is_title_word(toks[-1]):
        return None  # "the former Hewlett-Packard CEO": a description, not a name
    description, aff, noun = describe(t)
    appos_of = t.head.i if t.dep_ == "appos" else None  # "Her neighbour Oleksandr": the neighbour too
    refs = tuple(x.i for x in toks) + tuple(i for i in (noun, appos_of) if i is not None)
    kind = "person" if sure or titles or len(toks) > 1 else "weak"
    speaker = Speaker(name, (), description or (" ".join(titles) or None), aff)
    qualifiers = words("title_qualifiers")  # "former UN Ambassador X": former
    qualified = [
        c.text for x in t.doc[lo : t.i + 1] for c in x.children if c.i < lo and c.lower_ in qualifiers
    ]
    return Mention(
        toks[0].idx, refs, speaker, kind, roles=role_words(" ".join([*qualified, *titles, description or ""]))
    )


def role_words(text: str) -> frozenset[str]:
    """The lowercased words of a title or description, abbreviated titles spelled out ("Sen." -> senator)."""
    full, joined = data()["title_abbreviations"]["map"], title_prefix()
    return frozenset(full.get(w, w) for w in re.findall(r"\w+", joined.sub(r"\1", text.lower())))


@cache
def title_prefix() -> re.Pattern[str]:
    """A prefix that makes another title ("vice president", "deputy mayor"), joined to it as one word."""
    return re.compile(r"\b(" + "|".join(map(re.escape, words("title_prefixes"))) + r")[\s-]+(?=\w)")


def is_title_word(t: Token) -> bool:
    low = t.lower_.rstrip(".")
    return low in words("person_titles") or low in words("role_nouns")


def named_mentions(sdoc: Doc, text: str, tokens: tuple[Token, ...]) -> list[Mention]:
    """Named persons and call signs ("a soldier who gave his call sign as Grim")."""
    found: list[Mention] = []
    for match in re.finditer(data()["call_sign"]["pattern"], text):
        if (span := sdoc.char_span(match.start(1), match.end(1), alignment_mode="expand")) is not None:
            roles = [x for x in sent_of(span) if x.i < span.start and x.lemma_.lower() in words("role_nouns")]
            desc = span_text(phrase(roles[-1])) if roles else None
            refs = tuple(range(span.start, span.end)) + ((roles[-1].i,) if roles else ())
            found.append(
                Mention(match.start(1), refs, Speaker(match.group(1), (), desc), roles=role_words(desc or ""))
            )
    for t in tokens:  # name heads: PERSON entities and proper nouns that act as persons
        if t.pos_ != "PROPN" and t.ent_type_ != "PERSON":
            continue
        head = t.pos_ == "PROPN" and not (t.dep_ == "compound" and t.head.pos_ == "PROPN" and t.head.i > t.i)
        sure = head and person_evidence(t)
        if head and (sure or t.ent_type_ == "PERSON") and (m := named_mention(t, sure)) is not None:
            found.append(m)
    unique = {m.start: m for m in reversed(found)}  # the first found at a position
    return sorted(unique.values(), key=lambda m: m.start)


def partitive(s: Token) -> Token | None:
    """The group noun of a subject that names a part of it ("one of the sources", "two of the witnesses")."""
    if s.lower_ not in words("partitives"):
        return None
    of = next((c for c in s.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def subject_speaker(s: Token) -> tuple[str | None, Speaker]:
    """(gov | org | descriptor | None, speaker) for a subject without a person's name: its noun phrase."""
    toks = phrase(s, frozenset(x.i for x in s.subtree if x.i > s.i)) or [s]
    if (group := partitive(s)) is not None:  # "one of the sources": the whole phrase, of the group's kind
        toks, s = list(s.doc[s.i : group.i + 1]), group
    elif s.ent_type_ == "ORG" and (ent := entity_of(s)):
        # the organisation's whole name ("the Institute for the Study of War"), with a unit's number before it
        lo, own = ent.start, {x.i for x in toks}
        while lo - 1 in own and s.doc[lo - 1].text[:1].isdigit():  # "the 93rd Mechanized Brigade"
            lo -= 1
        toks = list(s.doc[lo : ent.end])
    while len(toks) > 1 and toks[0].lower_ in words("articles"):
        toks = toks[1:]
    name, lemma = span_text(toks), s.lemma_.lower()
    gov = s.ent_type_ == "GPE" or name.lower() in words("governments")
    if gov or s.ent_type_ == "ORG" or lemma in words("organisation_nouns"):
        return ("gov" if gov else "org"), Speaker(name)
    kind = "descriptor" if lemma in words("role_nouns") else None
    return kind, Speaker(name, affiliation=affiliation(list(s.subtree)))


def cluster(named: list[Mention]) -> list[Mention]:
    """One speaker per person in the article, over spelling variants and short forms of the name."""
    groups: list[list[Mention]] = []
    keys: list[tuple[str, ...]] = []  # the key of each group's longest name
    for m in named:
        key = name_key(m.speaker.name)
        found = [k for k, g in enumerate(groups) if same_person(key, keys[k])]
        surname = [k for k in found if len(key) == 1 and len(keys[k]) > 1 and keys[k][-1] == key[0]]
        k = surname[0] if surname else found[-1] if found else None  # a bare surname: the first so named
        if k is None:
            groups.append([m])
            keys.append(key)
        else:
            groups[k].append(m)
            keys[k] = name_key(longest(groups[k]))
    out: list[Mention] = []
    for g in (g for g in groups if any(m.kind == "person" for m in g)):
        described = next((m.speaker for m in g if m.speaker.description), g[0].speaker)
        aff = described.affiliation or next((m.speaker.affiliation for m in g if m.speaker.affiliation), None)
        name = longest(g)
        aliases = tuple(dict.fromkeys(m.speaker.name for m in g if m.speaker.name != name))
        speaker = Speaker(name, aliases, described.description, aff)
        out += [replace(m, speaker=speaker, kind="person") for m in g]
    return out


def longest(group: list[Mention]) -> str:
    return max((m.speaker.name for m in group), key=lambda name: len(name.split()))


def with_mentions(ctx: Context, quoted: list[tuple[int, int]]) -> Context:
    """Speaker candidates outside the quotations (open, close), each token mapped to the one it refers to."""
    ctx = ctx if ctx.tokens else replace(context(ctx.text, ctx.sdoc), last=ctx.last)
    toks = ctx.tokens
    named = [m for m in named_mentions(ctx.sdoc, ctx.text, toks) if not inside(m.start, quoted)]
    found = cluster(named)
    found += surname_mentions(toks, found, {i for m in named for i in m.tokens}, quoted)
    taken = {i for m in found for i in m.tokens}
    for s in (s for s in toks if s.dep_ in SUBJECTS and s.i not in taken and not inside(s.idx, quoted)):
        if s.lower_ in data()["pronouns"]["map"]:
            found.append(Mention(s.idx, (s.i,), Speaker(s.lower_), "pronoun"))
        elif s.dep_ == "nsubj" and (speaking(s.head) or is_role(s)):
            kind, speaker = subject_speaker(s)
            person = described_person(found, s) if kind == "descriptor" else None
            if person is not None:
                found.append(replace(person, start=s.idx, tokens=(s.i,)))
            elif kind:
                found.append(Mention(s.idx, (s.i,), speaker, kind, s.tag_ in PLURAL_TAGS))
    shown = captions(ctx)
    found = [replace(m, subject=any(toks[i].dep_ in SUBJECTS for i in m.tokens)) for m in found
             if not inside(m.start, shown)]  # fmt: skip
    by_token = {i: m for m in reversed(found) for i in m.tokens}  # the first mention of a token wins
    ordered = tuple(sorted(found, key=lambda m: m.start))
    return replace(ctx, mentions=ordered, by_token=by_token, genders=text_genders(toks, ordered, quoted))


def captions(ctx: Context) -> list[tuple[int, int]]:
    """Paragraphs that are photo credits or captions (data: captions): a short credit line, a paragraph with
    an inline credit, and a one-sentence caption beside a credit line, with no quotation marks."""
    rules = data()["captions"]
    paras = [(m.start(), m.end(), m.group().strip()) for m in re.finditer(r"[^\n]*\S[^\n]*", ctx.text)]
    credit = [
        len(p.split()) <= rules["max_words"] and re.search(rules["credit"], p) is not None for *_, p in paras
    ]
    found = [(a, b) for k, (a, b, p) in enumerate(paras) if credit[k] or re.search(rules["inline"], p)]
    for k, (a, b, p) in enumerate(paras):
        beside = (k > 0 and credit[k - 1]) or (k + 1 < len(paras) and credit[k + 1])
        if not beside or credit[k] or re.search(r"[“”\"«»]", p):
            continue
        toks = [
            t for t in ctx.tokens[bisect_left(ctx.starts, a) : bisect_left(ctx.starts, b)] if not t.is_space
        ]
        if toks and len({sent_of(t).start for t in toks}) == 1 and captioned(toks):
            found.append((a, b))
    return found


def captioned(toks: list[Token]) -> bool:
    """A sentence that reads as a caption: in the present tense or without a verb ("X holds up a gun", "X,
    36"), not a title-case heading, with no pronoun subject and nothing reported."""
    root, alpha = sent_of(toks[0]).root, [t for t in toks if t.is_alpha]
    tense = root.tag_ in ("VBZ", "VBP", "VBG") or root.pos_ not in ("VERB", "AUX")
    heading = len(alpha) >= 3 and sum(t.text[0].isupper() for t in alpha) > 0.7 * len(alpha)
    pronoun = any(t.dep_ in SUBJECTS and t.lower_ in data()["pronouns"]["map"] for t in toks)
    return tense and not heading and not pronoun and not any(map(reports, toks))


def reports(t: Token) -> bool:
    """A cue verb with a reported clause ("X said he …"; not "X holds up a gun")."""
    return cue_verb(t) and any(c.dep_ == "ccomp" for c in t.children)


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos <= b for a, b in spans)


def is_role(s: Token) -> bool:
    """A singular gendered role noun ("the woman", "his mother") as the subject of any verb."""
    possessed = any(c.dep_ == "poss" for c in s.children)  # "his wife": someone else's relation
    return (
        s.pos_ == "NOUN"
        and s.tag_ not in PLURAL_TAGS
        and s.lemma_.lower() in gendered("gender_words")
        and not possessed
    )


def surname_mentions(toks: tuple[Token, ...], persons: list[Mention], taken: set[int],
                     quoted: list[tuple[int, int]]) -> list[Mention]:  # fmt: skip
    """Bare surnames of persons named in full ("Ham said" beside "Gen. Carter Ham"), whatever their entity
    label, unless part of a longer name; a surname two of them share is the first so named."""
    surnames: dict[str, Speaker] = {}
    for m in persons:
        if len(key := name_key(m.speaker.name)) > 1:
            surnames.setdefault(key[-1], m.speaker)  # shared: the first so named
    found = []
    for t in toks if surnames else ():
        capital = t.text[:1].isupper() and not t.is_upper  # "Ham", "DeSantis"; not "NATO"
        nominal = t.pos_ in ("PROPN", "NOUN") or t.dep_ in SUBJECTS  # "Trump shot back": tagged a verb
        if t.i in taken or not capital or not nominal or inside(t.idx, quoted):
            continue
        near = [toks[k] for k in (t.i - 1, t.i + 1) if 0 <= k < len(toks)]
        nxt = toks[t.i + 1] if t.i + 1 < len(toks) and toks[t.i + 1].lower_ not in ("'s", "’s") else None
        longer = t.ent_iob_ == "I" or (nxt is not None and nxt.ent_iob_ == "I")
        if longer or any(x.pos_ == "PROPN" and x.is_title for x in near):  # part of another name
            continue
        if (speaker := surnames.get(normalize_word(t.text))) is not None:
            found.append(Mention(t.idx, (t.i,), speaker))
    return found


def apposed_person(found: Sequence[Mention], s: Token) -> Mention | None:
    """The person named after a comma at the end of a descriptor's phrase ("the mayor of Kharkiv, Ihor
    Terekhov, said"), however the parser attached the name; also a name the parser left outside the phrase
    when a comma or the sentence's end closes it ("according to the governor, Oleh Syniehubov, two …")."""
    words_ = [x for x in s.subtree if not x.is_punct]
    last = words_[-1] if words_ else s
    persons = [m for m in found if m.kind == "person" and last.i in m.tokens and s.i not in m.tokens]
    doc, nxt = s.doc, s.right_edge.i + 2
    if not persons and nxt < len(doc) and doc[nxt - 1].text == "," and s.tag_ not in PLURAL_TAGS:
        after = [m for m in found if m.kind == "person" and m.tokens[0] == nxt]
        end = max(after[0].tokens) + 1 if after else nxt
        closed = end >= sent_of(doc[nxt]).end or doc[end].text in (",", ".", ";", ")")
        return after[0] if after and closed else None
    if not persons or last.i <= s.i:
        return None
    first = last.i
    while first - 1 in persons[0].tokens:  # the name's own run of tokens
        first -= 1
    return persons[0] if first - 1 > s.i and s.doc[first - 1].text == "," else None


def described_person(found: Sequence[Mention], s: Token) -> Mention | None:
    """The person a descriptor subject or object names ("said the spokesman, John Kirby"; "the president
    said" after "President X"), who takes the descriptor as description unless theirs holds its noun."""
    person = apposed_person(found, s) or named_next(found, s) or titled_person(found, s)
    if person is None or s.lemma_.lower() in role_words(person.speaker.description or ""):
        return person
    return replace(person, speaker=replace(person.speaker, description=span_text(phrase(s)) or None))


def named_next(found: Sequence[Mention], s: Token) -> Mention | None:
    """The person named right after a descriptor ("actress Mira Solberg says", "army spokesman Ali Omar
    said"), when the parser made both subjects of the verb."""
    return next((m for m in found if m.kind == "person" and m.tokens[0] == s.i + 1), None)


def titled_person(found: Sequence[Mention], s: Token) -> Mention | None:
    """The person named before a definite descriptor ("the president") with the descriptor's noun in a title
    or description of theirs ("President X", "X, the president of …"), named within title_reach sentences;
    none when two persons there hold it ("Gov. A … Gov. B … the governor said")."""
    if s.tag_ in PLURAL_TAGS or not any(c.dep_ == "det" and c.lower_ == "the" for c in s.children):
        return None
    prefix = [
        c.lower_ for c in s.children if c.dep_ in ("amod", "compound") and c.lower_ in words("title_prefixes")
    ]
    noun = "".join(prefix[-1:]) + s.lemma_.lower()  # "the vice president": not "President X"
    mods = {c.lower_ for c in s.children if c.dep_ in ("compound", "amod", "nmod") and
            (c.text[:1].isupper() or c.lower_ in words("title_qualifiers"))}  # fmt: skip
    persons = [m for m in found if m.kind == "person" and m.start < s.idx]
    held: dict[str, frozenset[str]] = {}  # a person's name -> the words of all their titles and descriptions
    for m in persons:
        held[m.speaker.name] = (
            held.get(m.speaker.name, frozenset()) | m.roles | role_words(m.speaker.description or "")
        )
    sents = read(s.doc).starts
    reach, here = data()["title_reach"]["value"], bisect_left(sents, sent_of(s).start)
    near = [m for m in persons if here - bisect_left(sents, sent_of(s.doc[m.tokens[0]]).start) < reach]
    fit = {m.speaker.name: m for m in near if noun in held[m.speaker.name] and mods <= held[m.speaker.name]}
    return next(iter(fit.values())) if len(fit) == 1 else None  # "the Ohio governor": not "Florida Gov. X"


def text_genders(toks: tuple[Token, ...], mentions: tuple[Mention, ...], quoted: list[tuple[int, int]]
                 ) -> dict[str, str]:  # fmt: skip
    """A person's gender from the subject pronouns after they are the only person named in a sentence's
    subject ("Ham made it clear he had …", "Moss lost her house"; not "X said … her career"): he against
    she."""
    pronouns = gendered("gender_pronouns")
    votes: dict[str, list[str]] = {}
    for m in (m for m in mentions if m.kind == "person" and m.subject):
        sent = sent_of(toks[m.tokens[0]])
        if any(o.kind == "person" and o.speaker != m.speaker and sent.start_char <= o.start < sent.end_char
               for o in mentions):  # fmt: skip
            continue
        nxt = min(sent_of(toks[sent.end]).end, sent.end + 4) if sent.end < len(toks) else sent.end
        after = [
            t for t in toks[max(m.tokens) + 1 : nxt] if t.lower_ in pronouns and not inside(t.idx, quoted)
        ]
        verb = toks[m.tokens[-1]].head
        own = [t for t in after if t.dep_ in SUBJECTS or clause_verb(t) == verb]  # "X said he", "X lost her"
        votes.setdefault(m.speaker.name, []).extend(pronouns[t.lower_] for t in own)
    out = {}
    for name, found in votes.items():
        male, female = found.count("m"), found.count("f")
        if max(male, female) >= 2 * min(male, female) + 1:
            out[name] = "m" if male > female else "f"
    return out


def clause_verb(t: Token) -> Token:
    """The verb of the clause a token sits in."""
    while t.pos_ not in ("VERB", "AUX") and t.head != t:
        t = t.head
    return t


# ---- resolution --------------------------------------------------------------------------------------------


def gender(ctx: Context, speaker: Speaker) -> str | None:
    return ctx.genders.get(speaker.name) or gender_of(speaker)  # the text over the name lexicon ("Lindsey")


def fits(ctx: Context, m: Mention, want: str) -> bool:
    """Whether a pronoun of this kind (m, f, org, group) can refer to the mention."""
    if m.kind == "pronoun":
        return bool(data()["pronouns"]["map"][m.speaker.name] == want)
    person = m.kind in ("person", "descriptor") and not m.plural and gender(ctx, m.speaker) in (None, want)
    group = m.kind in ("org", "gov") or (m.kind == "descriptor" and m.plural)
    return person if want in ("m", "f") else m.kind in ("org", "gov") if want == "org" else group


def main_subject(m: Mention, sdoc: tuple[Token, ...]) -> bool:
    """The subject of its sentence's main verb (or of a verb joined to it: "…, and he said")."""
    for i in m.tokens:
        verb, root = sdoc[i].head, sent_of(sdoc[i]).root
        if sdoc[i].dep_ in SUBJECTS and (verb == root or (verb.dep_ == "conj" and verb.head == root)):
            return True
    return False


def speaks(m: Mention, sdoc: tuple[Token, ...]) -> bool:
    """The subject of a speech verb ("Trump, Sexton said, has …": Sexton), not in a scene-setting clause."""
    heads = [sdoc[i].head for i in m.tokens if sdoc[i].dep_ in SUBJECTS]
    return any(speaking(v) and not background(v) for v in heads)


def background(verb: Token) -> bool:
    """A clause that sets the scene ("When X pointed out …, Y said"): an adverbial clause with a marker."""
    markers = [c for c in verb.children if c.dep_ in ("mark", "advmod") and c.tag_ in ("IN", "WRB")]
    return verb.dep_ == "advcl" and bool(markers)


def buried(ctx: Context, m: Mention, pronoun: Token) -> bool:
    """A mention before the pronoun in its own sentence, inside a noun phrase on its way up to the
    pronoun's clauses, or inside a participle clause whose unsaid subject is the pronoun's ("Asked about
    her vote in the event that X wins, she replied": not X)."""
    t = ctx.tokens[m.tokens[0]]
    if sent_of(t).start != sent_of(pronoun).start:
        return False
    chain = {x.i for x in (pronoun.head, *pronoun.head.ancestors)}
    for x in (x for x in t.ancestors if x.i not in m.tokens):  # from the mention's own words up
        if x.i in chain:
            return False
        participle = x.dep_ == "advcl" and x.tag_ in ("VBN", "VBG") and x.head.i in chain
        if x.pos_ in NOMINAL or (participle and not any(c.dep_ in SUBJECTS for c in x.children)):
            return True
    return False


def asked(m: Mention, toks: tuple[Token, ...]) -> bool:
    """The object of an asking verb ("a reporter asked X")."""
    ask = words("asking_verbs")
    return any(toks[i].dep_ in ("dobj", "dative") and toks[i].head.lemma_.lower() in ask for i in m.tokens)


def antecedent(ctx: Context, pos: int, pronoun: str, reply: bool = False) -> Speaker | None:
    """In the last sentence before pos with a compatible mention: who was asked (when the pronoun
    replies), who speaks there, else its main subject, else a subject, else one of known gender, else the
    first. A pronoun so chosen is resolved in turn."""
    want = data()["pronouns"]["map"][pronoun]
    here = ctx.tokens[bisect_left(ctx.starts, pos)] if ctx.starts else None
    found = [m for m in ctx.mentions if m.start < pos and fits(ctx, m, want)]
    found = [m for m in found if here is None or not buried(ctx, m, here)]
    found = [m for m in found if m.kind != "descriptor" or fits_referent(ctx, m, want)]
    if not found:
        return None
    sent = sent_of(ctx.tokens[found[-1].tokens[0]])
    same = [m for m in found if sent.start_char <= m.start < sent.end_char] or found[-1:]
    best = min(same, key=lambda m: (not (reply and asked(m, ctx.tokens)),
                                    not speaks(m, ctx.tokens), not main_subject(m, ctx.tokens),
                                    m.speaker != ctx.last, not m.subject,
                                    m.kind != "pronoun" and gender(ctx, m.speaker) is None))  # fmt: skip
    return antecedent(ctx, best.start, best.speaker.name) if best.kind == "pronoun" else referent(ctx, best)


def fits_referent(ctx: Context, m: Mention, want: str) -> bool:
    """Whether the person a descriptor stands for is of the pronoun's gender (when it is a person's)."""
    return want not in ("m", "f") or gender(ctx, referent(ctx, m)) in (None, want)


def referent(ctx: Context, m: Mention) -> Speaker:
    """The speaker a pronoun's antecedent stands for: a definite descriptor ("Ann Lee … The actress said …
    she added") is the person named just before it (within a few sentences, not buried in a phrase of its own
    sentence, of its gender); the descriptor itself when no one is."""
    noun = ctx.tokens[m.tokens[0]]
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
    named = any(c.dep_ in ("compound", "amod", "nmod") and c.text[:1].isupper() for c in noun.children)
    if m.kind != "descriptor" or m.plural or not definite or named:
        return m.speaker  # "the Odesa governor": only the person so described (titled_person)
    want, reach = gender_of(m.speaker), data()["descriptor_reach"]["value"]
    persons = [
        p for p in ctx.mentions if p.kind == "person" and p.start < m.start and not buried(ctx, p, noun)
    ]
    persons = [p for p in persons if want is None or gender(ctx, p.speaker) in (None, want)]
    if not persons:
        return m.speaker
    sent = sent_of(ctx.tokens[persons[-1].tokens[0]])
    if sum(1 for s in ctx.sents if sent.end <= s.start < sent_of(noun).start) >= reach:
        return m.speaker  # too far back
    same = [p for p in persons if sent.start_char <= p.start < sent.end_char]
    best = min(
        same, key=lambda p: (not speaks(p, ctx.tokens), not main_subject(p, ctx.tokens), not p.subject)
    )
    return best.speaker


def speaker_of(ctx: Context, tok: Token) -> Speaker | None:
    """Who the token names: a pronoun resolved, a mention's speaker, else its noun phrase."""
    if tok.lower_ in ("who", "that") and tok.head.dep_ == "relcl":
        tok = tok.head.head
    if tok.lower_ in data()["pronouns"]["map"]:
        return antecedent(ctx, tok.idx, tok.lower_, tok.head.lemma_.lower() in words("reply_verbs"))
    if (m := ctx.by_token.get(tok.i)) is not None:
        return m.speaker
    nominal = tok.pos_ in ("NOUN", "PROPN") or (tok.dep_ in SUBJECTS and tok.pos_ in ("ADJ", "NUM"))
    if not nominal:
        return None
    kind, speaker = subject_speaker(tok)  # ("said the 46-year-old")
    person = described_person(ctx.mentions, tok) if kind == "descriptor" else None  # "according to the mayor"
    return person.speaker if person is not None else speaker
