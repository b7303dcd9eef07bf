"""Abbreviated names of first-level areas in running text: the press abbreviations of US states
(geo.json state_aliases: 'Atlanta, Ga.', 'Calif. lawmakers'), of other areas (area_abbreviations:
'Toronto, Ont.', 'FATA') and US postal codes right after a town of that state ('Newark, NJ').

The same table maps a given span to its state in `spans.py`; here each written form is one token, or one
token and the '.' right after it ('Ga' '.' at a sentence's end). Forms that are also words or titles
('Mass.', 'Del.', 'B.C.') count only right after 'Town,'; postal codes only where the town is a place of
that state and no capitalized word follows ('PA reported', 'CA levels' are not states).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from frontwatch.geo.associative import name_aliases, state_names
from frontwatch.geo.filters import PLACE_LABELS, capitalized
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.names import geo_data, normalize
from frontwatch.geo.tokens import Tokens


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """Tokens [i, j) and characters up to `end` of an abbreviation standing for the area `name`."""

    i: int
    j: int
    end: int
    name: str
    region: str = "adm1"


@cache
def abbreviation_table() -> Mapping[str, tuple[str, bool]]:
    """Written form ('Ga.', 'B.C.', 'FATA') → (the area's name, counts only after 'Town,')."""
    data, states = geo_data()["area_abbreviations"], state_names()
    only = frozenset(data["after_place_only"])
    out = {
        a: (states[code], a in only)
        for code, forms in geo_data()["state_aliases"]["names"].items() if code in states
        for a in forms if " " not in a
    }  # fmt: skip
    out.update({a: (name, a in only) for name, forms in data["names"].items() for a in forms})
    return out


@cache
def _before() -> frozenset[str]:
    return frozenset(geo_data()["area_abbreviations"]["before"])


def _form(tk: Tokens, k: int) -> tuple[str, int]:
    """The written form at token k and the token after it: 'Ga.', or 'Ga' with the '.' right after it."""
    text, texts = tk.texts[k], tk.texts
    dot = k + 1 < len(texts) and texts[k + 1] == "." and not tk.ws[k]
    if dot and text + "." in abbreviation_table():
        return text + ".", k + 2
    return text, k + 1


def _after_place(tk: Tokens, k: int, ends: Mapping[int, tuple[int, int]]) -> tuple[int, int] | None:
    """The place span [i, j) right before ', ' and token k, in k's sentence."""
    if k < 2 or tk.texts[k - 1] != "," or tk.first[k - 1] != tk.first[k]:
        return None
    return ends.get(k - 1)


def _goes_on(tk: Tokens, j: int, k: int) -> bool:
    return j < len(tk.texts) and tk.first[j] == tk.first[k] and capitalized(tk.texts[j])


def abbreviation_spans(
    tk: Tokens, spans: Sequence[tuple[int, int]], gaz: Gazetteer
) -> tuple[list[Abbreviation], set[int]]:
    """Abbreviated areas among the capitalized tokens, and the tokens of written forms left out that no
    gazetteer match may take either ('Kan.' alone is not Ganzhou, '200 B.C.' not British Columbia).
    `spans` are the candidate place names: a postal code or a word-like form counts only right after
    one of them and a comma; no form counts right after a number."""
    table, ends = abbreviation_table(), {j: (i, j) for i, j in spans}
    longer = {t for i, j in spans if j - i > 1 for t in range(i, j)}  # 'W. Va.' is one name
    out: list[Abbreviation] = []
    blocked: set[int] = set()
    for k in tk.upper:
        if k in longer:
            continue
        form, j = _form(tk, k)
        place = _after_place(tk, k, ends)
        if form in table:
            name, only = table[form]
            number = k > 0 and tk.texts[k - 1][:1].isdigit()
            alone = (
                not only
                and not _goes_on(tk, j, k)
                and (
                    tk.ent_types[k] in PLACE_LABELS or _cued(tk, k) or "." not in form  # 'FATA'
                )
            )
            if not number and (place or alone):
                out.append(Abbreviation(k, j, tk.idx[j - 1] + len(tk.texts[j - 1]), name))
            elif number or only or form.count(".") == 1:
                blocked.add(k)
        elif place and len(form) == 2 and form.isupper() and not _goes_on(tk, j, k):
            state = state_names().get(form)
            if state and _in_state(tk.text(*place), state, gaz):
                out.append(Abbreviation(k, k + 1, tk.idx[k] + 2, state))
    return out, blocked


def _cued(tk: Tokens, k: int) -> bool:
    """A place word right before the form ('in Calif.', 'R-Ga.')."""
    return k > 0 and tk.first[k - 1] == tk.first[k] and tk.texts[k - 1].lower() in _before()


def _in_state(name: str, state: str, gaz: Gazetteer) -> bool:
    """A US place of that name lies in the state."""
    return any(c.location.country == "US" and c.location.admin1 == state for c in gaz.candidates(name))


@cache
def _never_initials() -> frozenset[str]:
    return frozenset(geo_data()["country_initials"]["never"])


def _initials(name: str) -> str:
    """The capitals of a name: 'South Africa' → 'SA', 'KwaZulu-Natal' → 'KZN'."""
    return "".join(ch for ch in name if ch.isupper())


def _named_areas(tk: Tokens, spans: Sequence[tuple[int, int]], gaz: Gazetteer) -> dict[str, set[str]]:
    """Initials → the countries and first-level areas the article names in full (by name, or by the
    people's name from the entities: 'South Africans'); a name written in capitals ('WEST') is none."""
    aliases, out = name_aliases(), dict[str, set[str]]()
    names = {tk.text(i, j) for i, j in spans if j - i > 1 or len(_initials(tk.texts[i])) > 1}
    names |= {tk.text(s, e) for s, e, _ in tk.ents}
    for text in names:
        name = aliases.get(normalize(text), text)
        letters = _initials(name)
        if not 2 <= len(letters) <= 4 or name.isupper() or letters in out and name in out[letters]:
            continue
        if any(c.location.feature is not None and _area(c.location.feature) and normalize(c.location.name)
               == normalize(name) for c in gaz.candidates(name)):  # fmt: skip
            out.setdefault(letters, set()).add(name)
    return out


def _area(feature: str) -> bool:
    return feature.startswith("A.PCL") or feature == "A.ADM1"


def initials_spans(
    tk: Tokens, spans: Sequence[tuple[int, int]], gaz: Gazetteer, taken: set[int]
) -> list[Abbreviation]:
    """All-capitals tokens of 2-4 letters that are the initials of one country or first-level area the
    article names in full ('SA' after 'South Africa', 'KZN' after 'KwaZulu-Natal'); not inside a longer
    name or entity ('SA Airlink'), not forms with their own handling (geo.json country_initials 'never',
    the abbreviation table, US postal codes)."""
    forms = [
        k for k in tk.upper
        if k not in taken and 2 <= len(t := tk.texts[k]) <= 4 and t.isalpha() and t.isupper()
        and t not in _never_initials() and t not in abbreviation_table() and t not in state_names()
    ]  # fmt: skip
    if not forms:
        return []
    longer = {t for i, j in spans if j - i > 1 for t in range(i, j)}
    named = _named_areas(tk, spans, gaz)
    out: list[Abbreviation] = []
    for k in forms:
        places = named.get(tk.texts[k], set())
        entity = tk.entity(k)
        inside = k in longer or (entity is not None and entity[1] - entity[0] > 1)
        if len(places) == 1 and not inside and not _goes_on(tk, k + 1, k):
            out.append(Abbreviation(k, k + 1, tk.idx[k] + len(tk.texts[k]), next(iter(places)), ""))
    return out
