"""Place names inside other names. A country, capital, first-level area or town of 100,000 or more (by
its own name) that closes an organization's name after 'of' ('the University of Alberta', 'the Central
Bank of Malta', 'the Kidney Foundation of Canada') is a place: the organization is the place's, and news
corpora count it (GeoWebNews' embedded toponyms, TR-News); 'the Board of Aldermen' and a small town at
the end of a club's name stay inside the name. A name joined by '&' to another capitalized word is a
firm's or a show's, and a name before a disease word a disease's: no place."""

from __future__ import annotations

from functools import cache

from frontwatch.geo.filters import PLACE_LABELS, capitalized, prominent
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.names import geo_data, normalize, words
from frontwatch.geo.tokens import Tokens


def of_place(i: int, j: int, gaz: Gazetteer, tk: Tokens) -> bool:
    """Tokens [i, j) end an ORG entity that goes on before them and are joined to it by 'of' ('of the')."""
    ent = tk.entity(i)
    if ent is None or ent[2] != "ORG" or ent[1] != j:
        return False
    k = i - 1 - (i > 0 and tk.texts[i - 1].lower() == "the")
    return ent[0] < k and tk.texts[k] == "of" and prominent(tk.text(i, j), gaz, own=True)


def ampersand_name(i: int, j: int, gaz: Gazetteer, tk: Tokens) -> bool:
    """Tokens [i, j) are joined by '&' to a capitalized word of the same sentence ('Johnson & Johnson',
    'Bed Bath & Beyond', 'Church & State', 'Park & Ride'): a firm's, shop's or show's name, not a place;
    unless a country, capital, first-level area or town of 100,000 or more has the name as its own."""
    texts, sent = tk.texts, tk.first[i]
    after = j + 1 < len(texts) and texts[j] == "&" and tk.first[j + 1] == sent and capitalized(texts[j + 1])
    before = i >= 2 and texts[i - 1] == "&" and tk.first[i - 2] == sent and capitalized(texts[i - 2])
    return (after or before) and not prominent(tk.text(i, j), gaz, own=True)


def disease_name(i: int, j: int, gaz: Gazetteer, tk: Tokens) -> bool:
    """Tokens [i, j) name a disease or a virus: a disease word follows, right after them or after one more
    capitalized word ('Lyme disease', 'Reston ebolavirus', 'Mad Cow disease'; geo.json disease_words);
    unless a country, capital, first-level area or town of 100,000 or more has the name as its own."""
    texts, sent, disease = tk.texts, tk.first[i], words("disease_words")
    ks = [k for k in (j, j + 1) if k < len(texts) and tk.first[k] == sent]
    hit = bool(ks) and normalize(texts[ks[0]]) in disease
    if not hit and len(ks) == 2 and capitalized(texts[j]):
        hit = normalize(texts[j + 1]) in disease
    return hit and not prominent(tk.text(i, j), gaz, own=True)


def unit_name(i: int, j: int, tk: Tokens) -> bool:
    """Tokens [i, j) start the name of a navy's or air force's formation: a capitalized unit word follows
    in the same sentence ('the Black Sea Fleet', 'the Caspian Flotilla'; geo.json unit_words)."""
    texts = tk.texts
    after = j < len(texts) and tk.first[j] == tk.first[i] and capitalized(texts[j])
    return after and normalize(texts[j]) in words("unit_words")


def name_head(i: int, j: int, gaz: Gazetteer, tk: Tokens) -> bool:
    """Tokens [i, j), a name spaCy tags as no entity, go on with a capitalized word of the same sentence that
    is no place and no word of a place's kind ('Hope Residence', 'Hang Seng', 'Aston Villa', 'Lombard
    Odier', 'Warner Company'): the first word(s) of another name. Not when that word is an acronym
    ('Nenagh MDC'), a region, area, street, facility, institution, river or title word ('Benue State',
    'Gillis Street', 'Chiefland Police', 'Kyiv Mayor'), or the name is a country, capital, first-level area
    or town of 100,000 or more by its own name. A court's kind before 'Court' ('Superior Court') is never a
    place (geo.json court_kinds)."""
    texts = tk.texts
    if j >= len(texts) or tk.first[j] != tk.first[i]:
        return False
    if texts[j] == "Court" and normalize(tk.text(i, j)) in words("court_kinds"):
        return True  # 'Clarke County Superior Court', 'the Supreme Court': the court's kind, whatever the tag
    if any(tk.ent_types[i:j]):
        return False
    nxt = texts[j]
    if not capitalized(nxt) or not nxt[:1].isalpha() or nxt.isupper() or tk.ent_types[j] in PLACE_LABELS:
        return False
    return normalize(nxt.rstrip(".")) not in kind_words() and not prominent(tk.text(i, j), gaz, own=True)


@cache
def kind_words() -> frozenset[str]:
    """Words that, after a place's name, tell what kind of place or body of it is named."""
    data = geo_data()
    out = (
        set(data["region_words"]["adm1"])
        | set(data["region_words"]["adm2"])
        | set(data["street_words"]["after"])
    )
    kinds = ("area_words", "facility_words", "institution_words", "river_words", "name_tails")
    for key in (*kinds, "person_titles", "state_suffix_words", "name_kind_words"):
        out |= set(words(key))
    return frozenset(out)
