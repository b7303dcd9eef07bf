"""Territory changes: who took ground from whom, where, and whether the report stands (rule events.v1).

A capture, recapture, withdrawal, fall or handover trigger gives one draft per place it names. Who moved and
who held the place come from the parse (frontwatch.arguments); the sub-event type from the sides (a state
regaining ground, a non-state actor overtaking it, ground changing hands without a fight, a side merely
leaving); the reading from frontwatch.modality. ACLED codes a government's report of its own gain as the
event itself, unless the other side rejects the claim: then it is denied, by that side.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from frontwatch import arguments as arg
from frontwatch import attach as att
from frontwatch import modality as mod
from frontwatch.nlp import sent_of
from frontwatch.triggers import TERRITORY_SUBS, TRANSFER, Draft
from frontwatch.types import Actor, Location, PlaceMention

GAIN, OVERTAKE = "Government regains territory", "Non-state actor overtakes territory"
MOVED = "Change to group/activity"
TERRITORY = frozenset({"territory", "withdrawal", "fall", "transfer", "expulsion"})
LOOKAHEAD = 3  # sentences after a change of hands in which a denial of it is looked for


def _territory_sub(actor1: Actor | None, loc: Location | None, tok: Token, ctx: arg.Context) -> str:
    """ACLED: state forces regain ground in their own country; non-state or foreign forces overtake it."""
    if actor1 is None:
        back = ctx.onto.has("regain_lemmas", tok) or any(c.lower_ == "back" for c in tok.children)
        return GAIN if back or _state_taker(tok, ctx) else OVERTAKE
    if actor1.kind not in arg.STATE_KINDS:
        return OVERTAKE
    foreign = loc is not None and loc.country and actor1.country and loc.country != actor1.country
    return OVERTAKE if foreign else GAIN


def _state_taker(tok: Token, ctx: arg.Context) -> bool:
    """No registry actor on either side: a state-force subject ('troopers', 'army units'), or a non-state
    side driven out or taken from ('drove the terrorists out', 'captured two NPA camps'): a regain."""
    subj = next(iter(arg.pobjs(tok, "by")), None) if arg.passive(tok) else mod.subject(tok)
    if arg.words_of(subj) & arg.state_force_words(ctx):
        return True
    ousted = arg.children(tok, "dobj") + arg.pobjs(tok, "from")
    ousted += [n for h in arg.children(tok, "dobj") for n in h.children if n.dep_ in ("nmod", "poss")]
    return any(arg.words_of(o) & ctx.onto.lex["nonstate_words"] for o in ousted)


def _unnamed_group(tok: Token, ctx: arg.Context) -> Actor | None:
    """'Ethnic armed groups said they had seized ...', 'insurgents overran ...': a subject no registry actor
    names, described as a non-state armed group, is the home country's unidentified armed group."""
    subj = next(iter(arg.pobjs(tok, "by")), None) if arg.passive(tok) else mod.subject(tok)
    if subj is not None and subj.tag_ in arg.PRONOUN_TAGS and tok.dep_ == "ccomp":
        cued = ctx.cues.has("report_verbs", tok.head) or ctx.cues.has("claim_verbs", tok.head)
        subj = mod.speaker(tok.head) if cued else None
    if subj is None or arg.mention_in(subj, ctx) is not None:
        return None
    words = arg.grams([subj, *arg.children(subj, "amod", "compound")])
    if not words & (ctx.onto.lex["armed_group_words"] | ctx.onto.lex["nonstate_words"]):
        return None
    return ctx.reg.role(ctx.home, "unidentified")


def _speaker_of(tok: Token, source: Token) -> bool:
    """The report's speaker is the subject of the trigger's own reporting verb."""
    return tok.dep_ == "ccomp" and mod.speaker(tok.head) is not None and mod.speaker(tok.head) == source


def _rejecter(tok: Token, claimer: Actor | None, ctx: arg.Context) -> tuple[Actor | None] | None:
    """Who rejects a claim: the subject of a rejecting verb in the same sentence that does not govern the
    trigger (', a claim X rejected', ', which X denied'), or in the next sentence with a claim noun as its
    object ('X dismissed the claim', 'X disputed the report'). In the same sentence the rejecting side must
    be named and not the claimer's; in the next one an unnamed speaker rejects too ('military bloggers
    disputed the claim'), as the side its demonym names ('Russian ...'), else as no named side."""
    sent = sent_of(tok)
    nxt = sent_of(tok.doc[sent.end]) if sent.end < len(tok.doc) else None
    for s in (sent, nxt):
        if s is None:
            continue
        for verb in s:
            if verb.pos_ != "VERB" or not ctx.onto.has("rejecting_verbs", verb) or verb.is_ancestor(tok):
                continue
            objs = arg.children(verb, "dobj")
            if s is nxt and not any(ctx.cues.has("claim_nouns", o) for o in objs):
                continue
            if s is sent and not _about_claim(verb, ctx):
                continue
            who = mod.speaker(verb)
            found = arg.mention_in(who, ctx) if who is not None else None
            if found is not None and (claimer is None or arg.side(found.actor) != arg.side(claimer)):
                return (found.actor,)
            if s is nxt and found is None and who is not None:
                return (_demonym_side(who, claimer, ctx),)
    return None


def _demonym_side(who: Token, claimer: Actor | None, ctx: arg.Context) -> Actor | None:
    """The forces of the country an unnamed speaker's modifier names ('Russian military bloggers'), when
    that is not the claimer's side."""
    mods = [c for c in who.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
    isos = [iso for m in mods if (iso := ctx.reg.country_of(m.text))]
    force = ctx.reg.role(isos[0], "military") if isos else None
    return None if force is None or (claimer is not None and arg.side(claimer) == arg.side(force)) else force


def _key(pm: PlaceMention) -> object:
    return pm.place.geonames_id if pm.place is not None and pm.place.geonames_id else pm.text.casefold()


def _next_sents(tok: Token, n: int) -> list[Span]:
    out: list[Span] = []
    sent = sent_of(tok)
    while len(out) < n and sent.end < len(tok.doc):
        sent = sent_of(tok.doc[sent.end])
        out.append(sent)
    return out


def _prev_sents(tok: Token, n: int) -> list[Span]:
    out: list[Span] = []
    sent = sent_of(tok)
    while len(out) < n and sent.start > 0:
        sent = sent_of(tok.doc[sent.start - 1])
        out.append(sent)
    return out


def _changes_hands(tok: Token, ctx: arg.Context) -> bool:
    """A word that tells ground changing hands: a territory trigger's word, or 'control'."""
    if tok.pos_ not in ("VERB", "NOUN"):
        return False
    return ctx.onto.has("control_words", tok) or any(r.cls in TERRITORY for r in ctx.onto.candidates(tok))


def _denied_places(verb: Token, ctx: arg.Context) -> set[object]:
    """The places of a change of hands a denial verb's clause tells ('denied that the town had fallen',
    'denied that Xyz was under rebel control'): named, or 'the town/village/city' told before."""
    clause = [t for c in verb.children if c.dep_ in ("ccomp", "dobj", "xcomp") for t in c.subtree]
    if not any(_changes_hands(t, ctx) for t in clause):
        return set()
    keys: set[object] = set()
    for t in clause:
        if t.i in ctx.place_at:
            keys.add(_key(ctx.place_at[t.i]))
        elif t.pos_ == "NOUN" and att.places_from(t, ctx)[1] == "anaphor":
            found = att.antecedent(t, ctx)
            keys |= {_key(found)} if found is not None else set()
    return keys


def _later_denial(
    tok: Token, places: list[PlaceMention], gainer: Actor | None, loser: Actor | None, ctx: arg.Context
) -> tuple[mod.Reading, Actor | None] | None:
    """A denial in a later sentence of a change of hands at this place: the capture is denied, by the
    denier: the side it names, else, for an unnamed speaker that is no armed group ('a government
    spokesman'), the side that held the place."""
    keys = {_key(pm) for pm in places}
    for sent in _next_sents(tok, LOOKAHEAD):
        for verb in sent:
            if verb.pos_ != "VERB" or not ctx.cues.has("deny_verbs", verb):
                continue
            if not keys & _denied_places(verb, ctx):
                continue
            who = mod.speaker(verb)
            found = arg.mention_in(who, ctx) if who is not None else None
            armed = arg.words_of(who) & (ctx.onto.lex["nonstate_words"] | ctx.onto.lex["armed_group_words"])
            denier = found.actor if found else (None if armed or who is None else loser)
            return mod.Reading("denied", who, verb.text), denier
    return None


def _told_before(tok: Token, places: list[PlaceMention], ctx: arg.Context) -> bool:
    """A denied change of hands whose place a change of hands told in the sentences before names."""
    keys = {_key(pm) for pm in places}
    if not keys:
        return False
    for sent in _prev_sents(tok, LOOKAHEAD):
        if not any(t.i in ctx.place_at and _key(ctx.place_at[t.i]) in keys for t in sent):
            continue
        for t in sent:
            rule = next((r for r in ctx.onto.candidates(t) if r.cls in TERRITORY), None)
            if (
                rule is not None
                and t.pos_ in ("VERB", "NOUN")
                and keys & {_key(pm) for pm in att.territory_places(t, rule, ctx)[0]}
            ):
                return True
    return False


def _confirmed(tok: Token, ctx: arg.Context) -> bool:
    """'X confirmed the claim' in the next sentence: the claim stands."""
    for sent in _next_sents(tok, 1):
        for verb in sent:
            confirms = verb.pos_ == "VERB" and ctx.cues.has("confirming_verbs", verb)
            if confirms and any(ctx.cues.has("claim_nouns", o) for o in arg.children(verb, "dobj")):
                return True
    return False


def _stands(
    tok: Token,
    reading: mod.Reading,
    claimer: Actor | None,
    gainer: Actor | None,
    loser: Actor | None,
    ctx: arg.Context,
) -> bool:
    """A report that is the event itself: a side's report of its own gain, the concession of the side that
    withdrew (`loser`, for a withdrawal only), or a claim the next sentence confirms."""
    if _self_report(reading, claimer, gainer) or _conceded(reading, claimer, gainer, loser):
        return True
    return reading.modality == "claimed" and _confirmed(tok, ctx)


def _conceded(reading: mod.Reading, claimer: Actor | None, gainer: Actor | None, loser: Actor | None) -> bool:
    """The losing side's own report of its loss ('our troops withdrew from X', the army said): a concession
    is the strongest evidence, the change stands (a hedged claim stays one)."""
    if reading.modality != "claimed" or reading.cue != mod.REPORTED or claimer is None or loser is None:
        return False
    lost = arg.side(claimer) == arg.side(loser)
    return lost and (gainer is None or arg.side(gainer) != arg.side(loser))


def _about_claim(verb: Token, ctx: arg.Context) -> bool:
    """', a claim X rejected', ', which X denied', ', something X denied': the rejection is of the report."""
    if verb.dep_ != "relcl":
        return any(ctx.cues.has("claim_nouns", o) for o in arg.children(verb, "dobj"))
    return ctx.cues.has("claim_nouns", verb.head) or any(c.tag_ in ("WDT", "WP") for c in verb.children)


def _nonstate_agent(tok: Token, ctx: arg.Context) -> bool:
    """'Rebels captured the town', 'rebels claim capture of the town': an unnamed non-state side acts, so
    the sentence's other side (the army that reports it) must not be taken for the taker."""
    subj = next(iter(arg.pobjs(tok, "by")), None) if arg.passive(tok) else mod.subject(tok)
    if subj is None and arg.is_noun(tok) and tok.dep_ in ("dobj", "pobj"):
        subj = mod.subject(tok.head if tok.dep_ == "dobj" else tok.head.head)
    return bool(arg.words_of(subj) & ctx.onto.lex["nonstate_words"])


def drafts(tok: Token, rule: arg.Trigger, ctx: arg.Context, reading: mod.Reading) -> list[Draft]:
    places, kind = att.territory_places(tok, rule, ctx)
    conf = (0.75 if not arg.is_noun(tok) else 0.65) - (0.15 if kind == "anaphor" else 0.0)
    mention = arg.agent(tok, ctx, rule.cls)
    mover = ctx.reg.armed(mention.actor) if mention else None
    unnamed = _unnamed_group(tok, ctx) if mover is None and rule.cls != "fall" else None
    mover = mover or unnamed
    if mover is None and rule.cls != "fall" and not _nonstate_agent(tok, ctx):
        mover, conf = arg.fallback_agent(tok, ctx), conf - 0.1
    elif mover is not None:
        conf += 0.1
    here: list[Actor] = []
    if rule.cls == "withdrawal":  # the other side named in the sentence ('... handed it to the rebels')
        here = [
            a for a in arg.sides_in(sent_of(tok), ctx) if mover is not None and arg.side(a) != arg.side(mover)
        ]
        actor1, actor2 = (here[0] if here else arg.other_side(mover, ctx)), mover
    elif rule.cls == "transfer":
        receiver = next((m for p in arg.pobjs(tok, "to") if (m := arg.mention_in(p, ctx))), None)
        actor1, actor2 = (receiver.actor if receiver else None), mover
    else:
        ousted = arg.children(tok, "dobj") if rule.cls == "expulsion" else []  # 'drove X out of P'
        ousted += [c for h in arg.children(tok, "dobj") for c in arg.children(h, "poss")]  # "the army's base"
        held = next((m for p in arg.pobjs(tok, "from") + ousted if (m := arg.mention_in(p, ctx))), None)
        loser = ctx.reg.armed(held.actor) if held else None
        mover = None if mention is None and loser is not None and mover == loser else mover  # not the ousted
        actor1, actor2 = mover, loser or arg.other_side(mover, ctx)
    time, claimer = att.time_of(tok, ctx), arg.claimer(reading, ctx)
    if (
        claimer is None
        and unnamed is not None
        and reading.modality == "claimed"
        and reading.source is not None
    ):
        claimer = unnamed if _speaker_of(tok, reading.source) else None  # 'armed groups said they had seized'
    if reading.modality == "denied" and _told_before(tok, places, ctx):
        return []  # 'denied that the town had fallen': a denial of the capture told before, not a change
    firm = reading.modality in ("claimed", "asserted")
    later = _later_denial(tok, places, actor1, actor2, ctx) if firm and places else None
    rejecter = _rejecter(tok, claimer, ctx) if firm else None
    if later is not None:  # 'X seized the town. Y denied that the town had fallen': denied, by Y
        reading, claimer = later
    elif rejecter is not None:  # the claim another side rejects: denied, by that side (as DESIGN's contract)
        reading, claimer = mod.Reading("denied", reading.source, reading.cue), rejecter[0]
    elif _stands(tok, reading, claimer, actor1, actor2 if rule.cls == "withdrawal" else None, ctx):
        reading, claimer = mod.Reading("asserted"), None
    out = []
    targets: list[PlaceMention | None] = list(places) or [None]
    for pm in targets:
        loc = att.location(pm, kind == "near")
        sub = _peaceable(tok, rule, rule.sub or _territory_sub(actor1, loc, tok, ctx), ctx)
        if (
            sub == TRANSFER
            and rule.cls == "withdrawal"
            and _unsettled(tok, rule, loc, bool(here) or kind != "", ctx)
        ):
            sub = MOVED  # 'French troops completed their withdrawal from Niger': no ground handed to anyone
        a1, a2 = (actor2, None) if sub == MOVED else (actor1, actor2)  # the side that moved acts
        score = conf - (0.15 if loc is None else 0.0)
        several, left = len(places) > 1, rule.cls == "withdrawal"
        out.append(Draft(tok, sub, a1, a2, pm, loc, time, reading, claimer, score, several, withdrawal=left))
    return out


def _phrases(sent: Span) -> str:
    return " " + " ".join(t.lower_ for t in sent if not t.is_punct) + " "


def _said(tok: Token, ctx: arg.Context) -> bool:
    """The sentence says the ground changed hands peacefully ('without a fight', 'under the deal')."""
    said = _phrases(sent_of(tok))
    return any(f" {p} " in said for p in ctx.onto.lex["peaceful_transfer"])


def _peaceable(tok: Token, rule: arg.Trigger, sub: str, ctx: arg.Context) -> str:
    """ACLED's non-violent transfer of territory: ground changing hands without fighting. Said outright ('took
    the town without resistance', 'under the deal'), or a withdrawal told with no fighting in its sentence
    or the one before ('the army pulled out of the town'; not 'withdrew after months of assaults')."""
    if sub not in TERRITORY_SUBS:
        return sub
    if _said(tok, ctx):
        return TRANSFER
    if rule.cls != "withdrawal":
        return sub
    here = sent_of(tok)
    sents = [here] + ([sent_of(tok.doc[here.start - 1])] if here.start > 0 else [])
    fought = any(arg.grams(s) & ctx.onto.lex["combat_words"] for s in sents)
    return sub if fought else TRANSFER


def _unsettled(tok: Token, rule: arg.Trigger, loc: Location | None, received: bool, ctx: arg.Context) -> bool:
    """A withdrawal from no settlement, not said to be peaceful ('under the deal'): from a whole country, or,
    with no other side there to take it (`received`: named, or ground the sentence names, such as 'their
    positions in the city'), from a region or from no named place ('left Niger', 'completed the pull-out';
    not 'withdrew from Xyz area', a name the gazetteer lacks). ACLED codes it as a change in the group's
    activity, not as ground handed over."""
    if _said(tok, ctx):
        return False
    if loc is not None:
        return loc.precision == "country" or (loc.precision == "region" and not received)
    named = any(t.pos_ == "PROPN" for h in att.object_heads(tok, rule) for t in h.subtree)
    return not received and not named


def _self_report(reading: mod.Reading, claimer: Actor | None, gainer: Actor | None) -> bool:
    """ACLED codes a government's or its military's report of its own gain as the event itself; a hedged
    report ('claimed', 'could not be verified') and a report about the other side stay claims."""
    if reading.modality != "claimed" or reading.cue != mod.REPORTED or claimer is None or gainer is None:
        return False
    state = claimer.kind in ("government", "state_forces") and gainer.kind == "state_forces"
    return state and claimer.country is not None and claimer.country == gainer.country
