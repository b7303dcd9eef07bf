"""The settlement benchmark's spellings: syllable-by-syllable readings are not written (issue 3, round 7)."""

from benchmarks import settlements as bench


def test_four_letter_syllables_are_a_syllable_reading() -> None:
    assert bench.syllables("xiao tuo ke ma qi ka") and bench.syllables("ku pi yang si ke")
    assert not bench.syllables("mala tokmachka") and not bench.syllables("imeni l m kaganovicha")
    assert not bench.syllables("nova kyiv") and not bench.syllables("sakko i vantsetti")
