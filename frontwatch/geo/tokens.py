"""A document's token texts, read once.

Each `doc[i]`, each step of `for t in doc` and each `doc.ents` builds new spaCy Token and Span objects;
recognition looks at every token several times, so it reads the texts, trailing whitespace, sentence
starts, character offsets and named-entity extents once, as plain tuples, from `Doc.to_array` (no Token
objects at all).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import numpy as np
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, ORTH, SENT_START, SPACY
from spacy.strings import StringStore
from spacy.tokens import Doc

Entity = tuple[int, int, str]  # tokens [start, end) and label, as `doc.ents` gives them
B_TAG, I_TAG = 3, 1  # ENT_IOB codes of 'B' and 'I'
WHITESPACE = ("", " ")
MAX_TEXTS = 500_000


@dataclass(frozen=True, slots=True)
class Tokens:
    """texts[i], the whitespace after token i, the index of the first token of i's sentence, the character
    offset of token i, its entity type ('' outside entities) and the named entities in text order."""

    texts: tuple[str, ...]
    ws: tuple[str, ...]
    first: tuple[int, ...]
    idx: tuple[int, ...] = ()
    ent_types: tuple[str, ...] = ()
    ents: tuple[Entity, ...] = ()
    ent_starts: tuple[int, ...] = ()  # the start token of each entity (for bisection)
    sent_starts: tuple[int, ...] = ()  # the first token of each sentence
    upper: tuple[int, ...] = ()  # the tokens whose first character is upper case

    def text(self, i: int, j: int) -> str:
        """The text of tokens [i, j) as `doc[i:j].text` gives it."""
        if j <= i + 1:
            return self.texts[i] if j == i + 1 else ""
        return "".join(self.texts[k] + self.ws[k] for k in range(i, j - 1)) + self.texts[j - 1]

    def text_with_ws(self, i: int, j: int) -> str:
        return "".join(self.texts[k] + self.ws[k] for k in range(i, j))

    def entity(self, i: int) -> Entity | None:
        """The named entity token i is part of (as `Token.ent_iob_` and `doc.ents` tell), or None."""
        k = bisect_right(self.ent_starts, i) - 1
        if k >= 0 and i < self.ents[k][1]:
            return self.ents[k]
        return None


class _Texts(dict[int, str]):
    """Token texts by their hash, filled from a StringStore on a miss (a dict lookup is cheaper)."""

    store: StringStore | None = None

    def __missing__(self, key: int) -> str:
        if len(self) > MAX_TEXTS:
            self.clear()
        assert self.store is not None
        text = self[key] = self.store[key]
        return text


_TEXTS = _Texts()


def tokens_of(doc: Doc) -> Tokens:
    if len(doc) == 0:
        return Tokens((), (), ())
    table = doc.to_array([IDX, ORTH, SPACY, SENT_START, ENT_IOB, ENT_TYPE])
    _TEXTS.store = doc.vocab.strings
    texts = tuple(map(_TEXTS.__getitem__, table[:, 1].tolist()))
    ws = tuple(map(WHITESPACE.__getitem__, table[:, 2].tolist()))
    opens = table[:, 3] == 1
    opens[0] = True
    starts = np.flatnonzero(opens)
    first = np.maximum.accumulate(np.where(opens, np.arange(len(doc)), 0))  # the last start up to each token
    types = [""] * len(doc)
    for k in np.flatnonzero(table[:, 5]).tolist():
        types[k] = _TEXTS[int(table[k, 5])]
    ents = _entities(table[:, 4], types)
    upper = tuple([i for i, text in enumerate(texts) if text[:1].isupper()])
    return Tokens(texts, ws, tuple(first.tolist()), tuple(table[:, 0].tolist()), tuple(types), ents,
                  tuple(e[0] for e in ents), tuple(starts.tolist()), upper)  # fmt: skip


def _entities(iob: np.ndarray, types: list[str]) -> tuple[Entity, ...]:
    """Entities as `doc.ents` reads them: a 'B' token with a type, then the 'I' tokens after it."""
    begins = np.flatnonzero(iob == B_TAG)
    if not len(begins):
        return ()
    outside = np.append(np.flatnonzero(iob != I_TAG), len(iob))  # where an entity that started before ends
    ends = outside[np.searchsorted(outside, begins, side="right")]
    return tuple((b, e, types[b]) for b, e in zip(begins.tolist(), ends.tolist(), strict=True) if types[b])
