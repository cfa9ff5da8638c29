"""The folded words and stems that input search indexes and queries (see ``search.py``):
no diacritics, Arabic spelling variants unified, case-folded; Arabic light stemming,
Snowball for English, French and Spanish. A leaf module (imports nothing of inputs):
the index text (``indexing.py``), country names and search all build on it."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TATWEEL = "\u0640"
_ARABIC_LETTER_MAP = str.maketrans({
    "\u0671": "\u0627",  # alef wasla -> alef
    "\u0649": "\u064a",  # alef maqsura -> yeh
    "\u0629": "\u0647",  # teh marbuta -> heh
    _TATWEEL: None,
})
_WORD = re.compile(r"[^\W_]+")


def fold(value: str) -> str:
    """Lower-case ``value`` without diacritics, with Arabic spelling variants unified."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    # Mn covers Latin accents, Arabic harakat (fatha, damma, kasra, shadda, sukun, tanwin),
    # the superscript alef and the hamza/madda marks that NFKD splits off alef, waw and yeh.
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).translate(_ARABIC_LETTER_MAP).casefold()


def words(value: str) -> list[str]:
    return _WORD.findall(fold(value))


# --- Stemming -----------------------------------------------------------------------------
#
# Arabic: light stemming in the manner of Larkey, Ballesteros and Connell's "light10"
# (conjunction و, the article and its prefixed forms وال بال كال فال لل, then the common
# suffixes, repeatedly), on folded text, so teh marbuta is already heh. A bare و ف ب ل ك in front of a
# word is ambiguous (برلمان starts with ب), so the *index* also holds the stem of the word
# without that letter, while a query word is stemmed in one way only: "مجلس" then finds
# "بمجلس" and "برلمان" still finds "برلمان". English, French and Spanish use Snowball.

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_PROCLITICS = "وفبلك"
SNOWBALL_LANGUAGES = {"en": "english", "fr": "french", "es": "spanish"}


def arabic_stem(word: str) -> str:
    """Light stem of one folded Arabic word (light10)."""
    if len(word) >= 4 and word.startswith("و"):
        word = word[1:]
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article):]
            break
    # Suffixes are removed until none is left (كلمات -> كلم, like كلمة -> كلمه -> كلم), so
    # that every form of a word ends on the same stem; at least three letters stay.
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                changed = True
                break
    return word


def arabic_index_stems(word: str) -> set[str]:
    """The stems the index holds for a folded Arabic word: its light stem and, when it
    starts with a one-letter proclitic, the light stem of the rest."""
    stems = {arabic_stem(word)}
    if len(word) >= 4 and word[0] in _PROCLITICS:
        stems.add(arabic_stem(word[1:]))
        if len(word) >= 5 and word[1] in "بلك" and word[0] in "وف":
            stems.add(arabic_stem(word[2:]))
    return stems


@lru_cache(maxsize=8)
def _snowball(language: str):
    import snowballstemmer

    return snowballstemmer.stemmer(SNOWBALL_LANGUAGES[language])


def latin_stems(word: str, languages=("en", "fr", "es")) -> set[str]:
    return {_snowball(language).stemWord(word) for language in languages if language in SNOWBALL_LANGUAGES}


def is_arabic(word: str) -> bool:
    return bool(_ARABIC.search(word))


@lru_cache(maxsize=65536)
def index_stems(word: str, language: str) -> frozenset[str]:
    """Stems of a folded word of a text written in ``language``, for the index (cached:
    texts repeat their words)."""
    if is_arabic(word):
        return frozenset(arabic_index_stems(word))
    if language in SNOWBALL_LANGUAGES:
        return frozenset(latin_stems(word, (language,)))
    return frozenset()


def query_stems(word: str) -> set[str]:
    """Stems a folded query word may match (the query's language is not known: Arabic
    script gets the Arabic stem, other words their English, French and Spanish stems)."""
    if is_arabic(word):
        return {arabic_stem(word)}
    return latin_stems(word)
