"""The README keeps up with the code: every setting and every CLI command is documented."""

from __future__ import annotations

import re

import pytest

from wiredesk.config import PROJECT_ROOT, Settings

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def settings_classes() -> list[type]:
    classes: list[type] = [Settings]
    try:
        from wiredesk.service_settings import ServiceSettings
    except ImportError:  # the batch service is optional for the core
        return classes
    return [*classes, ServiceSettings]


@pytest.mark.parametrize("cls", settings_classes(), ids=lambda c: c.__name__)
def test_every_setting_is_in_the_readme(cls: type) -> None:
    prefix = cls.model_config.get("env_prefix", "")
    missing = [
        f"{prefix}{name}".upper()
        for name in cls.model_fields
        if f"`{prefix}{name}`".upper() not in README.upper()
    ]
    assert not missing, f"settings missing from README.md: {missing}"


@pytest.mark.parametrize("cls", settings_classes(), ids=lambda c: c.__name__)
def test_each_settings_row_says_what_the_code_says(cls: type) -> None:
    prefix = cls.model_config.get("env_prefix", "")
    rows = {
        line.split("|")[1].strip(): line for line in README.splitlines() if line.startswith("| `")
    }
    stale = [
        name
        for name, field in cls.model_fields.items()
        if field.description and field.description not in rows.get(f"`{prefix}{name}`".upper(), "")
    ]
    assert not stale, f"README settings rows out of date with their descriptions: {stale}"


def test_readme_names_its_two_commands() -> None:
    assert "make demo" in README and "make test" in README


def test_every_flag_code_is_documented() -> None:
    from wiredesk import checks

    codes = set(re.findall(r"`([a-z_]+)`", checks.__doc__ or ""))
    assert codes, "checks module docstring should list its flag codes"
    missing = [code for code in codes if f"`{code}" not in README]
    assert not missing, f"flag codes missing from README.md: {missing}"
