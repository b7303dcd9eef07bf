"""Quotes: direct quotes and reported speech with their speakers, each tied to its sentence.

1. Balanced quotation marks (also over paragraphs that each open with a mark); unbalanced stretches skipped,
scare quotes and titles dropped. 2. Speaker candidates: named persons (clustered over spelling variants),
descriptor, organisation and government subjects, subject pronouns. 3. A direct quote takes the cue of its
sentence; without one it continues the previous quote or takes the person speaking just before. 4. Indirect:
a speech verb with a content clause, "according to X, …". “A,” he said. “B.” gives two records, one speaker.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from frontwatch.types import Document, Evidence, Quote, QuoteKind, Speaker

RULE = "quotes.v1"
OPENERS, CLOSERS = "“«", "”»"
WORD_RE = re.compile(r"[^\W_][\w'’-]*")
NOT_PERSON_ENTS = {"ORG", "GPE", "NORP", "LOC", "FAC", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL"}
PLURAL_TAGS, NOMINAL = {"NNS", "NNPS"}, {"PROPN", "PRON", "NOUN"}
SUBJECTS = ("nsubj", "nsubjpass")
Prev = tuple["Marked", "Cue | None", "Speaker | None"]


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


def name_key(name: str) -> tuple[str, ...]:
    return tuple(k for k in map(normalize_word, name.split()) if k)


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Full names agree on first and last name; a single name matches a first or last name."""
    if not a or not b:
        return False
    short, full = sorted((a, b), key=len)
    return short[0] in (full[0], full[-1]) if len(short) == 1 else a[0] == b[0] and a[-1] == b[-1]


# ---- 1. quotation marks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Marked:  # a balanced quotation: indexes of its marks, its content span (no edge spaces, final comma)
    open: int
    close: int
    start: int
    end: int


def mark_role(text: str, i: int, inside: bool) -> str:
    """'open' or 'close' for the mark at i; a straight mark is read from its neighbours."""
    if text[i] in OPENERS or text[i] in CLOSERS:
        return "open" if text[i] in OPENERS else "close"
    before, after = (text[i - 1] if i > 0 else " "), text[i + 1 : i + 2] or " "
    if (before.isspace() or before in "([{—–/") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–"):
        return "close"
    return "close" if inside else "open"


def quotations(text: str) -> list[Marked]:
    """Balanced quotations; one open at a paragraph end continues if the next paragraph opens with a mark."""
    spans: list[Marked] = []
    opened: int | None = None
    for para in re.finditer(r"[^\n]*\S[^\n]*", text):
        marks = [m.start() for m in re.finditer(r"[“”«»\"]", para.group())]
        if opened is not None:  # a continued quote: this paragraph must open with a mark
            if marks and marks[0] == len(para.group()) - len(para.group().lstrip()):
                marks = marks[1:]
            else:
                opened = None
        for i in (para.start() + k for k in marks):
            if mark_role(text, i, opened is not None) == "open":
                opened = i
            elif opened is not None:
                inner = text[opened + 1 : i]
                start, end = len(inner) - len(inner.lstrip()), len(re.sub(r"[\s,]+$", "", inner))
                spans.append(Marked(opened, i, opened + 1 + start, opened + 1 + end))
                opened = None
    return [m for m in spans if m.end > m.start]


# ---- 2. cues -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    token: Token
    subject: Token | None
    text: str
    adjacent: bool  # attached to the quotation marks, not elsewhere in the sentence


@dataclass(frozen=True)
class Mention:  # a speaker candidate: a named person, or a descriptor, organisation or government subject
    start: int
    tokens: tuple[int, ...]  # token indexes that refer to it (name tokens, the described noun)
    speaker: Speaker
    kind: str = "person"  # person | descriptor | org | gov | pronoun (a subject pronoun: he, she, it, they)
    plural: bool = False
    subject: bool = False


@dataclass(frozen=True)
class Context:
    text: str
    sdoc: Doc
    sents: tuple[Span, ...]
    mentions: tuple[Mention, ...] = ()
    by_token: dict[int, Mention] = field(default_factory=dict)


def tokens_in(sdoc: Doc, a: int, b: int) -> list[Token]:
    return list(sdoc.char_span(a, b, alignment_mode="contract") or []) if b > a else []


def sentence_at(sdoc: Doc, pos: int) -> Span:
    span = sdoc.char_span(pos, pos + 1, alignment_mode="expand")
    return span[0].sent if span else sdoc[:]


def span_text(toks: list[Token]) -> str:
    return toks[0].doc[toks[0].i : toks[-1].i + 1].text if toks else ""  # (Doc.text rebuilds the whole text)


def according_to(t: Token) -> Token | None:
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return nxt if t.lower_ == "according" and nxt is not None and nxt.lower_ == "to" else None


def cue_at(t: Token, region: list[Token]) -> tuple[Token | None, str, Token] | None:
    """(subject in the region, cue text, last cue token) when t is a speech verb or 'according to'."""
    if (to := according_to(t)) is not None:
        return next((c for c in to.children if c.dep_ == "pobj"), None), "according to", to
    if t.pos_ != "VERB" or t.lemma_.lower() not in words("cue_verbs"):
        return None
    verbs = (t, t.head) if t.tag_ == "VBG" and t.dep_ in ("advcl", "conj", "xcomp") else (t,)  # "…, saying"
    subj = next((c for v in verbs for c in v.children if c.dep_ in SUBJECTS and c in region), None)
    if subj is None:
        cands = [x for x in region if x.pos_ in NOMINAL and x.ent_type_ not in ("DATE", "TIME") and x != t]
        subj = min(cands, key=lambda x: (abs(x.i - t.i), x.i > t.i)) if cands else None
    return subj, t.text, t


def cue_for(ctx: Context, m: Marked, floor: int, limit: int) -> Cue | None:
    """The cue after the closing mark (", he said", " said X", " — X"), else before the opening ("X said:")"""
    text = ctx.text
    nxt = next((i for i in range(m.close + 1, limit) if not text[i].isspace()), limit)
    p = next((i for i in range(m.open - 1, floor - 1, -1) if not text[i].isspace()), floor - 1)
    end = min(sentence_at(ctx.sdoc, nxt).end_char, limit) if nxt < limit else 0
    region = tokens_in(ctx.sdoc, m.close + 1, end)
    first = next((x for x in region if not (x.is_punct or x.is_space)), None)
    if first is not None and first.pos_ == "PROPN" and text[nxt] in "―—–":  # “…” — Name: a byline
        name = first.head if first.dep_ == "compound" else first
        return Cue(name, name, text[nxt], True)
    if region and (text[m.end - 1] not in ".!?" or text[nxt].islower()):  # a sentence end ends it
        for t in region:
            if (found := cue_at(t, region)) is not None:
                lead = min(t.idx, found[0].left_edge.idx if found[0] is not None else t.idx)
                return Cue(t, found[0], found[1], not any(ch.isalnum() for ch in text[m.close + 1 : lead]))
    if p < floor or text[p] in ".!?":
        return None
    region = tokens_in(ctx.sdoc, max(sentence_at(ctx.sdoc, p).start_char, floor), m.open)
    for t in reversed(region):
        if (found := cue_at(t, region)) is not None:
            subj, cue, last = found
            last = (phrase(subj) or [subj])[-1] if subj is not None and subj.i > last.i else last
            rest = text[last.idx + len(last) : m.open]
            return Cue(t, subj, cue, re.fullmatch(r"[\s,:;—–-]*(?:that\s*)?", rest) is not None)
    verbs = [t for t in region if any(c.dep_ in SUBJECTS for c in t.children) and t.pos_ in ("VERB", "AUX")]
    if verbs and text[floor : m.open].rstrip().endswith(":"):  # "X put it simply: “…”"
        return Cue(verbs[-1], next(c for c in verbs[-1].children if c.dep_ in SUBJECTS), verbs[-1].text, True)
    return None


def is_quote(ctx: Context, m: Marked, cue: Cue | None) -> bool:
    """False for scare quotes, terms and titles."""
    scare = r"(?:^|\W)(?:" + "|".join(data()["scare_cues"]["patterns"]) + r")\s*$"
    if re.search(scare, ctx.text[max(0, m.open - 60) : m.open], re.IGNORECASE):
        return False
    if cue is not None and cue.adjacent:
        return True
    found = WORD_RE.findall(body := ctx.text[m.start : m.end])
    verb = any(t.pos_ in ("VERB", "AUX") for t in ctx.sdoc.char_span(m.start, m.end, "expand") or ())
    if len(found) <= data()["max_scare_words"]["value"] and not verb:
        return False
    title = all(w[0].isupper() or w.lower() in words("titles_small_words") for w in found)
    return not (title and found[0][0].isupper() and body[-1] not in ".!?")


# ---- 3. speaker candidates ---------------------------------------------------------------------------------


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
        if c.dep_ == "appos" and c.pos_ == "NOUN":
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
    named = head.lemma_ in ("name", "call") and head.dep_ == "acl" and head.head.lemma_.lower() in roles
    appos = any(c.dep_ == "appos" and c.lemma_.lower() in roles for c in t.children)
    who = any(c.dep_ == "relcl" and c.left_edge.lower_ == "who" for c in t.children)
    if named or appos or who or (t.dep_ == "appos" and head.lemma_.lower() in roles):
        return True
    first = normalize_word(t.text) in gendered("first_names") and t.ent_type_ not in ("GPE", "LOC")
    speaks = t.dep_ in SUBJECTS and head.lemma_.lower() in words("speaking")
    return first or (speaks and t.ent_type_ not in NOT_PERSON_ENTS)


def gender_of(speaker: Speaker) -> str | None:
    """From a gendered word in the description or descriptor ("a woman"), else from a common first name."""
    text = f"{speaker.description} {speaker.name}".lower()
    found = [g for w in re.findall(r"\w+", text) if (g := gendered("gender_words").get(w))]
    first = gendered("first_names").get(normalize_word((speaker.name.split() or [""])[0]))
    return found[0] if found else first


def named_mention(t: Token, sure: bool) -> Mention | None:
    """The person named by the proper-noun run ending at t (titles: the description), "weak" if unsure."""
    lo = t.i
    while lo > 0 and t.doc[lo - 1].pos_ == "PROPN" and t.doc[lo - 1].text[:1].isupper():
        lo -= 1
    toks, titles = list(t.doc[lo : t.i + 1]), []
    while len(toks) > 1 and toks[0].lower_.rstrip(".") in words("titles"):
        titles.append(toks.pop(0).text)
    name = span_text(toks)
    if name.lower() in words("governments") or not name[:1].isupper():
        return None
    description, aff, noun = describe(t)
    appos_of = t.head.i if t.dep_ == "appos" else None  # "Her neighbour Oleksandr": the neighbour too
    refs = tuple(x.i for x in toks) + tuple(i for i in (noun, appos_of) if i is not None)
    kind = "person" if sure or titles or len(toks) > 1 else "weak"
    return Mention(toks[0].idx, refs, Speaker(name, (), description or (" ".join(titles) or None), aff), kind)


def named_mentions(sdoc: Doc, text: str) -> list[Mention]:
    """Named persons and call signs ("a soldier who gave his call sign as Grim")."""
    found: list[Mention] = []
    for match in re.finditer(data()["call_sign"]["pattern"], text):
        if (span := sdoc.char_span(match.start(1), match.end(1), alignment_mode="expand")) is not None:
            roles = [x for x in span.sent if x.i < span.start and x.lemma_.lower() in words("role_nouns")]
            desc = span_text(phrase(roles[-1])) if roles else None
            refs = tuple(range(span.start, span.end)) + ((roles[-1].i,) if roles else ())
            found.append(Mention(match.start(1), refs, Speaker(match.group(1), (), desc)))
    for t in sdoc:  # name heads: PERSON entities and proper nouns that act as persons
        head = t.pos_ == "PROPN" and not (t.dep_ == "compound" and t.head.pos_ == "PROPN" and t.head.i > t.i)
        sure = head and person_evidence(t)
        if head and (sure or t.ent_type_ == "PERSON") and (m := named_mention(t, sure)) is not None:
            found.append(m)
    unique = {m.start: m for m in reversed(found)}  # the first found at a position
    return sorted(unique.values(), key=lambda m: m.start)


def subject_speaker(s: Token) -> tuple[str | None, Speaker]:
    """(gov | org | descriptor | None, speaker) for a subject without a person's name: its noun phrase."""
    toks = phrase(s, frozenset(x.i for x in s.subtree if x.i > s.i)) or [s]
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
    for m in named:
        key = name_key(m.speaker.name)
        group = next((g for g in reversed(groups) if same_person(key, name_key(longest(g)))), None)
        (group.append(m) if group is not None else groups.append([m]))
    out: list[Mention] = []
    for g in (g for g in groups if any(m.kind == "person" for m in g)):
        described = next((m.speaker for m in g if m.speaker.description), g[0].speaker)
        aff = described.affiliation or next((m.speaker.affiliation for m in g if m.speaker.affiliation), None)
        aliases = tuple(dict.fromkeys(m.speaker.name for m in g if m.speaker.name != longest(g)))
        speaker = Speaker(longest(g), aliases, described.description, aff)
        out += [replace(m, speaker=speaker, kind="person") for m in g]
    return out


def longest(group: list[Mention]) -> str:
    return max((m.speaker.name for m in group), key=lambda name: len(name.split()))


def with_mentions(ctx: Context, quoted: list[Marked]) -> Context:
    """All speaker candidates outside the given quotations, each token mapped to the one it refers to."""
    named = [m for m in named_mentions(ctx.sdoc, ctx.text) if not inside(m.start, quoted)]
    found, taken = cluster(named), {i for m in named for i in m.tokens}
    for s in (s for s in ctx.sdoc if s.dep_ in SUBJECTS and s.i not in taken and not inside(s.idx, quoted)):
        if s.lower_ in data()["pronouns"]["map"]:
            found.append(Mention(s.idx, (s.i,), Speaker(s.lower_), "pronoun"))
        elif s.dep_ == "nsubj" and s.head.lemma_.lower() in words("speaking"):
            kind, speaker = subject_speaker(s)
            found += [Mention(s.idx, (s.i,), speaker, kind, s.tag_ in PLURAL_TAGS)] if kind else []
    found = [replace(m, subject=any(ctx.sdoc[i].dep_ in SUBJECTS for i in m.tokens)) for m in found]
    by_token = {i: m for m in reversed(found) for i in m.tokens}  # the first mention of a token wins
    return replace(ctx, mentions=tuple(sorted(found, key=lambda m: m.start)), by_token=by_token)


def inside(pos: int, spans: list[Marked]) -> bool:
    return any(s.open <= pos <= s.close for s in spans)


# ---- 4. speakers -------------------------------------------------------------------------------------------


def fits(m: Mention, want: str) -> bool:
    """Whether a pronoun of this kind (m, f, org, group) can refer to the mention."""
    if m.kind == "pronoun":
        return bool(data()["pronouns"]["map"][m.speaker.name] == want)
    person = m.kind in ("person", "descriptor") and not m.plural and gender_of(m.speaker) in (None, want)
    group = m.kind in ("org", "gov") or (m.kind == "descriptor" and m.plural)
    return person if want in ("m", "f") else m.kind in ("org", "gov") if want == "org" else group


def antecedent(ctx: Context, pos: int, pronoun: str) -> Speaker | None:
    """The last compatible subject before pos (a pronoun: its own antecedent), else the last mention."""
    want = data()["pronouns"]["map"][pronoun]
    while True:
        found = [m for m in ctx.mentions if m.start < pos and fits(m, want)]
        best = next((m for m in reversed(found) if m.subject), found[-1] if found else None)
        if best is None or best.kind != "pronoun":
            return best.speaker if best is not None else None
        pos = best.start


def speaker_of(ctx: Context, tok: Token) -> Speaker | None:
    if tok.lower_ in ("who", "that") and tok.head.dep_ == "relcl":
        tok = tok.head.head
    if tok.lower_ in data()["pronouns"]["map"]:
        return antecedent(ctx, tok.idx, tok.lower_)
    if (m := ctx.by_token.get(tok.i)) is not None:
        return m.speaker
    return subject_speaker(tok)[1] if tok.pos_ in ("NOUN", "PROPN") else None


def uncued_speaker(ctx: Context, m: Marked, prev: Prev | None) -> Speaker | None:
    """The previous quote's speaker if only its cue lies between, else who speaks in the sentences before."""
    floor = 0
    if prev is not None:
        pm, pcue, pspeaker = prev
        floor = min(pcue.token.sent.end_char, m.open) if pcue and pcue.token.idx > pm.close else pm.close + 1
        if not any(ch.isalnum() for ch in ctx.text[floor : m.open]):
            return pspeaker
    before = [s for s in ctx.sents if floor <= s.start_char and s.end_char <= m.open + 1]
    for sent in reversed([s for s in before if not s.root.is_space][-2:]):
        subj = next((c for c in sent.root.children if c.dep_ == "nsubj" and c.tag_ not in PLURAL_TAGS), None)
        kind = getattr(ctx.by_token.get(subj.i), "kind", "") if subj is not None else ""
        speaks = kind in ("person", "pronoun") or sent.root.lemma_.lower() in words("speaking")
        if subj is not None and speaks and (sp := speaker_of(ctx, subj)):
            return sp  # the subject: a named person, or anyone singular who speaks
    return None


# ---- 5. records --------------------------------------------------------------------------------------------


def record(doc: Document, ctx: Context, span: tuple[int, int], kind: QuoteKind, cue: Cue | None,
           speaker: Speaker | None) -> Quote:  # fmt: skip
    """A Quote with its evidence: the sentences of the quote and its cue."""
    start, end = span
    qid = hashlib.sha1(f"{doc.id}\x1f{start}\x1f{end}".encode()).hexdigest()[:16]
    a, b = (min(start, cue.token.idx), max(end, cue.token.idx + len(cue.text))) if cue else (start, end)
    sents = [s for s in ctx.sents if s.end_char > a and s.start_char < b] or [ctx.sdoc[:0]]
    sentence = doc.text[sents[0].start_char : sents[-1].end_char].strip()
    text = re.sub(r"\s*\n\s*(?:[“\"«]\s*)?", " ", doc.text[start:end])  # paragraph breaks, continuation marks
    evidence = Evidence(doc.id, doc.url, doc.published, start, end, sentence)
    return Quote(qid, doc.id, text, start, end, kind, cue.text if cue else None, speaker, evidence, RULE)


def indirect_quotes(doc: Document, ctx: Context, direct: list[Marked]) -> list[Quote]:
    """A speech verb with a content clause ("X said (that) …"), and "according to X, …"."""
    quotes: list[Quote] = []
    for t in ctx.sdoc:
        verb = t.pos_ == "VERB" and t.lemma_.lower() in words("cue_verbs")
        if not (verb or according_to(t)) or inside(t.idx, direct):
            continue
        if (last := according_to(t)) is not None:
            ids, sent = {x.i for x in t.subtree}, [x for x in t.sent if not x.is_space]
            sides = [x for x in sent if x.i < min(ids)], [x for x in sent if x.i > max(ids)]
            subj, toks = next((c for c in last.children if c.dep_ == "pobj"), None), max(sides, key=len)
        else:
            clause = next((c for c in t.children if c.dep_ == "ccomp"), None)
            subj = next((c for c in t.children if c.dep_ in SUBJECTS), None)
            negated = any(c.dep_ == "neg" for c in t.children)
            last, toks = t, list(clause.subtree) if clause is not None and not negated else []
        keep = [x.i for x in toks if not (x.is_punct or x.is_space)]
        toks = [x for x in toks if keep and keep[0] <= x.i <= keep[-1]]
        toks = toks[1:] if toks and toks[0].dep_ == "mark" else toks  # "that"
        if len(toks) < 3 or not any(x.pos_ in ("VERB", "AUX") for x in toks):
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        if not any(m.open < end and start <= m.close for m in direct):
            cue = Cue(t, subj, ctx.text[t.idx : last.idx + len(last)], True)
            speaker = speaker_of(ctx, subj) if subj is not None else None
            quotes.append(record(doc, ctx, (start, end), "indirect", cue, speaker))
    return quotes


def find_quotes(doc: Document, sdoc: Doc) -> list[Quote]:
    """Direct and indirect quotes of a document, with speakers, in text order."""
    if sdoc.text != doc.text:
        raise ValueError(f"document {doc.id}: the spaCy Doc was not made from Document.text; parse doc.text")
    ctx = Context(doc.text, sdoc, tuple(sdoc.sents))
    marked, found = quotations(doc.text), []
    for k, m in enumerate(marked):
        para_end = ctx.text.find("\n", m.close) % (len(ctx.text) + 1)  # not found (-1): the text's end
        limit = min(para_end, marked[k + 1].open if k + 1 < len(marked) else len(ctx.text))
        floor = max(ctx.text.rfind("\n", 0, m.open) + 1, marked[k - 1].close + 1 if k else 0)
        cue = cue_for(ctx, m, floor, limit)
        found += [(m, cue)] if is_quote(ctx, m, cue) else []
    ctx = with_mentions(ctx, [m for m, _ in found])
    quotes, prev = [], None
    for m, cue in found:
        speaker = speaker_of(ctx, cue.subject) if cue and cue.subject else None
        speaker = uncued_speaker(ctx, m, prev) if cue is None else speaker
        quotes.append(record(doc, ctx, (m.start, m.end), "direct", cue, speaker))
        prev = (m, cue, speaker)
    quotes += indirect_quotes(doc, ctx, [m for m, _ in found])
    return sorted(quotes, key=lambda q: (q.start, q.end))
