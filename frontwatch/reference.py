"""References across sentences: how a sentence's events relate to those told before it (rule events.v1).

- `refer`: a sentence with no event of its own that denies an act ('X rejected blame') or names who carried
  out the attacks ('both attacks were carried out by X') refers back to the earlier violent events.
- `anaphora`: a definite weapon or attack ('The missile hit ...', 'the strike on the camp') continues or
  places the event just before it; the attackers' damage in the course of their attack is part of it; 'the
  rally' in the next sentence is the same protest.
- `the_base` and `scene`: where and when an event happened, carried from the event or sentences before.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from frontwatch import arguments as arg
from frontwatch import attach as att
from frontwatch import modality as mod
from frontwatch.nlp import sent_of, sentences_after, sents_of
from frontwatch.triggers import FIRM, TERRITORY_SUBS, VIOLENT, Draft, denier, perpetrator, same
from frontwatch.triggers import doer as doer_of
from frontwatch.types import Actor

SHARPEN_GAP = 3  # sentences from a coarse violent event to a definite 'the strike on X' that places it


def refer(drafts: list[Draft], sent: Span, ctx: arg.Context) -> list[Draft]:
    """A sentence with no event of its own that denies an act or names who carried out attacks refers back
    to the earlier violent events of the document (see triggers.denier and triggers.perpetrator)."""
    violent = [i for i, d in enumerate(drafts) if ctx.onto.event_type_of[d.sub] in VIOLENT]
    if not violent:
        return drafts  # nothing to refer back to
    for tok in sent:
        who = denier(tok, ctx)
        ref = next((drafts[i] for i in reversed(violent) if drafts[i].reading.modality in FIRM), None)
        by = arg.mention_in(who, ctx) if who is not None else None
        if who is not None and ref is not None and ref.location is not None:
            denial = _denial(ref, tok, who, by.actor if by else None)
            return drafts if any(same(d, denial) for d in drafts) else [*drafts, denial]
        done = perpetrator(tok, ctx)
        found = arg.mention_in(done[0], ctx) if done else None
        if done is not None and found is not None:
            open_ = [i for i in violent if drafts[i].actor1 is None][-1 if not done[1] else 0 :]
            actor = ctx.reg.armed(found.actor)
            return [replace(d, actor1=actor) if i in open_ else d for i, d in enumerate(drafts)]
    return drafts


def accused(
    found: list[Draft], drafts: list[Draft], sent: Span, ctx: arg.Context
) -> tuple[list[Draft], list[Draft]]:
    """'X has accused the army of carrying out the strike': a definite attack noun (attack_nouns) in the 'of'
    phrase of an accuse verb is the violent event told before (at most ANAPHOR_GAP sentences back), no new
    one; it names that event's doer (the accused) and who claims so (the accuser)."""
    violent = [i for i, d in enumerate(drafts) if ctx.onto.event_type_of[d.sub] in VIOLENT]
    for verb in sent if violent else []:
        if verb.pos_ != "VERB" or not ctx.onto.has("accuse_verbs", verb):
            continue
        acts = [
            n
            for p in arg.children(verb, "prep")
            if p.lower_ == "of"
            for c in p.children
            for n in ([c] if c.dep_ == "pobj" else arg.children(c, "dobj") if c.dep_ == "pcomp" else [])
        ]
        acts = [n for n in acts if _definite(n, "attack_nouns", ctx)]
        blamed = next((m for o in arg.children(verb, "dobj") if (m := arg.mention_in(o, ctx))), None)
        subj = mod.subject(verb)
        by = arg.mention_in(subj, ctx) if subj is not None else None
        at = violent[-1]
        gap = sentences_after(sent.doc, drafts[at].trigger.i, verb.i)
        if not acts or blamed is None or gap > ANAPHOR_GAP:
            continue
        last = drafts[at]
        drafts = list(drafts)
        drafts[at] = replace(
            last,
            actor1=ctx.reg.armed(blamed.actor) if arg.unidentified(last.actor1) else last.actor1,
            claimed_by=last.claimed_by or (by.actor if by else None),
        )
        inside = {t.i for n in acts for t in n.subtree} | {verb.i}
        found = [d for d in found if d.trigger.i not in inside and not verb.is_ancestor(d.trigger)]
    return found, drafts


def _denial(ref: Draft, tok: Token, who: Token, by: Actor | None) -> Draft:
    reading = mod.Reading("denied", who, tok.text)
    conf = round(ref.confidence * 0.8, 2)
    return replace(
        ref, trigger=tok, reading=reading, claimed_by=by, confidence=conf, fatalities=None, injuries=None
    )


def anaphora(
    new: list[Draft], drafts: list[Draft], ctx: arg.Context
) -> tuple[list[Draft], list[Draft], bool]:
    """'The missile hit ...' after 'a missile strike on Dnipro': a definite weapon or attack, with no finer
    place than a country, continues the same kind of event of the sentence before; it completes that event."""
    keep, drafts, merged = [], list(drafts), False
    for d in new:
        if _incidental(d, drafts, ctx):
            merged = True  # 'The attackers set fire to vehicles': part of the attack just told
            continue
        if _dispersed(d, drafts, ctx):  # 'Police used tear gas to disperse them': the protest just told
            drafts[-1] = replace(drafts[-1], actor2=drafts[-1].actor2 or d.actor2)
            merged = True
            continue
        told = _told_before(d, drafts, ctx)
        if told is not None:  # 'the attackers arrived ...', 'killed in the fighting': the act just told
            prior = drafts[told]
            drafts[told] = replace(
                prior,
                actor1=prior.actor1 or (d.actor1 if d.actor1 != prior.actor2 else None),
                actor2=prior.actor2 or (d.actor2 if d.actor2 != prior.actor1 else None),
                place=d.place if _within(d, prior) else prior.place or d.place,
                location=d.location if _within(d, prior) else prior.location or d.location,
                fatalities=prior.fatalities or d.fatalities,
                injuries=prior.injuries or d.injuries,
                vague=prior.vague or d.vague,
            )
            merged = True
            continue
        at = next((i for i in range(len(drafts) - 1, -1, -1) if drafts[i].sub == d.sub), None)
        last = drafts[at] if at is not None else None  # the latest of its kind ('... after the deal')
        if drafts and _kin(d, drafts[-1], ctx) and _sharpens(d, drafts[-1], ctx):  # 'the strike on X'
            drafts[-1] = _sharpened(drafts[-1], d)
            merged = True
            continue
        if at is None or last is None or not _continues(d, last, ctx):
            keep.append(d)
            continue
        drafts[at] = replace(
            last,
            actor1=last.actor1 or d.actor1,
            fatalities=last.fatalities or d.fatalities,
            injuries=last.injuries or d.injuries,
            vague=last.vague or d.vague,
        )
        merged = True
    return keep, drafts, merged


ANAPHOR_GAP = 3  # sentences from a violent event to 'the attackers' or 'the fighting' that retell it
CLOCK = re.compile(r"\d\s*(a\.?m\.?|p\.?m\.?)|\d:\d\d|\bnoon\b|\bmidnight\b", re.I)
DAYS = re.compile(r"day\b|\d{4}|yesterday|tomorrow|week|month|year", re.I)


def _definite(tok: Token | None, key: str, ctx: arg.Context) -> bool:
    dets = [c for c in tok.children if c.dep_ in ("det", "poss")] if tok is not None else []
    return (
        tok is not None and ctx.onto.has(key, tok) and any(c.lower_ in ("the", "this", "its") for c in dets)
    )


def _told_before(d: Draft, drafts: list[Draft], ctx: arg.Context) -> int | None:
    """A violent act told by 'the attackers' (anaphor_nouns) as its doer, or as 'the fighting' or 'the
    assault' itself (same_event_nouns, or the noun a harm verb is 'in'), with no place or day of its own
    other than the earlier act's (a clock time is that day's), is the violent event told just before, at most
    ANAPHOR_GAP sentences back (ACLED: ten reports of one strike are one strike)."""
    if (
        ctx.onto.event_type_of[d.sub] not in VIOLENT
        or d.reading.modality not in FIRM
        or d.sub in TERRITORY_SUBS
    ):
        return None  # a territory change told again is each speaker's claim (frontwatch.territory)
    at = next(
        (i for i in range(len(drafts) - 1, -1, -1) if ctx.onto.event_type_of[drafts[i].sub] in VIOLENT), None
    )
    if at is None or at != len(drafts) - 1 or drafts[at].reading.modality not in FIRM:
        return None
    last, tok = drafts[at], d.trigger
    doer = doer_of(tok) if tok.pos_ == "VERB" else None
    if doer is None and tok.pos_ == "VERB" and tok.dep_ == "advcl":  # 'the gunmen came at 9 p.m., firing'
        doer = mod.subject(tok.head)
    inside = [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in ("in", "during")
        for p in arg.children(c, "pobj")
    ]
    sent = sent_of(tok)
    anaphor = (
        _definite(doer, "anaphor_nouns", ctx)
        or (doer is not None and ctx.onto.has("anaphor_pronouns", doer))  # 'They came from three sides'
        # 'two attackers were killed when ...': attackers as a subject, not 'killed three of the attackers'
        or any(ctx.onto.has("attacker_nouns", t) and t.dep_ in ("nsubj", "nsubjpass") for t in sent)
        or (arg.is_noun(tok) and _definite(tok, "same_event_nouns", ctx))
        or any(_definite(p, "same_event_nouns", ctx) for p in inside)
    )
    sides = {a.name for a in (last.actor1, last.actor2) if a is not None}
    new_side = d.actor1 is not None and not arg.unidentified(d.actor1) and d.actor1.name not in sides
    if not anaphor or new_side:
        return None  # a side the earlier event does not name acts anew ('Soldiers later killed ...')
    here = d.location is None or (last.location is not None and d.location.name == last.location.name)
    here = here or _around(d, last) or _within(d, last)
    own = d.time is not None and sent.start_char <= d.time.start < sent.end_char
    ours = d.time.interval if d.time and own else None
    theirs = last.time.interval if last.time else None
    clock = d.time is not None and CLOCK.search(d.time.text) is not None and not DAYS.search(d.time.text)
    when = ours is None or clock or (theirs is not None and ours.start == theirs.start)
    gap = sentences_after(tok.doc, last.trigger.i, tok.i)
    return at if here and when and gap <= ANAPHOR_GAP else None


def _dispersed(d: Draft, drafts: list[Draft], ctx: arg.Context) -> bool:
    """'... blocked a road to protest. Police used tear gas to disperse them': the dispersal (dispersal_verbs)
    of 'them' or 'the crowd', with no place of its own, in the sentence after a protest, is that protest's
    intervention (frontwatch.discourse.escalate then types it), not another protest."""
    if not drafts or ctx.onto.event_type_of[d.sub] != "Protests" or d.place is not None:
        return False
    last, tok = drafts[-1], d.trigger
    if ctx.onto.event_type_of[last.sub] != "Protests" or not ctx.onto.has("dispersal_verbs", tok):
        return False
    objs = arg.children(tok, "dobj")
    back = any(o.tag_ == "PRP" or any(c.lower_ in ("the", "this") for c in o.children) for o in objs)
    gap = sentences_after(tok.doc, last.trigger.i, tok.i)
    return back and gap <= 1


def _around(d: Draft, last: Draft) -> bool:
    """A coarse place (a country or region) that holds the place of the event it retells: 'the fighting in
    Zamfara state' after a raid on a village there, not 'the attackers also struck in Katsina state'."""
    here, there = d.location, last.location
    if here is None or there is None or here.precision not in ("region", "country"):
        return False
    return here.country == there.country and (here.precision == "country" or here.admin1 == there.admin1)


def _within(d: Draft, last: Draft) -> bool:
    """'The assault took place in X district': a finer place inside the coarse area (a country or region) of
    the event it retells."""
    here, there = d.location, last.location
    if here is None or there is None or there.precision not in ("region", "country"):
        return False
    return here.country == there.country and (there.precision == "country" or here.admin1 == there.admin1)


def _incidental(d: Draft, drafts: list[Draft], ctx: arg.Context) -> bool:
    """Damage done by the side of the violent event told in the sentence before (incidental_subs), with no
    place or day of its own, is part of that attack: ACLED codes one event."""
    if d.sub not in ctx.onto.lex["incidental_subs"] or not drafts or d.actor1 is None:
        return False
    last = drafts[-1]
    if ctx.onto.event_type_of[last.sub] not in VIOLENT or last.actor1 != d.actor1:
        return False
    if (
        sent_of(d.trigger).start - sent_of(last.trigger).end > 1
        or d.reading.modality != last.reading.modality
    ):
        return False
    placed = d.place is None or (last.place is not None and d.place.start == last.place.start)
    ours, theirs = d.time.interval if d.time else None, last.time.interval if last.time else None
    return placed and (ours is None or theirs is None or ours.start == theirs.start)


def _continues(d: Draft, last: Draft, ctx: arg.Context) -> bool:
    coarse = d.location is None or d.location.precision in ("region", "country")
    near = sent_of(d.trigger).start - sent_of(last.trigger).end <= 1 and last.location is not None
    told = d.reading.modality == last.reading.modality or (
        d.reading.modality == "claimed" and last.reading.modality == "asserted"
    )  # 'the command said two missiles hit the port': a party's account of the strike just told
    same = d.sub == last.sub and told
    head = mod.subject(d.trigger) if d.trigger.pos_ == "VERB" else d.trigger
    dets = [c for c in head.children if c.dep_ == "det"] if head is not None else []
    definite = any(c.lower_ in ("the", "this") for c in dets) or d.location is None  # no place of its own
    named = head is not None and (arg.weapon([head], ctx) is not None or ctx.onto.has("attack_nouns", head))
    protest = ctx.onto.event_type_of[d.sub] == "Protests"
    retold = head is not None and protest and ctx.onto.has("retold_nouns", head)  # 'The rally passed off ...'
    return coarse and near and same and definite and (named or retold)


def _kin(d: Draft, last: Draft, ctx: arg.Context) -> bool:
    """The same kind of violent event, or a generic one (refer_generic_subs: 'the strike' read as an
    attack) after a violent event of any kind."""
    if ctx.onto.event_type_of[last.sub] not in VIOLENT:
        return False
    return d.sub == last.sub or d.sub in ctx.onto.lex["refer_generic_subs"]


def _sharpens(d: Draft, last: Draft, ctx: arg.Context) -> bool:
    """'... killed 11 people across the Gaza Strip. ... lost his brother in the strike on the Bureij camp':
    a definite attack noun, told the same way, placed inside the region or country of the violent event
    before (same country, and same admin1 when that event is a region; or an admin1 named as that region)
    and with no day of its own, is that event, now located at the finer place. A place outside that area,
    an indefinite noun or another day is another event. It must be the latest event told (nothing between),
    at most SHARPEN_GAP sentences on: a victim's quote often comes a few sentences after the lead."""
    if d.location is None or last.location is None or d.location.precision in ("region", "country"):
        return False
    if last.location.precision not in ("region", "country") or d.location.country is None:
        return False
    here, there = d.location, last.location
    inside = (
        here.country == there.country and (there.precision == "country" or here.admin1 == there.admin1)
    ) or (
        there.precision == "region" and here.admin1 == there.name
    )  # a region with no country of its own ('the Gaza Strip' read as a region) holds its first-level area
    told = d.reading.modality == last.reading.modality
    head = mod.subject(d.trigger) if d.trigger.pos_ == "VERB" else d.trigger
    dets = [c for c in head.children if c.dep_ == "det"] if head is not None else []
    definite = any(c.lower_ in ("the", "this") for c in dets)
    named = head is not None and (arg.weapon([head], ctx) is not None or ctx.onto.has("attack_nouns", head))
    ours, theirs = d.time.interval if d.time else None, last.time.interval if last.time else None
    undated = ours is None or (theirs is not None and ours.start == theirs.start)
    if not (inside and told and definite and named and undated):
        return False
    return sentences_after(d.trigger.doc, last.trigger.i, d.trigger.i) <= SHARPEN_GAP


def _sharpened(last: Draft, d: Draft) -> Draft:
    """The earlier event at the finer place (its civilians: see frontwatch.events._victims)."""
    return replace(
        last,
        place=d.place,
        location=d.location,
        actor1=last.actor1
        or (d.actor1 if d.actor1 and d.actor1.kind not in ("civilians", "protesters") else None),
        fatalities=last.fatalities or d.fatalities,
        injuries=last.injuries or d.injuries,
        vague=last.vague or d.vague,
    )


def the_base(new: list[Draft], drafts: list[Draft], ctx: arg.Context) -> list[Draft]:
    """'(took control of) the base' after 'captured the headquarters in Lashio' or 'have taken Wad Madani': a
    placeless capture of a definite base is located where the territory change a sentence or two before it
    happened."""
    last = next((d for d in reversed(drafts) if d.sub in TERRITORY_SUBS and d.location is not None), None)
    if last is None:
        return new
    return [_located(d, last, ctx) for d in new]


def _located(d: Draft, last: Draft, ctx: arg.Context) -> Draft:
    between = [
        s for s in sents_of(d.trigger.doc) if sent_of(last.trigger).end <= s.start < sent_of(d.trigger).start
    ]
    if d.sub not in TERRITORY_SUBS or d.place is not None or len(between) > 1:
        return d
    heads = arg.children(d.trigger, "dobj")
    heads += [p for h in heads if h.lemma_.lower() == "control" for p in arg.pobjs(h, "of", "over")]
    based = [h for h in heads if ctx.onto.has("base_places", h) and h.tag_ != "NNS"]
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for h in based for c in h.children):
        return d
    return replace(d, place=last.place, location=last.location)


def scene(new: list[Draft], ctx: arg.Context) -> list[Draft]:
    """Where and when a sentence sets its scene: 'In Moscow, people queued ... and police led dozens away'
    (a front 'in X' of the first of coordinated clauses places them all); 'took place in X, where mourners
    gathered on Friday' (a relative clause of the event's place dates it)."""
    return [_dated(_placed(d, ctx), ctx) for d in new]


def _placed(d: Draft, ctx: arg.Context) -> Draft:
    first = d.trigger
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if d.place is not None or first.i == d.trigger.i:
        return d
    front = [c for c in first.children if c.dep_ == "prep" and c.i < first.i and c.lower_ in ("in", "at")]
    pm = next((p for c in front for o in arg.children(c, "pobj") for p in att.places_from(o, ctx)[0]), None)
    return d if pm is None else replace(d, place=pm, location=att.location(pm, False))


def _dated(d: Draft, ctx: arg.Context) -> Draft:
    if d.time is not None or d.place is None:
        return d
    at = [t for t in sent_of(d.trigger) if d.place.start <= t.idx < d.place.end]
    clauses = [c for t in at for c in t.children if c.dep_ == "relcl"]
    inside = {t.i for c in clauses for t in c.subtree}
    when = [tm for tm in ctx.times if (r := ctx.time_root.get(tm.start)) is not None and r.i in inside]
    return replace(d, time=when[0]) if when else d
