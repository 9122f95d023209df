"""Tests for wiredesk.registry: which model each language gets, and where its weights come from.

No test touches the network: the hub is either switched off (`hub_offline`) or replaced by a
local fake that serves files from a folder, like the real hub would.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
from pathlib import Path

import huggingface_hub
import pytest
from huggingface_hub import constants as hub_constants
from huggingface_hub.errors import LocalEntryNotFoundError

from wiredesk.config import MODEL_ENV_PREFIX, PROJECT_ROOT, Settings
from wiredesk.errors import ModelError, ModelNotFoundError, UnsupportedLanguageError
from wiredesk.registry import (
    ModelSpec,
    load_registry,
    locate_weights,
    pull_model,
    resolve_model,
    supported_languages,
    weights_folder,
)

REGISTRY = PROJECT_ROOT / "models" / "registry.toml"


@pytest.fixture(autouse=True)
def _isolated_model_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No WIREDESK_MODEL_* from the developer's shell, and an empty Hugging Face cache."""
    for key in list(os.environ):
        if key.startswith(MODEL_ENV_PREFIX):
            monkeypatch.delenv(key)
    monkeypatch.setattr(hub_constants, "HF_HUB_CACHE", str(tmp_path / "hf-cache"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with an empty models folder, the shipped registry, and the hub switched off."""
    return Settings(models_dir=tmp_path / "models", registry=REGISTRY, models={}, hub_offline=True)


def write_fake_weights(folder: Path, *, weights: str = "model.safetensors") -> Path:
    """A folder that looks like a pulled checkpoint (the registry only checks which files exist)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "vocab.json", "source.spm", "target.spm", weights):
        (folder / name).write_text("{}")
    return folder


class FakeHub:
    """Stands in for `huggingface_hub.snapshot_download`, serving files from local folders."""

    def __init__(self, repos: dict[str, Path], *, reachable: bool = True) -> None:
        self.repos = repos
        self.reachable = reachable
        self.downloaded: list[str] = []

    def __call__(
        self,
        repo_id: str,
        *,
        allow_patterns: list[str],
        local_dir: Path | None = None,
        local_files_only: bool = False,
        **_: object,
    ) -> str:
        if local_files_only or not self.reachable:
            raise LocalEntryNotFoundError("Got: ConnectError: [Errno -2] Name or service not known")
        target = Path(local_dir) if local_dir else Path(hub_constants.HF_HUB_CACHE) / repo_id
        target.mkdir(parents=True, exist_ok=True)
        for file in sorted(self.repos[repo_id].iterdir()):
            if any(fnmatch.fnmatch(file.name, pattern) for pattern in allow_patterns):
                shutil.copy(file, target / file.name)
                self.downloaded.append(file.name)
        return str(target)


# --- the shipped registry -------------------------------------------------------------------


def test_german_maps_to_opus_mt_and_its_pull_folder(settings: Settings) -> None:
    spec = resolve_model("de", settings=settings)
    assert spec == ModelSpec(
        "de", "Helsinki-NLP/opus-mt-de-en", settings.models_dir / "opus-mt-de-en"
    )
    assert not spec.tiny and not spec.local


def test_shipped_registry_entries_are_opus_mt_models_in_matching_folders() -> None:
    registry = load_registry(REGISTRY)
    assert {"de", "fr", "es", "it", "nl", "ru", "pl", "uk", "zh", "ja", "ko"} <= set(registry)
    for language, entry in registry.items():
        assert entry.model == f"Helsinki-NLP/opus-mt-{language}-en"
        assert entry.folder == f"opus-mt-{language}-en"


def test_language_codes_are_normalised(settings: Settings) -> None:
    assert resolve_model(" DE ", settings=settings).language == "de"


# --- precedence: --model > WIREDESK_MODEL_<LANG> > WIREDESK_MODELS > registry ---------------


def test_override_beats_env_beats_settings_beats_registry(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    configured = settings.model_copy(update={"models": {"de": "org/from-settings"}})
    assert resolve_model("de", settings=configured).model_id == "org/from-settings"
    monkeypatch.setenv("WIREDESK_MODEL_DE", "org/from-env")
    assert resolve_model("de", settings=configured).model_id == "org/from-env"
    spec = resolve_model("de", settings=configured, override="org/from-cli")
    assert spec.model_id == "org/from-cli"
    assert resolve_model("fr", settings=configured).model_id == "Helsinki-NLP/opus-mt-fr-en"


def test_blank_override_falls_through_to_registry(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIREDESK_MODEL_DE", "  ")
    spec = resolve_model("de", settings=settings, override="")
    assert spec.model_id == "Helsinki-NLP/opus-mt-de-en"


@pytest.mark.parametrize("where", ["override", "env", "settings", "registry"])
def test_the_word_tiny_selects_the_tiny_model_wherever_a_model_is_named(
    where: str, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    override = None
    if where == "override":
        override = "tiny"
    elif where == "env":
        monkeypatch.setenv("WIREDESK_MODEL_DE", "TINY")
    elif where == "settings":
        settings = settings.model_copy(update={"models": {"de": "Tiny"}})
    else:
        registry = tmp_path / "registry.toml"
        registry.write_text('[languages.de]\nmodel = "tiny"\n')
        settings = settings.model_copy(update={"registry": registry})
    spec = resolve_model("de", settings=settings, override=override)
    assert spec.tiny
    assert spec.folder == settings.models_dir / "tiny-de-en"


def test_an_existing_folder_is_a_local_model(settings: Settings, tmp_path: Path) -> None:
    folder = write_fake_weights(tmp_path / "my-marian")
    spec = resolve_model("de", settings=settings, override=str(folder))
    assert spec.local and not spec.tiny
    assert spec.folder == folder.resolve()
    assert locate_weights(spec, settings=settings) == folder.resolve()


def test_a_folder_name_under_models_dir_is_a_local_model(settings: Settings) -> None:
    write_fake_weights(settings.models_dir / "custom-de-en")
    spec = resolve_model("de", settings=settings, override="custom-de-en")
    assert spec.local
    assert spec.folder == (settings.models_dir / "custom-de-en").resolve()


def test_a_folder_holding_the_tiny_marker_is_flagged_tiny(
    settings: Settings, tmp_path: Path
) -> None:
    folder = write_fake_weights(tmp_path / "renamed-tiny")
    (folder / "WIREDESK_TINY.txt").write_text("random weights: output is meaningless")
    assert resolve_model("de", settings=settings, override=str(folder)).tiny


def test_a_hub_id_gets_a_pull_folder_of_its_own(settings: Settings) -> None:
    spec = resolve_model("de", settings=settings, override="someone/marian-de-en")
    assert not spec.local
    assert spec.model_id == "someone/marian-de-en"
    assert spec.folder == settings.models_dir / "someone--marian-de-en"


def test_naming_the_registry_model_keeps_the_registry_folder(settings: Settings) -> None:
    spec = resolve_model("de", settings=settings, override="Helsinki-NLP/opus-mt-de-en")
    assert spec.folder == settings.models_dir / "opus-mt-de-en"


@pytest.mark.parametrize(
    "name", ["/no/such/folder", "../no-such-folder", "has spaces/in it", "a/b/c"]
)
def test_a_name_that_is_neither_folder_nor_hub_id_is_refused(settings: Settings, name: str) -> None:
    with pytest.raises(ModelNotFoundError, match="neither an existing folder nor"):
        resolve_model("de", settings=settings, override=name)


# --- unsupported languages ------------------------------------------------------------------


def test_unknown_language_says_how_to_add_it(settings: Settings) -> None:
    with pytest.raises(UnsupportedLanguageError) as caught:
        resolve_model("xx", settings=settings)
    assert caught.value.detail == (
        "No translation model is configured for language 'xx'. Add it to models/registry.toml "
        "or set WIREDESK_MODEL_XX=<hub id or folder>."
    )


def test_env_variable_makes_a_language_supported(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIREDESK_MODEL_XX", "tiny")
    assert resolve_model("xx", settings=settings).tiny
    assert "xx" in supported_languages(settings)


def test_supported_languages_lists_registry_and_configured(settings: Settings) -> None:
    configured = settings.model_copy(update={"models": {"eo": "tiny"}})
    languages = supported_languages(configured)
    assert {"de", "fr", "eo"} <= set(languages)
    assert languages == sorted(languages)
    assert "fallback" not in languages  # WIREDESK_MODEL_FALLBACK is a setting, not a language


@pytest.mark.parametrize("code", ["", "../de", "de/../../x", "d", "deutsch-lang", "x" * 500])
def test_hostile_language_codes_are_unsupported(settings: Settings, code: str) -> None:
    with pytest.raises(UnsupportedLanguageError):
        resolve_model(code, settings=settings)


# --- a broken registry ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[languages.de\nmodel = 'x'",  # not TOML
        "[languages.de]\nfolder = 'opus-mt-de-en'\n",  # no model
        "[languages.de]\nmodel = 'org/m'\nfolder = '../../outside'\n",  # escapes models_dir
        "[languages.DE]\nmodel = 'org/m'\n",  # not a lowercase code
        "languages = 3\n",
    ],
)
def test_a_broken_registry_is_a_model_error(settings: Settings, tmp_path: Path, text: str) -> None:
    registry = tmp_path / "registry.toml"
    registry.write_text(text)
    with pytest.raises(ModelError, match="registry"):
        resolve_model("de", settings=settings.model_copy(update={"registry": registry}))


def test_registry_edits_take_effect_without_restart(settings: Settings, tmp_path: Path) -> None:
    registry = tmp_path / "registry.toml"
    registry.write_text('[languages.de]\nmodel = "org/first"\n')
    settings = settings.model_copy(update={"registry": registry})
    assert resolve_model("de", settings=settings).model_id == "org/first"
    registry.write_text('[languages.de]\nmodel = "org/second-model"\n')
    assert resolve_model("de", settings=settings).model_id == "org/second-model"


# --- locating weights -----------------------------------------------------------------------


def test_pulled_folder_is_used_before_the_hub(settings: Settings) -> None:
    folder = write_fake_weights(settings.models_dir / "opus-mt-de-en")
    spec = resolve_model("de", settings=settings)
    assert locate_weights(spec, settings=settings) == folder


def test_legacy_pytorch_bin_counts_as_weights(settings: Settings) -> None:
    folder = write_fake_weights(settings.models_dir / "opus-mt-de-en", weights="pytorch_model.bin")
    assert locate_weights(resolve_model("de", settings=settings), settings=settings) == folder


def test_half_pulled_folder_is_not_mistaken_for_weights(settings: Settings) -> None:
    folder = settings.models_dir / "opus-mt-de-en"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text("{}")  # weights never arrived
    with pytest.raises(ModelNotFoundError):
        locate_weights(resolve_model("de", settings=settings), settings=settings)


def test_hugging_face_cache_is_used_even_offline(settings: Settings) -> None:
    repo = Path(hub_constants.HF_HUB_CACHE) / "models--Helsinki-NLP--opus-mt-de-en"
    snapshot = write_fake_weights(repo / "snapshots" / ("a" * 40))
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("a" * 40)
    spec = resolve_model("de", settings=settings)
    assert locate_weights(spec, settings=settings) == snapshot


def test_offline_with_no_weights_says_exactly_how_to_get_them(settings: Settings) -> None:
    spec = resolve_model("de", settings=settings)
    with pytest.raises(ModelNotFoundError) as caught:
        locate_weights(spec, settings=settings)
    detail = caught.value.detail
    assert "`wiredesk models pull de`" in detail
    assert "WIREDESK_MODEL_DE" in detail
    assert "--model tiny" in detail
    assert str(settings.models_dir / "opus-mt-de-en") in detail
    assert "\n" not in detail


def test_online_with_no_weights_hands_over_the_hub_id(settings: Settings) -> None:
    online = settings.model_copy(update={"hub_offline": False})
    spec = resolve_model("de", settings=online)
    assert locate_weights(spec, settings=online) == "Helsinki-NLP/opus-mt-de-en"


def test_configured_folder_without_weights_is_not_found(settings: Settings, tmp_path: Path) -> None:
    empty = tmp_path / "empty-model"
    empty.mkdir()
    spec = resolve_model("de", settings=settings, override=str(empty))
    with pytest.raises(ModelNotFoundError, match="has no weights"):
        locate_weights(spec, settings=settings)


def test_unreachable_hub_gives_the_how_to_message(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    online = settings.model_copy(update={"hub_offline": False})
    monkeypatch.setattr(huggingface_hub, "snapshot_download", FakeHub({}, reachable=False))
    with pytest.raises(ModelNotFoundError) as caught:
        weights_folder(resolve_model("de", settings=online), settings=online)
    folder = online.models_dir / "opus-mt-de-en"
    assert caught.value.detail == (
        f"Model weights for 'de' (Helsinki-NLP/opus-mt-de-en) are not in {folder} and could not "
        "be fetched: run `wiredesk models pull de` with internet access, or point "
        "WIREDESK_MODEL_DE at a folder with the weights; for a dry run with the meaningless "
        "tiny test model, give `--fallback tiny` (or `--model tiny`) to `wiredesk run` or "
        "`wiredesk worker`, or set WIREDESK_MODEL_FALLBACK=tiny."
    )


# --- pulling --------------------------------------------------------------------------------


def test_pull_fetches_safetensors_and_skips_the_pickle_copy(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    remote = write_fake_weights(tmp_path / "remote")
    (remote / "pytorch_model.bin").write_text("{}")
    (remote / "tf_model.h5").write_text("{}")
    hub = FakeHub({"Helsinki-NLP/opus-mt-de-en": remote})
    monkeypatch.setattr(huggingface_hub, "snapshot_download", hub)
    online = settings.model_copy(update={"hub_offline": False})
    folder = pull_model("de", settings=online)
    assert folder == online.models_dir / "opus-mt-de-en"
    assert (folder / "model.safetensors").is_file() and (folder / "source.spm").is_file()
    assert "pytorch_model.bin" not in hub.downloaded and "tf_model.h5" not in hub.downloaded
    assert locate_weights(resolve_model("de", settings=online), settings=online) == folder


def test_pull_falls_back_to_pytorch_bin_for_old_repositories(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    remote = write_fake_weights(tmp_path / "remote", weights="pytorch_model.bin")
    monkeypatch.setattr(
        huggingface_hub, "snapshot_download", FakeHub({"Helsinki-NLP/opus-mt-de-en": remote})
    )
    folder = pull_model("de", settings=settings.model_copy(update={"hub_offline": False}))
    assert (folder / "pytorch_model.bin").is_file()


def test_pull_failure_says_what_to_do(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(huggingface_hub, "snapshot_download", FakeHub({}, reachable=False))
    with pytest.raises(ModelNotFoundError) as caught:
        pull_model("de", settings=settings.model_copy(update={"hub_offline": False}))
    detail = caught.value.detail
    assert detail.startswith("Could not download Helsinki-NLP/opus-mt-de-en into ")
    assert "Name or service not known" in detail
    assert "`wiredesk models pull de`" in detail and "WIREDESK_MODEL_DE" in detail


def test_pull_refuses_while_hub_is_switched_off(settings: Settings) -> None:
    with pytest.raises(ModelNotFoundError, match="WIREDESK_HUB_OFFLINE"):
        pull_model("de", settings=settings)


def test_pull_of_a_local_folder_downloads_nothing(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = write_fake_weights(tmp_path / "mine")
    monkeypatch.setattr(huggingface_hub, "snapshot_download", FakeHub({}, reachable=False))
    assert pull_model("de", settings=settings, override=str(folder)) == folder.resolve()
