"""The spaCy layer: sentences, paragraph breaks and tense."""

from __future__ import annotations

from spacy.language import Language

from frontwatch import nlp as fw_nlp


def test_a_blank_line_ends_a_sentence_and_a_single_newline_does_not(nlp: Language) -> None:
    text = "Rebels take the river town\n\nThe rebels said on Monday they held the\nriver town. All agree."
    doc = nlp(text)
    texts = [s.text.strip() for s in fw_nlp.sentences(doc)]
    assert texts[0] == "Rebels take the river town"
    assert texts[1] == "The rebels said on Monday they held the\nriver town."


def test_tense_of_sentences(nlp: Language) -> None:
    doc = nlp("The army took the village. The army will hold it. The army holds it.")
    assert [s.tense for s in fw_nlp.sentences(doc)] == ["past", "future", "present"]


def test_a_quotation_mark_typed_without_its_space_is_its_own_token(nlp: Language) -> None:
    words = [
        t.text for t in nlp.tokenizer("“We hold the line,”Petrenko said,“and we will.” Mr. Kos said so.")
    ]
    assert words[:9] == ["“", "We", "hold", "the", "line", ",", "”", "Petrenko", "said"]
    assert words[9:12] == [",", "“", "and"]
    assert "Mr." in words  # abbreviations and ordinary words are untouched
    assert [t.text for t in nlp.tokenizer('a 12" gun, the “so-called”truce')] == [
        "a",
        "12",
        '"',
        "gun",
        ",",
        "the",
        "“",
        "so",
        "-",
        "called",
        "”",
        "truce",
    ]


def test_a_quotation_mark_glued_to_a_dash_guillemet_or_letter_is_its_own_token(nlp: Language) -> None:
    def toks(text: str) -> list[str]:
        return [t.text for t in nlp.tokenizer(text)]

    assert toks("the plan—“We stay,” he said") == [
        "the",
        "plan",
        "—",
        "“",
        "We",
        "stay",
        ",",
        "”",
        "he",
        "said",
    ]
    assert toks('HOLD—"The line') == ["HOLD", "—", '"', "The", "line"]
    assert toks("the bridge”–was hit") == ["the", "bridge", "”", "–", "was", "hit"]
    assert toks("Kos said,«Hold on»") == ["Kos", "said", ",", "«", "Hold", "on", "»"]
    assert toks('spoke about"joint patrols"') == ["spoke", "about", '"', "joint", "patrols", '"']
    assert toks("UNIT’“Mr. Kos") == ["UNIT’", "“", "Mr.", "Kos"]
    assert toks("a rock—and—roll band, don't") == [
        "a",
        "rock",
        "—",
        "and",
        "—",
        "roll",
        "band",
        ",",
        "do",
        "n't",
    ]


def test_a_bracket_before_a_colon_is_punctuation_not_an_emoticon(nlp: Language) -> None:
    assert [t.text for t in nlp.tokenizer("Rep. Ann Cole (R-S.C.): “No.”")][6:10] == ["S.C.", ")", ":", "“"]
    assert [t.text for t in nlp.tokenizer("ODESA (Reuters): Sirens")][1:5] == ["(", "Reuters", ")", ":"]


def test_a_wire_dateline_ends_at_its_dash_so_the_story_parses_on_its_own(nlp: Language) -> None:
    texts = [
        "HARGEISA, Somaliland (AP) — Gunmen attacked a police station overnight.",
        "TBILISI — Riot police dispersed the crowd outside parliament.",
        "Mosul, Iraq -- Militants shelled a checkpoint on Sunday.",
        "A quiet week ended.\n\nMARIUPOL, Ukraine — Artillery hit the port.",
        "GOMA, March 3 (Reuters) - Rebels shelled the airport on Monday.",
        "PORT-AU-PRINCE, Haiti — Gunmen attacked a police station overnight.",
    ]
    for text in texts:
        doc = nlp(text)
        story = [s for s in doc.sents if s.root.pos_ == "VERB"]
        assert len(story) == 1, text
        verb = story[0].root
        subject = next(t for t in verb.children if t.dep_ == "nsubj")
        assert subject.text in ("Gunmen", "police", "Militants", "Artillery", "Rebels"), text
        assert story[0][0].text in ("Gunmen", "Riot", "Militants", "Artillery", "Rebels"), text


def test_a_dash_inside_a_sentence_is_no_dateline(nlp: Language) -> None:
    for text in (
        "Kyiv — the capital — was hit again.",
        "The deal - Trump said - is good.",
        "Putin — Russia's president since 2000 — spoke on Friday.",
        "Casualties rose in 2023 - Officials gave no figure.",
    ):
        assert len(list(nlp(text).sents)) == 1, text
