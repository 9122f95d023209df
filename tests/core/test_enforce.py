"""Glossary enforcement around translation: masking, verification, repair, and what is flagged."""

from __future__ import annotations

import re
import time

import pytest

from tests.fakes import FakeTranslator
from wiredesk.checks import check_sentence
from wiredesk.config import PROJECT_ROOT
from wiredesk.enforce import EnforcedSentence, mask_terms, translate_with_glossary
from wiredesk.errors import TranslationError
from wiredesk.glossary import Glossary, load_glossary
from wiredesk.translate.base import Translator

SEEDS = PROJECT_ROOT / "seeds"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(PROJECT_ROOT / "glossary" / "de-en.tsv", max_bytes=1_000_000)


def enforce_one(sentence: str, translator: FakeTranslator, glossary: Glossary) -> EnforcedSentence:
    (result,) = translate_with_glossary([sentence], translator, glossary)
    return result


def test_fake_is_a_translator() -> None:
    assert isinstance(FakeTranslator(), Translator)


# --- masking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "masked"),
    [
        ("Choes Besuch in Moskau", "Choe Son Hui's Besuch in Moscow"),
        ("Pjöngjangs Unterstützung", "Pyongyang's Unterstützung"),
        ("Südkoreas Präsident Yoon", "South Korea's Präsident Yoon Suk Yeol"),
        ("Das Gespräch über die Unterstützung Nordkoreas umfassen", "von North Korea umfassen"),
        ("laut Angaben des Pentagons", "laut Angaben des Pentagon"),
        ("Kazianis' Analyse", "Harry Kazianis' Analyse"),
        ("in der Kursk-Region und beim Pjöngjang-Besuch", "Kursk-Region und beim Pyongyang-Besuch"),
        ("Lawrow traf Choe Son\nHui", "Sergei Lavrov traf Choe Son Hui"),
    ],
)
def test_mask_puts_english_forms_in_the_source(
    glossary: Glossary, source: str, masked: str
) -> None:
    assert masked in mask_terms(source, glossary.find(source))


# --- the normal path: the model copies the English forms -------------------------------------


def test_kept_english_forms_need_no_repair(glossary: Glossary) -> None:
    sentences = [
        "Choes Besuch in Moskau dauert zwei Tage.",
        "Die Pentagon-Behörden berichten über Soldaten in der Kursk-Region.",
        "Kein Name hier.",
    ]
    translator = FakeTranslator()
    results = translate_with_glossary(sentences, translator, glossary, beams=3)
    assert len(translator.calls) == 1  # one batch for all sentences
    assert translator.beams == [3]
    assert "Choe Son Hui's Besuch in Moscow" in translator.calls[0][0]
    assert results[0].target == "Choe Son Hui's visit in Moscow lasts two days."
    assert results[1].target.startswith("The Pentagon-officials report")
    assert [(h.match, h.target, h.in_output, h.repaired) for h in results[0].hits] == [
        ("Choes", "Choe Son Hui", True, False),
        ("Moskau", "Moscow", True, False),
    ]
    assert [h.sentence for r in results for h in r.hits] == [0, 0, 1, 1]
    assert results[2].hits == []
    assert not any(r.repaired or r.missing for r in results)


def test_every_seed_sentence_keeps_its_terms(glossary: Glossary) -> None:
    sentences = [
        sentence
        for path in sorted(SEEDS.glob("*.txt"))
        for sentence in re.split(r"(?<=[.!?“\"])\s+|\n+", path.read_text(encoding="utf-8"))
        if sentence.strip()
    ]
    translator = FakeTranslator()
    results = translate_with_glossary(sentences, translator, glossary)
    assert len(translator.calls) == 1
    hits = [hit for result in results for hit in result.hits]
    assert len(hits) > 150
    assert all(hit.in_output and not hit.repaired for hit in hits)
    assert "Pjöngjang" not in " ".join(result.target for result in results)


# --- repair -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "mangle", "expected"),
    [
        (
            "Choes Besuch dauert zwei Tage.",
            {"Choe Son Hui": "Choe Son-hui"},
            "Choe Son Hui's visit",
        ),
        ("Kim Jong-un traf Putin.", {"Kim Jong Un": "Kim Jong-Un"}, "Kim Jong Un met"),
        ("Soldaten in Pjöngjang.", {"Pyongyang": "Pyongjang"}, "Soldiers in Pyongyang."),
        ("Soldaten in Pjöngjang.", {"Pyongyang": "Pjöngjang"}, "Soldiers in Pyongyang."),
        ("Pjöngjangs Hilfe kam.", {"Pyongyang's": "Pjöngjangs"}, "Pyongyang's aid came."),
        ("Lawrow sprach.", {"Sergei Lavrov": "Sergej Lavrov"}, "Sergei Lavrov spoke."),
        ("Lawrow sprach.", {"Sergei Lavrov": "Lavrov"}, "Sergei Lavrov spoke."),
        ("Choe sprach.", {"Choe Son Hui": "Choe Son"}, "Choe Son Hui spoke."),
        ("Truppen in Nordkorea.", {"North Korea": "north korea"}, "Troops in North Korea."),
        ("Moskau und Kiew.", {"Kyiv": "Kiev"}, "Moscow and Kyiv."),
    ],
)
def test_mangled_or_german_forms_are_repaired(
    glossary: Glossary, source: str, mangle: dict[str, str], expected: str
) -> None:
    result = enforce_one(source, FakeTranslator(mangle=mangle), glossary)
    assert expected in result.target
    assert result.repaired
    assert result.missing == []
    (target,) = {hit.target for hit in result.hits if hit.repaired}
    assert check_sentence(
        source,
        result.target,
        src_lang="de",
        missing_terms=result.missing,
        repaired_terms=result.repaired_terms,
    ) == [f"glossary_repaired:{target}"]


def test_dropped_term_is_reported_missing_and_flagged(glossary: Glossary) -> None:
    source = "Die Soldaten sind in der Kursk-Region stationiert."
    result = enforce_one(source, FakeTranslator(drop={"Kursk"}), glossary)
    assert "Kursk" not in result.target
    assert result.missing == ["Kursk"]
    assert not result.repaired
    assert [(h.target, h.in_output) for h in result.hits] == [("Kursk", False)]
    flags = check_sentence(source, result.target, src_lang="de", missing_terms=result.missing)
    assert "glossary_missing:Kursk" in flags


def test_nothing_is_inserted_where_no_copy_exists(glossary: Glossary) -> None:
    # "Russian" is an adjective, not a mangled "Russia"; "Iraq" is another country, not "Iran".
    source = "Russlands Soldaten und der Iran."
    translator = FakeTranslator(mangle={"Russia's": "the Russian", "Iran": "Iraq"})
    result = enforce_one(source, translator, glossary)
    assert result.target == "The Russian soldiers and the Iraq."
    assert result.missing == ["Russia", "Iran"]


def test_two_occurrences_need_two_copies(glossary: Glossary) -> None:
    source = "Kiew, Kiew und Kiew."
    translator = FakeTranslator(mangle={"Kyiv, Kyiv": "Kyiv"})
    result = enforce_one(source, translator, glossary)
    assert result.target == "Kyiv and Kyiv."
    assert [hit.in_output for hit in result.hits] == [True, True, False]
    assert result.missing == ["Kyiv"]

    both = enforce_one("Choe traf Lawrow, Lawrow sprach.", FakeTranslator(), glossary)
    assert both.target.count("Sergei Lavrov") == 2 and both.missing == []


def test_repair_does_not_touch_an_already_correct_copy(glossary: Glossary) -> None:
    # The second Lavrov lost his first name; the intact first one must stay as it is.
    source = "Lawrow traf Choe. Lawrow sprach."
    translator = FakeTranslator(mangle={". Sergei Lavrov": ". Lavrov"})
    result = enforce_one(source, translator, glossary)
    assert result.target == "Sergei Lavrov met Choe Son Hui. Sergei Lavrov spoke."
    assert [hit.repaired for hit in result.hits] == [False, False, True]


def test_repair_leaves_neighbouring_words_alone(glossary: Glossary) -> None:
    result = enforce_one(
        "Choes Besuch.", FakeTranslator(mangle={"Choe Son Hui's": "the Choe"}), glossary
    )
    assert result.target == "The Choe Son Hui visit."


def test_without_a_glossary_the_output_is_the_translation() -> None:
    translator = FakeTranslator()
    (result,) = translate_with_glossary(["Moskau und Kiew."], translator, None)
    assert result.target == "Moskau and Kiew."
    assert result.hits == [] and result.missing == [] and not result.repaired


def test_empty_input_makes_no_call(glossary: Glossary) -> None:
    translator = FakeTranslator()
    assert translate_with_glossary([], translator, glossary) == []
    assert translator.calls == []


def test_a_backend_returning_too_few_sentences_is_an_error(glossary: Glossary) -> None:
    with pytest.raises(TranslationError, match="returned 1 sentences for 2"):
        translate_with_glossary(["Moskau.", "Kiew."], FakeTranslator(short_by=1), glossary)


def test_many_hits_in_one_sentence_stay_fast(glossary: Glossary) -> None:
    source = "Moskau, Pjöngjang, Kiew und Choe. " * 2_000
    translator = FakeTranslator(drop={"Pyongyang", "Choe Son Hui"})
    started = time.process_time()
    (result,) = translate_with_glossary([source], translator, glossary)
    assert time.process_time() - started < 2.0
    assert len(result.hits) == 8_000
    assert result.missing.count("Pyongyang") == 2_000
    assert "Moscow" not in result.missing


def test_every_term_dropped_many_times_stays_fast(glossary: Glossary) -> None:
    sources = " ".join(entry.source for entry in glossary.entries)
    targets = sorted({entry.target for entry in glossary.entries}, key=len, reverse=True)
    translator = FakeTranslator(drop=targets)
    started = time.process_time()
    (result,) = translate_with_glossary([f"{sources}. " * 20], translator, glossary)
    assert time.process_time() - started < 3.0
    assert len(result.missing) == len(result.hits) == len(glossary) * 20
