"""Actors: who acts in a report, as canonical ACLED-style actors (data/actors.json).

Recognition, most trusted first: named groups, office holders and named units by alias (an ambiguous acronym
only where the document names the group's context); numbered units ("the 47th Mechanized Brigade"); forces,
police, protesters and civilians named by a demonym, country or capital ("Ukrainian troops", "Kyiv's forces",
"Russian/DPR forces"), or by generic state-force words alone ("troopers", "army units": the article's
country); capitals and countries that speak or act ("Moscow contends" → Government of Russia); they/their when
exactly one actor precedes them in the sentence.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from frontwatch.nlp import sent_of
from frontwatch.types import Actor, ActorMention, Document

DEFAULT_PATH = Path(__file__).parent / "data" / "actors.json"
ORDINAL_RE = re.compile(r"^\d+(st|nd|rd|th)$", re.IGNORECASE)
CLAUSE_SKIP = {"det", "poss", "case", "punct", "prep", "cc", "predet", "appos", "relcl", "acl"}
GROUP_KINDS = ("rebel_group", "political_militia", "identity_militia")
PRIORITY = {"alias": 3, "unit": 3, "role": 2, "country": 1}
GENERIC = {
    "police": ("Police Forces", "police"),
    "protesters": ("Protesters", "protesters"),
    "rioters": ("Rioters", "rioters"),
    "civilians": ("Civilians", "civilians"),
    "unidentified": ("Unidentified Armed Group", "political_militia"),
    "military": ("Military Forces", "state_forces"),
}


@dataclass(frozen=True)
class ActorEntry:
    """A canonical actor and the words that name it."""

    actor: Actor
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    role: str = "group"


@dataclass(frozen=True)
class Lexicon:
    role_nouns: Mapping[str, str]
    words: Mapping[str, frozenset[str]]

    def has(self, key: str, word: str) -> bool:
        return word in self.words.get(key, frozenset())


@dataclass(frozen=True, eq=False)
class Registry:
    """Canonical actors, their names, and the lexicon used to recognize them."""

    entries: tuple[ActorEntry, ...]
    by_name: Mapping[str, Actor]
    by_role: Mapping[tuple[str, str], Actor]
    names: Mapping[str, tuple[Actor, str]]  # alias as written → (actor, "alias" | "office" | "unit")
    places: Mapping[str, str]  # country name, capital or demonym as written → ISO2
    capitals: frozenset[str]
    demonyms: frozenset[str]
    conflicts: tuple[tuple[str, str], ...]
    lexicon: Lexicon
    alias_pattern: re.Pattern[str]
    place_pattern: re.Pattern[str]
    contexts: Mapping[str, re.Pattern[str]]  # ambiguous alias → words one of which the document must name

    @classmethod
    def load(cls, path: Path | None = None) -> Registry:
        return _load(path or DEFAULT_PATH)

    def actor(self, name: str) -> Actor | None:
        return self.by_name.get(name)

    def role(self, country: str | None, role: str) -> Actor | None:
        """The role actor of a country: role is military, government, police, protesters, civilians, ..."""
        return self.by_role.get((country, role)) if country else None

    def country_of(self, word: str) -> str | None:
        word = re.sub(r"['’]s?$", "", word.strip())
        return self.places.get(word)

    def armed(self, actor: Actor) -> Actor:
        """The force that fights for an actor: a government's military, else the actor itself."""
        if actor.kind == "government":
            return self.role(actor.country, "military") or actor
        return actor

    def localize(self, actor: Actor, country: str | None) -> Actor:
        """A countryless role actor ('Police Forces') as the role actor of a country, when it is known."""
        role = next((r for r, (name, _) in GENERIC.items() if name == actor.name), None)
        if actor.country is not None or role is None:
            return actor
        return self.role(country, role) or actor

    def opponents(self, actor: Actor) -> tuple[Actor, ...]:
        """Known enemies of an actor (the other side of each conflict dyad it belongs to)."""
        name = self.armed(actor).name
        out = [b if a == name else a for a, b in self.conflicts if name in (a, b)]
        return tuple(self.by_name[n] for n in out if n in self.by_name)


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in ordered) + r")(?!\w)")


def _lexicon(data: Mapping[str, Any]) -> Lexicon:
    nouns = data["nouns"]
    roles = {w: role for role, ws in nouns.items() if role not in ("comment", "police_modifiers") for w in ws}
    keys = (
        "unit_nouns",
        "ordinals",
        "titles",
        "statement_verbs",
        "stance_adjectives",
        "action_verbs",
        "stance_nouns",
        "place_part_nouns",
        "pronouns",
        "holding_participles",
        "group_anaphors",
    )
    words = {k: frozenset(data[k]) for k in keys}
    words["police_modifiers"] = frozenset(nouns["police_modifiers"])
    words["military_compounds"] = frozenset(data["military_compounds"]["words"])
    words["generic_force_nouns"] = frozenset(data["generic_forces"]["nouns"])
    words["generic_force_modifiers"] = frozenset(data["generic_forces"]["modifiers"])
    words["generic_force_heads"] = frozenset(data["generic_forces"]["modified_nouns"])
    return Lexicon(role_nouns=roles, words=words)


@functools.cache
def _load(path: Path) -> Registry:
    data = json.loads(path.read_text(encoding="utf-8"))
    countries = {c["iso2"]: c for c in data["countries"]}
    entries, names, contexts = [], {}, {}
    for a in data["actors"]:
        actor = Actor(a["name"], a["country"], a["kind"])
        c = countries.get(a["country"] or "", {})
        entries.append(
            ActorEntry(
                actor,
                tuple(a["aliases"]),
                tuple(c.get("demonyms", ())),
                tuple(c.get("capitals", ())),
                a["role"],
            )
        )
        names.update({alias: (actor, "alias") for alias in (*a["aliases"], *a.get("context_aliases", ()))})
        contexts.update({alias: _alternation(a["context"]) for alias in a.get("context_aliases", ())})
    by_name = {e.actor.name: e.actor for e in entries}
    for o in data["office_holders"]:
        names.update({n: (by_name[o["actor"]], "office") for n in o["names"]})
    for u in data["units"]:
        names.update({n: (by_name[u["actor"]], "unit") for n in u["names"]})
    places = {w: iso for iso, c in countries.items() for w in (*c["names"], *c["capitals"], *c["demonyms"])}
    return Registry(
        entries=tuple(entries),
        by_name=by_name,
        by_role={(e.actor.country or "", e.role): e.actor for e in entries if e.role != "group"},
        names=names,
        places=places,
        capitals=frozenset(w for c in countries.values() for w in c["capitals"]),
        demonyms=frozenset(w for c in countries.values() for w in c["demonyms"]),
        conflicts=tuple((a, b) for a, b in data["conflicts"]),
        lexicon=_lexicon(data),
        alias_pattern=_alternation(names),
        place_pattern=_alternation(places),
        contexts=contexts,
    )


@dataclass(frozen=True)
class _Found:
    span: Span
    actor: Actor
    source: str  # alias | unit | role | country | pronoun | anaphor


def _span(sdoc: Doc, start: int, end: int) -> Span | None:
    return sdoc.char_span(start, end, alignment_mode="expand")


def _trim(sdoc: Doc, start: int, end: int) -> Span:
    """Tokens start..end (inclusive) without a leading determiner."""
    while start < end and sdoc[start].dep_ in ("det", "predet"):
        start += 1
    return sdoc[start : end + 1]


def _alias_mentions(sdoc: Doc, text: str, reg: Registry) -> list[_Found]:
    out = []
    for m in reg.alias_pattern.finditer(text):
        span = _span(sdoc, m.start(), m.end())
        context = reg.contexts.get(m.group(1))
        if span is None or context is not None and not context.search(text):
            continue
        actor, how = reg.names[m.group(1)]
        start = span.start
        if how == "office":
            while start > 0 and (
                sdoc[start - 1].text in reg.lexicon.words["titles"] or sdoc[start - 1].text in reg.demonyms
            ):
                start -= 1
        if how == "unit":
            actor = replace(actor, unit=m.group(1))
        out.append(_Found(sdoc[start : span.end], actor, "unit" if how == "unit" else "alias"))
    return out


def _country_of_token(tok: Token, reg: Registry) -> str | None:
    compounds = [c for c in tok.lefts if c.dep_ == "compound"]
    if compounds:
        found = reg.country_of(tok.doc[compounds[0].i : tok.i + 1].text)
        if found:
            return found
    return reg.country_of(tok.text)


def _qualifier(tok: Token, reg: Registry) -> tuple[str, Token] | None:
    """A demonym, country or capital qualifying a noun: 'Russian forces', "Kyiv's troops", 'army of Mali'."""
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod") and child.i < tok.i:
            iso = _country_of_token(child, reg)
            if iso:
                return iso, child
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                iso = _country_of_token(pobj, reg) if pobj.dep_ == "pobj" else None
                if iso:
                    return iso, pobj
    return None


def _noun_role(tok: Token, reg: Registry) -> str | None:
    lex = reg.lexicon
    role = lex.role_nouns.get(tok.lemma_.lower()) or lex.role_nouns.get(tok.lower_)
    if role is None:
        return None
    mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    if role == "military" and mods & lex.words["police_modifiers"]:
        return "police"
    if role == "government" and mods & lex.words["military_compounds"]:
        return "military"
    return "military" if role == "possession" else role


def _role_mentions(
    sdoc: Doc, toks: list[Token], reg: Registry, home: str | None, named: set[int]
) -> list[_Found]:
    """Role nouns with their country; one a named group qualifies ('Maoist insurgents') is left to it, but a
    country joined to it by a slash ('Russia/LPR forces') is a mention of that country's side."""
    out = []
    for tok in toks:
        role = _noun_role(tok, reg) if tok.pos_ in ("NOUN", "PROPN") else None
        if role is None or _holder(tok, reg):
            continue
        if any(c.i in named for c in (tok.subtree if role == "unidentified" else tok.lefts)):
            out += _slashed(tok, role, reg)
            continue
        qual = _qualifier(tok, reg)
        if qual is None and role == "military" and _generic_force(tok, reg):  # events localize it
            start = min(c.i for c in [tok, *_modifiers(tok)])
            name, kind = GENERIC["military"]
            out.append(_Found(_trim(sdoc, start, tok.i), Actor(name, None, kind), "role"))
            continue
        if qual is None and (role in ("military", "government") or tok.lemma_.lower() in ("hand", "control")):
            continue
        if qual and (pairs := [c for c in qual[1].conjuncts if c.i > qual[1].i and reg.country_of(c.text)]):
            out += _split_qualifiers(qual[1], pairs, role, reg)
            qual = (reg.country_of(pairs[-1].text) or qual[0], pairs[-1])
        actor = reg.role(qual[0] if qual else home, role) or (_generic(role) if not qual else None)
        if actor is None:
            continue
        lo = min(qual[1].left_edge.i if qual[1].dep_ != "conj" else qual[1].i, tok.i) if qual else tok.i
        hi = max(qual[1].i, tok.i) if qual else tok.i
        out.append(_Found(_trim(sdoc, lo, hi), actor, "role"))
    return out


def _holder(tok: Token, reg: Registry) -> bool:
    """'rebel-held', 'militant-controlled': the noun describes a place, it does not act."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    after = nxt.nbor(1) if nxt is not None and nxt.text == "-" and nxt.i + 1 < len(tok.doc) else None
    return after is not None and after.lower_ in reg.lexicon.words["holding_participles"]


def _modifiers(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i]


def _generic_force(tok: Token, reg: Registry) -> bool:
    """A force noun that names a state's forces by itself or by state words only: 'troopers', 'the army',
    'army units', 'government troops' (not 'rebel soldiers', 'enemy troops', nor 'Army' in 'army units')."""
    words = reg.lexicon.words
    if tok.dep_ == "compound" and _noun_role(tok.head, reg) == "military":
        return False
    mods = {m.lemma_.lower() for m in _modifiers(tok)}
    if not mods <= words["generic_force_modifiers"]:
        return False
    heads = words["generic_force_heads"] if mods else frozenset()
    return bool({tok.lemma_.lower(), tok.lower_} & (words["generic_force_nouns"] | heads))


def _slashed(tok: Token, role: str, reg: Registry) -> list[_Found]:
    """'Russia/LPR forces', 'LPR/Russian troops': the country beside the slash names its own side."""
    out = []
    for c in (t for t in tok.subtree if t.i < tok.i):
        beside = [tok.doc[i].text for i in (c.i - 1, c.i + 1) if 0 <= i < len(tok.doc)]
        iso = reg.country_of(c.text) if "/" in beside else None
        actor = reg.role(iso, role) if iso else None
        if actor is not None:
            out.append(_Found(tok.doc[c.i : c.i + 1], actor, "role"))
    return out


def _split_qualifiers(first: Token, rest: list[Token], role: str, reg: Registry) -> list[_Found]:
    """'Ukrainian and Russian troops': the first demonyms are mentions of their own side."""
    out = []
    for q in [first, *rest[:-1]]:
        actor = reg.role(reg.country_of(q.text), role)
        if actor is not None:
            out.append(_Found(q.doc[q.i : q.i + 1], actor, "role"))
    return out


def _generic(role: str) -> Actor | None:
    """A role actor whose country the text does not give ('police', 'gunmen'); events localize it."""
    name_kind = GENERIC.get(role)
    return Actor(name_kind[0], None, name_kind[1]) if name_kind else None


def _unit_run(tok: Token, reg: Registry) -> list[Token]:
    """The modifiers left of a unit noun: '3rd Separate Assault' in '3rd Separate Assault Brigade'."""
    run: list[Token] = []
    for t in reversed(tok.doc[max(0, tok.i - 12) : tok.i]):  # one span, not a new Token per doc[i]
        if t.dep_ in CLAUSE_SKIP or t.is_punct and t.text != "-" or not tok.is_ancestor(t):
            break
        run.insert(0, t)
    return run


def _is_ordinal(tok: Token, reg: Registry) -> bool:
    return bool(ORDINAL_RE.match(tok.text)) or tok.lower_ in reg.lexicon.words["ordinals"]


def _unit_mentions(sdoc: Doc, toks: list[Token], reg: Registry, protagonist: str | None) -> list[_Found]:
    out = []
    for tok in toks:
        if tok.lower_ not in reg.lexicon.words["unit_nouns"]:
            continue
        run = _unit_run(tok, reg)
        if not any(_is_ordinal(t, reg) for t in run):
            continue
        named = [t for t in run if t.text not in reg.demonyms]
        qual = next((reg.country_of(t.text) for t in run if t.text in reg.demonyms), None)
        qual = qual or (q[0] if (q := _qualifier(tok, reg)) else None)
        actor = reg.role(qual or protagonist, "military")
        if actor is None or not named:
            continue
        unit = sdoc[named[0].i : tok.i + 1].text
        start = min([run[0].i, *(c.left_edge.i for c in tok.children if c.dep_ == "poss")])
        out.append(_Found(_trim(sdoc, start, tok.i), replace(actor, unit=unit), "unit"))
    return out


def _governor(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _speaks(verb: Token, reg: Registry) -> bool:
    """A statement or stance: 'Moscow contends', 'Kyiv is resolute', 'Russia is ready to'."""
    words = reg.lexicon.words
    if verb.lemma_.lower() in words["statement_verbs"]:
        return True
    preds = [c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd")]
    return verb.lemma_.lower() in ("be", "remain", "appear", "seem") and any(
        p.lemma_.lower() in words["stance_adjectives"] for p in preds
    )


def _country_mentions(sdoc: Doc, named: list[re.Match[str]], reg: Registry) -> list[_Found]:
    """Capitals, countries and demonym plurals acting as governments or forces."""
    out = []
    words = reg.lexicon.words
    for m in named:
        span = _span(sdoc, m.start(), m.end())
        if span is None:
            continue
        word, head = m.group(1), _governor(span.root)
        is_demonym = word in reg.demonyms
        if is_demonym and not (word.endswith("s") and span.root.pos_ in ("NOUN", "PROPN")):
            continue
        role = None
        if head.dep_ == "poss" and not is_demonym:
            noun = head.head.lemma_.lower()
            role = "government" if noun in words["stance_nouns"] else None
        elif head.dep_ in ("nsubj", "nsubjpass"):
            verb = head.head
            if _speaks(verb, reg) and not is_demonym:
                role = "government"
            elif verb.lemma_.lower() in words["action_verbs"]:
                role = "military"
        actor = reg.role(reg.places[word], role) if role else None
        if actor is not None:
            out.append(_Found(span, actor, "country"))
    return out


def _weight(f: _Found) -> int:
    root = f.span.root
    return 2 if root.dep_ in ("nsubj", "nsubjpass") or root.head.dep_ in ("nsubj", "nsubjpass") else 1


def _protagonist(found: Iterable[_Found]) -> str | None:
    """The country whose forces an article follows: most mentions, subjects counted twice; None on a tie."""
    score: Counter[str] = Counter()
    for f in found:
        if f.actor.kind == "state_forces" and f.actor.country:
            score[f.actor.country] += _weight(f)
    ranked = score.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _home_country(named: list[re.Match[str]], reg: Registry) -> str | None:
    """The country an article is most about, by its names, capitals and demonyms; ties go to the first."""
    seen = [reg.places[m.group(1)] for m in named]
    if not seen:
        return None
    counts = Counter(seen)
    return max(counts, key=lambda iso: (counts[iso], -seen.index(iso)))


def _without_overlaps(found: Iterable[_Found]) -> list[_Found]:
    kept: list[_Found] = []
    taken: set[int] = set()
    for f in sorted(found, key=lambda f: (-PRIORITY.get(f.source, 0), -len(f.span), f.span.start)):
        idx = set(range(f.span.start, f.span.end))
        if not idx & taken:
            kept.append(f)
            taken |= idx
    return sorted(kept, key=lambda f: f.span.start)


def _named_group_anaphors(kept: list[_Found], reg: Registry) -> list[_Found]:
    """'the rebels', 'the insurgents' (a bare definite plural of a group noun) after one named armed group
    and no other: that group ('M23 rebels seized the town ... the rebels took it on Monday')."""
    out: list[_Found] = []
    for f in kept:
        root = f.span.root
        dets = [c.lower_ for c in root.children if c.dep_ == "det"]
        bare = f.source == "role" and f.actor.kind in GROUP_KINDS and root.tag_ == "NNS" and dets == ["the"]
        named = {g.actor for g in out if g.source == "alias" and g.actor.kind in GROUP_KINDS}
        if bare and reg.lexicon.has("group_anaphors", root.lemma_.lower()) and len(named) == 1:
            f = replace(f, actor=next(iter(named)), source="anaphor")
        out.append(f)
    return out


def _pronoun_mentions(sdoc: Doc, toks: list[Token], kept: list[_Found], reg: Registry) -> list[_Found]:
    """they/their/them/its → the one actor (ignoring units) named before them in the same sentence.

    'its troops', 'their forces': a resolved possessive pronoun makes its force noun a mention of that side.
    """
    out = []
    for tok in toks:
        if tok.lower_ not in reg.lexicon.words["pronouns"]:
            continue
        sent = sent_of(tok)
        before = [f for f in kept if sent.start <= f.span.start and f.span.end <= tok.i]
        singular = tok.lower_ in ("it", "its")  # a country is 'it': governments count as candidates then
        names = {f.actor.name for f in before if f.actor.kind != "government" or singular}
        sides = {f.actor.country or f.actor.name for f in before if f.actor.name in names}
        if len(names) != 1 and not (singular and len(sides) == 1):
            continue  # two sides named before the pronoun: abstain rather than guess
        actor = next(f for f in reversed(before) if f.actor.name in names).actor
        role = _noun_role(tok.head, reg) if tok.dep_ == "poss" else None
        if role is not None and tok.head.i > tok.i:
            owner = reg.role(actor.country, role) if actor.kind == "government" else replace(actor, unit=None)
            out.append(_Found(sdoc[tok.i : tok.head.i + 1], owner or actor, "pronoun"))
        else:
            out.append(_Found(sdoc[tok.i : tok.i + 1], actor, "pronoun"))
    return out


def find_actors(doc: Document, sdoc: Doc, registry: Registry) -> list[ActorMention]:
    """Every actor mention of a parsed document, one per span, in text order."""
    countries = list(registry.place_pattern.finditer(doc.text))  # Doc.text would join every token again
    home = _home_country(countries, registry)
    aliases = _alias_mentions(sdoc, doc.text, registry)
    named = {t.i for f in aliases for t in f.span}
    toks = list(sdoc)  # one Token object per position, shared by the passes below
    found = [*aliases, *_role_mentions(sdoc, toks, registry, home, named)]
    found += _country_mentions(sdoc, countries, registry)
    found += _unit_mentions(sdoc, toks, registry, _protagonist(found))
    kept = _named_group_anaphors(_without_overlaps(found), registry)
    kept += _pronoun_mentions(sdoc, toks, kept, registry)
    kept.sort(key=lambda f: f.span.start)
    return [ActorMention(doc.id, f.span.text, f.span.start_char, f.span.end_char, f.actor) for f in kept]
