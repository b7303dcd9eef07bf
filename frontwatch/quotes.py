"""Quotes: direct quotes and reported speech with their speakers, each tied to its sentence.

1. Balanced quotation marks (also over paragraphs that each open with a mark); unbalanced stretches skipped,
scare quotes and titles dropped. 2. The cue of a quote: a speech verb beside it, with its subject. 3. Its
speaker (frontwatch.speakers): the cue's subject resolved; without a cue, the subject of the clause that
embeds a partial quote, the previous quote's speaker, or the person speaking just before. 4. Indirect: a
speech verb with a content clause, "according to X, …". “A,” he said. “B.” gives two records, one speaker.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from frontwatch.nlp import sent_of
from frontwatch.speakers import (
    NOMINAL,
    PLURAL_TAGS,
    SUBJECTS,
    Context,
    context,
    cue_verb,
    data,
    inside,
    name_key,
    normalize_word,
    phrase,
    same_person,
    speaker_of,
    speaking,
    with_mentions,
    words,
)
from frontwatch.types import Document, Evidence, Quote, QuoteKind, Speaker

__all__ = ["find_quotes", "name_key", "normalize_word", "quotations", "same_person"]

RULE = "quotes.v1"
OPENERS, CLOSERS = "“«", "”»"
MARKS = frozenset(OPENERS + CLOSERS + '"')
WORD_RE = re.compile(r"[^\W_][\w'’-]*")
Prev = tuple["Marked", "Cue | None", "Speaker | None"]


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
    """Balanced quotations. Straight and curly marks are paired each with their own kind; within a paragraph
    a mark of the other kind may close a quote when none of its own is open (“…" in careless copy). One open
    at a paragraph end continues if the next paragraph opens with a mark of its kind, else it is dropped (an
    excerpt "… whose next paragraph quotes someone “…”: two quotations, not one). A quotation opened inside
    one of the same kind is nested in it (“… “cell phone only” voters …”), unless it opens a sentence: then
    the first was left unclosed."""
    spans: list[Marked] = []
    opened: dict[bool, list[int]] = {}  # straight? -> indexes of the open marks, innermost last
    for para in re.finditer(r"[^\n]*\S[^\n]*", text):
        marks = [para.start() + m.start() for m in re.finditer(r"[“”«»\"]", para.group())]
        lead = para.start() + len(para.group()) - len(para.group().lstrip())
        left = [(k, i) for k, vs in opened.items() for i in vs]
        carried = left[0] if len(left) == 1 else None  # one quote left open (more: unbalanced, dropped)
        opened = {}
        if carried is not None and marks and marks[0] == lead and (text[lead] == '"') == carried[0]:
            opened, marks = {carried[0]: [carried[1]]}, marks[1:]  # a continued quote reopens with its mark
        for i in marks:
            straight = text[i] == '"'
            if mark_role(text, i, bool(opened.get(straight))) == "open":
                if text[para.start() : i].rstrip()[-1:] in (".", "!", "?"):
                    opened[straight] = []  # “… end. “…: the first was left unclosed, not nesting
                opened.setdefault(straight, []).append(i)  # “… “…” …”: nested, the outer kept below
                continue
            kind = straight if opened.get(straight) else not straight
            if not opened.get(kind) or (kind != straight and opened[kind][-1] < para.start()):
                continue  # nothing open, or only a quote of the other kind from an earlier paragraph
            start = opened[kind].pop()
            opened = {k: [v for v in vs if v < start] for k, vs in opened.items()}  # unclosed inside: dropped
            inner = text[start + 1 : i]
            a, b = len(inner) - len(inner.lstrip()), len(re.sub(r"[\s,]+$", "", inner))
            spans.append(Marked(start, i, start + 1 + a, start + 1 + b))
    outer = [(m.open, m.close) for m in spans]
    kept = [m for m in spans if m.end > m.start and not any(a < m.open and m.close < b for a, b in outer)]
    return sorted(kept, key=lambda m: m.open)  # “… "x" …”: the outer quote only


# ---- 2. cues -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    token: Token
    subject: Token | None
    text: str
    adjacent: bool  # attached to the quotation marks, not elsewhere in the sentence


def tokens_in(ctx: Context, a: int, b: int) -> list[Token]:
    """The tokens that lie wholly within characters a..b."""
    toks = ctx.tokens[bisect_left(ctx.starts, a) : bisect_left(ctx.starts, b)]
    return [t for t in toks if t.idx + len(t) <= b] if b > a else []


def sentence_at(ctx: Context, pos: int) -> Span:
    span = ctx.sdoc.char_span(pos, pos + 1, alignment_mode="expand")
    return sent_of(span[0]) if span else ctx.sdoc[:]


def according_to(t: Token) -> Token | None:
    if t.lower_ != "according" or t.i + 1 >= len(t.doc):
        return None
    nxt = t.doc[t.i + 1]
    return nxt if nxt.lower_ == "to" else None


def cue_at(t: Token, region: list[Token], m: Marked) -> tuple[Token | None, str, Token] | None:
    """(subject, cue text, last cue token) when t is a speech verb or 'according to'."""
    if (to := according_to(t)) is not None:
        return next((c for c in to.children if c.dep_ == "pobj"), None), "according to", to
    if t.pos_ != "VERB" or not cue_verb(t):
        return None
    owns = [c for c in t.children if c.dep_ in SUBJECTS and any(ch.isalnum() for ch in c.text)]
    misparsed = [c for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]  # "Beck joked"
    owns = owns or misparsed
    if t.tag_ == "VBN" and t.dep_ == "advcl" and t.head.i > t.i and not owns:
        return None  # "Asked about it, he said": the participle is not the cue
    owns = [c for c in owns if c in region]
    own = owns[-1] if owns else None  # the nearest ("public ― Trump boasted": not the dash)
    named = t.doc[t.i - 1] if t.i > 0 else t
    if own is None and t.tag_ == "VBG" and named.pos_ == "PROPN" and named.dep_ in ("pobj", "dobj"):
        own = named  # "footage of X asking"
    root = sent_of(t).root
    main = next((c for c in root.children if c.dep_ in SUBJECTS and not m.open <= c.idx <= m.close
                 and not quoted(c)), None)  # fmt: skip
    if own is None and t.tag_ == "VBG":  # "X interrupted her speech, shouting “…”"
        subj = participle_subject(t, m, main)
    else:
        subj = own or inherited_subject(t, m)
    if subj is None:  # no parse: the main subject, else the first nominal after the quote or nearest before
        cands = [x for x in region if x.pos_ in NOMINAL and x.ent_type_ not in ("DATE", "TIME") and x != t]
        after = region[0].idx > m.close
        order = [main] if main is not None and main in region and main.i < t.i and can_speak(main) else []
        order += sorted(cands, key=lambda x: (not can_speak(x), x.i > t.i, x.i if after else abs(x.i - t.i)))
        subj = order[0] if order else None
    return subj, t.text, t


def participle_subject(t: Token, m: Marked, main: Token | None) -> Token | None:
    """Who speaks in a participle cue without a subject: after a comma, the main clause's subject ("X wrote
    that the drivers knew it, saying"), else the subject of the verb it hangs from, else the nearest subject
    before it; the first of these that can speak (not "the first incident came when protesters …,
    shouting"), else the first found. A subject is skipped when the verb it belongs to lies inside another
    quotation ("X said that Y “had …,” adding": X), or is an "it" of "be" ("X insisted it was “…” while
    adding": X)."""
    inherited = inherited_subject(t, m)
    lead = next((x for x in reversed(t.doc[sent_of(t).start : t.i]) if x.text not in MARKS), None)
    free = lead is not None and lead.text == ","  # "…,” adding" too
    before = [x for x in sent_of(t) if x.i < t.i and x.dep_ in SUBJECTS and not m.open <= x.idx <= m.close]
    cands = [c for c in ([main] if free else []) + [inherited, main] + before[::-1] if c is not None]
    cands = [
        c for c in cands if not quoted(c.head) and not (c.lower_ == "it" and c.head.lemma_ == "be")
    ] or cands
    return next((c for c in cands if can_speak(c)), cands[0] if cands else None)


def quoted(t: Token) -> bool:
    """Whether the token lies between quotation marks of its paragraph (curly marks counted, straight ones
    paired)."""
    depth, straight, k = 0, False, t.i - 1
    while k >= 0 and "\n" not in (x := t.doc[k]).text_with_ws:
        depth += (x.text in CLOSERS) - (x.text in OPENERS)
        straight ^= x.text == '"'
        k -= 1
    return depth < 0 or straight


def can_speak(t: Token) -> bool:
    """A subject that can be a speaker: a pronoun, a name, a person or organisation noun, a government."""
    if t.lower_ in ("who", "that") and t.head.dep_ == "relcl":
        t = t.head.head
    if (
        t.lower_ in data()["pronouns"]["map"]
        or t.pos_ == "PROPN"
        or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    ):
        return True
    lemma = t.lemma_.lower()
    return (
        lemma in words("role_nouns") or lemma in words("organisation_nouns") or lemma in words("governments")
    )


def inherited_subject(t: Token, m: Marked) -> Token | None:
    """The subject a speech verb shares with the verb it hangs from ("X said, adding", "X urges … and says",
    "X … before asking") or the noun a participle describes ("footage of X asking"), outside the quote."""
    v = t
    for _ in range(3):
        if m.open <= v.idx <= m.close:
            return None
        if v is not t and (subj := next((c for c in v.children if c.dep_ in SUBJECTS), None)) is not None:
            return subj
        if v.dep_ == "acl" and v.tag_ == "VBG" and v.head.pos_ in ("PROPN", "NOUN"):
            return v.head
        if v.dep_ == "pcomp" and v.tag_ == "VBG":
            v = v.head.head
        elif v.dep_ in ("conj", "xcomp") or (v.dep_ == "advcl" and v.tag_ == "VBG"):  # "X went on to say"
            v = v.head
        else:
            return None
    return None


def leads_to_cue(region: list[Token], m: Marked, asked: bool) -> bool:
    """After a quote that ends its sentence, whether a cue still follows at once: “…?” Vitter demanded. After
    a question or an exclamation (asked), also a longer capitalized subject of a cue verb: “…?” Miller, a
    retired nurse, said; “…!” Italy's League leader Ann Lee wrote."""
    words_ = [t for t in region if not (t.is_punct or t.is_space)][:5]
    if words_ and words_[0].tag_ == "VBG" and not any(c.dep_ in SUBJECTS for c in words_[0].children):
        return False  # “…” Adding, “…”: the participle leads to the next quote
    name = next((k for k, t in enumerate(words_) if t.pos_ not in ("PROPN", "PRON", "DET")), len(words_))
    if name < len(words_) and name <= 4 and cue_at(words_[name], region, m) is not None:
        return True
    if not asked or not words_ or not words_[0].text[:1].isupper():
        return False
    t, ids = words_[0], {x.i for x in region}
    for _ in range(4):  # up a name phrase ("Italy's League leader Ann Lee") to its subject
        if (
            t.dep_ in SUBJECTS
            or t.dep_ not in ("compound", "poss", "det", "amod", "nmod")
            or t.head.i not in ids
        ):
            break
        t = t.head
    return t.dep_ in SUBJECTS and t.head.i in ids and cue_at(t.head, region, m) is not None


def cue_for(ctx: Context, m: Marked, floor: int, limit: int) -> Cue | None:
    """The cue after the closing mark (", he said", " said X", " — X"), else before the opening ("X said:")"""
    text = ctx.text
    nxt = next((i for i in range(m.close + 1, limit) if not text[i].isspace()), limit)
    p = next((i for i in range(m.open - 1, floor - 1, -1) if not text[i].isspace()), floor - 1)
    end = min(sentence_at(ctx, nxt).end_char, limit) if nxt < limit else 0
    region = tokens_in(ctx, m.close + 1, end)
    first = next((x for x in region if not (x.is_punct or x.is_space)), None)
    if first is not None and first.pos_ == "PROPN" and text[nxt] in "―—–":  # “…” — Name: a byline
        name = first.head if first.dep_ == "compound" else first
        return Cue(name, name, text[nxt], True)
    opens = not any(ch.isalnum() for ch in text[max(floor, sentence_at(ctx, m.open).start_char) : m.open])
    asked = opens and (text[m.end - 1] in "!?" or "," in text[m.end : m.close])  # “…?” X, …, said
    if region and (text[m.end - 1] not in ".!?" or text[nxt].islower() or leads_to_cue(region, m, asked)):
        for t in region:
            if (found := cue_at(t, region, m)) is not None:
                lead = min(t.idx, found[0].left_edge.idx if found[0] is not None else t.idx)
                return Cue(t, found[0], found[1], not any(ch.isalnum() for ch in text[m.close + 1 : lead]))
    if p < floor or text[p] in ".!?":
        return None
    region = tokens_in(ctx, max(sentence_at(ctx, p).start_char, floor), m.open)
    for t in reversed(region):
        if (found := cue_at(t, region, m)) is not None:
            subj, cue, last = found
            last = (phrase(subj) or [subj])[-1] if subj is not None and subj.i > last.i else last
            rest = text[last.idx + len(last) : m.open]
            return Cue(t, subj, cue, re.fullmatch(r"[\s,:;—–-]*(?:that\s*)?", rest) is not None)
    named = [t for t in region if not t.is_space][-2:]
    if len(named) == 2 and named[1].text == ":" and named[0].pos_ == "PROPN":  # "… - Carl Bialik: “…”"
        return Cue(named[0], named[0], ":", True)
    tag = re.search(r"(\S+)\s*\([^()\n]{1,30}\)\s*:\s*$", text[floor : m.open])
    k = bisect_left(ctx.starts, floor + tag.start(1)) if tag is not None else len(ctx.tokens)
    if k < len(ctx.tokens) and ctx.tokens[k].pos_ == "PROPN":  # "Rep. Ann Lee (R-Ohio): “…”": the name
        return Cue(ctx.tokens[k], ctx.tokens[k], ":", True)  # before the brackets
    verbs = [t for t in region if any(c.dep_ in SUBJECTS for c in t.children) and t.pos_ in ("VERB", "AUX")]
    if verbs and text[floor : m.open].rstrip().endswith(":"):  # "X put it simply: “…”"
        return Cue(verbs[-1], next(c for c in verbs[-1].children if c.dep_ in SUBJECTS), verbs[-1].text, True)
    return None


@cache
def scare_cue() -> re.Pattern[str]:
    return re.compile(r"(?:^|\W)(?:" + "|".join(data()["scare_cues"]["patterns"]) + r")\s*$", re.IGNORECASE)


def is_quote(ctx: Context, m: Marked, cue: Cue | None) -> bool:
    """False for scare quotes, terms and titles."""
    if scare_cue().search(ctx.text[max(0, m.open - 60) : m.open]):
        return False
    if cue is not None and cue.adjacent:
        return True
    found = WORD_RE.findall(body := ctx.text[m.start : m.end])
    verb = any(t.pos_ in ("VERB", "AUX") for t in ctx.sdoc.char_span(m.start, m.end, "expand") or ())
    if len(found) <= data()["max_scare_words"]["value"] and not verb:
        return False
    title = all(w[0].isupper() or w.lower() in words("titles_small_words") for w in found)
    return not (title and found[0][0].isupper() and body[-1] not in ".!?")


def embedding_subject(ctx: Context, m: Marked) -> Token | None:
    """The subject of the clause a partial quote sits in ("X likened the rules to “…”"), if that clause
    starts before the quote and its subject lies outside it."""
    toks = tokens_in(ctx, m.start, m.end)
    sent = sent_of(toks[0]) if toks else None
    if sent is None or not any(ch.isalnum() for ch in ctx.text[sent.start_char : m.open]):
        return None
    verb = next((t.head for t in toks if not m.open <= t.head.idx <= m.close), None)
    for _ in range(4):
        if verb is None or verb.idx > m.open:
            return None
        subj = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if subj is not None:
            return subj if not m.open <= subj.idx <= m.close else None
        verb = verb.head if verb.head != verb else None
    return None


def same_paragraph(ctx: Context, before: Marked, m: Marked, speaker: Speaker) -> bool:
    """An uncued quote that opens a sentence in the paragraph of the previous quote, with no one else named
    between them (“…,” X said. Narration. “…”): X goes on."""
    between = ctx.text[before.close + 1 : m.open]
    sent = sentence_at(ctx, m.start)
    opens = not any(ch.isalnum() for ch in ctx.text[max(sent.start_char, before.close + 1) : m.open])
    named = [x for x in ctx.mentions if before.close < x.start < m.open and x.speaker != speaker]
    others = [x for x in named if x.kind in ("person", "descriptor")]
    return "\n" not in between and opens and not others


def uncued_speaker(ctx: Context, m: Marked, prev: Prev | None, cue: Cue | None = None) -> Speaker | None:
    """The subject of the clause around a partial quote; the previous quote's speaker if only its cue, or
    this quote's own cue without a subject, lies between (“…” Adding, “…”); else who speaks in the sentences
    before."""
    if (subj := embedding_subject(ctx, m)) is not None and (sp := speaker_of(ctx, subj)) is not None:
        return sp
    floor = 0
    if prev is not None:
        pm, pcue, pspeaker = prev
        floor = (
            min(sent_of(pcue.token).end_char, m.open) if pcue and pcue.token.idx > pm.close else pm.close + 1
        )
        between = re.sub(r"\b(?:and|or|but|then)\b", "", ctx.text[floor : m.open], flags=re.IGNORECASE)
        between = between.replace(cue.text, "", 1) if cue is not None and cue.subject is None else between
        if not any(ch.isalnum() for ch in between) or (pspeaker and same_paragraph(ctx, pm, m, pspeaker)):
            return pspeaker
    before = [s for s in ctx.sents if floor <= s.start_char and s.end_char <= m.open + 1]
    for sent in reversed([s for s in before if not s.root.is_space][-2:]):
        subj = next((c for c in sent.root.children if c.dep_ == "nsubj" and c.tag_ not in PLURAL_TAGS), None)
        kind = getattr(ctx.by_token.get(subj.i), "kind", "") if subj is not None else ""
        speaks = kind in ("person", "pronoun") or speaking(sent.root)
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


def indirect_quotes(doc: Document, ctx: Context, direct: list[Marked], balanced: list[Marked]) -> list[Quote]:
    """A speech verb with a content clause ("X said (that) …"), and "according to X, …"; none whose content
    holds an unbalanced quotation mark (“This is it, said X: a quote gone wrong, not reported speech)."""
    quotes: list[Quote] = []
    marks, paired = [(m.open, m.close) for m in direct], [(m.open, m.close) for m in balanced]
    for t in ctx.tokens:
        last = according_to(t)
        if not (last is not None or (t.pos_ == "VERB" and cue_verb(t))) or inside(t.idx, marks):
            continue
        if last is not None:
            ids, sent = {x.i for x in t.subtree}, [x for x in sent_of(t) if not x.is_space]
            obj = next((c for c in last.children if c.dep_ == "pobj"), None)
            role = obj is not None and obj.lemma_.lower() in words("role_nouns")  # not "a report, X, …"
            name = ctx.tokens[max(ids) + 1 : max(ids) + 6] if role and max(ids) + 1 < len(ctx.tokens) else []
            k = next((x.i for x in name[1:] if x.text == ","), 0) if name and name[0].text == "," else 0
            if k and all(x.pos_ == "PROPN" for x in ctx.tokens[name[0].i + 1 : k]):  # "according to the
                ids |= set(range(name[0].i, k + 1))  # governor, Ann Lee, …": the name is no content
            sides = [x for x in sent if x.i < min(ids)], [x for x in sent if x.i > max(ids)]
            subj, toks = next((c for c in last.children if c.dep_ == "pobj"), None), max(sides, key=len)
        else:
            clause = next((c for c in t.children if c.dep_ == "ccomp"), None)
            subj = next((c for c in t.children if c.dep_ in SUBJECTS), None)
            shares = t.dep_ == "conj" or (t.dep_ == "advcl" and t.tag_ == "VBG")  # "X denied it, saying …"
            if subj is None and shares and t.head.pos_ in ("VERB", "AUX"):  # "X denied it and said"
                subj = next((c for c in t.head.children if c.dep_ in SUBJECTS), None)
            negated = any(c.dep_ == "neg" for c in t.children)
            last, toks = t, list(clause.subtree) if clause is not None and not negated else []
        keep = [x.i for x in toks if not (x.is_punct or x.is_space)]
        stray = [
            x for x in sent_of(t) if x.text in MARKS and not inside(x.idx, paired)
        ]  # unbalanced: no guess
        toks = [x for x in toks if keep and keep[0] <= x.i <= keep[-1]]
        toks = toks[1:] if toks and toks[0].dep_ == "mark" else toks  # "that"
        if len(toks) < 3 or not any(x.pos_ in ("VERB", "AUX") for x in toks):
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        if not stray and not any(m.open < end and start <= m.close for m in direct):
            cue = Cue(t, subj, ctx.text[t.idx : last.idx + len(last)], True)
            speaker = speaker_of(ctx, subj) if subj is not None else None
            quotes.append(record(doc, ctx, (start, end), "indirect", cue, speaker))
    return quotes


def find_quotes(doc: Document, sdoc: Doc) -> list[Quote]:
    """Direct and indirect quotes of a document, with speakers, in text order."""
    end = sdoc[-1].idx + len(sdoc[-1].text_with_ws) if len(sdoc) else 0
    if end != len(doc.text) or sdoc[:1].text != doc.text[: len(sdoc[:1].text)]:
        raise ValueError(f"document {doc.id}: the spaCy Doc was not made from Document.text; parse doc.text")
    ctx = context(doc.text, sdoc)
    marked, found = quotations(doc.text), []
    for k, m in enumerate(marked):
        para_end = ctx.text.find("\n", m.close) % (len(ctx.text) + 1)  # not found (-1): the text's end
        limit = min(para_end, marked[k + 1].open if k + 1 < len(marked) else len(ctx.text))
        floor = max(ctx.text.rfind("\n", 0, m.open) + 1, marked[k - 1].close + 1 if k else 0)
        cue = cue_for(ctx, m, floor, limit)
        found += [(m, cue)] if is_quote(ctx, m, cue) else []
    ctx = with_mentions(ctx, [(m.open, m.close) for m, _ in found])
    quotes, prev = [], None
    for m, cue in found:
        run = replace(ctx, last=prev[2] if prev else None)  # the previous quote's speaker: the topic
        speaker = speaker_of(run, cue.subject) if cue and cue.subject else None
        first_person = cue is not None and cue.subject is not None and cue.subject.lower_ in ("i", "we")
        unsaid = cue is None or cue.subject is None  # "Adding, “…”" after another sentence
        speaker = uncued_speaker(ctx, m, prev, cue) if unsaid or first_person else speaker
        quotes.append(record(doc, ctx, (m.start, m.end), "direct", cue, speaker))
        prev = (m, cue, speaker)
    quotes += indirect_quotes(doc, ctx, [m for m, _ in found], marked)
    return sorted(quotes, key=lambda q: (q.start, q.end))
