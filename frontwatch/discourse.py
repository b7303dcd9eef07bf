"""Document-level passes over event drafts (rule events.v1), after every sentence has its own.

Protests: a protest's sub-type comes from the cue words of its sentence (data/events.json protest, most
severe first; words of what the protest is about do not count); a peaceful protest whose violence or
policing is told in another sentence of the same paragraph takes the more severe sub-type (`escalate`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Span, Token

from frontwatch import arguments as arg
from frontwatch import attach as att
from frontwatch import modality as mod
from frontwatch.nlp import sent_of, sents_of
from frontwatch.triggers import Draft
from frontwatch.types import Actor

PROTEST = "Peaceful protest"
PROTEST_SUBS = (  # least to most severe
    PROTEST,
    "Protest with intervention",
    "Violent demonstration",
    "Excessive force against protesters",
)
FIRM = ("asserted", "claimed")
RIOT = "Violent demonstration"
ANGRY_PREPS = ("over", "about", "at", "by", "against")


def _topic(tok: Token) -> list[Token]:
    """What a protest is about, not how it went: 'demonstrations against gun violence', 'protesters calling
    for ...', 'rallies to protest mass arrests', 'justice for two students killed in a crash'."""
    about = [c for c in tok.children if c.dep_ in ("acl", "relcl", "dobj", "xcomp", "ccomp")]
    about += [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("against", "over", "about", "for")]
    return [t for c in about for t in c.subtree] + _mood(tok)


def _mood(tok: Token | None) -> list[Token]:
    """What a crowd is angry over: 'protesters angry over the killing of a student'."""
    moods = [c for c in tok.children if c.dep_ == "amod"] if tok is not None else []
    about = [c for m in moods for c in m.children if c.dep_ == "prep" and c.lower_ in ANGRY_PREPS]
    return [t for c in about for t in c.subtree]


def protest_cues(tokens: Iterable[Token], ctx: arg.Context, policing: frozenset[int] = frozenset()) -> str:
    """The most severe protest sub-type whose cue words the tokens name (data/events.json protest); what the
    police do (`policing`: 'riot police blocked the marchers') is no cue of the crowd's own violence."""
    noun_only = ctx.onto.lex["protest_cue_nouns"]  # 'threw rocks', not 'protests rocked the city'
    verb_only = ctx.onto.lex["protest_cue_verbs"]  # 'clubbed marchers', not 'outside the press club'
    kept = [
        t
        for t in tokens
        if not (t.pos_ == "VERB" and t.lemma_.lower() in noun_only)
        and not (t.pos_ not in ("VERB", "AUX") and t.lemma_.lower() in verb_only)
        and not _negated(t)
        and not _left(t, ctx)
    ]
    grams = arg.grams(t for t in kept if t.pos_ != "PROPN")  # not 'Kill' in 'the Kill The Bill protest'
    crowd = arg.grams(t for t in kept if t.pos_ != "PROPN" and t.i not in policing)
    return next(
        (s for s, words in ctx.onto.protest if (crowd if s == RIOT else grams) & words),
        PROTEST,
    )


def _policing(trigger: Token, police: set[int], ctx: arg.Context) -> frozenset[int]:
    """Verbs whose subject is the police or army and that govern the protest ('police blocked marchers')."""
    return frozenset(
        t.i
        for t in sent_of(trigger)
        if t.pos_ == "VERB"
        and (s := mod.subject(t)) is not None
        and s.i in police
        and not ctx.cues.has("report_verbs", t)
        and t.is_ancestor(trigger)
    )


def _before(trigger: Token, ctx: arg.Context) -> set[int]:
    """What happened days before the protest, told in an after/since clause measured back by a span of days or
    more (interval_nouns) that does not hold the protest itself ('protested for higher wages, a week after
    police clashed with workers'): not how the protest went; 'ugly protests after demonstrators clashed with
    police' still tells it."""
    marks = ctx.onto.lex["after_preps"]
    nodes = [trigger, *trigger.ancestors]
    nodes += [c for n in nodes for c in arg.children(n, "advcl", "xcomp", "conj")]
    clauses = [
        v
        for n in nodes
        for v in arg.children(n, "advcl")
        if any(m.lower_ in marks for m in arg.children(v, "mark"))
        and any(ctx.onto.has("interval_nouns", d) for d in arg.children(v, "npadvmod"))
        and not v.is_ancestor(trigger)
        and v.i != trigger.i
    ]
    return {t.i for v in clauses for t in v.subtree}


def _left(tok: Token, ctx: arg.Context) -> bool:
    """A crowd that dispersed of itself ('rallied and dispersed peacefully'): a dispersal verb with no object
    and no passive subject is no intervention cue; 'police dispersed the crowd', 'they were dispersed' are."""
    return (
        tok.pos_ == "VERB"
        and ctx.onto.has("dispersal_verbs", tok)
        and not arg.children(tok, "dobj", "nsubjpass", "auxpass", "agent")
    )


def _negated(tok: Token) -> bool:
    """'non-violent', 'nonviolent'."""
    doc = tok.doc
    return (
        tok.lower_.startswith("non")
        or tok.i >= 2
        and doc[tok.i - 1].text == "-"
        and doc[tok.i - 2].lower_ == "non"
    )


def finish_protest(draft: Draft, sent: Span, ctx: arg.Context, sub: str | None = None) -> Draft:
    """Protest sub-type from the sentence's cues (or as given); actors as ACLED codes them for it."""
    topic = {t.i for tok in sent if ctx.onto.has("protest_words", tok) for t in _topic(tok)}
    topic |= {t.i for tok in sent if ctx.onto.has("topic_verbs", tok) for t in _topic(tok)}  # 'condemned X'
    topic |= _before(draft.trigger, ctx) | {t.i for t in _mood(mod.subject(draft.trigger))}
    police = {t.i for t in sent if t.i in ctx.actor_at and ctx.actor_at[t.i].actor.kind in arg.STATE_KINDS}
    police |= {t.i for t in sent if t.head.i in police and t.dep_ in ("compound", "amod")}
    policing = _policing(draft.trigger, police, ctx)
    sub = sub or protest_cues((t for t in sent if t.i not in topic and t.i not in police), ctx, policing)
    sub = "Protest with intervention" if sub == PROTEST and policing else sub
    if draft.trigger.lemma_.lower() in ("riot", "rioting", "rioter") and sub in (
        PROTEST,
        "Protest with intervention",
    ):
        sub = "Violent demonstration"
    country = (draft.location.country if draft.location else None) or ctx.home
    here = [ctx.actor_at[t.i].actor for t in sent if t.i in ctx.actor_at]
    crowd = next((a for a in here if a.kind == "protesters"), None) or ctx.reg.role(country, "protesters")
    force = next((a for a in here if a.kind in ("police", "state_forces")), None)
    police_actor = force or ctx.reg.role(country, "police")
    pairs: dict[str, tuple[Actor | None, Actor | None]] = {
        PROTEST: (crowd, None),
        "Protest with intervention": (crowd, police_actor),
        "Excessive force against protesters": (police_actor, crowd),
        "Violent demonstration": (ctx.reg.role(country, "rioters"), force),
    }
    actor1, actor2 = pairs[sub]
    return replace(draft, sub=sub, actor1=actor1, actor2=actor2)


def escalate(drafts: list[Draft], ctx: arg.Context) -> list[Draft]:
    """A peaceful protest whose violence or policing is told in another sentence of the same paragraph
    ('Crowds marched on Friday. Police later fired tear gas.') takes the more severe sub-type. The other
    sentence is a protest of its own, or one without any event whose words are riot or intervention cues
    (excessive force only where it names the police or army). A sentence that names only other days than a
    dated protest's tells of another night, and does not change it. Then `_policed_there`."""
    rank = {s: i for i, s in enumerate(PROTEST_SUBS)}
    out = list(drafts)
    taken = {sent_of(d.trigger).start for d in drafts}
    for lo, hi in paragraphs(ctx.doc.text):
        here = [i for i, d in enumerate(out) if lo <= d.trigger.idx < hi and d.sub in rank]
        if not here:
            continue
        doc = out[here[0]].trigger.doc
        sents = [s for s in sents_of(doc) if lo <= s.start_char < hi and s.start not in taken]
        told = [(s, cue) for s in sents if (cue := _sentence_cue(s, ctx))]
        for i in here:
            me = out[i]
            if me.sub != PROTEST or me.reading.modality not in FIRM:
                continue
            firm = [out[j] for j in here if out[j].reading.modality in FIRM]
            subs = [d.sub for d in firm if not _other_day(me, sent_of(d.trigger), ctx)]
            subs += [cue for s, cue in told if not _other_day(me, s, ctx)]
            worst = max(subs, key=lambda s: rank[s], default=PROTEST)
            if worst != PROTEST:
                out[i] = finish_protest(me, sent_of(me.trigger), ctx, worst)
    return _policed_there(out, ctx)


def _policed_there(drafts: list[Draft], ctx: arg.Context) -> list[Draft]:
    """'Police fired tear gas at protesters in X' told undated (the report's days there), then 'crowds
    gathered in X on Thursday': a peaceful, dated protest at a place takes the policing of an undated
    protest at the same place told before it."""
    policed = ("Protest with intervention", "Excessive force against protesters")
    out = list(drafts)
    for n, d in enumerate(out):
        where = d.location.geonames_id if d.location else None
        if d.sub != PROTEST or d.time is None or where is None or d.reading.modality not in FIRM:
            continue
        before = (p for p in out[:n] if p.sub in policed and p.time is None and p.reading.modality in FIRM)
        sub = next((p.sub for p in before if p.location and p.location.geonames_id == where), None)
        if sub:
            out[n] = finish_protest(d, sent_of(d.trigger), ctx, sub)
    return out


def _sentence_cue(sent: Span, ctx: arg.Context) -> str | None:
    """The protest sub-type a sentence's riot or intervention words give (excessive force only where it
    names the police or army)."""
    about = {t.i for tok in sent if ctx.onto.has("topic_verbs", tok) for t in _topic(tok)}
    cue = protest_cues((t for t in sent if t.i not in about), ctx)
    policed = any(ctx.actor_at[t.i].actor.kind in arg.STATE_KINDS for t in sent if t.i in ctx.actor_at)
    return cue if cue != "Excessive force against protesters" or policed else None


def _other_day(protest: Draft, sent: Span, ctx: arg.Context) -> bool:
    """Whether `sent` names days and none of them is the dated `protest`'s."""
    when = protest.time.interval if protest.time is not None else None
    days = [
        (t.interval.start, t.interval.end)
        for t in ctx.times
        if sent.start_char <= t.start < sent.end_char and t.interval is not None
    ]
    if when is None or not days:
        return False
    return not any(start <= when.end and when.start <= end for start, end in days)


def paragraphs(text: str) -> list[tuple[int, int]]:
    cuts = [0, *(m.end() for m in att.PARAGRAPH_BREAK.finditer(text)), len(text) + 1]
    return list(zip(cuts, cuts[1:], strict=False))
