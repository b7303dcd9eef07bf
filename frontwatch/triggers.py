"""Trigger matching: which token of a parsed sentence is an event trigger, and by which rule.

The rules live in data/events.json (lemmas, part of speech, and conditions on the trigger's arguments, each
condition a name with an optional lexicon key, e.g. `object:arms`); `rule_for` returns the first rule whose
lemmas, part of speech and conditions all hold for a token, or None.

Also here, the draft a trigger yields (`Draft`), when two drafts are one event (`same`), and the clues a
later sentence gives about earlier drafts (`denier`, `perpetrator`), which frontwatch.reference uses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from frontwatch import arguments as arg
from frontwatch import attach as att
from frontwatch import modality as mod
from frontwatch.types import Actor, Location, PlaceMention, TimeMention

TERRITORY_SUBS = {
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Non-violent transfer of territory",
}
TRANSFER = "Non-violent transfer of territory"
VIOLENT = {"Explosions/Remote violence", "Violence against civilians", "Battles"}
FIRM = ("asserted", "claimed")
VERB_ARGS = ("prep", "npadvmod", "advmod", "prt", "agent")
RELAXABLE = frozenset({"args", "definite"})  # dropped for a sentence that has no firm event otherwise


def _has_args(tok: Token, ctx: arg.Context) -> bool:
    """A noun trigger names something of its own: a weapon ('a mortar attack'), an actor, a place or a date in
    its phrase, or in the clause of the light verb it is the object of ('carried out an attack on Friday')."""
    light = tok.dep_ == "dobj" and ctx.onto.has("light_verbs", tok.head)
    inside = {t.i for t in (tok.head if light else tok).subtree}
    told = ctx.onto.has("perform_verbs", tok.head) or ctx.onto.has("light_verbs", tok.head)  # see perpetrator
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ == "VERB" and not told:  # 'fighting broke out'
        inside |= {t.i for c in arg.children(tok.head, *VERB_ARGS) for t in c.subtree}
    armed = arg.weapon(arg.children(tok, "compound", "amod"), ctx) is not None  # 'a chlorine attack'
    return (
        armed
        or any(i in ctx.actor_at or i in ctx.place_at for i in inside)
        or any(r.i in inside for r in ctx.time_root.values())
    )


def doer(tok: Token) -> Token | None:
    """The subject of a verb trigger (the by-agent of a passive), or of the verb whose infinitive, gerund or
    coordinated verb it is ('began leaving', 'tried to seize', 'stormed the town and killed')."""
    if arg.passive(tok):
        return next(iter(arg.pobjs(tok, "by")), None)
    subj = mod.subject(tok)
    if subj is None and tok.dep_ in ("xcomp", "conj") and tok.head.pos_ in ("VERB", "AUX"):
        return mod.subject(tok.head) if not arg.passive(tok.head) else None
    return subj


def crowds(tok: Token, ctx: arg.Context) -> bool:
    """'clashes between Hindu and Muslim groups', 'supporters of rival parties attacked each other': the sides
    named are crowds (data/events.json crowd_sides), none of them armed."""
    sides = [t for t in (doer(tok), *arg.children(tok, "dobj")) if t is not None]
    sides += arg.pobjs(tok, "with", "against", "between")
    sides += [c for t in sides for c in t.conjuncts]
    words = {w for t in sides for w in arg.words_of(t)}
    armed = ctx.onto.lex["armed_nouns"] | ctx.onto.lex["nonstate_words"] | arg.state_force_words(ctx)
    return bool(words & ctx.onto.lex["crowd_sides"]) and not words & armed


def holds(need: str, tok: Token, rule: arg.Trigger, ctx: arg.Context) -> bool:
    """One condition of a trigger rule (see the comment of data/events.json)."""
    name, _, key = need.partition(":")
    if name in ("place_object", "place_subject"):
        return bool(att.territory_places(tok, rule, ctx)[1])
    if name == "control_object":
        return any(c.lemma_.lower() == "control" for c in arg.children(tok, "dobj"))
    if name in ("weapon", "no_weapon"):
        return (arg.weapon(arg.scope(tok), ctx) is not None) == (name == "weapon")
    if name in ("weapon_subject", "no_weapon_subject"):  # 'rockets launched from X struck a kibbutz'
        subj = next(iter(arg.pobjs(tok, "by")), None) if arg.passive(tok) else doer(tok)
        armed = subj is not None and arg.weapon(arg.scope(subj), ctx) is not None
        return armed == (name == "weapon_subject")
    if name == "weapon_object":  # 'fired rockets', 'mines have been planted'
        objs = arg.children(tok, "dobj") + (arg.children(tok, "nsubjpass") if arg.passive(tok) else [])
        objs += [tok.head] if tok.dep_ == "acl" and tok.tag_ == "VBN" else []  # 'shells fired by X at Y'
        return any(arg.weapon(arg.scope(o), ctx) for o in objs)
    if name == "target":
        return arg.patient(tok, rule.cls) is not None
    if name == "actor":
        return arg.agent(tok, ctx, rule.cls) is not None
    if name == "side":  # an actor, or a subject that names a side by its words ('army units', 'militants')
        subj = doer(tok)
        sides = arg.state_force_words(ctx) | ctx.onto.lex["nonstate_words"]
        ousted = arg.children(tok, "nsubjpass") if rule.cls == "expulsion" else []  # 'X were pushed back'
        named = arg.agent(tok, ctx, rule.cls) is not None or any(arg.mention_in(o, ctx) for o in ousted)
        return named or bool((arg.words_of(subj) | {w for o in ousted for w in arg.words_of(o)}) & sides)
    if (
        name == "party"
    ):  # an actor or armed words on either side: 'rival militias fought', 'battled militants'
        faced = (doer(tok), *arg.children(tok, "dobj"), *arg.pobjs(tok, "with", "against", "between"))
        parties = [t for t in faced if t]  # 'fighting between the Arakan Army and the junta'
        parties += [c for t in parties for c in t.conjuncts]
        fighters = arg.state_force_words(ctx) | ctx.onto.lex["nonstate_words"] | ctx.onto.lex["armed_nouns"]
        named = any(arg.mention_in(t, ctx) is not None for t in parties)
        worded = any(arg.words_of(t) & fighters for t in parties)
        return named or worded or arg.agent(tok, ctx, rule.cls) is not None
    if name == "args":
        return _has_args(tok, ctx)
    if name == "crowds":  # 'Hindu and Muslim groups fought with stones', 'rival supporters clashed'
        return crowds(tok, ctx)
    if name == "no_disaster":  # 'floods killed 40 people', 'a quake struck, damaging homes': no one acted
        return not _disaster(tok, ctx)
    if name == "definite":
        return any(c.lower_ in ("the", "this", "that") or c.dep_ == "poss" for c in tok.children)
    if name == "intransitive":  # 'students rallied', 'students rallying outside parliament', 'and rallied'
        told = doer(tok) is not None or tok.dep_ == "acl"
        return not arg.children(tok, "dobj", "agent") and not arg.passive(tok) and told
    if name == "active":  # 'residents closed the road', not 'the road is closed'
        return not arg.passive(tok) and mod.subject(tok) is not None
    if name == "prt":
        return any(c.lower_ == key for c in arg.children(tok, "prt"))
    if name == "bare":  # 'the capture' or 'the capture of Xyz'; not 'the capture of its rival'
        return all(p.pos_ == "PROPN" for p in arg.pobjs(tok, "of"))
    if name == "transitive":  # 'jets bombed the village', 'was shelled'; not 'the film bombed'
        participle = tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN"  # 'villages bombed by jets'
        return bool(arg.children(tok, "dobj")) or arg.passive(tok) or participle
    if name == "after_capture":  # 'went missing after being detained by soldiers', not 'after the boat sank'
        return any(_capture(v, ctx) for v in _after_clauses(tok, ctx))
    if name == "not_failed":  # 'talks on a ceasefire collapsed', 'talks ended without a deal'
        return not _failed(tok, ctx)
    lex = ctx.onto.lex.get(key, frozenset({key}))
    if name == "with":  # 'fought with sticks and machetes', not 'fought for votes'
        used = arg.pobjs(tok, "with")
        return any(arg.forms(t) & lex for u in used for t in (u, *u.conjuncts))
    if name in ("prep", "no_prep"):
        return any(c.lower_ in lex for c in arg.children(tok, "prep")) == (name == "prep")
    if name == "no_party":  # 'a carmaker struck a deal with a battery maker': no party to a conflict
        verb = tok.head if arg.is_noun(tok) and tok.dep_ in ("dobj", "pobj") else tok
        verb = verb.head if verb.dep_ == "prep" else verb
        given = (doer(verb), *arg.pobjs(verb, "with", "between"), *arg.pobjs(tok, "with", "between"))
        heads = [t for t in given if t is not None]
        heads += [c for t in heads for c in t.conjuncts]
        return not any(arg.words_of(t) & lex for t in heads)
    if name == "mod":
        return any(c.lemma_.lower() in lex or c.lower_ in lex for c in tok.children)
    if name in ("subject", "no_subject"):
        subj = doer(tok)
        heads = [subj] if subj is not None else []
        if subj is not None and (subj.pos_ == "NUM" or ctx.onto.has("collective_nouns", subj)):
            heads += arg.pobjs(subj, "of")  # 'a group of vigilantes', 'hundreds of reinforcements'
        return any(arg.forms(h) & lex for h in heads) == (name == "subject")
    if name == "pobj":  # 'took them into custody', 'took to the streets'
        pobjs = arg.pobjs(tok, *ctx.onto.lex["place_preps"], "under", "to")
        pobjs += [
            p for o in arg.children(tok, "dobj") for p in arg.pobjs(o, "into")
        ]  # 'into' read on the object
        return any(arg.forms(p) & lex for p in pobjs)
    if name == "taker":  # 'fighters took the town': a side, or a doer whose words name armed men
        subj = doer(tok)
        return holds("side", tok, rule, ctx) or (subj is not None and bool(arg.words_of(subj) & lex))
    if name == "no_sense":  # 'took Sydney on a tour', 'took them to hospital', 'took residents hostage'
        heads = [tok, *arg.children(tok, "dobj")]
        comps = [
            c for h in heads for c in h.children if c.dep_ not in ("nsubj", "nsubjpass", "dobj", "punct")
        ]
        comps += [p for c in comps for p in c.children if c.dep_ in ("pobj", "pcomp")]
        return not any(t.lemma_.lower() in lex or t.lower_ in lex for t in comps)
    if name == "phrase":  # 'set a police post on fire', 'set the car in flames': on the verb or its object
        heads = [tok, *arg.children(tok, "dobj")]
        phrases = [p for h in heads for p in arg.pobjs(h, "on", "in")]
        return any(p.lower_ in lex or p.lemma_.lower() in lex for p in phrases)
    if name in ("object", "no_object"):
        objs = arg.children(tok, "dobj", "nsubjpass") + (arg.pobjs(tok, "of") if arg.is_noun(tok) else [])
        objs += [p for o in objs for p in arg.pobjs(o, "of")]  # 'hundreds of soldiers', 'a cache of grenades'
        objs += [c for o in objs for c in o.conjuncts]  # 'security and paramilitary forces'
        return any(arg.forms(o) & lex for o in objs) == (name == "object")  # 'graves' read as 'graf'
    if name == "head":
        heads = [tok.head, tok.head.head] if tok.head.pos_ == "ADP" else [tok.head]
        heads += [tok.head.head.head] if tok.head.lower_ == "of" else []  # 'most of the arrests took place'
        return any(h.lemma_.lower() in lex or h.lower_ in lex for h in heads if h.i != tok.i)
    raise ValueError(f"unknown trigger condition {need!r} in data/events.json")


def _disaster(tok: Token, ctx: arg.Context) -> bool:
    """The act's doer is a natural or accidental cause (disaster_words) with no weapon in its phrase: the
    subject, or that of the clause a participle continues ('an earthquake struck, damaging buildings')."""
    subj = doer(tok)
    if _accident(tok, ctx):
        return True
    if subj is None and tok.dep_ in ("advcl", "conj") and tok.tag_ == "VBG" and tok.head.pos_ == "VERB":
        subj = mod.subject(tok.head)
    if subj is None and tok.dep_ == "acl" and (tok.tag_ == "VBG" or arg.children(tok, "dobj")):
        subj = tok.head  # 'heavy rains killing 40 people' (an active participle: its noun acts)
    if subj is None or not arg.forms(subj) & ctx.onto.lex["disaster_words"]:
        return False
    return arg.weapon(arg.scope(subj), ctx) is None  # not 'mortar fire killed two soldiers'


def _accident(tok: Token, ctx: arg.Context) -> bool:
    """The act is the outcome of an accident (accident_verbs with no object, their subject no weapon): the
    clause its participle continues ('a bus collided with a truck, killing 14') or its when/as clause ('were
    killed when a tunnel collapsed'); not 'a drone crashed into a flat, killing two'."""
    verbs = [tok.head] if tok.dep_ in ("advcl", "conj") and tok.tag_ == "VBG" else []
    verbs += [
        v
        for v in arg.children(tok, "advcl")
        if any(m.lower_ in ("when", "as") for m in arg.children(v, "mark", "advmod"))
    ]
    for verb in verbs:
        if verb.pos_ != "VERB" or not ctx.onto.has("accident_verbs", verb) or arg.children(verb, "dobj"):
            continue
        subj = mod.subject(verb)
        if subj is None or arg.weapon(arg.scope(subj), ctx) is None:
            return True
    return False


def _after_clauses(tok: Token, ctx: arg.Context) -> list[Token]:
    """The verbs of a trigger's 'after ...' or 'since ...' clauses ('after being detained', 'since agents
    took him')."""
    preps = ctx.onto.lex["after_preps"]
    out = [p for c in arg.children(tok, "prep") if c.lower_ in preps for p in arg.children(c, "pcomp")]
    return out + [
        v for v in arg.children(tok, "advcl") if any(m.lower_ in preps for m in arg.children(v, "mark"))
    ]


def _capture(verb: Token, ctx: arg.Context) -> bool:
    """A detention, or a seizure with its doer stated ('were taken away by men', 'gunmen stopped them')."""
    if ctx.onto.has("detention_verbs", verb):
        return True
    told = bool(arg.pobjs(verb, "by")) if arg.passive(verb) else mod.subject(verb) is not None
    return ctx.onto.has("capture_verbs", verb) and told


def _failed(tok: Token, ctx: arg.Context) -> bool:
    """An agreement word inside a failed negotiation ('talks on a truce broke down', 'efforts to reach a deal
    collapsed', 'talks ended without a deal'): no agreement was made."""
    node = tok
    for _ in range(5):
        if node.dep_ in ("nsubj", "nsubjpass"):
            verb = node.head
            without = any(c.lower_ == "without" for c in arg.children(verb, "prep"))
            if (ctx.onto.has("failure_verbs", verb) or without) and ctx.onto.has("negotiation_nouns", node):
                return True  # not 'the ceasefire collapsed': that truce was agreed
            if verb.dep_ not in (
                "nsubj",
                "nsubjpass",
            ):  # 'the ceasefire talks failed', 'talks' read as a verb
                return False
        elif node.dep_ == "ROOT":  # 'Talks on a truce between X and Y stalled', the verb read as Y's clause
            acts = (t for t in node.subtree if t.dep_ == "acl" and ctx.onto.has("failure_verbs", t))
            return ctx.onto.has("negotiation_nouns", node) and any(acts)
        elif node.dep_ not in ("compound", "pobj", "prep", "dobj", "acl", "xcomp", "amod", "nmod", "aux"):
            return False
        node = node.head
    return False


def rule_for(tok: Token, ctx: arg.Context, relax: bool = False) -> arg.Trigger | None:
    """The first trigger rule that holds for a token; `relax` drops the conditions of RELAXABLE that only
    guard a bare noun against generic mentions ('attacks are rising'), for a sentence with no firm event."""
    pos = {"NOUN": "NOUN", "VERB": "VERB"}.get(tok.pos_)  # not PROPN: 'March 2026', 'Assault Brigade'
    if tok.pos_ == "PROPN" and bool(tok.is_sent_start) and not tok.ent_type_ and tok.tag_ == "NNPS":
        pos = "NOUN"  # 'Clashes erupted ...': a capitalised plural first in the sentence, read as a name
    rules = ctx.onto.candidates(tok) if pos is not None else []
    if not rules:
        return None
    named = tok.dep_ == "compound" and tok.head.pos_ == "PROPN"  # 'Assault' in 'the 3rd Assault Brigade'
    unit = tok.i in ctx.actor_at and ctx.actor_at[tok.i].actor.unit is not None
    gear = tok.dep_ == "compound" and ctx.onto.has("armed_nouns", tok.head)  # 'riot police', 'strike force'
    if named or unit or gear or _name_head(tok, ctx):
        return None
    for rule in rules:
        needs = tuple(n for n in rule.needs if not (relax and n in RELAXABLE))
        if rule.pos in (None, pos) and all(holds(n, tok, rule, ctx) for n in needs):
            if rule.cls != "protest" and _abstract_foe(tok, ctx):  # 'rallied against corruption' still is
                continue
            if pos == "NOUN" and _not_this(tok, ctx):
                return None
            return replace(rule, needs=needs) if needs != rule.needs else rule
    return None


def _name_head(tok: Token, ctx: arg.Context) -> bool:
    """'the Viv Ansanm coalition', 'the Islamic Front': the head noun of a group's name (name_heads) names the
    group, not a change to it."""
    if not ctx.onto.has("name_heads", tok):
        return False
    mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
    return tok.i in ctx.actor_at or any(m.i in ctx.actor_at or m.pos_ == "PROPN" for m in mods)


def _not_this(tok: Token, ctx: arg.Context) -> bool:
    """A trigger word that names no new event: a past one by its year ('the 2016 cafe attack', 'the 1995
    massacre'), an illness or words ('a heart attack', 'a scathing attack')."""
    mods = [c for c in tok.lefts if c.dep_ in ("nummod", "compound", "amod", "nmod", "npadvmod")]
    if any(ctx.onto.has("not_violence_modifiers", c) for c in mods):
        return True
    if tok.tag_ == "NNS" and tok.dep_ in ("dobj", "nsubjpass") and ctx.onto.has("trend_verbs", tok.head):
        return True  # 'has stepped up attacks on the police this year': a trend, no event
    years = (t for c in mods for t in c.subtree)  # 'the 2008 Mumbai attacks'
    return any(
        t.tag_ == "CD" and len(t.text) == 4 and t.text[:2] in ("19", "20") and t.text.isdigit() for t in years
    )


def _abstract_foe(tok: Token, ctx: arg.Context) -> bool:
    """'the battle against inflation', 'fought against poverty': a fight against no armed side."""
    preps = (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("against", "on"))
    return any(ctx.onto.has("abstract_foes", p) for c in preps for p in c.children if p.dep_ == "pobj")


def _party(tok: Token | None, ctx: arg.Context) -> Token | None:
    """The token itself when it names a party to a conflict: armed group, state forces or government."""
    found = arg.mention_in(tok, ctx)
    return tok if found is not None and found.actor.kind in arg.ARMED_KINDS else None


def denier(tok: Token, ctx: arg.Context) -> Token | None:
    """The party denying an act it is blamed for: 'X rejected blame', 'X denied striking the block', 'X said
    its forces did not strike homes'; None when the token is no such denial."""
    if ctx.cues.has("deny_verbs", tok):
        objs = arg.children(tok, "dobj", "xcomp", "ccomp")
        if any(ctx.onto.has("denial_objects", o) or ctx.onto.has("denied_acts", o) for o in objs):
            return _party(mod.subject(tok), ctx)
    if ctx.cues.has("report_verbs", tok):
        said = arg.children(tok, "ccomp")
        negated = [c for c in said if any(n.dep_ == "neg" for n in c.children)]
        if any(ctx.onto.has("denied_acts", c) for c in negated):
            return _party(mod.subject(tok), ctx)
    return None


def perpetrator(tok: Token, ctx: arg.Context) -> tuple[Token, bool] | None:
    """Who carried out an attack named by a noun, and whether the noun covers several attacks: 'both attacks
    had been carried out by the SBU', 'the navy conducted the strike'."""
    if not ctx.onto.has("perform_verbs", tok) or tok.pos_ != "VERB":
        return None
    done = arg.children(tok, "nsubjpass") if arg.passive(tok) else arg.children(tok, "dobj")
    act = next((o for o in done if ctx.onto.has("attack_nouns", o)), None)
    doer = next(iter(arg.pobjs(tok, "by")), None) if arg.passive(tok) else mod.subject(tok)
    if act is None or _party(doer, ctx) is None or doer is None:
        return None
    several = act.tag_ == "NNS" and any(ctx.onto.has("group_dets", c) for c in act.children)
    return doer, several


@dataclass(frozen=True)
class Draft:
    trigger: Token
    sub: str
    actor1: Actor | None
    actor2: Actor | None
    place: PlaceMention | None
    location: Location | None
    time: TimeMention | None
    reading: mod.Reading
    claimed_by: Actor | None
    confidence: float
    several: bool = False
    withdrawal: bool = False  # told as one side leaving ('pulled out of X'), not as the other taking it
    fatalities: int | None = None
    injuries: int | None = None
    vague: bool = False
    unplaced_victims: bool = False  # actor2 is civilians whose country no place told (arguments.victims)


def same(a: Draft, b: Draft) -> bool:
    """One event: the same kind and modality, and the same place or, outside territory changes, no place on
    one side."""
    if a.sub != b.sub or a.reading.modality != b.reading.modality:
        return False
    pa, pb = (a.place.start if a.place else None), (b.place.start if b.place else None)
    return pa == pb or (a.sub not in TERRITORY_SUBS and (pa is None or pb is None))
