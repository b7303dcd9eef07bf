"""Place-name normalization and Cyrillic→Latin transliteration variants.

`normalize` is the exact key of the gazetteer's name index; `loose_key` folds the common
romanizations of one Ukrainian or Russian name (kh/h/g, i/y/j/e runs, shch/shh, zh/dzh, ts/c, doubled
letters, -ivka/-ovka/-eevka, -ske/-skoye, -iv/-ov, ...; the rules are data/romanization.json) into one
coarser key; `transliterations` gives the Latin spellings a Cyrillic name has in the
common schemes (Ukrainian national 2010, BGN/PCGN Ukrainian and Russian, loose press Russian).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Final

from spacy.lang.en.stop_words import STOP_WORDS

APOSTROPHES: Final = "'’ʼ‘`´ʹʻ′"
_DROP = str.maketrans("", "", APOSTROPHES)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_./,]+")
_SPECIAL: Final = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN_ONLY = set("іїєґ")
_RUSSIAN_ONLY = set("ыэъё")
_SCRIPT_OK = re.compile(r"^[\u0020-\u024f\u1e00-\u1eff\u0400-\u04ff'’ʼ‘`´ʹʻ\-–.()]+$")
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_DOUBLED = re.compile(r"(.)\1+")


def _table(pairs: str) -> Mapping[str, str]:
    """'а=a б=b ...' → read-only mapping (an empty right side drops the letter)."""
    return MappingProxyType(dict(p.split("=", 1) for p in pairs.split()))


_COMMON = "а=a б=b в=v д=d ж=zh з=z к=k л=l м=m н=n о=o п=p р=r с=s т=t у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ь="
# Ukrainian national (KMU 2010): initial / non-initial forms of є ї й ю я.
UA_NATIONAL: Final = _table(_COMMON + " г=h ґ=g е=e є=ie и=y і=i ї=i й=i ю=iu я=ia")
UA_NATIONAL_INITIAL: Final = _table("є=ye ї=yi й=y ю=yu я=ya")
UA_BGN: Final = _table(_COMMON + " г=h ґ=g е=e є=ye и=y і=i ї=yi й=y ю=yu я=ya")
RU_BGN: Final = _table(_COMMON + " г=g е=e ё=yo и=i й=y ы=y э=e ю=yu я=ya ъ=")
RU_LOOSE: Final = _table(_COMMON + " г=g е=e ё=e и=i й=i ы=y э=e ю=yu я=ya ъ=")
_TABLES: Final = MappingProxyType(
    {k: str.maketrans(dict(v)) for k, v in (("ua", UA_NATIONAL), ("ua-bgn", UA_BGN), ("ru-bgn", RU_BGN),
                                              ("ru-loose", RU_LOOSE))}
)  # fmt: skip
_WORD_START = re.compile(r"(?<![а-яёіїєґ])[єїйюя]")
_RU_YE = re.compile(r"(?<=[аеёиоуыэюяъь])е|(?<![а-яё])е")  # BGN/PCGN: е is 'ye' initially and after vowels
# Adjectival endings written several ways in the press: Krasnyi / Krasnyy / Krasny / Krasnyj.
ENDINGS: Final = MappingProxyType(
    {"ий": ("yi", "yy", "y", "iy", "ii"), "ый": ("yy", "y", "iy"), "ій": ("ii", "iy"), "ой": ("oy", "oi")}
)


def strip_diacritics(text: str) -> str:
    """Remove combining marks (é→e, ï→i) and map letters NFKD cannot split (ł→l, ø→o)."""
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_SPECIAL)))


@lru_cache(maxsize=1 << 16)
def normalize(name: str) -> str:
    """Exact lookup key: casefold, no diacritics, no apostrophes, hyphens and dots as single spaces."""
    folded = name.casefold()
    if folded.isascii():
        if folded.isalpha():
            return folded
        folded = folded.translate(_DROP)
    else:
        folded = strip_diacritics(folded.translate(_DROP)).casefold()
    return _SEPARATORS.sub(" ", folded).strip()


Rule = tuple[re.Pattern[str], str]


@dataclass(frozen=True, slots=True)
class Romanization:
    """The folding rules of data/romanization.json, compiled: word endings, then letters, then vowels."""

    endings: tuple[Rule, ...]
    letters: tuple[Rule, ...]
    min_length: int  # of a name's key, for a loose lookup
    min_loose_length: int  # of a folded key ('kijo' and 'keiji' both fold to 'ki': too short to say)
    soft_sign_after: frozenset[str]  # letters a soft-sign apostrophe may follow at a name's end


@cache
def romanization() -> Romanization:
    text = (resources.files("frontwatch") / "data" / "romanization.json").read_text(encoding="utf-8")
    data = json.loads(text)

    def rules(*sections: str) -> tuple[Rule, ...]:
        return tuple((re.compile(p), r) for s in sections for p, r in data[s]["rules"])

    return Romanization(
        rules("word_endings"),
        rules("letters", "vowels"),
        int(data["min_length"]),
        int(data["min_loose_length"]),
        frozenset(data["soft_sign_after"]["letters"]),
    )


def loose_key(name: str) -> str:
    """Coarser key of a name for romanization variants (normalizes first): Kleshcheevka, Kleshcheyevka,
    Klishchiivka and Klyshchiyivka meet, and so do Kharkiv / Kharkov and Zaitseve / Zaytsevo."""
    return loose_of_key(normalize(name))


@lru_cache(maxsize=100_000)
def loose_of_key(key: str) -> str:
    """`loose_key` of an already normalized key: the rules of data/romanization.json on each word, word
    endings first, then letters and vowels; then spaces go and doubled letters collapse. '' when the
    folded key is too short to be told apart."""
    rom = romanization()
    folded = []
    for word in key.split():
        for pattern, repl in (*rom.endings, *rom.letters):
            word = pattern.sub(repl, word)
        folded.append(word)
    out = _DOUBLED.sub(r"\1", "".join(folded))
    return out if len(out) >= rom.min_loose_length else ""


def same_spelling(key: str, other: str) -> bool:
    """Two normalized keys that are romanizations of one name ('kleshcheevka', 'klishchiivka')."""
    return key == other or loose_of_key(key) == loose_of_key(other) != ""


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def _initials(word: str, initial: Mapping[str, str]) -> str:
    """Letters with a word-initial spelling (є→ye, я→ya ...) replaced at the start of each word part."""
    return _WORD_START.sub(lambda m: initial.get(m.group(0), m.group(0)), word)


def _scheme(word: str, scheme: str) -> str:
    """One lower-case Cyrillic word in one scheme: ua (national), ua-bgn, ru-bgn, ru-loose."""
    if scheme == "ua":
        return _initials(word.replace("зг", "zgh"), UA_NATIONAL_INITIAL).translate(_TABLES[scheme])
    if scheme == "ua-bgn":
        return word.replace("зг", "zgh").translate(_TABLES[scheme])
    if scheme == "ru-bgn":
        return _RU_YE.sub("ye", word).translate(_TABLES[scheme])
    return word.translate(_TABLES[scheme])


def _ending_variants(word: str, base: str) -> set[str]:
    """Swap the romanization of an adjectival ending for its other common spellings."""
    lower = word.lower()
    out = {base}
    for ending, spellings in ENDINGS.items():
        if not lower.endswith(ending):
            continue
        for first in sorted(spellings, key=len, reverse=True):
            if base.endswith(first):
                out.update(base[: -len(first)] + s for s in spellings)
                return out
    return out


def transliterations(name: str) -> set[str]:
    """Latin spellings of a Cyrillic name in the common schemes (title-cased); empty if no Cyrillic."""
    if not has_cyrillic(name):
        return set()
    letters = set(name.lower())
    ukrainian = not letters & _RUSSIAN_ONLY
    russian = not letters & _UKRAINIAN_ONLY
    words = name.translate(_DROP).split()
    variants: list[list[str]] = []
    for word in words:
        forms: set[str] = set()
        lower = word.lower()
        for scheme in (("ua", "ua-bgn") if ukrainian else ()) + (("ru-bgn", "ru-loose") if russian else ()):
            forms |= _ending_variants(lower, _scheme(lower, scheme))
        variants.append(sorted(forms))
    return {" ".join(p).title() for p in _product(variants, limit=24)}


def _product(parts: list[list[str]], limit: int) -> list[list[str]]:
    """Cartesian product of word variants, capped so long names stay cheap."""
    combos: list[list[str]] = [[]]
    for options in parts:
        combos = [c + [o] for c in combos for o in options][:limit]
    return combos


def name_keys(name: str) -> set[str]:
    """Every normalized key a name is indexed under: itself and, for Cyrillic, its transliterations."""
    keys = {normalize(name)}
    keys.update(normalize(t) for t in transliterations(name))
    keys.discard("")
    return keys


@cache
def geo_data() -> Mapping[str, Any]:
    """The geo lexicons (frontwatch/data/geo.json), read once."""
    text = (resources.files("frontwatch") / "data" / "geo.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return MappingProxyType(data)


@cache
def country_data() -> Mapping[str, Mapping[str, Any]]:
    """ISO code → {name, lat, lon, demonym} of data/geonames/countries.json, read once."""
    text = (resources.files("frontwatch") / "data" / "geonames" / "countries.json").read_text(
        encoding="utf-8"
    )
    data: dict[str, Mapping[str, Any]] = json.loads(text)["countries"]
    return MappingProxyType(data)


@cache
def admin1_names() -> Mapping[str, str]:
    """'DE.02' → 'Bavaria': first-level area names by GeoNames code (data/geonames/admin1.json)."""
    path = resources.files("frontwatch") / "data" / "geonames" / "admin1.json"
    if not path.is_file():
        return MappingProxyType({})
    names: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))["names"]
    return MappingProxyType(names)


@cache
def words(section: str) -> frozenset[str]:
    """One word list of geo.json as a set of normalized entries (all lists of a section with several)."""
    data = geo_data()[section]
    lists = [data["words"]] if "words" in data else [v for k, v in data.items() if isinstance(v, list)]
    return frozenset(normalize(w) for entries in lists for w in entries)


def usable_script(name: str) -> bool:
    """An alternate name worth indexing is in Latin or Cyrillic script and not a code like 'IEV'."""
    return bool(_SCRIPT_OK.match(name)) and not _CODE.match(name)


def usable_key(key: str) -> bool:
    """A normalized alternate worth indexing has 3+ letters and is no English stop word ('one', 'he')."""
    return len(key) >= 3 and key not in STOP_WORDS


def usable_alternate(name: str, key: str) -> bool:
    return usable_script(name) and usable_key(key)


def clean_alternates(name: str, alternates: Iterable[str]) -> tuple[str, ...]:
    """Usable alternate names, one per normalized form, without `name` itself."""
    seen = {normalize(name)}
    kept: list[str] = []
    for alt in (a.strip() for a in alternates):
        key = normalize(alt)
        if key not in seen and usable_alternate(alt, key):
            seen.add(key)
            kept.append(alt)
    return tuple(kept)


def short_admin_name(name: str, alternates: Sequence[str], capital: str | None) -> str:
    """English short name of a first-level unit: 'Donetska Oblast' → 'Donetsk', 'Volynska Oblast' → 'Volyn'.

    Prefers the unit's capital when an alternate is '<capital> Oblast', else strips the region word and
    an adjectival -ska/-a ending when an alternate has the plain stem.
    """
    region_words = geo_data()["region_words"]["adm1"]
    stems = {
        a.rsplit(" ", 1)[0] for a in alternates if " " in a and a.rsplit(" ", 1)[1] in ("Oblast", "Region")
    }
    if capital and capital in stems:
        return capital
    parts = name.split()
    stem = " ".join(parts[:-1]) if len(parts) > 1 and parts[-1].lower() in region_words else name
    for cut in (1, 3):
        if stem.endswith("ska") and stem[:-cut] in stems:
            return stem[:-cut]
    return stem


@dataclass(frozen=True, slots=True)
class Lexicon:
    stop_names: frozenset[str]
    never_alone: frozenset[str]
    demonyms: frozenset[str]
    titles: frozenset[str]
    person_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    stance: frozenset[str]
    government: frozenset[str]
    adm1: frozenset[str]
    adm2: frozenset[str]
    near_after: frozenset[str]
    place_cues: frozenset[str]
    seats: Mapping[str, tuple[str, str]]
    near_before: re.Pattern[str]
    uses: Mapping[str, frozenset[str]]  # place_uses: 'taken', 'passive', 'subject' verbs, 'nouns'


@cache
def lexicon() -> Lexicon:
    """The geo lexicons of data/geo.json, read once."""
    data = geo_data()
    near = "|".join(f"(?:{p})" for p in data["near_before"]["patterns"])
    return Lexicon(
        words("stop_names"), words("never_alone"), words("demonyms"), words("person_titles"),
        words("person_nouns"), words("speech_verbs"), words("stance_adjectives"), words("government_nouns"),
        frozenset(data["region_words"]["adm1"]), frozenset(data["region_words"]["adm2"]), words("near_after"),
        words("place_cues"), {k: (v[0], v[1]) for k, v in data["metonym_names"]["names"].items()},
        re.compile(rf"\b(?:{near})\s+(?:the\s+)?(?:(?:city|town|village|settlement)\s+of\s+)?$"),
        MappingProxyType({k: frozenset(v) for k, v in data["place_uses"].items() if isinstance(v, list)}),
    )  # fmt: skip
