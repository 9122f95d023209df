"""Which language an article is in: an explicit code from the input, or detection with py3langid.

An explicit language always wins, after normalising it ("DE", "de-DE", "deu", "ger" -> "de"),
so a caller can override a wrong guess. Otherwise the text is classified with py3langid's
bundled model in normalised-probability mode; text that is too short, or a guess that is not
confident enough, raises `LanguageDetectionError` instead of translating with the wrong model.
"""

from __future__ import annotations

import logging
import lzma
import re
import threading

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from wiredesk.errors import LanguageDetectionError, LanguageError, ModelLoadError

__all__ = [
    "SAMPLE_CHARS",
    "UNDETERMINED",
    "detect_language",
    "normalize_language",
    "resolve_language",
]

logger = logging.getLogger(__name__)

SAMPLE_CHARS = 5_000  # detection looks at no more text than this, in a few spread-out windows
_SAMPLE_WINDOWS = 4  # windows from start, middle and end, so leading boilerplate cannot decide
UNDETERMINED = "und"  # ISO 639 "undetermined": what detection returns for text without words
_NO_LANGUAGE = "zxx"  # py3langid's label for "no linguistic content" (numbers, code, ...)

_LETTER = re.compile(r"[^\W\d_]")
_TAG = re.compile(r"[a-z]{2,3}")

# ISO 639-1 codes with their ISO 639-2/T, 639-2/B and common 639-3 equivalents (individual
# languages of a macrolanguage map to it: "arz" Egyptian Arabic -> "ar", "yue" -> "zh").
_ISO_TABLE = """
    aa:aar ab:abk ae:ave af:afr ak:aka,fat am:amh an:arg ar:ara,arb,arz,ary as:asm av:ava
    ay:aym,ayr az:aze,azj ba:bak be:bel bg:bul bi:bis bm:bam bn:ben bo:bod,tib br:bre bs:bos
    ca:cat ce:che ch:cha co:cos cr:cre,cwd cs:ces,cze cu:chu cv:chv cy:cym,wel da:dan
    de:deu,ger dv:div dz:adp,dzo ee:ewe el:ell,gre en:eng eo:epo es:spa et:ekk,est eu:baq,eus
    fa:fas,per,pes ff:fuc,ful,fuv fi:fin fj:fij fo:fao fr:fra,fre fy:fry ga:gle gd:gla gl:glg
    gn:grn,gug gu:guj,prp gv:glv ha:hau he:heb hi:hin ho:hmo hr:hrv,scr ht:hat hu:hun
    hy:arm,hye hz:her ia:ina id:ind ie:ile ig:ibo ii:iii ik:esk,ipk io:ido is:ice,isl it:ita
    iu:ike,iku ja:jpn jv:jav ka:geo,kat kg:kng,kon ki:kik kj:kua kk:kaz kl:kal km:khm kn:kan
    ko:kor kr:kau,knc ks:kas ku:kmr,kur,sdh kv:kom,kpv kw:cor ky:kir la:lat lb:ltz lg:lug
    li:lim ln:lin lo:lao lt:lit lu:lub lv:lav,lvs mg:mlg,plt mh:mah mi:mao,mri mk:mac,mkd
    ml:mal mn:drh,khk,mon mr:mar ms:may,msa,zsm mt:mlt my:bur,mya na:nau nb:nob nd:nde
    ne:nep,npi ng:ndo nl:dut,nld nn:nno no:nor nr:nbl nv:nav ny:nya oc:oci oj:ojg,oji
    om:gaz,orm or:ori,ory os:oss pa:pan pi:pli pl:pol ps:pbu,pus pt:por qu:que,quz rm:roh
    rn:run ro:mol,ron,rum ru:rus rw:kin sa:cls,san sc:src,srd sd:snd se:sme sg:sag si:sin
    sk:slk,slo sl:slv sm:smo sn:sna so:som sq:alb,als,sqi sr:scc,srp ss:ssw st:sot su:sun
    sv:swe sw:swa,swh ta:tam te:tel tg:tgk th:tha ti:tir tk:tuk tl:tgl tn:tsn to:ton tr:tur
    ts:tso tt:tat tw:twi ty:tah ug:uig uk:ukr ur:urd uz:uzb,uzn,uzs ve:ven vi:vie vo:vol
    wa:wln wo:wol xh:xho yi:ydd,yid yo:yor za:zha,zyb zh:chi,cmn,zho,yue,wuu zu:zul
"""
# Retired two-letter codes still seen in the wild.
_RETIRED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
# Languages py3langid can report that have no two-letter code; they stay three letters.
_THREE_LETTER_CODES = "ace bcl crh ext gcf gcr gom grc guw hbo kab lij ltg nso pcm vec"
_THREE_LETTER_ONLY = frozenset(_THREE_LETTER_CODES.split())
# Explicit values that mean "not given": detection decides.
_UNSPECIFIED = frozenset({"", UNDETERMINED, "auto"})


def _parse_iso_table(table: str) -> dict[str, str]:
    """Map every code in `_ISO_TABLE` (two- and three-letter) to its two-letter code."""
    codes: dict[str, str] = {}
    for entry in table.split():
        two, threes = entry.split(":")
        codes[two] = two
        for three in threes.split(","):
            codes[three] = two
    return codes


_TO_ISO_639_1 = _parse_iso_table(_ISO_TABLE)

_identifier: LanguageIdentifier | None = None
_identifier_lock = threading.Lock()


def normalize_language(code: str) -> str:
    """The ISO 639-1 code for a language tag: "DE", "de-DE", "de_AT", "deu", "ger" -> "de".

    Languages without a two-letter code keep their three-letter one ("kab"). Anything else
    raises `LanguageError`, naming the value, so a typo never silently picks a wrong model.
    """
    primary = code.strip().lower().replace("_", "-").split("-", 1)[0]
    if _TAG.fullmatch(primary):
        primary = _RETIRED.get(primary, primary)
        if primary in _TO_ISO_639_1:
            return _TO_ISO_639_1[primary]
        if primary in _THREE_LETTER_ONLY:
            return primary
    shown = code if len(code) <= 40 else f"{code[:40]}..."
    raise LanguageError(
        f"Unknown language code {shown!r}: use an ISO 639-1 code such as 'de' or 'en' "
        "(a region like 'de-DE' or a three-letter code like 'deu' is fine too)."
    )


def detect_language(text: str) -> tuple[str, float]:
    """The most likely language of `text` (ISO 639-1 where one exists) and its probability.

    Looks at no more than `SAMPLE_CHARS` characters. Text without letters gives
    (`UNDETERMINED`, 0.0), since the model's guess for it would be meaningless.
    """
    sample = _sample(text)
    if _LETTER.search(sample) is None:
        return UNDETERMINED, 0.0
    label, probability = _get_identifier().classify(sample)
    if label == _NO_LANGUAGE:
        return UNDETERMINED, 0.0
    return _TO_ISO_639_1.get(label, label), float(probability)


def resolve_language(
    text: str,
    *,
    explicit: str | None = None,
    min_confidence: float = 0.5,
    min_chars: int = 20,
) -> str:
    """The language to translate `text` from: `explicit` when given, else a confident detection.

    `explicit` is normalised (see `normalize_language`); blank, "und" and "auto" count as not
    given. Detection needs at least `min_chars` letters and a probability of `min_confidence`;
    otherwise `LanguageDetectionError` says why and how to set the language by hand.
    """
    if explicit is not None and explicit.strip().lower() not in _UNSPECIFIED:
        return normalize_language(explicit)
    letters = _count_letters(_sample(text))
    if letters < min_chars:
        raise LanguageDetectionError(
            f"Cannot detect the language: the text has {letters} letter(s), fewer than the "
            f"{min_chars} needed. Set the article's language explicitly (for example 'de')."
        )
    language, confidence = detect_language(text)
    if language == UNDETERMINED:
        raise LanguageDetectionError(
            "Cannot detect the language: the text has no recognisable words (only numbers, "
            "links or symbols). Set the article's language explicitly (for example 'de')."
        )
    if confidence < min_confidence:
        raise LanguageDetectionError(
            f"Cannot detect the language with confidence: the best guess is {language!r} at "
            f"{confidence:.2f}, below the {min_confidence:.2f} required. Set the article's "
            "language explicitly (for example 'de')."
        )
    logger.debug("detected language %s (p=%.3f)", language, confidence)
    return language


def _sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """At most `limit` characters of `text`: all of it, or windows spread from start to end."""
    if len(text) <= limit:
        return text
    width = limit // _SAMPLE_WINDOWS
    step = (len(text) - width) // (_SAMPLE_WINDOWS - 1)
    return "\n".join(text[i * step : i * step + width] for i in range(_SAMPLE_WINDOWS))


def _count_letters(text: str) -> int:
    """How many letters `text` holds (digits, punctuation and spaces do not count)."""
    return sum(1 for _ in _LETTER.finditer(text))


def _get_identifier() -> LanguageIdentifier:
    """py3langid's identifier with normalised probabilities, loaded once (about half a second)."""
    global _identifier
    if _identifier is None:
        with _identifier_lock:
            if _identifier is None:
                _identifier = _load_identifier()
    return _identifier


def _load_identifier() -> LanguageIdentifier:
    """Load the model bundled with py3langid; a broken install becomes a `ModelLoadError`."""
    try:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    except (OSError, ValueError, KeyError, EOFError, lzma.LZMAError) as exc:
        raise ModelLoadError(
            f"The language-detection model (py3langid) could not be loaded: {exc}. "
            "Reinstall py3langid, or give each article's language explicitly."
        ) from exc
