"""Tests for wiredesk.language: explicit codes, detection with py3langid, and its refusals."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from wiredesk import language as language_module
from wiredesk.errors import LanguageDetectionError, LanguageError, ModelLoadError
from wiredesk.language import (
    SAMPLE_CHARS,
    UNDETERMINED,
    detect_language,
    normalize_language,
    resolve_language,
)

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))

SAMPLES = {
    "en": (
        "The Pentagon said on Monday that North Korean troops had begun moving into the Kursk "
        "region. Officials in Seoul warned that the deployment could widen the war, and the "
        "foreign minister travelled to Moscow for talks."
    ),
    "fr": (
        "Le Pentagone a annoncé lundi que des troupes nord-coréennes avaient commencé à entrer "
        "dans la région de Koursk. Les responsables sud-coréens craignent une escalade du "
        "conflit et la ministre s'est rendue à Moscou."
    ),
    "es": (
        "El Pentágono anunció el lunes que tropas norcoreanas habían comenzado a entrar en la "
        "región de Kursk. Los funcionarios de Seúl temen que el despliegue amplíe la guerra y "
        "la ministra viajó a Moscú para reunirse con Lavrov."
    ),
    "ru": (
        "Пентагон заявил в понедельник, что северокорейские войска начали входить в Курскую "
        "область. Чиновники в Сеуле опасаются, что это расширит войну, а министр иностранных "
        "дел отправилась в Москву на переговоры."
    ),
}

ENGLISH_BOILERPLATE = (
    "Accept all cookies. Manage cookie settings. Subscribe now for only $1 a month. "
    "Sign in to continue reading. Please enable JavaScript in your browser.\n"
)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_every_seed_is_detected_as_german(path: Path) -> None:
    """All five seed articles are German, with high confidence."""
    text = path.read_text(encoding="utf-8")
    code, confidence = detect_language(text)
    assert code == "de"
    assert confidence > 0.95
    assert resolve_language(text, explicit=None) == "de"


def test_there_are_five_seeds() -> None:
    """Guards the seed tests against an empty or moved seeds folder."""
    assert len(SEEDS) == 5


@pytest.mark.parametrize(("expected", "text"), SAMPLES.items())
def test_other_languages_are_detected(expected: str, text: str) -> None:
    """English, French, Spanish and Russian news sentences are told apart."""
    code, confidence = detect_language(text)
    assert code == expected
    assert 0.5 < confidence <= 1.0
    assert resolve_language(text, explicit=None) == expected


def test_english_boilerplate_around_a_german_article_does_not_change_the_answer() -> None:
    """Cookie and paywall lines in English do not outvote a German article."""
    article = SEEDS[2].read_text(encoding="utf-8")
    text = ENGLISH_BOILERPLATE * 3 + article + "\n" + ENGLISH_BOILERPLATE
    assert resolve_language(text, explicit=None) == "de"


def test_long_leading_boilerplate_does_not_decide_on_its_own() -> None:
    """The sample is spread over the text, so a long English preamble is not all it sees."""
    # The boilerplate alone fills more than the first window of the sample.
    article = SEEDS[0].read_text(encoding="utf-8")
    text = ENGLISH_BOILERPLATE * 40 + article * 2
    assert len(ENGLISH_BOILERPLATE * 40) > SAMPLE_CHARS // 4
    assert detect_language(text)[0] == "de"


def test_huge_text_is_sampled_not_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Megabytes of text are classified from a bounded sample."""
    real = language_module._get_identifier()
    seen: list[int] = []

    class Spy:
        """Records how much text reaches the model."""

        def classify(self, text: str) -> tuple[str, float]:
            """Classify with the real model, noting the length of `text`."""
            seen.append(len(text))
            return real.classify(text)

    monkeypatch.setattr(language_module, "_get_identifier", Spy)
    text = SAMPLES["fr"] * 20_000  # about 4 MB
    assert detect_language(text)[0] == "fr"
    assert seen and max(seen) <= SAMPLE_CHARS + 10


def test_shouting_text_is_still_recognised() -> None:
    """All-caps text is recognised like normal text."""
    assert detect_language(SAMPLES["en"].upper())[0] == "en"


@pytest.mark.parametrize(
    ("explicit", "expected"),
    [
        ("de", "de"),
        ("DE", "de"),
        (" de-DE ", "de"),
        ("de_AT", "de"),
        ("deu", "de"),
        ("ger", "de"),
        ("GER", "de"),
        ("en-GB", "en"),
        ("fre", "fr"),
        ("zh-Hant-TW", "zh"),
        ("iw", "he"),  # retired code for Hebrew
        ("arz", "ar"),  # Egyptian Arabic belongs to the Arabic macrolanguage
        ("kab", "kab"),  # Kabyle has no two-letter code
    ],
)
def test_explicit_language_is_normalised(explicit: str, expected: str) -> None:
    """Case, regions, underscores and three-letter codes all map to ISO 639-1."""
    assert normalize_language(explicit) == expected
    assert resolve_language("", explicit=explicit) == expected


def test_explicit_language_wins_over_detection() -> None:
    """An explicit language overrides what the text looks like."""
    assert resolve_language(SAMPLES["en"], explicit="de") == "de"
    assert resolve_language(SEEDS[0].read_text(encoding="utf-8"), explicit="fr-CH") == "fr"


@pytest.mark.parametrize("explicit", ["", "   ", "und", "auto", "AUTO"])
def test_blank_or_unspecified_explicit_language_falls_back_to_detection(explicit: str) -> None:
    """Blank, "und" and "auto" mean "not given"."""
    assert resolve_language(SAMPLES["es"], explicit=explicit) == "es"


@pytest.mark.parametrize(
    "explicit",
    ["xx", "german", "d", "de1", "12", "-de", "qqq", "zxx", "de" * 100, "日本語"],
)
def test_unknown_explicit_language_raises_a_clear_error(explicit: str) -> None:
    """A wrong code is refused by name instead of silently picking a model."""
    with pytest.raises(LanguageError, match="Unknown language code") as caught:
        resolve_language(SAMPLES["en"], explicit=explicit)
    assert not isinstance(caught.value, LanguageDetectionError)
    assert caught.value.code == "language"
    assert len(caught.value.detail) < 250  # a huge value is cut short in the message


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t", "12.000 10.000 3,5 % 2024", "!!! ??? ... ---", "Hallo", "Berlin Kiew"],
)
def test_text_without_enough_letters_raises(text: str) -> None:
    """Empty, numeric and very short text cannot be detected; the error says what to do."""
    with pytest.raises(LanguageDetectionError, match="letter") as caught:
        resolve_language(text, explicit=None)
    assert "explicitly" in caught.value.detail
    assert caught.value.code == "language_undetected"
    assert caught.value.status == 422


def test_text_without_words_raises_even_when_long() -> None:
    """Links and addresses have letters but no language."""
    text = "https://example.com/a/b/c?x=1&y=2 info@example.com"
    assert detect_language(text) == (UNDETERMINED, 0.0)
    with pytest.raises(LanguageDetectionError, match="no recognisable words"):
        resolve_language(text, explicit=None)


def test_low_confidence_raises_with_the_best_guess() -> None:
    """A list of place names gives a weak guess, which is refused and reported."""
    text = "Berlin Moskau Kiew Pjöngjang Seoul Washington"
    code, confidence = detect_language(text)
    assert confidence < 0.5
    with pytest.raises(LanguageDetectionError, match=f"best guess is '{code}'"):
        resolve_language(text, explicit=None)


def test_thresholds_are_adjustable() -> None:
    """min_chars and min_confidence change what counts as detectable."""
    short = "Der Hund bellt laut."
    with pytest.raises(LanguageDetectionError):
        resolve_language(short, explicit=None)
    assert resolve_language(short, explicit=None, min_chars=10, min_confidence=0.3) == "de"
    with pytest.raises(LanguageDetectionError, match="best guess is 'es'"):
        resolve_language(SAMPLES["es"], explicit=None, min_confidence=1.01)


@pytest.mark.parametrize("text", ["", "1234", "§§§", "\u200b\u200b"])
def test_detecting_text_without_letters_gives_undetermined(text: str) -> None:
    """Text without letters is "und" with zero confidence, not a random guess."""
    assert detect_language(text) == (UNDETERMINED, 0.0)


def test_identifier_is_loaded_once_even_from_many_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The model loads once, even when worker threads ask for it at the same time."""
    real = language_module._get_identifier()
    monkeypatch.setattr(language_module, "_identifier", None)
    loads: list[int] = []

    def counting_load() -> object:
        """Stand-in loader that counts its calls."""
        loads.append(1)
        time.sleep(0.05)  # a slow load, so that the threads really do race for it
        return real

    monkeypatch.setattr(language_module, "_load_identifier", counting_load)
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(detect_language(SAMPLES["en"])[0]))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["en"] * 8
    assert len(loads) == 1


def test_a_broken_model_file_becomes_a_model_load_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A corrupt model file becomes a 503-style ModelLoadError, not a crash."""
    broken = tmp_path / "model.npz.xz"
    broken.write_bytes(b"not a model")
    monkeypatch.setattr(language_module, "_identifier", None)
    monkeypatch.setattr(language_module, "MODEL_FILE", str(broken))
    with pytest.raises(ModelLoadError, match="could not be loaded") as caught:
        detect_language(SAMPLES["en"])
    assert caught.value.status == 503
