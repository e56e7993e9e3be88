"""Vietnamese text: normalisation, folding for search and matching, and the official sort order.

Input arrives in NFC and NFD and with two tone-mark placements (Hòa / Hoà). Display text is kept in NFC;
search and matching use the folded key, which is the same for every spelling of a name.
"""

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng

# The Vietnamese alphabet in dictionary order; letters outside it (f, j, w, z) sort after their
# Latin neighbours.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def normalize_text(value: str | None) -> str:
    """NFC, with runs of white space (including non-breaking) folded to one space and trimmed."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


# Names repeat (a 10,000-row list has a few hundred distinct given, middle and family names), and
# imports normalise every row: the pure functions below are memoised.
@lru_cache(maxsize=65536)
def normalize_name(value: str | None) -> str:
    """A personal or place name as it should be stored: NFC, single spaces, each word capitalised."""
    text = normalize_text(value)
    return " ".join(word[:1].upper() + word[1:].lower() for word in text.split(" ")) if text else ""


def fold(value: str | None) -> str:
    """Lower case, no diacritics, đ→d, single spaces: "Nguyễn Thị Hoà" → "nguyen thi hoa"."""
    text = unicodedata.normalize("NFD", normalize_text(value).lower().replace("đ", "d"))
    return "".join(char for char in text if not unicodedata.combining(char))


@lru_cache(maxsize=65536)
def vietnamese_sort_key(value: str | None) -> str:
    """A string that sorts in Vietnamese dictionary order when compared byte by byte.

    Letters compare by the Vietnamese alphabet (a < ă < â < b … d < đ), then the whole word by its tones
    (none < huyền < hỏi < ngã < sắc < nặng), as dictionaries and official lists do.
    """
    words = []
    for word in normalize_text(value).lower().split(" "):
        letters, tones = [], []
        for char in unicodedata.normalize("NFD", word):
            if char in _TONE_MARKS:
                tones.append(str(_TONE_RANK[char]))
            elif unicodedata.combining(char) and letters:
                # A vowel modifier (breve, circumflex, horn): merge it into the letter before.
                letters[-1] = unicodedata.normalize("NFC", letters[-1] + char)
            else:
                letters.append(char)
        primary = "".join(
            chr(0x41 + _LETTER_RANK[letter]) if letter in _LETTER_RANK else letter for letter in letters
        )
        words.append(primary + "".join(tones or ["0"]))
    return " ".join(words)
