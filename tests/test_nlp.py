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
