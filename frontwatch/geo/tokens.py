"""A document's token texts, read once.

Each `doc[i]` and each step of `for t in doc` builds a new spaCy Token object; recognition looks at every
token several times, so it reads the texts, trailing whitespace and sentence starts once, as plain lists,
from `Doc.to_array` (no Token objects at all).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import ORTH, SENT_START, SPACY
from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Tokens:
    """texts[i], the whitespace after token i, and the index of the first token of i's sentence."""

    texts: tuple[str, ...]
    ws: tuple[str, ...]
    first: tuple[int, ...]

    def text(self, i: int, j: int) -> str:
        """The text of tokens [i, j) as `doc[i:j].text` gives it."""
        if j <= i:
            return ""
        return "".join(self.texts[k] + self.ws[k] for k in range(i, j - 1)) + self.texts[j - 1]

    def text_with_ws(self, i: int, j: int) -> str:
        return "".join(self.texts[k] + self.ws[k] for k in range(i, j))


def tokens_of(doc: Doc) -> Tokens:
    if len(doc) == 0:
        return Tokens((), (), ())
    table = doc.to_array([ORTH, SPACY, SENT_START])
    strings = doc.vocab.strings
    texts = tuple(strings[h] for h in table[:, 0].tolist())
    ws = tuple(" " if s else "" for s in table[:, 1].tolist())
    first, start = [], 0
    for i, s in enumerate(table[:, 2].tolist()):
        if i == 0 or s == 1:
            start = i
        first.append(start)
    return Tokens(texts, ws, tuple(first))
