"""Event arguments from the parse: the ontology of data/events.json, the document `Context`, and the actor
roles of a trigger (who acted, on whom, which side).

Used by frontwatch.events and frontwatch.triggers. Every helper reads one trigger token and a `Context`
holding the document's place, time and actor mentions indexed by token. Where and when a trigger happened
is read by frontwatch.attach.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from frontwatch import modality as mod
from frontwatch.actors import Registry
from frontwatch.nlp import sent_of
from frontwatch.types import (
    Actor,
    ActorMention,
    Document,
    Location,
    PlaceMention,
    Sentence,
    TimeMention,
)

DEFAULT_PATH = Path(__file__).parent / "data" / "events.json"
STATE_KINDS = {"state_forces", "government", "police"}
ARMED_KINDS = STATE_KINDS | {"rebel_group", "political_militia", "identity_militia", "external_force"}
REFS = {"PAST_REF", "PRESENT_REF", "FUTURE_REF"}
ARMED_HEADS = {"convoy", "unit", "position", "base", "patrol"}  # 'a convoy of civilians' is still a convoy
NO_DESCENT = {"relcl", "acl", "advcl", "ccomp", "conj"}
NAMING_KINDS = ARMED_KINDS - {"police"}  # 'Donetsk PR forces', 'Russia/LPR': the place word names a side
PRONOUN_TAGS = {"PRP"}


@dataclass(frozen=True)
class Trigger:
    lemmas: frozenset[str]
    cls: str
    sub: str | None
    pos: str | None
    needs: tuple[str, ...]
    default: str | None


@dataclass(frozen=True, eq=False)
class Ontology:
    event_type_of: Mapping[str, str]
    triggers: tuple[Trigger, ...]
    weapons: tuple[tuple[str, frozenset[str]], ...]
    lex: Mapping[str, frozenset[str]]
    protest: tuple[tuple[str, frozenset[str]], ...]
    sentence_weapons: frozenset[str] = frozenset()
    rules_of: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # word -> its rules, in order

    def candidates(self, tok: Token) -> list[Trigger]:
        """The trigger rules whose lemmas hold the token's lemma or word, in data-file order."""
        found = {i for w in forms(tok) for i in self.rules_of.get(w, ())}
        return [self.triggers[i] for i in sorted(found)]

    def has(self, key: str, tok: Token) -> bool:
        return not forms(tok).isdisjoint(self.lex[key])


@functools.cache
def load_ontology(path: Path = DEFAULT_PATH) -> Ontology:
    data = json.loads(path.read_text(encoding="utf-8"))
    triggers = tuple(
        Trigger(
            frozenset(t["lemmas"]),
            t["class"],
            t.get("sub_event_type"),
            t.get("pos"),
            tuple(t.get("needs", ())),
            t.get("default"),
        )
        for t in data["triggers"]
    )
    protest = tuple((k, frozenset(v)) for k, v in data["protest"].items() if k != "comment")
    return Ontology(
        event_type_of={s: t for t, subs in data["event_types"].items() for s in subs},
        triggers=triggers,
        weapons=tuple((w["sub_event_type"], frozenset(w["words"])) for w in data["weapons"]["types"]),
        lex={k: frozenset(v) for k, v in data["lexicons"].items()},
        protest=protest,
        sentence_weapons=frozenset(data["weapons"].get("sentence_wide", ())),
        rules_of=_rules_of(triggers),
    )


def _rules_of(triggers: Sequence[Trigger]) -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for i, t in enumerate(triggers):
        for word in t.lemmas:
            out.setdefault(word, []).append(i)
    return {w: tuple(ns) for w, ns in out.items()}


@dataclass(frozen=True, eq=False)
class Context:
    """What the rules read about one document."""

    doc: Document
    onto: Ontology
    reg: Registry
    cues: mod.Cues
    places: tuple[PlaceMention, ...]
    times: tuple[TimeMention, ...]
    place_at: Mapping[int, PlaceMention]
    actor_at: Mapping[int, ActorMention]
    time_root: Mapping[int, Token]
    quotes: tuple[tuple[int, int], ...]
    sentences: Mapping[int, Sentence]
    home: str | None
    sides: tuple[Actor, ...]
    all_times: tuple[TimeMention, ...] = ()  # every time expression, durations and sets included
    duration_root: Mapping[int, Token] = field(default_factory=dict)  # start of a DURATION → its root


def index(
    sdoc: Doc, records: Iterable[PlaceMention | ActorMention]
) -> dict[int, PlaceMention | ActorMention]:
    out: dict[int, PlaceMention | ActorMention] = {}
    for r in records:
        span = sdoc.char_span(r.start, r.end, alignment_mode="expand")
        out.update({t.i: r for t in span or ()})
    return out


def build_context(
    doc: Document,
    sdoc: Doc,
    sentences: Sequence[Sentence],
    places: Sequence[PlaceMention],
    times: Sequence[TimeMention],
    actors: Sequence[ActorMention],
) -> Context:
    reg = Registry.load()
    usable = tuple(p for p in places if p.role != "metonym" and not _names_side(p, actors))
    dated = tuple(
        t for t in times if t.interval is not None and t.value not in REFS and t.type in ("DATE", "TIME")
    )
    roots = _roots(sdoc, dated)
    countries = Counter(p.place.country for p in usable if p.place and p.place.country)
    countries.update(a.actor.country for a in actors if a.actor.country)
    home = countries.most_common(1)[0][0] if countries else None
    actors = [replace(a, actor=reg.localize(a.actor, home)) for a in actors]
    armed = [reg.armed(replace(a.actor, unit=None)) for a in actors if a.actor.kind in ARMED_KINDS]
    return Context(
        doc=doc,
        onto=load_ontology(),
        reg=reg,
        cues=mod.load_cues(),
        places=usable,
        times=dated,
        place_at={i: r for i, r in index(sdoc, usable).items() if isinstance(r, PlaceMention)},
        actor_at={i: r for i, r in index(sdoc, actors).items() if isinstance(r, ActorMention)},
        time_root=roots,
        quotes=mod.quote_spans(doc.text),
        sentences={s.start: s for s in sentences},
        home=home,
        sides=tuple(a for a, _ in Counter(armed).most_common()),
        all_times=tuple(times),
        duration_root=_roots(sdoc, [t for t in times if t.type == "DURATION"]),
    )


def _roots(sdoc: Doc, times: Iterable[TimeMention]) -> dict[int, Token]:
    return {t.start: s.root for t in times if (s := sdoc.char_span(t.start, t.end, alignment_mode="expand"))}


def _names_side(pm: PlaceMention, actors: Sequence[ActorMention]) -> bool:
    """A place word inside the name of an armed side ('Donetsk PR forces', 'Russia/LPR') is no event place."""
    return any(a.start <= pm.start and pm.end <= a.end and a.actor.kind in NAMING_KINDS for a in actors)


def state_force_words(ctx: Context) -> frozenset[str]:
    """Words of a state's side (the actor registry's generic_forces): 'troopers', 'army units', 'regime'."""
    words = ctx.reg.lexicon.words
    return words["generic_force_nouns"] | words["generic_force_modifiers"]


def unidentified(actor: Actor | None) -> bool:
    """No actor, or an unidentified armed group: a side the text does not name."""
    return actor is None or actor.name.startswith("Unidentified")


def is_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN")


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def pobjs(tok: Token, *preps: str) -> list[Token]:
    return [
        p
        for c in tok.children
        if c.dep_ in ("prep", "agent") and c.lower_ in preps
        for p in c.children
        if p.dep_ in ("pobj", "pcomp")
    ]


def passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def singulars(word: str) -> set[str]:
    """Candidate singulars of a plural the lemmatizer left alone ('Rockets' read as a proper noun at the
    start of a sentence): 'rockets' -> rocket, 'clashes' -> clash, 'militias' -> militia, 'casualties' ->
    casualty. A wrong candidate is harmless: it only has to be absent from the lexicons."""
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss"):
        return set()
    out = {word[:-1]}
    if word.endswith("es"):
        out.add(word[:-2])
    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    return out


def forms(tok: Token) -> set[str]:
    """The forms a lexicon may list a token under: its lemma, its word and, for a plural, its singulars."""
    out = {tok.lemma_.lower(), tok.lower_}
    if tok.tag_ in ("NNS", "NNPS") or (tok.pos_ == "PROPN" and bool(tok.is_sent_start)):
        out |= singulars(tok.lower_)
    return out


def grams(tokens: Iterable[Token]) -> set[str]:
    toks = sorted((t for t in tokens if not t.is_punct), key=lambda t: t.i)
    words = [t.lemma_.lower() for t in toks]
    plain = {w for t in toks for w in forms(t)}
    return {*plain, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))}


def scope(tok: Token) -> list[Token]:
    """A trigger's phrase without relative and participial clauses of its nouns ('the tanker, which ...')."""
    out, level = [tok], [tok]
    while level:
        level = [c for t in level for c in t.children if c.dep_ not in ("relcl", "acl") or c.i == tok.i]
        out += level
    return out


def weapon(tokens: Iterable[Token], ctx: Context, only: frozenset[str] | None = None) -> str | None:
    """The first weapon type (data/events.json order) whose words the tokens name; `only` limits the types."""
    found = grams(
        t for t in tokens if t.pos_ != "PRON" or t.lower_.endswith(("self", "selves"))
    )  # 'blew himself up'
    kinds = [(sub, words) for sub, words in ctx.onto.weapons if only is None or sub in only]
    return next((sub for sub, words in kinds if found & words), None)


def words_of(head: Token | None) -> set[str]:
    """Lemmas and words of a noun phrase's head and its modifiers ('Military forces', 'the army units')."""
    if head is None:
        return set()
    toks = [head, *(c for c in head.children if c.dep_ in ("compound", "amod", "nmod", "poss"))]
    return {t.lemma_.lower() for t in toks} | {t.lower_ for t in toks}


def mention_in(tok: Token | None, ctx: Context) -> ActorMention | None:
    """The actor named by a phrase: at its head, else the shallowest inside it (not inside its clauses)."""
    level = [tok] if tok is not None else []
    while level:
        for t in level:
            if t.i in ctx.actor_at:
                return ctx.actor_at[t.i]
        level = [c for t in level for c in t.children if c.dep_ not in NO_DESCENT]
    return None


def agent(tok: Token, ctx: Context, cls: str = "", depth: int = 0) -> ActorMention | None:
    """The actor that performs a trigger, climbing to the governing verb when the trigger has no subject."""
    if depth > 4:
        return None
    if is_noun(tok):
        return noun_agent(tok, ctx, depth)
    by = pobjs(tok, "by") if passive(tok) or any(c.dep_ == "agent" for c in tok.children) else []
    if by:
        return mention_in(by[0], ctx) or launcher(by[0], ctx)
    if cls == "fall":
        return next((m for p in pobjs(tok, *ctx.onto.lex["fall_preps"]) if (m := mention_in(p, ctx))), None)
    subj = None if passive(tok) else mod.subject(tok)
    if subj is not None:
        return mention_in(subj, ctx) or launcher(subj, ctx) or reporter(tok, subj, ctx, depth)
    if tok.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acl", "acomp"):
        gov = tok.head.head if tok.head.pos_ == "ADP" else tok.head
        accused = children(gov, "dobj") if tok.head.lower_ == "of" and gov.pos_ == "VERB" else []
        if accused:  # 'accused Congo of fighting alongside ...'
            return mention_in(accused[0], ctx)
        return agent(gov, ctx, "", depth + 1)
    return None


def launcher(weapon: Token, ctx: Context) -> ActorMention | None:
    """Who launched, fired or flew a weapon that is the doer: 'drones launched by X', 'X-launched drones',
    'a missile fired from X-held territory' (the side the text says holds it)."""
    for verb in children(weapon, "acl", "amod"):
        if not ctx.onto.has("launch_verbs", verb):
            continue
        named = [*pobjs(verb, "by"), *children(verb, "npadvmod", "compound")]
        held = [h for p in pobjs(verb, "from") for h in children(p, "amod", "compound")]
        named += [
            c for h in held if ctx.onto.has("held_words", h) for c in children(h, "npadvmod", "compound")
        ]
        found = next((m for t in named if (m := mention_in(t, ctx) or _forces_of(t, ctx))), None)
        if found:
            return found
    return _qualified_weapon(weapon, ctx)


def _qualified_weapon(weapon: Token, ctx: Context) -> ActorMention | None:
    """'Israeli drones', 'Russian glide bombs': a weapon or aircraft doer qualified by a demonym or country is
    launched by that country's forces; 'military jets', 'government warplanes': by the home country's."""
    if not ctx.onto.has("launched_weapons", weapon):
        return None
    for word in children(weapon, "amod", "compound", "nmod", "poss"):
        found = _forces_of(word, ctx)
        if found is None and ctx.onto.has("home_force_words", word):
            force = ctx.reg.role(ctx.home, "military")
            end = word.idx + len(word.text)
            found = ActorMention(ctx.doc.id, word.text, word.idx, end, force) if force is not None else None
        if found is not None:
            return found
    return None


def _forces_of(word: Token, ctx: Context) -> ActorMention | None:
    """A demonym, country or capital qualifying a launch ('Russian-launched', 'Kyiv-held'): its military."""
    force = ctx.reg.role(ctx.reg.country_of(word.text), "military")
    end = word.idx + len(word.text)
    return ActorMention(ctx.doc.id, word.text, word.idx, end, force) if force is not None else None


def reporter(tok: Token, subj: Token, ctx: Context, depth: int) -> ActorMention | None:
    """'the army said it had retaken ...', 'Russia claims it captured ...': an unresolved pronoun subject of a
    reported clause is its speaker."""
    said = tok.head
    cued = ctx.cues.has("report_verbs", said) or ctx.cues.has("claim_verbs", said)
    if subj.tag_ not in PRONOUN_TAGS or tok.dep_ != "ccomp" or not cued:
        return None
    speaker = mod.speaker(said)
    return (
        agent(said, ctx, "", depth + 1) if speaker is not None and speaker.tag_ not in PRONOUN_TAGS else None
    )


def noun_agent(noun: Token, ctx: Context, depth: int) -> ActorMention | None:
    if noun.i in ctx.actor_at:
        return ctx.actor_at[noun.i]
    for c in children(noun, "poss", "amod", "compound", "nmod"):
        if c.i in ctx.actor_at:
            return ctx.actor_at[c.i]
    by = pobjs(noun, "by")
    if by:
        return mention_in(by[0], ctx)
    gov = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ == "dobj" and ctx.onto.has("light_verbs", gov) or noun.dep_ == "pobj" and gov.pos_ == "VERB":
        return agent(gov, ctx, "", depth + 1)
    return None


def partner(tok: Token, ctx: Context) -> Actor | None:
    """The second of two coordinated subjects: 'Russia and Ukraine agreed', 'Hamas and Israel clashed'."""
    verb = tok.head if is_noun(tok) and tok.dep_ == "dobj" else tok
    verb = tok.head.head if is_noun(tok) and tok.dep_ == "pobj" else verb
    subj = None if is_noun(verb) or passive(verb) else mod.subject(verb)
    second = next((c for c in subj.conjuncts if c.i > subj.i), None) if subj is not None else None
    found = mention_in(second, ctx) if second is not None else None
    return found.actor if found else None


def patient(tok: Token, cls: str) -> Token | None:
    preps = ("on", "against", "at", "targeting") + (("with",) if cls == "plain" else ())
    if is_noun(tok):
        found = pobjs(tok, *preps, "of")
    else:
        subj = mod.subject(tok) if passive(tok) else None
        fire = load_ontology().lex["fire_nouns"]
        opened = tok.lemma_.lower() == "open"  # 'opened fire on X': X ('traded fire on the outskirts': none)
        objs = [o for o in children(tok, "dobj") if not (opened and forms(o) & fire)]
        found = ([subj] if subj is not None else []) + objs + pobjs(tok, *preps)
        found = [_pcomp_object(f) for f in found]  # 'shot at fleeing passengers'
        shared = [o for c in children(tok, "conj") if c.pos_ == "VERB" for o in children(c, "dobj")]
        found += shared if not found else []  # 'killed and wounded scores of fighters'
    return found[0] if found else None


def _pcomp_object(tok: Token) -> Token:
    """The object of a gerund that follows a preposition ('at fleeing passengers'), else the token."""
    if tok.dep_ != "pcomp" or tok.pos_ != "VERB":
        return tok
    return next(iter(children(tok, "dobj")), tok)


def side(actor: Actor) -> str:
    """Which side an actor fights on: a state's forces and government are one side, each group its own."""
    return (actor.country or actor.name) if actor.kind in STATE_KINDS else actor.name


def other_side(actor: Actor | None, ctx: Context) -> Actor | None:
    """The opposing side: the most mentioned known enemy among the document's armed sides, else the only known
    enemy (an ally such as Russia for the LPR is never the other side), else the most mentioned other side."""
    if actor is None:
        return None
    enemies = ctx.reg.opponents(actor)
    others = [a for a in ctx.sides if side(a) != side(actor)]
    foes = [a for a in others if a in enemies]
    states = [e for e in enemies if e.kind == "state_forces"] or list(enemies)
    if foes or len(states) == 1:
        return foes[0] if foes else states[0]
    return others[0] if others else None


def sides_in(sent: Span, ctx: Context) -> list[Actor]:
    """The armed sides a sentence names, counting a bare country name ("handing Russia a gain") as a side."""
    found = dict.fromkeys(ctx.actor_at[t.i].actor for t in sent if t.i in ctx.actor_at)  # in text order
    armed: dict[str, Actor] = {}
    for a in found:
        if a.kind in ARMED_KINDS | {"government"}:
            armed.setdefault(side(ctx.reg.armed(a)), ctx.reg.armed(a))
    for t in sent:
        iso = ctx.reg.country_of(t.text) if t.pos_ == "PROPN" and t.i not in ctx.actor_at else None
        force = ctx.reg.role(iso, "military") if iso else None
        if force is not None:
            armed.setdefault(side(force), force)
    return list(armed.values())


def fallback_agent(tok: Token, ctx: Context) -> Actor | None:
    """The one side a sentence names, else the armed subject of one of the two sentences before it."""
    here = sides_in(sent_of(tok), ctx)
    if here:
        return here[0] if len(here) == 1 else None
    sent = sent_of(tok)
    for _ in range(2):
        if sent.start == 0:
            break
        sent = sent_of(tok.doc[sent.start - 1])
        found = mention_in(mod.subject(sent.root), ctx)
        if found is not None and found.actor.kind in ARMED_KINDS:
            return ctx.reg.armed(found.actor)
    return None


def target_kind(actor2: Actor | None, target: Token | None, ctx: Context) -> str | None:
    """Whom a violent act targets: 'civilian', 'armed', 'place' or None."""
    if actor2 is not None:
        return "civilian" if actor2.kind in ("civilians", "protesters") else "armed"
    if target is None:
        return None
    through = target.pos_ in ("NUM", "NOUN") and target.lemma_.lower() not in ARMED_HEADS
    of = pobjs(target, "of") if through else []
    target = of[0] if of else target  # 'scores of terrorists', 'dozens of civilians'
    if ctx.onto.has("victim_nouns", target):
        return "civilian"
    if ctx.onto.has("armed_nouns", target):
        return "armed"
    if words_of(target) & ctx.onto.lex["armed_nouns"]:
        return "armed"  # 'rebel commander Ali X'
    if target.ent_type_ == "PERSON" or ctx.onto.has("person_nouns", target):
        return "civilian"  # a named person or a role word ('a village head', 'the owner of the shop')
    if ctx.onto.has("civilian_vehicle_nouns", target):
        return "civilian"  # 'shot at a bus', 'fired on a taxi': the people in it
    return "place" if target.i in ctx.place_at or ctx.onto.has("settlement_nouns", target) else None


def victims(target: Token | None, loc: Location | None, ctx: Context) -> Actor | None:
    """'killed 12 people in Rafah' → Civilians of the place's (else the report's) country."""
    if target is None:
        return None
    if not (ctx.onto.has("victim_nouns", target) or ctx.onto.has("civilian_vehicle_nouns", target)):
        return None
    return ctx.reg.role((loc.country if loc else None) or ctx.home, "civilians")


def claimer(reading: mod.Reading, ctx: Context) -> Actor | None:
    """The actor who makes a claim or denial: the reading's source, where it names one."""
    found = mention_in(reading.source, ctx) if reading.source is not None else None
    return found.actor if found else None
