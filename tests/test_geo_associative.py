"""Associative toponyms (adjectives and bodies that stand for a place), continents, lone person names,
and unknown names placed at the article's town."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language

from frontwatch.geo.associative import adjectives, associative_spans, name_aliases
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.resolve import find_places
from frontwatch.types import Document, PlaceMention

MakeDoc = Callable[..., Document]


def places(nlp: Language, make_doc: MakeDoc, gaz: Gazetteer, text: str) -> list[PlaceMention]:
    doc = make_doc(text)
    return find_places(doc, nlp(doc.text), gaz)


def test_tables() -> None:
    assert name_aliases()["russian"] == "Russia" and name_aliases()["russians"] == "Russia"
    assert "russians" not in adjectives() and adjectives()["eu"] == "European Union"
    assert adjectives()["european"] == "Europe"


def test_modifiers_are_metonyms_of_their_country(
    nlp: Language, make_doc: MakeDoc, default_gazetteer: Gazetteer
) -> None:
    text = "Mexican officials met Russian diplomats in Madrid. EU leaders said the talks went well."
    found = {m.text: m for m in places(nlp, make_doc, default_gazetteer, text)}
    assert found["Mexican"].role == "metonym" and found["Mexican"].place is not None
    assert found["Mexican"].place.country == "MX" and found["Mexican"].place.feature == "A.PCLI"
    assert found["Russian"].place is not None and found["Russian"].place.country == "RU"
    assert found["EU"].role == "metonym" and found["EU"].place is not None
    assert found["Madrid"].role == "mentioned"


def test_people_nouns_are_not_places(nlp: Language) -> None:
    sdoc = nlp("The Russians arrived late, and the French left early.")
    assert associative_spans(sdoc, set()) == []


def test_continents_are_places(nlp: Language, make_doc: MakeDoc, default_gazetteer: Gazetteer) -> None:
    text = "Thousands of migrants reached Europe this year, many of them from Africa."
    found = {m.text: m for m in places(nlp, make_doc, default_gazetteer, text)}
    assert found["Europe"].place is not None and found["Europe"].place.feature == "L.CONT"
    assert found["Africa"].place is not None and found["Africa"].place.feature == "L.CONT"


def test_unknown_street_is_placed_at_the_town(
    nlp: Language, make_doc: MakeDoc, default_gazetteer: Gazetteer
) -> None:
    text = "Police closed Zqarbelt Street in Leeds on Monday after a gas leak in Leeds city centre."
    found = places(nlp, make_doc, default_gazetteer, text)
    street = [m for m in found if "Zqarbelt" in m.text]
    leeds = [m for m in found if m.text == "Leeds"]
    assert leeds and leeds[0].place is not None
    if street:  # only when spaCy tags the street as a place
        assert street[0].place is not None and street[0].place.country == leeds[0].place.country
        assert street[0].score <= 0.1
