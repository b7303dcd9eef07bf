"""Gazetteer n-grams: the longest runs of 1-4 capitalized words (joined by connectors such as 'of',
'and', '-') that the gazetteer knows, left to right within each sentence.

One batched name check per document (`Gazetteer.known`) and plain token texts (geo/tokens.py) keep this
cheap: it looks at every token of every article.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.names import Lexicon, normalize, romanization
from frontwatch.geo.tokens import Tokens

PARTICLES = frozenset(
    {"au", "du", "des", "dos", "das", "di", "es", "ez", "ad", "ar", "as", "ash", "at", "az", "an", "ul", "ud"}
)  # French, Portuguese, Italian particles; Arabic 'al' before some letters ('Dar es Salaam', 'Deir ez-Zor')
CONNECTORS = PARTICLES | frozenset(
    {"-", "of", "on", "de", "del", "la", "le", "el", "al", "upon", "and", "the", "da", "am", "sur", "i"}
)  # 'i' is Ukrainian and Russian 'and' ('Sakko i Vantsetti'); a name is only kept when the gazetteer knows it
ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ud", "ul", "es", "ez"})
SOFT_SIGNS = frozenset("'’ʼ")  # a soft sign written as an apostrophe after a name ("Oleksandropil'")
OPENING_QUOTES = frozenset("‘'")


def _prefixes(
    texts: Sequence[str], ws: Sequence[str], caps: frozenset[int], i: int, end: int, quoted: bool = False
) -> list[tuple[int, str]]:
    """(end token, text) of the n-grams of 1-4 capitalized words starting at capitalized token i, longest
    first (joined by connectors: 'Bosnia and Herzegovina', 'Stratford-upon-Avon'); a last word may keep a
    soft-sign apostrophe glued to it ("Oleksandropil'") unless `quoted` (an open single quote before)."""
    out: list[tuple[int, str]] = []
    n_words, j, text = 0, i, ""
    while j < end and n_words < 4:
        word = texts[j]
        if j in caps:
            n_words += 1
            out.append((j + 1, text + word))
            if soft_sign(texts, ws, j, end) and not quoted:
                out.append((j + 2, text + word + texts[j + 1]))
        elif word.lower() not in CONNECTORS or (word == "-" and bool(ws[j])):
            break
        text += word + ws[j]
        j += 1
    return out[::-1]


def soft_sign(texts: Sequence[str], ws: Sequence[str], j: int, end: int) -> bool:
    """Token j + 1 is an apostrophe glued to word j that reads as a soft sign (data/romanization.json)."""
    return (
        j + 1 < end
        and not ws[j]
        and texts[j + 1] in SOFT_SIGNS
        and texts[j][-1:].lower() in romanization().soft_sign_after
    )


def _quoted(texts: Sequence[str], ws: Sequence[str], start: int, i: int) -> bool:
    """An opening single quote just before token i (the apostrophe after the name closes it)."""
    k = i - 1
    return k >= start and texts[k] in OPENING_QUOTES and (k == start or bool(ws[k - 1]))


def _capital(text: str) -> bool:
    return text[:1].isupper() and (text.isalpha() or any(c.isalpha() for c in text))


def ngram_spans(tk: Tokens, gaz: Gazetteer, lex: Lexicon) -> list[tuple[int, int]]:
    """Longest gazetteer (or seat) names, left to right within sentences: one batched name check per
    document."""
    texts, ws = tk.texts, tk.ws
    # a 'sentence' that starts with a small letter is a mis-split ('Sakko | i Vantsetti'): read on
    starts = [i for i in tk.sent_starts if i == 0 or not texts[i][:1].islower()]
    at = [i for i in tk.upper if _capital(texts[i])]  # only a capitalized word starts a name
    caps = frozenset(at)
    sents = [
        (start, end, at[bisect_left(at, start) : bisect_left(at, end)])
        for start, end in zip(starts, [*starts[1:], len(texts)], strict=True)
    ]
    options = {
        i: _prefixes(texts, ws, caps, i, end, _quoted(texts, ws, start, i))
        for start, end, ats in sents
        for i in ats
    }
    names = {text for grams in options.values() for _, text in grams}
    known = gaz.known(names)
    keys = {text: normalize(text) for text in names - known}
    seats = {text for text, key in keys.items() if key in lex.seats}
    stops = {text for text, key in keys.items() if key in lex.stop_names}  # consumed when 2+ words
    spans: list[tuple[int, int]] = []
    for _, _, ats in sents:
        free = 0  # the first token not yet taken by a name
        for i in ats:
            if i < free:
                continue
            grams = options[i]
            hit = next(
                (stop for stop, text in grams
                 if text in known or text in seats or (len(grams) > 1 and text in stops)),
                None,
            )  # fmt: skip
            if hit and _article_joined(texts, ws, hit, grams[0][0]):
                free = grams[0][0]  # 'Dar al-Aman': not 'Dar' and 'Aman' of a name the gazetteer lacks
            elif hit:
                spans.append((i, hit))
                free = hit
    return spans


def _article_joined(texts: Sequence[str], ws: Sequence[str], k: int, end: int) -> bool:
    """Token k is an Arabic article glued by a hyphen to the next word of a longer name ending at `end`
    ('Dar al-Aman'): the name goes on, so its first part alone is no place."""
    return (
        k + 2 < end and texts[k].lower() in ARTICLES and texts[k + 1] == "-" and not ws[k] and not ws[k + 1]
    )
