"""Both translation backends (transformers and CTranslate2) behave the same to their callers.

The tiny model is random, so its English is meaningless: these tests check the structure a user
relies on (one output per input, in order; caps; determinism; glossary and checks), the backend
choice, the conversion, and the thread settings, on the tiny model and its int8 conversion.
"""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from wiredesk import clean, segment
from wiredesk.checks import check_sentence
from wiredesk.config import PROJECT_ROOT, Settings, get_settings
from wiredesk.enforce import translate_with_glossary
from wiredesk.errors import InputError, ModelLoadError, ModelNotFoundError
from wiredesk.glossary import Glossary, load_glossary
from wiredesk.registry import ModelSpec, resolve_model
from wiredesk.tiny import TINY_FOLDER, TINY_LABEL
from wiredesk.translate.base import Translator
from wiredesk.translate.cli_commands import register
from wiredesk.translate.ct2 import (
    CT2_MARKER,
    CTranslate2Translator,
    convert_folder,
    converted_folder,
    fit_threads,
    get_ct2_translator,
    thread_counts,
)
from wiredesk.translate.loader import convert_model, load_translator, model_name, select_backend
from wiredesk.translate.marian import MarianTranslator

BACKENDS = ("transformers", "ctranslate2")
GERMAN = [
    "Nach Angaben des Ministeriums wurden etwa 10.000 Soldaten entsandt.",
    "Die Regierung hat am Montag neue Zahlen veröffentlicht.",
    "Der Sprecher sagte, die Lage bleibe angespannt.",
    "Choe Son Hui traf Sergej Lawrow in Moskau.",
]


def tiny_settings(models_dir: Path, **overrides: object) -> Settings:
    """Settings over a private models folder, one thread (other tests share the CPU), and
    outputs capped near the source length (the random model rarely stops by itself)."""
    options: dict[str, object] = {"max_length_ratio": 1.0, "max_length_extra": 5, **overrides}
    return Settings(models_dir=models_dir, threads=1, **options)  # type: ignore[arg-type]


def models_with_tiny(root: Path, tiny_model: Path) -> Path:
    """A fresh models folder holding a copy of the session's tiny model (copying is instant)."""
    models_dir = root / "models"
    shutil.copytree(tiny_model, models_dir / TINY_FOLDER)
    return models_dir


def tiny_spec(settings: Settings) -> ModelSpec:
    """The tiny model's spec under `settings.models_dir`."""
    return resolve_model("de", settings=settings, override="tiny")


def make_translator(backend: str, settings: Settings) -> Translator:
    """An uncached translator on `backend` with exactly these settings."""
    spec = tiny_spec(settings)
    if backend == "transformers":
        return MarianTranslator.from_folder(spec.folder, spec=spec, settings=settings)
    folder = converted_folder(spec, settings=settings)
    return CTranslate2Translator.from_folder(folder, settings=settings, name=model_name(spec))


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> Path:
    """A models folder with the tiny model and its int8 conversion, private to this module (a
    conversion in the shared folder would switch other tests' `auto` backend to CTranslate2)."""
    folder = models_with_tiny(tmp_path_factory.mktemp("ct2"), tiny_model)
    convert_model("de", settings=tiny_settings(folder), override="tiny")
    return folder


@pytest.fixture(scope="module", params=BACKENDS)
def translator(request: pytest.FixtureRequest, models_dir: Path) -> Translator:
    """The tiny model on each backend, loaded once per module."""
    return make_translator(request.param, tiny_settings(models_dir))


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(PROJECT_ROOT / "glossary" / "de-en.tsv", max_bytes=1_000_000)


@pytest.fixture(scope="module")
def seed_sentences() -> list[str]:
    """The first sentences of a seed article, cleaned and segmented as the pipeline does."""
    text = sorted((PROJECT_ROOT / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    cleaned = clean.clean(text, language="de").text
    return [s for p in segment.segment(cleaned, language="de") for s in p.sentences][:10]


class Replay:
    """A translator that returns fixed outputs: what a backend said, replayed."""

    name = "replay"
    meaningless = True

    def __init__(self, outputs: Sequence[str]) -> None:
        self.outputs = list(outputs)

    def translate(self, sentences: Sequence[str], *, beams: int | None = None) -> list[str]:
        assert len(sentences) == len(self.outputs)
        return list(self.outputs)


# --- the interface, on both backends --------------------------------------------------------


def test_is_a_translator_labelled_meaningless(translator: Translator) -> None:
    assert isinstance(translator, Translator)
    assert translator.meaningless
    assert translator.name == TINY_LABEL


def test_one_output_per_input_in_input_order(translator: Translator) -> None:
    sentences = [GERMAN[0], "", GERMAN[1], "   ", GERMAN[2], GERMAN[0], GERMAN[3]]
    forward = translator.translate(sentences)
    backward = translator.translate(sentences[::-1])[::-1]
    assert len(forward) == len(sentences)
    assert forward[1] == forward[3] == ""
    assert all(forward[i].strip() for i in (0, 2, 4, 5, 6))
    assert forward[0] == forward[5]  # the same sentence twice gets the same translation
    assert len({forward[0], forward[2], forward[4], forward[6]}) > 1  # not one output for all
    assert forward == backward


def test_empty_input_gives_empty_output(translator: Translator) -> None:
    assert translator.translate([]) == []
    assert translator.translate(["", " \n\t "]) == ["", ""]


def test_same_input_same_output(translator: Translator, seed_sentences: list[str]) -> None:
    assert translator.translate(seed_sentences) == translator.translate(seed_sentences)


def test_greedy_and_beam_search_both_work(translator: Translator) -> None:
    for beams in (1, 4):
        assert all(translator.translate(GERMAN, beams=beams))


@pytest.mark.parametrize("beams", [0, 17])
def test_bad_beam_count_is_an_input_error(translator: Translator, beams: int) -> None:
    with pytest.raises(InputError):
        translator.translate(GERMAN, beams=beams)


@pytest.mark.parametrize("backend", BACKENDS)
def test_output_length_is_capped_relative_to_the_input(backend: str, models_dir: Path) -> None:
    long_sentence = " ".join(GERMAN * 3)
    free = make_translator(backend, tiny_settings(models_dir)).translate([long_sentence])[0]
    capped_settings = tiny_settings(models_dir, max_length_ratio=0.01, max_length_extra=3)
    capped = make_translator(backend, capped_settings).translate([long_sentence])[0]
    # At most 4 tokens (1 + 3) come out, each a piece of at most 16 characters.
    assert 0 < len(capped) <= 4 * 17
    assert len(capped) < len(free)


@pytest.mark.parametrize("backend", BACKENDS)
def test_huge_unsegmented_input_is_truncated_in_bounded_time(
    backend: str, models_dir: Path
) -> None:
    settings = tiny_settings(models_dir, max_sentence_tokens=16)
    translator = make_translator(backend, settings)
    huge = "Soldaten" * 100_000 + " " + "Zahlen " * 50_000
    started = time.monotonic()
    (output,) = translator.translate([huge])
    assert time.monotonic() - started < 10
    assert 0 < len(output) <= (16 + 5) * 17  # cap: 1 x 16 source tokens + 5


def test_both_backends_feed_the_model_the_same_tokens(
    models_dir: Path, seed_sentences: list[str]
) -> None:
    settings = tiny_settings(models_dir, max_sentence_tokens=20)
    marian = make_translator("transformers", settings)
    ct2 = make_translator("ctranslate2", settings)
    assert isinstance(marian, MarianTranslator) and isinstance(ct2, CTranslate2Translator)
    tricky = ["Ein </s> im Text und <pad> auch.", "Ωμέγα 😀 ünbekannt", *seed_sentences]
    for sentence in tricky:
        ids = marian._encode(sentence)  # the ids the transformers backend generates from
        assert ct2._tokenizer.convert_tokens_to_ids(ct2.encode(sentence)) == ids
        assert len(ids) <= 20
        assert ids.index(marian._tokenizer.eos_token_id) == len(ids) - 1  # "</s>" text is text


# --- glossary enforcement and checks, the same on both backends -----------------------------


def test_glossary_hits_depend_only_on_the_outputs(
    translator: Translator, glossary: Glossary, seed_sentences: list[str]
) -> None:
    enforced = translate_with_glossary(seed_sentences, translator, glossary)
    raw = translator.translate([result.masked for result in enforced])
    replayed = translate_with_glossary(seed_sentences, Replay(raw), glossary)
    assert [r.model_dump() for e in enforced for r in e.hits] == [
        r.model_dump() for e in replayed for r in e.hits
    ]
    assert [e.target for e in enforced] == [e.target for e in replayed]
    assert any(e.hits for e in enforced)


def test_glossary_hits_are_the_same_terms_on_both_backends(
    models_dir: Path, glossary: Glossary, seed_sentences: list[str]
) -> None:
    found = []
    for backend in BACKENDS:
        enforced = translate_with_glossary(
            seed_sentences, make_translator(backend, tiny_settings(models_dir)), glossary
        )
        found.append([(h.match, h.term, h.target, h.sentence) for e in enforced for h in e.hits])
        for result in enforced:  # every hit the output lacks is reported missing, and only those
            assert sorted(result.missing) == sorted(
                h.target for h in result.hits if not h.in_output
            )
    assert found[0] == found[1]
    assert found[0]  # the seed article names people and places from the glossary


def test_checks_flag_what_the_meaningless_output_lost(
    translator: Translator, glossary: Glossary
) -> None:
    (result,) = translate_with_glossary([GERMAN[0]], translator, glossary)
    flags = check_sentence(
        result.source, result.target, src_lang="de", missing_terms=result.missing
    )
    assert "number_lost:10.000" in flags
    (names,) = translate_with_glossary([GERMAN[3]], translator, glossary)
    flags = check_sentence(names.source, names.target, src_lang="de", missing_terms=names.missing)
    assert {f"glossary_missing:{term}" for term in names.missing} <= set(flags)


# --- backend choice ---------------------------------------------------------------------------


def test_auto_uses_ctranslate2_only_once_converted(tmp_path: Path, tiny_model: Path) -> None:
    settings = tiny_settings(models_with_tiny(tmp_path, tiny_model))
    spec = tiny_spec(settings)
    assert select_backend(spec, settings=settings) == "transformers"
    assert isinstance(load_translator(spec, settings), MarianTranslator)
    folder = convert_model("de", settings=settings, override="tiny")
    assert folder == settings.models_dir / f"{TINY_FOLDER}-ct2-int8"
    assert select_backend(spec, settings=settings) == "ctranslate2"
    loaded = load_translator(spec, settings)
    assert isinstance(loaded, CTranslate2Translator)
    assert loaded is load_translator(spec, settings)  # loaded once per process
    forced = settings.model_copy(update={"backend": "transformers"})
    assert select_backend(spec, settings=forced) == "transformers"


def test_ctranslate2_backend_without_conversion_says_how_to_convert(
    tmp_path: Path, tiny_model: Path
) -> None:
    settings = tiny_settings(models_with_tiny(tmp_path, tiny_model), backend="ctranslate2")
    with pytest.raises(ModelNotFoundError, match="wiredesk models convert de"):
        load_translator(tiny_spec(settings), settings)


def test_a_conversion_of_other_weights_is_not_used(tmp_path: Path, tiny_model: Path) -> None:
    settings = tiny_settings(models_with_tiny(tmp_path, tiny_model))
    spec = tiny_spec(settings)
    convert_model("de", settings=settings, override="tiny")
    config = spec.folder / "config.json"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert select_backend(spec, settings=settings) == "transformers"
    strict = settings.model_copy(update={"backend": "ctranslate2"})
    with pytest.raises(ModelNotFoundError):
        select_backend(spec, settings=strict)
    convert_model("de", settings=settings, override="tiny", force=True)
    assert select_backend(spec, settings=settings) == "ctranslate2"


def test_conversion_happens_once_and_the_result_stands_alone(
    tmp_path: Path, tiny_model: Path
) -> None:
    settings = tiny_settings(models_with_tiny(tmp_path, tiny_model))
    folder = convert_model("de", settings=settings, override="tiny")
    first = (folder / "model.bin").stat().st_mtime_ns
    assert convert_model("de", settings=settings, override="tiny") == folder
    assert (folder / "model.bin").stat().st_mtime_ns == first
    shutil.rmtree(settings.models_dir / TINY_FOLDER)  # the converted folder needs no source
    alone = CTranslate2Translator.from_folder(folder, settings=settings)
    assert alone.meaningless and alone.name == TINY_LABEL
    assert alone.translate(GERMAN[:1])[0]


def test_a_half_converted_folder_is_not_a_model(tmp_path: Path, models_dir: Path) -> None:
    half = tmp_path / "half"
    shutil.copytree(
        converted_folder(tiny_spec(tiny_settings(models_dir)), settings=tiny_settings(models_dir)),
        half,
    )
    (half / CT2_MARKER).unlink()
    with pytest.raises(ModelLoadError, match="not a converted model"):
        CTranslate2Translator.from_folder(half, settings=tiny_settings(models_dir))


def test_unknown_compute_type_is_refused(tmp_path: Path, tiny_model: Path) -> None:
    with pytest.raises(InputError, match="int8"):
        convert_folder(tiny_model, tmp_path / "out", compute_type="int3")
    assert not (tmp_path / "out").exists()


def test_compute_type_the_cpu_cannot_run_is_a_load_error(tmp_path: Path, tiny_model: Path) -> None:
    settings = tiny_settings(models_with_tiny(tmp_path, tiny_model), compute_type="float16")
    folder = convert_model("de", settings=settings, override="tiny")
    with pytest.raises(ModelLoadError, match="CTranslate2 cannot load"):
        CTranslate2Translator.from_folder(folder, settings=settings)


def test_models_convert_command(
    tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models_dir = models_with_tiny(tmp_path, tiny_model)
    monkeypatch.setenv("WIREDESK_MODELS_DIR", str(models_dir))
    get_settings.cache_clear()
    app = typer.Typer()
    models_app = typer.Typer()
    app.add_typer(models_app, name="models")
    register(models_app)
    result = CliRunner().invoke(app, ["models", "convert", "de", "--model", "tiny"])
    assert result.exit_code == 0, result.output
    assert f"{TINY_FOLDER}-ct2-int8" in result.output
    assert (models_dir / f"{TINY_FOLDER}-ct2-int8" / "model.bin").is_file()


# --- threads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inter", "intra", "cores", "fitted"),
    [
        (1, 2, 2, (1, 2)),
        (2, 1, 2, (2, 1)),
        (1, 8, 2, (1, 2)),
        (2, 2, 2, (2, 1)),
        (4, 4, 2, (2, 1)),
        (3, 5, 16, (3, 5)),
        (3, 6, 16, (3, 5)),
        (1, 1, 1, (1, 1)),
    ],
)
def test_threads_fit_the_cores(inter: int, intra: int, cores: int, fitted: tuple[int, int]) -> None:
    assert fit_threads(inter, intra, cores=cores) == fitted
    assert fitted[0] * fitted[1] <= cores


@pytest.mark.parametrize(
    ("inter", "threads", "device", "cores", "split"),
    [
        (None, 2, "cpu", 2, (2, 1)),  # default: one-thread batches side by side
        (None, 4, "cpu", 2, (2, 1)),  # never more batches than cores
        (1, 2, "cpu", 2, (1, 2)),  # told: all threads on one batch
        (None, 2, "cuda", 2, (1, 2)),  # a GPU runs one batch at a time unless told
    ],
)
def test_the_default_thread_split_runs_one_thread_batches_on_cpu(
    monkeypatch: pytest.MonkeyPatch,
    inter: int | None,
    threads: int,
    device: str,
    cores: int,
    split: tuple[int, int],
) -> None:
    monkeypatch.setattr("wiredesk.translate.ct2.available_cores", lambda: cores)
    settings = Settings(inter_threads=inter, threads=threads, device=device)
    assert thread_counts(settings) == split


def test_too_many_threads_are_clamped_with_a_warning(
    models_dir: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("wiredesk.translate.ct2.available_cores", lambda: 2)
    settings = tiny_settings(models_dir).model_copy(update={"inter_threads": 4, "threads": 4})
    with caplog.at_level(logging.WARNING, logger="wiredesk.translate.ct2"):
        translator = make_translator("ctranslate2", settings)
    assert "4 x 4 is more than the 2 CPU cores; using 2 x 1" in caplog.text
    assert translator._translator.num_translators == 2  # type: ignore[attr-defined]
    assert all(translator.translate(GERMAN))


def _translate_in_child(folder: str, models_dir: str) -> str:
    """Run in a forked worker: get the (parent-loaded) translator and use it."""
    translator = get_ct2_translator(Path(folder), settings=tiny_settings(Path(models_dir)))
    return translator.translate(GERMAN[:1])[0]


def test_a_forked_worker_loads_its_own_model(models_dir: Path) -> None:
    settings = tiny_settings(models_dir)
    folder = converted_folder(tiny_spec(settings), settings=settings)
    parent = get_ct2_translator(folder, settings=settings).translate(GERMAN[:1])[0]
    with multiprocessing.get_context("fork").Pool(1) as pool:
        child = pool.apply_async(_translate_in_child, (str(folder), str(models_dir)))
        assert child.get(timeout=60) == parent
