"""How the drafts of one sentence settle into its events (step 4 of frontwatch.events).

A sentence often tells one event through several triggers: 'shelled Kherson, killing 13' is one shelling
with its toll; 'police detained 40 protesters' is a protest with its intervention; 'went missing after
being detained' is one forced disappearance. The passes here, in order: protests named only as the reason
for an arrest, still to come or only the site of a blast are dropped; the launch of what was intercepted
joins the interception, and the launch of a weapon ('drones launched by X struck') its hit; a detention
inside a disappearance joins it; protests absorb the arrests and force used on them, keeping their time and
place when the protest has none of its own; killings and woundings join the event that caused them;
looting within fighting and events inside a running toll are dropped; each casualty statement goes to its
nearest trigger; twins merge.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from frontwatch import arguments as arg
from frontwatch import casualties as cas
from frontwatch import discourse as dis
from frontwatch import modality as mod
from frontwatch import triggers as trig
from frontwatch.nlp import sent_of, text_of
from frontwatch.triggers import FIRM, TERRITORY_SUBS, VIOLENT, Draft
from frontwatch.types import Actor

PROTEST = dis.PROTEST
LOOTING = "Looting/property destruction"
ABSORBED = {
    "Arrests",
    "Attack",
    "Armed clash",
    "Grenade",
    "Chemical weapon",
    "Looting/property destruction",
    "Violent demonstration",
}
MOB = "Mob violence"
AGREEMENT = "Agreement"
ABDUCTION = "Abduction/forced disappearance"
TOLL_TYPES = {"Explosions/Remote violence", "Violence against civilians"}


def with_casualties(drafts: list[Draft], sent: Span) -> list[Draft]:
    """Each casualty statement goes to the one trigger nearest in the parse: never summed across events."""
    counts: dict[tuple[int, str], list[cas.Casualty]] = {}
    for c in cas.find_casualties(sent) if drafts else []:
        word = sent.doc[c.token]
        best = min(range(len(drafts)), key=lambda i: cas.tree_distance(word, drafts[i].trigger))
        counts.setdefault((best, c.kind), []).append(c)
    out = []
    for i, d in enumerate(drafts):
        dead, hurt = counts.get((i, "fatal"), []), counts.get((i, "injury"), [])
        out.append(
            replace(
                d,
                fatalities=sum(c.count for c in dead if c.count) or None,
                injuries=sum(c.count for c in hurt if c.count) or None,
                vague=any(c.vague for c in dead + hurt),
            )
        )
    return out


def _merge(drafts: list[Draft]) -> list[Draft]:
    """One event per kind and place in a sentence; the located, more confident mention wins."""
    out: list[Draft] = []
    for d in sorted(drafts, key=lambda d: (d.location is None, -d.confidence, d.trigger.i)):
        twin = next((i for i, o in enumerate(out) if trig.same(o, d)), None)
        if twin is None:
            out.append(d)
            continue
        o = out[twin]
        out[twin] = replace(
            o,
            actor1=o.actor1 or d.actor1,
            actor2=o.actor2 or d.actor2,
            time=o.time or d.time,
            fatalities=o.fatalities or d.fatalities,
            injuries=o.injuries or d.injuries,
            vague=o.vague or d.vague,
        )
    return sorted(out, key=lambda d: (d.trigger.i, d.place.start if d.place else -1))


def _governs(harm: Token, host: Token) -> bool:
    """'killed in a tank attack': the harm governs its cause directly, not through a relative or reported
    clause ('killed six men they claimed tried to kidnap teachers' is no kidnapping's toll)."""
    if not harm.is_ancestor(host) or (host.dep_ == "conj" and host.head.i == harm.i):
        return False  # 'massacred herders and burned their huts': two acts
    tok = host
    while tok.i != harm.i:
        if tok.dep_ in ("relcl", "ccomp", "xcomp", "acl"):
            return False
        tok = tok.head
    return True


def _caused(harm: Token, host: Draft) -> bool:
    """'fighting killed 12 people': a clash that is the subject of the killing caused it; the dead are the
    clash's toll, not the victims of an attack."""
    return host.sub == "Armed clash" and host.trigger.head.i == harm.i and host.trigger.dep_ == "nsubj"


def _repelled(drafts: list[Draft], ctx: arg.Context) -> list[Draft]:
    """'repelled an attack by the RSF on El Obeid': the attack repelled is the clash that repelled it (one
    event); the clash keeps the attacker as its other side."""
    clashes = {d.trigger.i: d for d in drafts if d.sub == "Armed clash" and d.trigger.pos_ == "VERB"}
    out: list[Draft] = []
    for d in drafts:
        tok = d.trigger
        host = (
            clashes.get(tok.head.i) if tok.dep_ == "dobj" and ctx.onto.has("repel_verbs", tok.head) else None
        )
        if host is None or ctx.onto.event_type_of[d.sub] not in VIOLENT:
            out.append(d)
            continue
        merged = replace(
            host,
            actor2=host.actor2 or d.actor1,
            place=host.place or d.place,
            location=host.location or d.location,
            time=host.time or d.time,
        )
        out = [merged if o is host else o for o in out]
        clashes[host.trigger.i] = merged
    return [clashes.get(d.trigger.i, d) if d.sub == "Armed clash" else d for d in out]


def _vanished(drafts: list[Draft]) -> list[Draft]:
    """'went missing after being detained by soldiers': the detention or seizure in the clause of a
    disappearance is how it began; one forced disappearance, by its captors, where they took the person."""
    gone = [d for d in drafts if d.sub == ABDUCTION]
    taken = [
        d
        for d in drafts
        if d.sub in (ABDUCTION, "Arrests") and any(g.trigger.is_ancestor(d.trigger) for g in gone)
    ]
    if not taken:
        return drafts
    out = []
    for d in drafts:
        if d in taken:
            continue
        inner = [t for t in taken if d.trigger.is_ancestor(t.trigger)]
        if d.sub == ABDUCTION and inner:
            t = inner[0]
            d = replace(
                d,
                actor1=d.actor1 or t.actor1,
                place=d.place or t.place,
                location=d.location or t.location,
                time=d.time or t.time,
                confidence=max(d.confidence, t.confidence),
            )
        out.append(d)
    return out


def _absorb(drafts: list[Draft]) -> list[Draft]:
    """'shelled Kherson, killing 13': a killing or wounding tied to another trigger is its consequence."""
    lex = cas.load_lexicon()
    harm = lex.fatal_verbs | lex.injury_verbs
    out = [d for d in drafts if d.trigger.lemma_.lower() not in harm]
    for d in drafts:
        if d.trigger.lemma_.lower() not in harm:
            continue
        host = next(
            (
                i
                for i, o in enumerate(out)
                if (o.trigger.is_ancestor(d.trigger) or _governs(d.trigger, o.trigger))
                and not (
                    o.sub == LOOTING and d.sub in ("Attack", "Armed clash")
                )  # 'burned homes and killed 18'
            ),
            None,
        )
        if host is None:
            out.append(d)
            continue
        o = out[host]
        civil = d.sub == "Attack" and (d.actor2 is None or d.actor2.kind == "civilians")
        civil = civil and not _caused(d.trigger, o)  # 'fighting between X and Y killed 12': its toll
        out[host] = replace(
            o,
            sub="Attack" if o.sub == "Armed clash" and civil else o.sub,  # 'stormed a school, killing two'
            actor2=(d.actor2 if o.sub == "Armed clash" and civil else None) or o.actor2 or d.actor2,
            place=o.place or d.place,
            location=o.location or d.location,
            time=o.time or d.time,
        )
    return out


def _thrown(d: Draft, ctx: arg.Context) -> bool:
    """'demonstrators threw rocks', 'projectiles were thrown at police': the protest's own violence; 'police
    fired tear gas and water cannon': the intervention in it."""
    crowd = d.actor1 is None or d.actor1.kind in ("protesters", "rioters")
    means = arg.grams(arg.scope(d.trigger)) & ctx.onto.lex["crowd_control"]  # 'fired tear gas': intervention
    return crowd and ctx.onto.has("thrown_verbs", d.trigger) or bool(means)


def _behind(protest: Token, arrest: Token) -> bool:
    """A protest named only as the reason for an arrest: 'detained people who organise demonstrations',
    'arrested on charges related to organising a protest' (not 'detained during protests')."""
    if not arrest.is_ancestor(protest):
        return False
    path, tok = [], protest
    while tok.i != arrest.i:
        path.append(tok.dep_)
        tok = tok.head
    return bool({"relcl", "acl", "pcomp"} & set(path))


def _mobbed(protest: Draft, drafts: list[Draft], sent: Span, ctx: arg.Context) -> Draft:
    """'a group of men attacked a peaceful rally': a protest that is the target of an attack by no state
    force is ACLED's mob violence (by the state it is excessive force, read from the protest's cues)."""
    force = ctx.onto.lex["police_words"] | arg.state_force_words(ctx)
    for d in drafts:
        hit = arg.patient(d.trigger, "violence") if d.trigger.pos_ == "VERB" else None
        on = hit is not None and hit.i == protest.trigger.i and d.sub in ("Attack", "Armed clash", MOB)
        state = d.actor1 is not None and d.actor1.kind in arg.STATE_KINDS
        state = state or bool(arg.words_of(trig.doer(d.trigger)) & force)  # 'officers attacked the march'
        if on and not state and trig.doer(d.trigger) is not None:  # who attacked it is told
            crowd = dis.finish_protest(protest, sent, ctx, PROTEST).actor1
            return replace(protest, sub=MOB, actor1=d.actor1, actor2=crowd)
    return dis.finish_protest(protest, sent, ctx)


def _kept(protest: Draft, absorbed: list[Draft]) -> Draft:
    """'police shot dead eight people on Wednesday as crowds marched': the protest keeps the time and place
    the force, arrests or attacks it absorbed were told with (its casualties come from the one sentence)."""
    when = next((d.time for d in absorbed if d.time is not None), None)
    where = next((d for d in absorbed if d.place is not None), None)
    return replace(
        protest,
        time=protest.time or when,
        place=protest.place or (where.place if where else None),
        location=protest.location if protest.place else (where.location if where else protest.location),
    )


def _joined(tok: Token, protests: list[Draft]) -> bool:
    """'residents blocked the highway and pelted cars': the crowd's violence told with its protest."""
    return any(
        tok.head.i == p.trigger.i or p.trigger.head.i == tok.i
        for p in protests
        if tok.dep_ == "conj" or p.trigger.dep_ == "conj"
    )


def _ahead(protest: Token, ctx: arg.Context) -> bool:
    """'detained ahead of a rally', 'arrested before the march': a protest still to come."""
    prep = protest.head
    said = {prep.lower_, f"{prep.head.lower_} {prep.lower_}"}
    return protest.dep_ == "pobj" and bool(said & ctx.onto.lex["prospect_preps"])


def _site_of(protest: Token, blasts: list[Draft]) -> bool:
    """'a grenade blast at a rally', 'a bomb exploded at the march': the protest is where a blast happened."""
    prep = protest.head
    return protest.dep_ == "pobj" and prep.dep_ == "prep" and any(b.trigger.i == prep.head.i for b in blasts)


def settle(drafts: list[Draft], sent: Span, ctx: arg.Context) -> list[Draft]:
    """The events of one sentence from its drafts (the passes of this module's docstring, in order)."""
    arrests = [d.trigger for d in drafts if d.sub == "Arrests"]
    drafts = [d for d in drafts if d.sub != PROTEST or not any(_behind(d.trigger, a) for a in arrests)]
    blasts = [
        d
        for d in drafts
        if ctx.onto.event_type_of[d.sub] == "Explosions/Remote violence"
        and (d.actor1 is None or d.actor1.kind not in ("protesters", "rioters"))
    ]
    drafts = [
        d for d in drafts if d.sub != PROTEST or not (_ahead(d.trigger, ctx) or _site_of(d.trigger, blasts))
    ]
    stopped = {d.trigger.i for d in drafts if d.sub == "Disrupted weapons use"}
    drafts = [d for d in drafts if not _stopped(d, stopped, ctx)]
    drafts = _launched(drafts, ctx)
    drafts = _repelled(drafts, ctx)
    drafts = _vanished(drafts)
    drafts = [_fate_unknown(d, ctx) for d in drafts]
    drafts = _framed(drafts, ctx)
    drafts = _retold(drafts, ctx)
    drafts = _one_assault(drafts, ctx)
    drafts = _won(drafts, ctx)
    protests = [d for d in drafts if d.sub == PROTEST]
    if protests:
        keep = max(protests, key=lambda d: (d.reading.modality in FIRM, d.location is not None, d.confidence))
        rest = [d for d in drafts if d.sub not in ABSORBED and d.sub != PROTEST and not _thrown(d, ctx)]
        rest = [d for d in rest if not (d.sub == MOB and _joined(d.trigger, protests))]
        keep = _kept(keep, [d for d in drafts if d is not keep and d not in rest])
        drafts = [_mobbed(keep, drafts, sent, ctx), *rest]
    drafts = _absorb(drafts)
    taken = {d.place.start for d in drafts if d.sub in TERRITORY_SUBS and not d.withdrawal and d.place}
    drafts = [d for d in drafts if not (d.withdrawal and d.place and d.place.start in taken)]  # told twice
    if any(
        ctx.onto.event_type_of[d.sub] in VIOLENT | {"Riots"} and d.reading.modality in FIRM for d in drafts
    ):
        drafts = [
            d for d in drafts if d.sub != LOOTING
        ]  # damage done in fighting, a strike or a riot is part of it
    if cas.is_cumulative(text_of(sent)):
        drafts = [
            d
            for d in drafts
            if (ctx.onto.event_type_of[d.sub] not in TOLL_TYPES and d.sub != "Armed clash")
            or not cas.is_cumulative(text_of(_clause(d.trigger)))
        ]
    return _merge(with_casualties(drafts, sent))


def _fate_unknown(d: Draft, ctx: arg.Context) -> Draft:
    """'took away 30 men and their whereabouts remain unknown': a detention whose captives' whereabouts or
    fate its own joined clause says are unknown is a forced disappearance."""
    if d.sub != "Arrests":
        return d
    for clause in arg.children(d.trigger, "conj", "advcl"):
        subj = mod.subject(clause)
        said = arg.children(clause, "acomp", "attr", "oprd")
        if (
            subj is not None
            and ctx.onto.has("fate_words", subj)
            and any(ctx.onto.has("unknown_words", a) for a in said)
        ):
            return replace(d, sub=ABDUCTION)
    return d


def _framed(drafts: list[Draft], ctx: arg.Context) -> list[Draft]:
    """An agreement named in a frame phrase (frame_preps) of another asserted act (of its verb, or of the verb
    it complements) is that act's background: 'handed over four villages under a deal reached in April';
    not 'under a deal, the two sides agreed to reopen the crossing shut since an exchange of fire'."""
    acts = {i for d in drafts if d.sub != AGREEMENT and d.reading.modality in FIRM for i in _near(d.trigger)}
    preps = ctx.onto.lex["frame_preps"]
    return [
        d
        for d in drafts
        if not (
            d.sub == AGREEMENT
            and d.trigger.dep_ == "pobj"
            and d.trigger.head.lower_ in preps
            and d.trigger.head.head.i in acts
        )
    ]


def _retold(drafts: list[Draft], ctx: arg.Context) -> list[Draft]:
    """'gunmen killed 18 people on Tuesday, officials said, in the latest assault by X' or '..., in an attack
    claimed by X': an attack noun in an 'in' phrase of the sentence's clauses, beside a violent verb trigger,
    retells that act (ACLED: one event). It names the act's doer (or its claimant), not a second event, and
    leaves it its own day and place."""
    verbs = [
        d
        for d in drafts
        if d.trigger.pos_ == "VERB"
        and ctx.onto.event_type_of[d.sub] in VIOLENT
        and d.reading.modality in FIRM
    ]
    out = list(drafts)
    for d in drafts:
        tok = d.trigger
        inside = tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head.pos_ in ("VERB", "AUX")
        told = ctx.onto.has("attack_nouns", tok) and tok.tag_ == "NN"
        if not (inside and told and verbs and ctx.onto.event_type_of[d.sub] in VIOLENT):
            continue
        if any(v.trigger.is_ancestor(tok) is False and tok.is_ancestor(v.trigger) for v in verbs):
            continue
        host = min(verbs, key=lambda v: (v.trigger.dep_ == "conj", v.trigger.i))
        doer = _claimant(tok, ctx) or d.actor1
        out = [
            replace(
                o,
                actor1=ctx.reg.armed(doer) if arg.unidentified(o.actor1) and doer is not None else o.actor1,
                claimed_by=o.claimed_by or (doer if _claimant(tok, ctx) else None),
            )
            if o is host
            else o
            for o in out
            if o is not d
        ]
        verbs = [o for o in out if o in verbs or o.trigger.i == host.trigger.i]
    return out


def _one_assault(drafts: list[Draft], ctx: arg.Context) -> list[Draft]:
    """'fighters attacked a military base, setting off a car bomb at its gate before storming it': the acts of
    the participle and 'before/after' clauses of an attack on an armed side, by the same doer, are how that
    attack went; one Armed clash between the two sides (ACLED codes the battle, the bomb part of it)."""
    out = list(drafts)
    for main in drafts:
        hit = arg.patient(main.trigger, "violence")
        armed = arg.target_kind(main.actor2, hit, ctx) == "armed"  # 'attacked a military base'
        if main not in out or main.trigger.pos_ != "VERB" or not armed:
            continue
        if main.actor1 is None or main.actor1.kind in arg.STATE_KINDS:
            continue
        parts = [
            d
            for d in out
            if d is not main
            and d.trigger.pos_ == "VERB"
            and d.trigger.dep_ in ("advcl", "pcomp", "conj")
            and main.trigger.is_ancestor(d.trigger)
            and ctx.onto.event_type_of[d.sub] in VIOLENT
            and (d.actor1 is None or d.actor1.name == main.actor1.name)
            and (d.place is None or main.place is None or d.place.start == main.place.start)
        ]
        harm = cas.load_lexicon().fatal_verbs | cas.load_lexicon().injury_verbs
        parts = [d for d in parts if d.trigger.lemma_.lower() not in harm]  # a toll: see _absorb
        ground = [d for d in [main, *parts] if d.sub in ("Attack", "Armed clash")]  # 'before storming it'
        if not parts or not ground:
            continue
        one = replace(
            main,
            sub="Armed clash",
            actor2=main.actor2
            or next((d.actor2 for d in parts if d.actor2), None)
            or arg.other_side(main.actor1, ctx),
            place=main.place or parts[0].place,
            location=main.location or parts[0].location,
        )
        out = [one if d is main else d for d in out if d not in parts]
    return out


def _won(drafts: list[Draft], ctx: arg.Context) -> list[Draft]:
    """'seized the town after heavy fighting with federal troops': the fighting in an after/following phrase
    of a capture is the battle the capture ended; ACLED codes one event, the territory change."""
    taken = {d.trigger.i for d in drafts if d.sub in TERRITORY_SUBS and d.reading.modality in FIRM}
    preps = ctx.onto.lex["after_preps"]

    def battle(d: Draft) -> bool:
        tok = d.trigger
        return (
            d.sub == "Armed clash"
            and arg.is_noun(tok)
            and tok.dep_ == "pobj"
            and tok.head.lower_ in preps
            and mod.clause_head(tok.head).i in taken  # 'seized X on Monday after heavy fighting'
        )

    return [d for d in drafts if not battle(d)]


def _claimant(noun: Token, ctx: arg.Context) -> Actor | None:
    """'an attack claimed by X': who claimed it."""
    for verb in arg.children(noun, "acl"):
        if verb.lemma_.lower() == "claim":
            found = next((m for p in arg.pobjs(verb, "by") if (m := arg.mention_in(p, ctx))), None)
            if found is not None:
                return found.actor
    return None


def _near(tok: Token) -> tuple[int, ...]:
    """The act's verb and the verb it complements ('began pulling out')."""
    return (tok.i, tok.head.i)


def _clause(tok: Token) -> Span:
    """The clause a trigger heads (a noun's: that of its verb): a cumulative toll told beside it, in an
    apposition of the reporting verb ('..., the army said, the latest in a string of massacres since 2014'),
    is background, not the trigger's own tally."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return tok.doc[verb.left_edge.i : verb.right_edge.i + 1]


def _launched(drafts: list[Draft], ctx: arg.Context) -> list[Draft]:
    """'a missile fired from X hit Y': the firing of the weapon that hit is the hit, wherever it came from;
    the hit keeps the sides it lacks from the firing."""
    remote = {d.trigger.i: d for d in drafts if ctx.onto.event_type_of[d.sub] == "Explosions/Remote violence"}
    gone: set[int] = set()
    for d in drafts:
        hit = _hit_by(d.trigger) if d.trigger.i in remote else None
        host = remote.get(hit.i) if hit is not None else None
        if host is not None:
            remote[host.trigger.i] = replace(
                host, actor1=host.actor1 or d.actor1, actor2=host.actor2 or d.actor2
            )
            gone.add(d.trigger.i)
    return [remote.get(d.trigger.i, d) for d in drafts if d.trigger.i not in gone]


def _hit_by(tok: Token) -> Token | None:
    """What the weapon of a participle did ('shells fired by X hit ...', 'hit by a missile fired from X')."""
    if tok.dep_ != "acl" or tok.tag_ != "VBN":
        return None
    weapon = tok.head
    if weapon.dep_ == "nsubj":
        return weapon.head
    if weapon.dep_ == "pobj" and weapon.head.dep_ == "agent":
        return weapon.head.head
    return None


def _stopped(d: Draft, stopped: set[int], ctx: arg.Context) -> bool:
    """'intercepted two drones launched towards X': the launch of what was stopped is part of stopping it."""
    tok = d.trigger
    acl = tok.dep_ == "acl" and tok.head.dep_ in ("dobj", "nsubjpass") and tok.head.head.i in stopped
    return acl and ctx.onto.event_type_of[d.sub] == "Explosions/Remote violence"


def carry_casualties(drafts: list[Draft], sent: Span, ctx: arg.Context, follows: bool) -> list[Draft]:
    """A sentence with casualties but no event of its own ('79 people had been injured') completes the
    violent event of the sentence just before it, without adding to counts it already has."""
    found = cas.find_casualties(sent)
    last = next(
        (i for i in range(len(drafts) - 1, -1, -1) if ctx.onto.event_type_of[drafts[i].sub] in VIOLENT), None
    )
    if not found or last is None or (sent_of(drafts[last].trigger).end != sent.start and not follows):
        return drafts
    d = drafts[last]
    dead = [c.count for c in found if c.kind == "fatal" and c.count]
    hurt = [c.count for c in found if c.kind == "injury" and c.count]
    drafts[last] = replace(
        d,
        fatalities=d.fatalities or (sum(dead) or None),
        injuries=d.injuries or (sum(hurt) or None),
        vague=d.vague or any(c.vague for c in found),
    )
    return drafts
