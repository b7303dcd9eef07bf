"""Admin areas written with a doubled or single letter other than the gazetteer's ('the Middle Shabelle
region' for GeoNames' 'Middle Shabele', 'Shabele' for 'Shabelle'). A name right before an area word
('region', 'province', 'district', 'oblast', 'state', 'county'; geo.json region_words) is a strong place
cue: where the gazetteer does not know the name as written, the spellings that differ from it by one
doubled letter written single, all doubled letters written single, or one single letter written double,
are looked up (one batched check per document), and the first that names an admin area is the name. A
name with no area word after it is never respelled."""

from __future__ import annotations

from frontwatch.geo.filters import capitalized
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.names import Lexicon
from frontwatch.geo.tokens import Tokens

MAX_WORDS = 3  # words of a name before an area word
MAX_VARIANTS = 60


def variants(name: str) -> list[str]:
    """Spellings of `name` one doubled letter away: each doubled letter single, all of them single, each
    single letter doubled (letters only, in order, without `name` itself)."""
    doubled = [k for k in range(1, len(name)) if name[k].isalpha() and name[k].lower() == name[k - 1].lower()]
    out = [name[:k] + name[k + 1 :] for k in doubled]
    if len(doubled) > 1:
        out.append("".join(c for k, c in enumerate(name) if k not in set(doubled)))
    out += [
        name[: k + 1] + name[k].lower() + name[k + 1 :]
        for k in range(1, len(name))
        if name[k].isalpha()
        and k not in doubled
        and (k + 1 >= len(name) or name[k + 1].lower() != name[k].lower())
    ]
    return list(dict.fromkeys(v for v in out if v != name))[:MAX_VARIANTS]


def _runs(tk: Tokens, lex: Lexicon) -> list[tuple[int, int]]:
    """Runs of 1-3 capitalized words of one sentence right before an area word ('Middle Shabelle region')."""
    area, texts, out = lex.adm1 | lex.adm2, tk.texts, []
    for k in range(1, len(texts)):
        if texts[k].lower() not in area or not capitalized(texts[k - 1]):
            continue
        i = k - 1
        while i > tk.first[k] and k - i < MAX_WORDS and capitalized(texts[i - 1]) and texts[i - 1] != "The":
            i -= 1
        out.append((i, k))
    return out


def area_spellings(tk: Tokens, gaz: Gazetteer, lex: Lexicon) -> dict[tuple[int, int], str]:
    """(name tokens) -> the gazetteer's spelling, for names before an area word that the gazetteer knows
    only one doubled letter away, as an admin area."""
    names = {span: tk.text(*span) for span in _runs(tk, lex)}
    written = gaz.known(set(names.values()))
    unknown = {span: name for span, name in names.items() if name not in written}
    if not unknown:
        return {}
    options = {span: variants(name) for span, name in unknown.items()}
    known = gaz.known({v for vs in options.values() for v in vs})
    out = {}
    for span, vs in options.items():
        for v in vs:
            if v in known and any((c.location.feature or "").startswith("A.ADM") for c in gaz.candidates(v)):
                out[span] = v
                break
    return out
