"""Place and date attachment for event triggers: which place a trigger happened at or changed hands, and
which time expression dates it.

Dating (`time_of`): the DATE/TIME expression that governs the trigger (its clause, or a clause it continues);
else a duration there ('for three days', 'in the past 24 hours') as the interval ending at publication; else,
when the trigger's sentence has no time expression at all, the reference time carried over from the nearest
preceding sentence of the same paragraph (a day-to-month DATE/TIME, all sentences in between in the past
tense); else None, and the event takes the publication week with `expression: null`.

Places with the role "metonym" never reach these helpers (see arguments.build_context).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Token

from frontwatch import modality as mod
from frontwatch.arguments import Context, Trigger, children, is_noun, passive, pobjs, scope
from frontwatch.nlp import sent_of
from frontwatch.types import DateInterval, Location, PlaceMention, Precision, Sentence, TimeMention

FACTIVE = {"following", "after", "before", "since", "despite"}
WH_TAGS = {"WDT", "WP"}
CARRIED_PRECISIONS = {"day", "week", "month"}
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
DURATION_RE = re.compile(r"^P(T?)(\d+(?:\.\d+)?)([YMWDH])$")
DAYS_PER = {"Y": 366, "M": 31, "W": 7, "D": 1}


def undated(published: date | None) -> DateInterval:
    """The publication week (temporal.undated when available); unknown without a publication date."""
    if published is None:
        return DateInterval(date.min, date.max, "unknown", None)
    try:
        from frontwatch.temporal import undated
    except ImportError:
        return DateInterval(published - timedelta(days=6), published, "week", None)
    return undated(published)


def places_from(head: Token, ctx: Context) -> tuple[list[PlaceMention], str]:
    """Places a phrase names ('A and B', 'the city of A', 'A city'), or the kind of a placeless phrase."""
    found: list[PlaceMention] = []
    for t in [head, *(c for c in head.conjuncts if c.i > head.i)]:
        if t.i in ctx.place_at:
            found.append(ctx.place_at[t.i])
        elif ctx.onto.has("settlement_nouns", t):
            for p in [*pobjs(t, "of"), *children(t, "compound", "appos", "nmod", "npadvmod")]:
                found += places_from(p, ctx)[0] if p.dep_ == "pobj" else []
                found += [ctx.place_at[c.i] for c in (p, *p.conjuncts) if c.i in ctx.place_at]
    base = ctx.onto.has("base_places", head)  # 'the headquarters of X Command in Lashio' → Lashio
    found += [] if found or not base else _inside(head, ctx)
    found = list({p.start: p for p in found}.values())
    if found or not (base or ctx.onto.has("settlement_nouns", head)):
        return found, "place" if found else ""
    if head.tag_ == "NNS" or children(head, "nummod") or _named(head):
        return [], "generic"  # 'two villages', 'the town of Xyz' (a name the gazetteer lacks)
    definite = any(c.lower_ in ("the", "this", "that") for c in head.children)
    return [], "anaphor" if definite and ctx.onto.has("populated_nouns", head) else "generic"


def _named(head: Token) -> bool:
    """A settlement noun with a proper name: 'the town of Xyz', 'Xyz district'."""
    names = [*pobjs(head, "of"), *children(head, "compound", "appos", "nmod", "npadvmod")]
    return any(n.pos_ == "PROPN" for n in names)


def _inside(head: Token, ctx: Context) -> list[PlaceMention]:
    """The populated place a compound is 'in': a base's town."""
    inner = [p for c in head.subtree if c.dep_ == "prep" and c.lower_ == "in" for p in children(c, "pobj")]
    found = [ctx.place_at[p.i] for p in inner if p.i in ctx.place_at]
    return [p for p in found if p.place is not None and (p.place.feature or "P").startswith("P")][:1]


def object_heads(tok: Token, rule: Trigger) -> list[Token]:
    """The phrase naming what changed hands."""
    if rule.cls == "fall":  # 'X fell to the rebels', 'the fall of X to the rebels'
        fallen = pobjs(tok, "of")[:1] if is_noun(tok) else [mod.subject(tok)]
        return [t for t in fallen if t is not None]
    control = [c for c in children(tok, "dobj") if c.lemma_.lower() == "control"]
    if control:
        return pobjs(control[0], "of", "over")
    if rule.cls in ("withdrawal", "expulsion"):
        away = [c for c in children(tok, "prt", "prep", "advmod") if c.lower_ in ("out", "away", "back")]
        heads = pobjs(tok, "from", "of") + [p for c in away for p in pobjs(c, "of", "from")]
        return heads or (children(tok, "dobj") if rule.cls == "withdrawal" else [])
    if is_noun(tok):
        return pobjs(tok, "of") + children(tok, "poss", "compound")
    subj = mod.subject(tok) if passive(tok) else None
    heads = children(tok, "dobj") + ([subj] if subj is not None else [])
    rel = relative_object(tok)
    heads = [rel if h.tag_ in WH_TAGS and rel is not None else h for h in heads]
    heads += [rel] if rel is not None and not heads and not passive(tok) else []
    return heads or children(tok, "advmod", "npadvmod", "oprd", "attr", "dative")


def relative_object(tok: Token) -> Token | None:
    """The noun a relative clause is about when its 'which/that' is not the subject, also through a report
    inside the clause: 'the village, which the army said it had retaken' → village; 'the town the rebels
    captured' → town; not 'the officers, who said they had captured ...'."""
    node = tok
    while node.dep_ in ("ccomp", "xcomp") and node.head.i != node.i:
        node = node.head
    if node.dep_ != "relcl" or not is_noun(node.head):
        return None
    subjects = [c for t in {node, tok} for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
    return None if any(c.tag_ in WH_TAGS for c in subjects) else node.head


def _entered(tok: Token, ctx: Context) -> list[PlaceMention]:
    """'entered Kupiansk, taking back a railway junction': the place of the verb the capture continues."""
    gov = tok.head
    if tok.dep_ not in ("advcl", "conj", "xcomp") or not ctx.onto.has("entry_verbs", gov):
        return []
    heads = children(gov, "dobj") + pobjs(gov, "into", "in")
    return next((found for h in heads if (found := places_from(h, ctx)[0])), [])


def territory_places(tok: Token, rule: Trigger, ctx: Context) -> tuple[list[PlaceMention], str]:
    """Places that changed hands; else 'anaphor' ('the city'), 'generic' ('two villages') or ''."""
    kinds = []
    for head in object_heads(tok, rule):
        if head.lower_ == "it" and (found := _pronoun_place(head, ctx)):
            return [found], "anaphor"
        places, kind = places_from(head, ctx)
        if places:
            return places, "place"
        if outside := _near_base(head, ctx):
            return outside, "near"
        if kind == "anaphor" and (found := antecedent(head, ctx)):
            return [found], "anaphor"
        kinds.append(kind)
    if "generic" in kinds and (entered := _entered(tok, ctx)):
        return entered, "anaphor"
    return [], "generic" if "generic" in kinds or "anaphor" in kinds else ""


def _near_base(head: Token, ctx: Context) -> list[PlaceMention]:
    """'seized an army base near the town of X': a base outside a named place is captured near it."""
    if not ctx.onto.has("base_places", head):
        return []
    preps = [c for c in children(head, "prep") if ctx.onto.has("near_preps", c)]
    found = (places_from(p, ctx)[0] for c in preps for p in children(c, "pobj"))
    return next((places[:1] for places in found if places), [])


def _pronoun_place(it: Token, ctx: Context) -> PlaceMention | None:
    """'X was captured in April. Ukraine recaptured it in September.': the latest populated place before
    'it' in its own or the previous sentence."""
    sent = sent_of(it)
    first = sent_of(it.doc[sent.start - 1]).start_char if sent.start > 0 else sent.start_char
    before = [p for p in ctx.places if first <= p.start and p.end <= it.idx and p.place is not None]
    populated = [p for p in before if p.place is not None and (p.place.feature or "P").startswith("P")]
    return populated[-1] if populated else None


def _named_as(pm: PlaceMention, noun: Token) -> bool:
    """The place was introduced with the same noun: 'the city of Bakhmut', 'Bakhmut city', 'Bunagana, a
    trading town'."""
    span = noun.doc.char_span(pm.start, pm.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    heads = [root.head, root.head.head] if root.dep_ == "pobj" else [root.head]
    heads += [c for c in root.children if c.dep_ == "appos"]  # 'Bunagana, a trading town'
    return any(h.lemma_.lower() == noun.lemma_.lower() for h in heads)


def antecedent(noun: Token, ctx: Context) -> PlaceMention | None:
    """'the city' → the latest place introduced as a city, else the most mentioned populated place."""
    before = [p for p in ctx.places if p.end <= noun.idx and p.place is not None]
    named = [p for p in before if _named_as(p, noun)]
    if named:
        return named[-1]
    populated = [p for p in before if p.place and (p.place.feature or "P").startswith("P")]
    salience = Counter(p.place.geonames_id or p.text for p in ctx.places if p.place)
    ranked = sorted(
        populated, key=lambda p: (salience[p.place.geonames_id or p.text] if p.place else 0, p.start)
    )
    return ranked[-1] if ranked else None


def near(prep: Token, pobj: Token, ctx: Context) -> bool:
    return (
        ctx.onto.has("near_preps", prep)
        or ctx.onto.has("near_preps", prep.head)
        or any(ctx.onto.has("near_preps", c) for c in (pobj, *prep.children))
    )


def site(tok: Token, ctx: Context) -> tuple[PlaceMention | None, bool]:
    """Where it happened: an object place, else a place after in/on/at/near on the trigger or its clause."""
    node = tok
    while True:
        kids = list(node.children)
        if node.i == tok.i and is_noun(tok):  # 'the agreements, signed at a ceremony in Istanbul'
            kids += [g for c in children(tok, "acl") for g in c.children]
        for c in kids:
            if c.dep_ in ("dobj", "nsubjpass", "npadvmod") and c.i in ctx.place_at:
                return ctx.place_at[c.i], False
            if c.dep_ == "prep" and ctx.onto.has("place_preps", c) and (c.lower_ != "of" or node.i == tok.i):
                for p in children(c, "pobj"):
                    places = places_from(p, ctx)[0] or _held_in(p, ctx)
                    if places:
                        return places[0], near(c, p, ctx)
        if node.dep_ in mod.CLAUSE_DEPS or node.head.i == node.i:
            break
        node = node.head
    inside = {t.i for t in scope(mod.clause_head(tok))} - _destinations(tok, ctx)
    nearby = sorted((abs(i - tok.i), i) for i in ctx.place_at if i in inside)
    if nearby:
        return ctx.place_at[nearby[0][1]], False
    return _actors_place(tok, ctx), False


def _destinations(tok: Token, ctx: Context) -> set[int]:
    """'set fire to vehicles before withdrawing towards the border': where a side went when it left (a 'to' or
    'towards' phrase of a departure verb in the trigger's clause) is not where the act happened."""
    verbs = [t for t in scope(mod.clause_head(tok)) if t.i != tok.i and ctx.onto.has("departure_verbs", t)]
    preps = [c for v in verbs for c in children(v, "prep") if ctx.onto.has("destination_preps", c)]
    return {t.i for c in preps for t in c.subtree}


def _actors_place(tok: Token, ctx: Context) -> PlaceMention | None:
    """'Riot police in Tbilisi fired tear gas at people protesting': with no place in its own clause, an
    event takes the place where the acting subject of its sentence's main clause is said to be."""
    root = sent_of(tok).root
    for subj in children(root, "nsubj"):
        places = _held_in(subj, ctx)
        if places:
            return places[0]
    return None


def _held_in(noun: Token, ctx: Context) -> list[PlaceMention]:
    """'at a ceremony in Istanbul': the place of the occasion a trigger happened at."""
    preps = [q for q in children(noun, "prep") if q.lower_ in ("in", "at")]
    return [pl for q in preps for o in children(q, "pobj") for pl in places_from(o, ctx)[0]][:1]


def location(pm: PlaceMention | None, is_near: bool) -> Location | None:
    if pm is None or pm.place is None:
        return None
    return replace(pm.place, precision="near") if is_near and pm.place.precision == "place" else pm.place


def time_of(tok: Token, ctx: Context) -> TimeMention | None:
    """The time expression dating a trigger (see the module docstring), or None for the publication week."""
    own = governing(tok, ctx.times, ctx.time_root)
    if own is not None:
        return own
    since = since_clause(tok, ctx)
    if since is not None:
        return since
    duration = governing(tok, [t for t in ctx.all_times if t.type == "DURATION"], ctx.duration_root)
    if duration is not None:
        return ending_at(duration, ctx.doc.published)
    return carried(tok, ctx)


SINCE_DAYS = 7


def since_clause(tok: Token, ctx: Context) -> TimeMention | None:
    """'have detained hundreds since his death was announced on Friday': a time expression inside a
    since-clause of the trigger's clause dates the event from that day to the publication date, when that
    is within SINCE_DAYS of it ('the heaviest blow since the war began in April' says nothing of when)."""
    head, published = mod.clause_head(tok), ctx.doc.published
    for tm in ctx.times:
        root = ctx.time_root.get(tm.start)
        if root is None or sent_of(root) != sent_of(tok) or tm.interval is None or published is None:
            continue
        clause = mod.clause_head(root)
        marked = any(c.dep_ == "mark" and c.lower_ == "since" for c in clause.children)
        if marked and clause.dep_ == "advcl" and _unset(clause, head) and tm.interval.start <= published:
            days = (published - tm.interval.start).days
            if days > SINCE_DAYS:
                continue
            span = DateInterval(tm.interval.start, published, _precision(days), tm.text)
            return replace(tm, interval=span)
    return None


def _unset(clause: Token, head: Token) -> bool:
    """The clause hangs from the event's clause or its arguments, not from a prepositional phrase set
    apart ('in one of the heaviest blows since the war began in April' dates no capture)."""
    tok = clause
    while tok.i != head.i:
        if tok.dep_ in ("prep", "pobj") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return True


def governing(tok: Token, times: Iterable[TimeMention], roots: Mapping[int, Token]) -> TimeMention | None:
    """The expression of the trigger's own clause (or of a clause it continues), if any."""
    own = mod.clause_head(tok)
    scored = []
    for tm in times:
        root = roots.get(tm.start)
        if root is None or sent_of(root) != sent_of(tok) or _ranking(root, tok):
            continue
        head = mod.clause_head(root)
        participle = head.dep_ == "acl" and head.tag_ in ("VBG", "VBN") and own.is_ancestor(head)
        when = own.dep_ == "relcl" and own.head.i == root.i  # 'in 2012, when the group captured Goma'
        verb = head.dep_ == "xcomp" and head.head.i == own.i  # 'began gathering on Thursday'
        joined = _conj_root(head) == _conj_root(own)  # 'burned homes and killed 18 on Tuesday'
        cont = continues(own, head)
        reported = cont and _said(own, head)  # 'X killed 18 on Tuesday, officials said on Wednesday'
        near = joined or (cont and not reported) or participle or verb
        tier = 0 if head == own or when else (1 if near else (2 if reported else None))
        if tier is not None:
            scored.append((tier, abs(root.i - tok.i), tm.start, tm))
    return min(scored, key=lambda s: s[:3])[3] if scored else None


def _said(clause: Token, ancestor: Token) -> bool:
    """The clause continues its ancestor through a reported (ccomp) clause: the time of the saying."""
    while clause != ancestor and clause.head.i != clause.i:
        if clause.dep_ == "ccomp":
            return True
        clause = mod.clause_head(clause.head)
    return False


def _conj_root(clause: Token) -> Token:
    """The first of coordinated clauses."""
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = mod.clause_head(clause.head)
    return clause


def _ranking(root: Token, tok: Token) -> bool:
    """'in one of the biggest setbacks for the army this year': a time closing a ranked noun phrase (one with
    a superlative) other than the trigger's is the period of the ranking, not when the event happened."""
    if root.dep_ != "npadvmod":
        return False
    first = root.left_edge.i
    node = root.head if is_noun(root.head) else (root.doc[first - 1] if first > 0 else None)
    while node is not None and node.pos_ in ("NOUN", "PROPN", "ADP", "NUM", "ADJ") and node.i != tok.i:
        if any(c.dep_ == "amod" and c.tag_ in ("JJS", "RBS") for c in node.children):
            return not node.is_ancestor(tok)
        node = node.head if node.head.i != node.i else None
    return False


def ending_at(duration: TimeMention, reference: date | None) -> TimeMention | None:
    """A duration ('for three days', 'in the past 24 hours', P3D, PT24H) as the interval ending at the
    reference time; None when its length is not a number ('for hours') or there is no reference."""
    found = DURATION_RE.match(duration.value)
    if found is None or reference is None:
        return None
    clock, amount, unit = found.groups()
    if clock:  # PT24H: hours, rounded up to days; PT30M: minutes, the same day
        days = math.ceil(float(amount) / 24) if unit == "H" else 0
    else:
        days = math.ceil(float(amount) * DAYS_PER.get(unit, 0))
    try:
        start = reference - timedelta(days=days)
    except OverflowError:
        return None
    span = DateInterval(start, reference, _precision(days), duration.text)
    return replace(duration, interval=span)


def _precision(days: int) -> Precision:
    steps: tuple[tuple[int, Precision], ...] = ((1, "day"), (7, "week"), (31, "month"), (92, "season"))
    return next((p for limit, p in steps if days <= limit), "year" if days <= 366 else "decade")


def carried(tok: Token, ctx: Context) -> TimeMention | None:
    """The reference time of the nearest preceding sentence of the paragraph that has a time expression,
    when the trigger's sentence has none and it and the sentences back to that one are in the past tense."""
    ordered = sorted(ctx.sentences.values(), key=lambda s: s.start)
    here = next((n for n, s in enumerate(ordered) if s.start <= tok.idx < s.end), None)
    if here is None or ordered[here].tense != "past" or _times_in(ordered[here], ctx):
        return None
    for n in range(here - 1, -1, -1):
        prev, after = ordered[n], ordered[n + 1]
        gap = ctx.doc.text[prev.start + len(prev.text.rstrip()) : _first_char(after)]
        if PARAGRAPH_BREAK.search(gap) or prev.tense != "past":
            return None
        if found := _times_in(prev, ctx):
            return _reference(found, prev, tok, ctx)
    return None


def _times_in(sent: Sentence, ctx: Context) -> list[TimeMention]:
    return [t for t in ctx.all_times if sent.start <= t.start < sent.end]


def _first_char(sent: Sentence) -> int:
    return sent.start + len(sent.text) - len(sent.text.lstrip())


def _reference(found: list[TimeMention], sent: Sentence, tok: Token, ctx: Context) -> TimeMention | None:
    """A sentence's reference time: the day-to-month DATE/TIME governing its main verb, else its first."""
    usable = [
        t
        for t in found
        if t in ctx.times and t.interval is not None and t.interval.precision in CARRIED_PRECISIONS
    ]
    span = tok.doc.char_span(sent.start, sent.end, alignment_mode="expand")
    main = governing(span.root, usable, ctx.time_root) if span is not None and usable else None
    return main or (usable[0] if usable else None)


def _participle(clause: Token) -> bool:
    """'..., taking back the town': a participial clause without subject or mark (not 'following')."""
    bare = not children(clause, "nsubj", "nsubjpass", "mark")
    return clause.dep_ == "advcl" and clause.tag_ in ("VBG", "VBN") and bare and clause.lower_ not in FACTIVE


def continues(clause: Token, ancestor: Token) -> bool:
    """Whether a clause continues an ancestor (and shares its time): conj, xcomp, ccomp, participle."""
    while (clause.dep_ in ("conj", "xcomp", "ccomp") or _participle(clause)) and clause.head.i != clause.i:
        clause = mod.clause_head(clause.head)
        if clause == ancestor:
            return True
    return False
