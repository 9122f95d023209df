"""Celery and service settings: the reliability options the issue asks for, and sane limits."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from wiredesk.service_settings import ServiceSettings
from worker.config import celery_config


def test_tasks_are_acknowledged_late_and_taken_one_at_a_time() -> None:
    config = celery_config(ServiceSettings())
    assert config["task_acks_late"] is True
    assert config["task_reject_on_worker_lost"] is True
    assert config["worker_prefetch_multiplier"] == 1
    assert config["accept_content"] == ["json"]


def test_the_visibility_timeout_outlasts_the_longest_task() -> None:
    settings = ServiceSettings(
        visibility_timeout=600, task_time_limit=500, task_soft_time_limit=400
    )
    config = celery_config(settings)
    transport = config["broker_transport_options"]
    assert transport["visibility_timeout"] == 600 > config["task_time_limit"]
    # Abandoned tasks are looked for often enough to come back soon after the timeout.
    assert transport["unacked_restore_interval"] <= 600 / 4
    assert transport["unacked_restore_throttle"] == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"visibility_timeout": 100, "task_time_limit": 100, "task_soft_time_limit": 50},
        {"visibility_timeout": 100, "task_time_limit": 50, "task_soft_time_limit": 60},
    ],
)
def test_unsafe_limits_are_refused(fields: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        ServiceSettings(**fields)


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREDESK_REDIS_URL", "redis://queue:6379/3")
    monkeypatch.setenv("WIREDESK_API_KEYS", " key-alpha, ,key-beta ")
    monkeypatch.setenv("WIREDESK_WARM_LANGUAGES", "DE, fr")
    settings = ServiceSettings()
    assert settings.redis_url == "redis://queue:6379/3"
    assert settings.api_key_list() == ["key-alpha", "key-beta"]
    assert "key-alpha" not in repr(settings)  # keys never end up in a log line by accident
    assert settings.warm_language_list() == ["de", "fr"]


def test_no_keys_means_an_open_api() -> None:
    assert ServiceSettings(api_keys=None).api_key_list() == []
    assert ServiceSettings(api_keys=" , ").api_key_list() == []


def test_every_setting_is_documented() -> None:
    undocumented = [n for n, f in ServiceSettings.model_fields.items() if not f.description]
    assert not undocumented
