"""Words the cleaner judges blocks by: stopwords for every source language, boilerplate vocabulary.

Stopword lists come from jusText (it ships lists for most registered source languages); German
and English keep the short hand-made lists the cleaner was tuned on, and Chinese and Japanese,
which jusText lacks and which are not written with spaces, get lists of function characters.
When no language is given, the list that covers most of the text's words is used.
"""

from __future__ import annotations

import functools
import re

import justext


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (easier to read and edit)."""
    return frozenset(words.split())


STOPWORDS_DE = word_set(
    """
    ab aber alle allen aller alles als also am an auch auf aus bei beim bereits bis bzw da dabei
    damit dann daran darauf darüber das dass davon dazu dem den denn der des dich die dies diese
    diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines er es etwa
    euch für gegen habe haben hat hatte hatten her hier hin hinter ich ihm ihn ihnen ihr ihre
    ihrem ihren ihrer ihres im immer in ins ist ja jedoch jener jetzt kann kein keine keinem
    keinen keiner können könnte könnten man mehr mich mir mit muss müssen nach neben nein nicht
    noch nun nur ob oder ohne schon sehr sein seine seinem seinen seiner seines seit selbst sich
    sie sind so soll sollen sollte sondern sowie trotz um und uns unser unsere unter viel viele
    vom von vor war waren was weil weiter wenn wer werden wegen wie wieder will wir wird wo wollen
    wurde wurden würde würden während zu zudem zum zur zwischen worden
    """
)
STOPWORDS_EN = word_set(
    """
    a about after again against all also an and any are as at be been before being between both
    but by can could did do does during each few for from further had has have he her here his
    how i if in into is it its just me more most must my no nor not of off on once only or other
    our out over own same she should so some such than that the their them then there these they
    this those through to too under up very was we were what when where which who whom why will
    with would you your said says
    """
)
# Function characters of Chinese and Japanese prose (particles, copulas, common auxiliaries):
# these scripts have no spaces, so each character counts as a word.
STOPWORDS_ZH = frozenset("的了是在和有也就都而及与着或被把对从向这那个们上中为以于之其")
STOPWORDS_JA = frozenset("のにはをがでともへやからまでよりですますたいるしてれこそあ")
CJK_LANGUAGES = frozenset({"zh", "ja"})

# ISO 639-1 codes of jusText's lists (the registered source languages, and a few more).
_JUSTEXT_NAMES = {
    "ar": "Arabic",
    "bg": "Bulgarian",
    "cs": "Czech",
    "da": "Danish",
    "el": "Greek",
    "es": "Spanish",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hu": "Hungarian",
    "it": "Italian",
    "ko": "Korean",
    "nl": "Dutch",
    "no": "Norwegian_Bokmal",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
}
LANGUAGES = frozenset({"de", "en", *_JUSTEXT_NAMES, *CJK_LANGUAGES})
_SAMPLE_WORDS = 1500  # enough words to tell languages apart by their stopwords
_WORD = re.compile(r"\w+(?:-\w+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


@functools.cache
def stopwords(language: str) -> frozenset[str]:
    """The stopword list of one language code ("de", "fr", ...); empty for an unknown one."""
    if language == "de":
        return STOPWORDS_DE
    if language == "en":
        return STOPWORDS_EN
    if language == "zh":
        return STOPWORDS_ZH
    if language == "ja":
        return STOPWORDS_JA
    name = _JUSTEXT_NAMES.get(language)
    if name is None:
        return frozenset()
    # jusText's lists hold some words with punctuation attached ("auf."): keep bare words.
    return frozenset(word for word in justext.get_stoplist(name) if _WORD.fullmatch(word))


def stopwords_for(text: str, language: str | None) -> tuple[frozenset[str], bool]:
    """The stopwords to judge `text` by, and whether it is counted per character (CJK).

    German or English text whose language is not given uses both hand-made lists, as the
    cleaner always has: English quotes and names are common in German news and the reverse.
    """
    given = (language or "").lower()[:2]
    code = given or guess_language(text)
    if code in CJK_LANGUAGES:
        return stopwords(code), True
    if code in ("de", "en") and given:
        return stopwords(code), False
    if code in ("de", "en") or code not in LANGUAGES:
        return STOPWORDS_DE | STOPWORDS_EN, False
    return stopwords(code), False


@functools.cache
def _full_list(code: str) -> frozenset[str]:
    """jusText's whole list for a code, German and English included (for comparing languages)."""
    name = {"de": "German", "en": "English"}.get(code) or _JUSTEXT_NAMES[code]
    return frozenset(word for word in justext.get_stoplist(name) if _WORD.fullmatch(word))


def guess_language(text: str) -> str:
    """The language whose stopwords cover most of the text's first words (German on a tie)."""
    sample = text[: _SAMPLE_WORDS * 12]
    cjk = len(_CJK.findall(sample))
    if cjk * 3 > len(sample):
        kana = sum(1 for char in sample if "\u3040" <= char <= "\u30ff")
        return "ja" if kana * 10 > cjk else "zh"
    words = _WORD.findall(sample.lower())[:_SAMPLE_WORDS]
    best, best_count = "de", -1
    for code in ("de", "en", *sorted(_JUSTEXT_NAMES)):
        listed = _full_list(code)
        count = sum(1 for word in words if word in listed)
        if count > best_count:
            best, best_count = code, count
    return best


_CJK_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]|[^\W\d_]+(?:-\w+)*|\d+")


def words(text: str, *, cjk: bool) -> list[str]:
    """The lower-cased words of a block; in Chinese or Japanese text each character is one."""
    return (_CJK_TOKEN if cjk else _WORD).findall(text.lower())
