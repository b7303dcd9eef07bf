"""Quotes: direct and indirect quotes and their speakers, on the real spaCy model and our own sentences."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.language import Language

from frontwatch.quotes import find_quotes, name_key, normalize_word, quotations, same_person
from frontwatch.types import Document, Quote


def direct(quotes: list[Quote]) -> list[Quote]:
    return [q for q in quotes if q.kind == "direct"]


def indirect(quotes: list[Quote]) -> list[Quote]:
    return [q for q in quotes if q.kind == "indirect"]


def speakers(quotes: list[Quote]) -> list[str | None]:
    return [q.speaker.name if q.speaker else None for q in quotes]


ARTICLE = (
    "Ukrainian troops pushed towards the ridge for a second week. Nykyta, a 27-year-old drone operator from "
    "the 47th Separate Mechanized Brigade, said morale was high. He admitted the advance had been slow.\n\n"
    "“Every tree line costs us days, and the enemy knows exactly where we will come from,” Nikita stressed. "
    "He warned against expecting a quick breakthrough. “It will take the whole winter. Maybe more.”\n\n"
    "Warsaw insists that its aid will continue through the spring.\n\n"
    "Another soldier named Bohdan described the night assault. “We crawled the last two hundred metres,” he "
    "recalled. “Then the mortars started and nobody could lift his head.”\n"
)


def test_article_speakers_variants_and_pronouns(quotes_in: Callable[..., list[Quote]]) -> None:
    quotes = quotes_in(ARTICLE)
    found = direct(quotes)
    assert speakers(found) == ["Nykyta", "Nykyta", "Bohdan", "Bohdan"]
    nykyta = found[0].speaker
    assert nykyta is not None and nykyta.aliases == ("Nikita",)
    assert nykyta.description == "a 27-year-old drone operator from the 47th Separate Mechanized Brigade"
    assert nykyta.affiliation == "47th Separate Mechanized Brigade"
    assert found[1].speaker == nykyta and found[1].cue is None  # no cue: the "He warned" sentence speaks
    assert found[2].cue == "recalled" and found[3].cue is None  # split quote: same speaker, second uncued
    claim = next(q for q in indirect(quotes) if q.cue == "insists")
    assert claim.speaker is not None and claim.speaker.name == "Warsaw" and claim.speaker.affiliation is None
    assert claim.text == "its aid will continue through the spring"


def test_trailing_cue_with_curly_marks(quotes_in: Callable[..., list[Quote]]) -> None:
    [q] = quotes_in("Shelling resumed at dawn. “We could hear it from the cellar,” Oksana Melnyk said.")
    assert (q.kind, q.cue, q.text) == ("direct", "said", "We could hear it from the cellar")
    assert q.speaker is not None and q.speaker.name == "Oksana Melnyk"


def test_straight_marks_and_inverted_cue(quotes_in: Callable[..., list[Quote]]) -> None:
    text = 'Power was cut again. "The generators run four hours a day," said Petro Bondar.'
    [q] = quotes_in(text)
    assert q.speaker is not None and q.speaker.name == "Petro Bondar"
    assert text[q.start : q.end] == q.text == "The generators run four hours a day"


def test_leading_cue_with_colon_and_title(quotes_in: Callable[..., list[Quote]]) -> None:
    [q] = quotes_in("Colonel Andriy Hnatov told reporters: “The line is holding and we have enough shells.”")
    assert q.cue == "told" and q.speaker is not None
    assert (q.speaker.name, q.speaker.description) == ("Andriy Hnatov", "Colonel")


def test_according_to_before_a_quote(quotes_in: Callable[..., list[Quote]]) -> None:
    [q] = direct(quotes_in("According to Serhiy, “nobody expected the assault to come from the north.”"))
    assert q.cue == "according to" and speakers([q]) == ["Serhiy"]


def test_pronoun_prefers_the_subject_over_a_later_object(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "Colonel Ruslan Tkach said he had warned his superiors about General Oleh Marchenko's plan. "
        "“We told them the bridge would not hold,” he said."
    )
    assert speakers(direct(quotes_in(text))) == ["Ruslan Tkach"]


def test_dash_byline_names_the_speaker(quotes_in: Callable[..., list[Quote]]) -> None:
    text = "Readers wrote to us.\n\n“The trains still run on time, even now.” ― Halyna Moroz\n"
    [q] = direct(quotes_in(text))
    assert q.speaker is not None and q.speaker.name == "Halyna Moroz"


@pytest.mark.parametrize("text", ["", "“", "”” “", "\r\n“Text.\r\n", "“A” “B” “C”", " said ,” he said “"])
def test_odd_inputs_do_not_break(text: str, quotes_in: Callable[..., list[Quote]]) -> None:
    for q in quotes_in(text):
        assert 0 <= q.start <= q.end <= len(text)


def test_speaker_introduced_before_a_colon(quotes_in: Callable[..., list[Quote]]) -> None:
    text = "Taras, a medic with the brigade, put it plainly: “Every stretcher we carry out costs us a man.”"
    [q] = direct(quotes_in(text))
    assert speakers([q]) == ["Taras"]


def test_first_name_given_instead_of_a_full_name(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "A driver waiting at the checkpoint, who gave only his first name, Serhii, said the queue had not "
        "moved since dawn. “We sleep in the cabs now,” he said."
    )
    assert speakers(direct(quotes_in(text))) == ["Serhii"]


def test_name_in_apposition_to_a_noun_is_the_subject(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "Ivan Petrenko, the mayor, said the shelling had stopped. Her neighbour Oleksandr, an electrician, "
        "spent the night on the roof. “We counted eleven explosions,” he said."
    )
    assert speakers(direct(quotes_in(text))) == ["Oleksandr"]


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of students chanted “Give us back our independent courts!” outside the building.",
        "One woman held a placard that read “Corruption kills more soldiers than drones”.",
    ],
)
def test_chants_and_placards_are_not_quotes(text: str, quotes_in: Callable[..., list[Quote]]) -> None:
    assert direct(quotes_in(text)) == []


def test_two_speakers_in_turn(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "Mykola, a tank driver, looked tired. “Our engine failed twice this week,” Mykola said. "
        "Roman, his gunner, disagreed. “The engine is fine, the fuel is bad,” Roman said."
    )
    assert speakers(direct(quotes_in(text))) == ["Mykola", "Roman"]


def test_pronoun_after_another_speakers_quote_takes_the_last_named_person(
    quotes_in: Callable[..., list[Quote]],
) -> None:
    text = (
        "“We will not retreat from this hill,” said Taras. Another medic named Dmytro arrived later with "
        "supplies. “They shelled the road twice on the way here,” he explained."
    )
    quotes = direct(quotes_in(text))
    assert speakers(quotes) == ["Taras", "Dmytro"]
    assert quotes[1].cue == "explained"


def test_pronoun_respects_gender(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "Olena, a nurse, and Ivan, a driver, share one ambulance. Ivan spoke first. "
        "“The road is mined,” she said."
    )
    assert speakers(direct(quotes_in(text))) == ["Olena"]


def test_split_quote_gives_two_records_with_one_speaker(quotes_in: Callable[..., list[Quote]]) -> None:
    quotes = quotes_in(
        "“We held the village for three days,” Bohdan said. “Then the drones came and we left.”"
    )
    assert speakers(quotes) == ["Bohdan", "Bohdan"]
    assert [q.cue for q in quotes] == ["said", None]


def test_split_quote_inside_one_sentence(quotes_in: Callable[..., list[Quote]]) -> None:
    quotes = quotes_in("“We held the village,” Bohdan said, “but only for three days.”")
    assert [q.text for q in quotes] == ["We held the village", "but only for three days."]
    assert speakers(quotes) == ["Bohdan", "Bohdan"] and [q.cue for q in quotes] == ["said", "said"]


def test_multi_paragraph_quote_is_one_record(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "The commander, Vasyl, described the night.\n\n"
        "“First the artillery started hitting the tree line.\n\n"
        "“Then the tanks moved in from the east and we lost contact with the second platoon.\n\n"
        "“By morning it was quiet again,” Vasyl said."
    )
    [q] = direct(quotes_in(text))
    assert q.text.startswith("First the artillery") and q.text.endswith("quiet again")
    assert "\n" not in q.text and "“" not in q.text and "Then the tanks" in q.text
    assert speakers([q]) == ["Vasyl"] and text[q.start : q.end].count("\n\n") == 2


def test_quote_spanning_sentences_with_a_name_inside(quotes_in: Callable[..., list[Quote]]) -> None:
    text = "Ivan, a sapper, spoke slowly. “Pavlo was beside me. Then the mine exploded. I woke up,” he said."
    [q] = direct(quotes_in(text))
    assert q.text.count(".") == 2 and speakers([q]) == ["Ivan"]  # Pavlo is inside the quote: not the speaker


def test_nested_single_quotes_stay_inside(quotes_in: Callable[..., list[Quote]]) -> None:
    [q] = quotes_in("“He told me ‘stay in the basement’ and then the roof collapsed,” said Hanna.")
    assert "‘stay in the basement’" in q.text and speakers([q]) == ["Hanna"]


def test_unbalanced_mark_is_skipped(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "The mayor said “the water supply is restored in most districts.\n\n"
        "Residents queued for bread. “We have waited two weeks for this,” said Iryna."
    )
    quotes = direct(quotes_in(text))
    assert [q.text for q in quotes] == ["We have waited two weeks for this"]


def test_stray_closing_mark_is_skipped(quotes_in: Callable[..., list[Quote]]) -> None:
    text = "The convoy left at noon,” the driver said. “We reached the river by dark,” said Oleh."
    assert [q.text for q in direct(quotes_in(text))] == ["We reached the river by dark"]


@pytest.mark.parametrize(
    "text",
    [
        "Moscow calls the invasion a so-called “special military operation” and denies targeting homes.",
        "The town has become a “grey zone” where neither side holds the streets.",
        "Viewers watched “Twenty Days in Mariupol” in a basement cinema.",
        "Residents watched the documentary “Where The Rivers Meet The Sea” twice.",
        "The unit, dubbed “the ghosts of the steppe by their own officers”, moved at night.",
    ],
)
def test_scare_quotes_and_titles_are_not_quotes(text: str, quotes_in: Callable[..., list[Quote]]) -> None:
    assert direct(quotes_in(text)) == []


def test_short_quote_attached_to_a_cue_is_a_quote(quotes_in: Callable[..., list[Quote]]) -> None:
    [q] = direct(
        quotes_in("Asked whether the unit would withdraw, Sergeant Petrenko paused. “Never,” he said.")
    )
    assert q.text == "Never" and speakers([q]) == ["Petrenko"]


def test_name_variants_are_one_speaker(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "President Volodymyr Zelenskiy visited troops near the front. “We will return every town,” Zelensky "
        "said. Later Zelenskyy told reporters that supplies were improving."
    )
    quotes = quotes_in(text)
    assert {q.speaker for q in quotes if q.speaker} == {quotes[0].speaker}
    speaker = quotes[0].speaker
    assert speaker is not None and speaker.name == "Volodymyr Zelenskiy"
    assert set(speaker.aliases) == {"Zelensky", "Zelenskyy"}
    assert [q.kind for q in quotes] == ["direct", "indirect"]


def test_surname_ending_variant(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "General Oleksandr Syrskyi, the commander of the ground forces, visited the brigade. "
        "“The enemy is exhausted,” Syrsky said."
    )
    [q] = quotes_in(text)
    assert q.speaker is not None and (q.speaker.name, q.speaker.aliases) == ("Oleksandr Syrskyi", ("Syrsky",))
    assert q.speaker.description == "the commander of the ground forces"


def test_description_from_named_and_who_constructions(quotes_in: Callable[..., list[Quote]]) -> None:
    named = quotes_in(
        "A paramedic named Yulia works at the point. “Every night we receive the wounded,” she said."
    )
    who = quotes_in(
        "Oleh, who has served since 2014, shook his head. “This winter will be the hardest,” he said."
    )
    assert named[0].speaker is not None and named[0].speaker.description == "A paramedic"
    assert who[0].speaker is not None and who[0].speaker.description == "who has served since 2014"


def test_apposition_makes_a_capitalized_token_a_person(quotes_in: Callable[..., list[Quote]]) -> None:
    text = "One medic, Zhenya, counted the stretchers. “We ran out of tourniquets by noon,” he said."
    [q] = direct(quotes_in(text))
    assert q.speaker is not None and q.speaker.name == "Zhenya" and q.speaker.description == "medic"


def test_descriptor_speaker(quotes_in: Callable[..., list[Quote]]) -> None:
    [q] = quotes_in("“We lost three vehicles in one morning,” the 45-year-old commander said.")
    assert q.speaker is not None and q.speaker.name == "45-year-old commander"


def test_organisation_speaker_and_it(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "Russian forces attacked the village overnight, the defence ministry said in a statement. "
        "It added that two drones had been shot down."
    )
    quotes = indirect(quotes_in(text))
    assert [q.text for q in quotes] == [
        "Russian forces attacked the village overnight",
        "two drones had been shot down",
    ]
    assert speakers(quotes) == ["defence ministry", "defence ministry"]
    assert all(q.speaker is not None and q.speaker.affiliation is None for q in quotes)


def test_call_sign_is_the_name(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "A soldier who gave his call sign as Grim said the unit had not rotated for months. "
        "“We sleep in shifts of two hours,” Grim said."
    )
    quotes = quotes_in(text)
    assert speakers(quotes) == ["Grim", "Grim"]
    assert quotes[1].speaker is not None and quotes[1].speaker.description == "A soldier"


def test_indirect_said_that(quotes_in: Callable[..., list[Quote]]) -> None:
    [q] = quotes_in("Oleksiy Petrenko said that the bridge had been destroyed on Tuesday.")
    assert (q.kind, q.cue, q.text) == ("indirect", "said", "the bridge had been destroyed on Tuesday")
    assert speakers([q]) == ["Oleksiy Petrenko"]


def test_indirect_according_to(quotes_in: Callable[..., list[Quote]]) -> None:
    [q] = quotes_in("According to the regional governor, four civilians were wounded in the strike.")
    assert (q.kind, q.cue, q.text) == (
        "indirect",
        "According to",
        "four civilians were wounded in the strike",
    )
    assert speakers([q]) == ["regional governor"]


def test_negated_speech_is_not_an_indirect_quote(quotes_in: Callable[..., list[Quote]]) -> None:
    assert quotes_in("The governor did not say that the town had fallen.") == []


def test_uncued_quote_after_a_paragraph_introducing_a_person(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "Anatoliy, a farmer from the village, described the night of the attack.\n\n"
        "“The windows shattered and the barn caught fire within minutes.”"
    )
    [q] = direct(quotes_in(text))
    assert q.cue is None and speakers([q]) == ["Anatoliy"]


def test_uncued_quote_without_a_speaker_abstains(quotes_in: Callable[..., list[Quote]]) -> None:
    [q] = direct(quotes_in("The rain did not stop for days. “Everything we owned is under water now.”"))
    assert q.speaker is None


def test_ids_evidence_and_order(quotes_in: Callable[..., list[Quote]]) -> None:
    text = "“The bridge is gone,” Serhii warned. Kyiv said it would rebuild the crossing within a month."
    first, second = quotes_in(text), quotes_in(text, doc_id="other")
    assert [q.id for q in first] == [q.id for q in quotes_in(text)]
    assert {q.id for q in first}.isdisjoint(q.id for q in second)
    assert [q.start for q in first] == sorted(q.start for q in first) and len(first) == 2
    q = first[0]
    ev = q.evidence
    assert (ev.document_id, ev.url, ev.published) == ("t1", "https://example.org/a", date(2023, 11, 12))
    assert (ev.start, ev.end) == (q.start, q.end) and ev.sentence == "“The bridge is gone,” Serhii warned."
    assert first[1].speaker is not None and first[1].speaker.name == "Kyiv"


def test_parse_of_other_text_is_refused(nlp: Language) -> None:
    with pytest.raises(ValueError, match="parse doc.text"):
        find_quotes(Document("x", "One text.", None), nlp("Another text."))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Viktor", "Victor", True),
        ("Zelenskiy", "Zelenskyy", True),
        ("Syrskyi", "Syrsky", True),
        ("Syrskyi", "Sirskiy", True),
        ("Oleksandr Syrskyi", "Sirskiy", True),
        ("Volodymyr Zelenskiy", "Zelensky", True),
        ("Volodymyr Zelenskiy", "Volodymyr", True),
        ("Ilia", "Illia", True),
        ("Petro Bondar", "Ivan Bondar", False),
        ("Viktor", "Ilia", False),
    ],
)
def test_name_matching(a: str, b: str, same: bool) -> None:
    assert same_person(name_key(a), name_key(b)) is same


def test_normalize_word_strips_diacritics_and_endings() -> None:
    assert normalize_word("Zelenśkyi") == normalize_word("Zelensky") == "zelensk"


def test_quotations_without_a_model() -> None:
    text = '“A, ‘b’ c,” he said. "D" e “F\n\n“G.”\n\nH “unclosed\n\nI.'
    spans = [(text[m.start : m.end]) for m in quotations(text)]
    assert spans == ["A, ‘b’ c", "D", "F\n\n“G."]
