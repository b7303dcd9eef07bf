"""Events: ACLED-coded events from the sentences of a parsed report (rule events.v1).

1. Every token is matched against the trigger rules of data/events.json (lemma, part of speech, conditions
   on its arguments); the first rule that holds makes it a trigger.
2. Its arguments come from the parse (frontwatch.arguments for actors, frontwatch.attach for place and
   date): actor1 acts, actor2 is acted upon or, for a territory change, held the place; the location is
   the place captured or where it happened; the date is the time expression of the trigger's own clause,
   else a duration there, else the reference time carried from an earlier sentence of the paragraph, else
   the publication week (frontwatch.attach.time_of). Territory changes have their own module
   (frontwatch.territory).
3. Modality (frontwatch.modality) and casualties (frontwatch.casualties) are read per trigger.
4. Per sentence, the drafts settle into events (frontwatch.settle: protests absorb the arrests and force
   used on them, a toll joins the act that caused it, duplicates merge); per document, an undated event
   takes the date of an earlier, dated, placeless mention of the same kind by the same actor.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from frontwatch import arguments as arg
from frontwatch import attach as att
from frontwatch import discourse as dis
from frontwatch import modality as mod
from frontwatch import reference as ref
from frontwatch import settle as stl
from frontwatch import territory as ter
from frontwatch import triggers as trig
from frontwatch.nlp import sent_of, sents_of, text_of
from frontwatch.triggers import FIRM, TERRITORY_SUBS, Draft
from frontwatch.types import (
    Actor,
    ActorMention,
    DateInterval,
    Document,
    Event,
    Evidence,
    PlaceMention,
    Sentence,
    TimeMention,
)

RULE = "events.v1"
AGREEMENT = "Agreement"
TERRITORY = {"territory", "withdrawal", "fall", "transfer", "expulsion"}
PROTEST = dis.PROTEST
CROWDS = ("civilians",)
FALLBACK_PENALTY = 0.1
BACKGROUND_PREPS = ("before", "since", "until", "till", "of", "like")  # 'home to 150,000 before the fighting'


def _violence_sub(
    tok: Token,
    rule: arg.Trigger,
    actors: tuple[Actor | None, Actor | None],
    target: Token | None,
    ctx: arg.Context,
) -> str | None:
    """Typed by a sentence-wide weapon (chemical, suicide), by the weapon named in the trigger's phrase, else
    by whom it targets."""
    fired = tok.dep_ == "acl" and tok.tag_ == "VBN"  # 'mortar shells fired by X'
    phrase = arg.scope(tok) + ([tok.head, *arg.children(tok.head, "compound", "amod")] if fired else [])
    light = tok.dep_ == "dobj" and (
        ctx.onto.has("light_verbs", tok.head) or ctx.onto.has("perform_verbs", tok.head)
    )
    subj = mod.subject(tok.head) if light else None
    phrase += arg.scope(subj) if subj is not None else []  # 'the air force carried out raids'
    shared = trig.doer(tok) if tok.dep_ == "conj" and mod.subject(tok) is None else None
    phrase += arg.scope(shared) if shared is not None else []  # 'rockets launched from X struck a kibbutz'
    done = tok.dep_ in ("nsubj", "nsubjpass") and ctx.onto.has("perform_verbs", tok.head)
    phrase += [t for p in arg.pobjs(tok.head, "with", "using") for t in arg.scope(p)] if done else []
    weapon = arg.weapon(sent_of(tok), ctx, ctx.onto.sentence_weapons) or arg.weapon(phrase, ctx)
    if weapon or rule.default:
        return weapon or rule.default
    kind = arg.target_kind(actors[1], target, ctx)
    if kind in ("civilian", "armed"):
        return "Attack" if kind == "civilian" else "Armed clash"
    if "target" in rule.needs and kind is None:
        return None
    nonstate = actors[0] is not None and actors[0].kind not in arg.STATE_KINDS
    return "Attack" if nonstate else "Armed clash"


def _carried_site(tok: Token, ctx: arg.Context) -> PlaceMention | None:
    """'blew up a vehicle carrying troops in X district': with no place of its own, an act on an object
    happens where the object's participle clause puts it (not a relative clause: 'a bus that left X'); for
    a post held by a side, where the holder is said to be ('positions held by X in P')."""
    if tok.pos_ != "VERB":
        return None
    for obj in arg.children(tok, "dobj"):
        for verb in arg.children(obj, "acl"):
            if verb.tag_ not in ("VBG", "VBN"):
                continue
            held = arg.pobjs(verb, "by") if ctx.onto.has("held_words", verb) else []  # 'held by X in P'
            heads = [verb, *arg.children(verb, "dobj"), *held]
            preps = [c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in ("in", "at")]
            found = [pl for c in preps for p in arg.children(c, "pobj") for pl in att.places_from(p, ctx)[0]]
            if found:
                return found[0]
    return None


def _action(tok: Token, rule: arg.Trigger, ctx: arg.Context, reading: mod.Reading) -> list[Draft]:
    target = arg.patient(tok, rule.cls)
    hit, doer = arg.mention_in(target, ctx) or _holder(target, ctx), arg.agent(tok, ctx, rule.cls)
    hit = None if hit is not None and hit == doer else hit
    pm, near = att.site(tok, ctx)
    pm = pm or _carried_site(tok, ctx)
    loc = att.location(pm, near)
    actor1 = doer.actor if doer else None
    found = None if hit else arg.victims(target, loc, ctx)
    actor2 = hit.actor if hit else (found or arg.partner(tok, ctx))
    unplaced = found is not None and (loc is None or loc.country is None)
    sub = rule.sub if rule.cls == "plain" else _violence_sub(tok, rule, (actor1, actor2), target, ctx)
    if sub is None:
        return []
    conf = (0.65 if arg.is_noun(tok) else 0.75) + (0.1 if actor1 else 0.0) - (0.1 if loc is None else 0.0)
    if ctx.onto.event_type_of[sub] in ("Battles", "Explosions/Remote violence") and actor1 is not None:
        actor1 = ctx.reg.armed(actor1)
    if sub == "Armed clash" and (actor1.kind in CROWDS if actor1 is not None else trig.crowds(tok, ctx)):
        sub = "Mob violence"  # 'villagers clashed using sticks': no organized armed side
    if sub == "Armed clash" and actor1 is None:
        actor1, actor2 = _between(tok, ctx) or (actor1, actor2)
    if sub == "Armed clash":
        if actor1 is None:
            actor1, conf = arg.fallback_agent(tok, ctx), conf - 0.1
        others = [
            s for s in arg.sides_in(sent_of(tok), ctx) if actor1 is None or arg.side(s) != arg.side(actor1)
        ]
        actor2 = actor2 or (others[0] if others else arg.other_side(actor1, ctx))
    return [
        Draft(
            tok,
            sub,
            actor1,
            actor2,
            pm,
            loc,
            att.time_of(tok, ctx),
            reading,
            arg.claimer(reading, ctx),
            conf,
            unplaced_victims=unplaced and actor2 is found,
        )
    ]


def _between(tok: Token, ctx: arg.Context) -> tuple[Actor, Actor] | None:
    """'fighting between the army and the RSF', 'clashes between X and Y': the two sides named."""
    sides = [t for p in arg.pobjs(tok, "between") for t in (p, *p.conjuncts)]
    found = [m.actor for t in sides if (m := arg.mention_in(t, ctx)) is not None]
    armed = [ctx.reg.armed(a) for a in found if a.kind in arg.ARMED_KINDS]
    if len(armed) < 2 or arg.side(armed[0]) == arg.side(armed[1]):
        return None
    return armed[0], armed[1]


def _holder(target: Token | None, ctx: arg.Context) -> ActorMention | None:
    """'shelled positions held by the RSF': a post or base (base_nouns) held (held_words) by a side is that
    side's."""
    if target is None or not ctx.onto.has("base_nouns", target):
        return None
    held = [v for v in arg.children(target, "acl") if ctx.onto.has("held_words", v)]
    return next((m for v in held for p in arg.pobjs(v, "by") if (m := arg.mention_in(p, ctx))), None)


def _protest(tok: Token, rule: arg.Trigger, ctx: arg.Context, reading: mod.Reading) -> list[Draft]:
    crowd = tok.dep_ == "acl" and tok.pos_ == "VERB"  # 'shot at a crowd protesting': the crowd protests
    doer = arg.mention_in(tok.head, ctx) if crowd else arg.agent(tok, ctx, rule.cls)
    dispersal = ctx.onto.has("dispersal_verbs", tok)  # 'troops dispersed the crowd': a gathering, policed
    state = doer is not None and doer.actor.kind in ("state_forces", "government")
    if state and arg.is_noun(tok) and tok.dep_ == "pobj":  # 'soldiers beat them during a protest'
        doer = None
    elif state and not dispersal:
        return []
    doer = None if dispersal else doer
    pm, near = att.site(tok, ctx)
    loc = att.location(pm, near)
    conf = (0.65 if arg.is_noun(tok) else 0.75) - (0.1 if loc is None else 0.0)
    return [
        Draft(
            tok,
            PROTEST,
            doer.actor if doer else None,
            None,
            pm,
            loc,
            att.time_of(tok, ctx),
            reading,
            arg.claimer(reading, ctx),
            conf,
        )
    ]


def _reading(tok: Token, ctx: arg.Context) -> mod.Reading:
    """The trigger's modality; 'officials said' (a speaker who is no party to the conflict) stays asserted,
    'an armed group says' (a party the registry does not name) is a claim."""
    reading = mod.modality_of(tok, ctx.cues)
    words = [reading.source, *reading.source.children] if reading.source is not None else []
    armed = any(ctx.cues.has("armed_speakers" if t.i == words[0].i else "armed_modifiers", t) for t in words)
    claimer = arg.claimer(reading, ctx) if reading.cue == mod.REPORTED else None
    if reading.cue == mod.REPORTED and (claimer is None or claimer.kind == "civilians") and not armed:
        return mod.Reading("asserted")  # 'residents said': no party to the conflict claims
    return reading


def _purpose(tok: Token, rule: arg.Trigger, reading: mod.Reading, ctx: arg.Context) -> mod.Reading:
    """A protest or a dispersal told as the purpose of a deed ('blocked roads to protest', 'fired tear gas to
    disperse the crowd') happened as the deed did: it takes the deed's reading, not an intention's."""
    if rule.cls != "protest" or reading.modality != "intended" or reading.cue != "to":
        return reading
    deed = tok.head
    if tok.dep_ not in ("advcl", "xcomp") or deed.pos_ != "VERB" or ctx.cues.has("intent_verbs", deed):
        return reading
    if deed.tag_ not in ("VBD", "VBN", "VBZ", "VBP"):
        return reading
    return _reading(deed, ctx)


def _agreed(tok: Token, rule: arg.Trigger, reading: mod.Reading, ctx: arg.Context) -> mod.Reading:
    """'The two sides agreed to exchange 32 prisoners': the exchange is still to come, but the agreement on
    it is made; an Agreement trigger in the to-infinitive of a settle verb takes that verb's reading."""
    if rule.sub != AGREEMENT or reading.modality != "intended" or tok.dep_ != "xcomp":
        return reading
    return _reading(tok.head, ctx) if ctx.cues.has("settle_verbs", tok.head) else reading


def _drafts(tok: Token, rule: arg.Trigger, ctx: arg.Context) -> list[Draft]:
    reading = _agreed(tok, rule, _purpose(tok, rule, _reading(tok, ctx), ctx), ctx)
    quoted = mod.in_quote(ctx.quotes, tok.idx)
    if quoted and rule.cls in TERRITORY and reading.modality == "asserted":
        if tok.tag_ not in ("VBD", "VBN"):
            return []  # a capture inside a quote counts only when told as past fact, and then as a claim
        reading = mod.Reading("claimed", None, "quote")
    if rule.cls in TERRITORY:
        drafts = ter.drafts(tok, rule, ctx, reading)
    elif rule.cls == "protest":
        drafts = _protest(tok, rule, ctx, reading)
    else:
        drafts = _action(tok, rule, ctx, reading)
    factor = 0.6 if quoted else 1.0
    return [replace(d, confidence=round(min(0.95, max(0.05, d.confidence * factor)), 2)) for d in drafts]


def _corefer(drafts: list[Draft]) -> list[Draft]:
    """An undated, located event takes the date of the nearest dated, placeless mention of its kind by the
    same actor in the document ('retook two villages last week' ... 'the recent capture of A and B')."""
    out = []
    for n, d in enumerate(drafts):
        if d.time is None and d.location is not None and d.reading.modality in FIRM and d.actor1 is not None:
            twins = [(abs(m - n), p) for m, p in enumerate(drafts) if _kin(p, d) and p.time is not None]
            d = replace(d, time=min(twins, key=lambda t: t[0])[1].time) if twins else d
        out.append(d)
    return out


def _kin(p: Draft, d: Draft) -> bool:
    same = p.sub == d.sub or {p.sub, d.sub} <= TERRITORY_SUBS
    actor = p.actor1 is not None and d.actor1 is not None and p.actor1.name == d.actor1.name
    placeless = p.location is None or p.location.precision == "country"  # 'Police in Russia have detained'
    return same and actor and placeless and p.reading.modality in FIRM


def _sentence(tok: Token, ctx: arg.Context) -> Sentence:
    for s in ctx.sentences.values():
        if s.start <= tok.idx < s.end:
            return s
    sent = sent_of(tok)
    return Sentence(sent.start_char, sent.end_char, text_of(sent))


def _date(time: TimeMention | None, ctx: arg.Context) -> DateInterval:
    """The interval of the dating expression; its text is the whole range or 'since' phrase it belongs to."""
    if time is None or time.interval is None:
        return att.undated(ctx.doc.published)
    wider = time.interval.expression
    text = wider if wider and time.text in wider else time.text
    return DateInterval(time.interval.start, time.interval.end, time.interval.precision, text)


def _distinct(d: Draft) -> Draft:
    """No side acts on itself: an actor2 that is actor1 (a name read twice, 'an assault by X on X's
    neighbourhoods') is dropped; for a clash, the other side is then unknown."""
    if d.actor1 is None or d.actor2 is None or d.actor1.name != d.actor2.name:
        return d
    return replace(d, actor2=None)


def _event(d: Draft, ctx: arg.Context) -> Event:
    d = _distinct(d)
    sent = _sentence(d.trigger, ctx)
    key = f"{ctx.doc.id}|{sent.start}|{d.trigger.idx}|{d.sub}"
    key += f"|{d.place.start}" if d.several and d.place else ""
    text = sent.text.strip()
    start = sent.start + (len(sent.text) - len(sent.text.lstrip()))
    evidence = Evidence(ctx.doc.id, ctx.doc.url, ctx.doc.published, start, start + len(text), text)
    return Event(
        id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        event_type=ctx.onto.event_type_of[d.sub],
        sub_event_type=d.sub,
        actor1=d.actor1,
        actor2=_victims(d, ctx),
        location=d.location,
        date=_date(d.time, ctx),
        modality=d.reading.modality,
        claimed_by=d.claimed_by,
        fatalities=d.fatalities,
        injuries=d.injuries,
        confidence=d.confidence,
        evidence=(evidence,),
        trigger=d.trigger.text,
        casualties_vague=d.vague,
        rule=RULE,
    )


def _victims(d: Draft, ctx: arg.Context) -> Actor | None:
    """Civilians whose country no place told when they were read (the article's home, from its dateline)
    are civilians of the event's location country once that is known."""
    loc, actor2 = d.location, d.actor2
    if not d.unplaced_victims or actor2 is None or loc is None or loc.country is None:
        return actor2
    return ctx.reg.role(loc.country, "civilians") if actor2.kind == "civilians" else actor2


def find_events(
    doc: Document,
    sdoc: Doc,
    sentences: Sequence[Sentence],
    places: Sequence[PlaceMention],
    times: Sequence[TimeMention],
    actors: Sequence[ActorMention],
) -> list[Event]:
    """Every event a parsed document reports, in text order."""
    ctx = arg.build_context(doc, sdoc, sentences, places, times, actors)
    drafts: list[Draft] = []
    previous, merged = False, False
    for sent in sents_of(sdoc):
        toks = list(sent)  # one Token object per position for the passes below
        strict = {tok.i: trig.rule_for(tok, ctx) for tok in toks}
        found = [d for tok in toks if (rule := strict[tok.i]) for d in _drafts(tok, rule, ctx)]
        if not drafts and not any(d.reading.modality in FIRM for d in found):
            found += _fallback(toks, ctx, strict)  # after an event, a bare 'the strike' refers back to it
        found, drafts = ref.accused(found, drafts, sent, ctx)  # 'X accused the army of the strike'
        follows = merged  # the sentence before continued an earlier event ('The missile hit ...')
        settled = ref.the_base(ref.scene(stl.settle(found, sent, ctx), ctx), drafts, ctx)
        settled, drafts, merged = ref.anaphora(settled, drafts, ctx)
        if not settled and previous:
            drafts = stl.carry_casualties(drafts, sent, ctx, follows)
        if not settled:
            drafts = ref.refer(drafts, sent, ctx)
        drafts += settled
        previous = bool(settled) or merged
    return [_event(d, ctx) for d in _corefer(dis.escalate(drafts, ctx))]


def _fallback(toks: list[Token], ctx: arg.Context, strict: dict[int, arg.Trigger | None]) -> list[Draft]:
    """A sentence without a firm event, and no event before it in the document: its bare event nouns count
    too ('died in a gun battle', 'fighting raged'), the relaxed rules of frontwatch.triggers.rule_for, a
    little less confidently. `strict`: each token's rule without relaxing (already tried)."""
    out = []
    for tok in toks:
        if tok.tag_ in ("NNS", "NNPS") or strict[tok.i] is not None or not _told(tok, ctx):
            continue  # 'a series of raids', 'attacks on property': plurals name a kind, not this event
        rule = trig.rule_for(tok, ctx, relax=True)
        if rule is None:
            continue
        out += [
            replace(d, confidence=round(max(0.05, d.confidence - FALLBACK_PENALTY), 2))
            for d in _drafts(tok, rule, ctx)
            if d.reading.modality in FIRM
        ]
    return out


def _told(tok: Token, ctx: arg.Context) -> bool:
    """A verb, or a noun that is what a verb tells of: its subject or object ('fighting raged', 'reported
    a clash'), or the object of its preposition ('died in a gun battle', 'after the shelling'), unless that
    preposition sets a background ('before the fighting', 'since the war')."""
    if tok.pos_ == "VERB":
        return True
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return tok.head.pos_ == "VERB"
    prep = tok.head
    background = prep.lower_ in BACKGROUND_PREPS
    return tok.dep_ == "pobj" and not background and prep.head.pos_ in ("VERB", "NOUN")
