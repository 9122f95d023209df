"""docker-compose.yml names real things: Compose cannot run here, so check what it refers to.

Each service's command must start a module and app that exist, every WIREDESK_* variable must
be a real setting, and everything the Dockerfile copies must exist in the repository.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
import yaml
from celery import Celery
from fastapi import FastAPI

from wiredesk.config import MODEL_ENV_PREFIX, PROJECT_ROOT, Settings
from wiredesk.registry import load_registry
from wiredesk.service_settings import ServiceSettings

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
OURS = ("api", "worker", "beat")
REGISTRY_LANGUAGES = sorted(load_registry(PROJECT_ROOT / "models" / "registry.toml"))


def command(service: str) -> list[str]:
    value = SERVICES[service]["command"]
    return value if isinstance(value, list) else value.split()


def test_the_stack_has_every_service_with_a_healthcheck() -> None:
    assert {"redis", "api", "worker", "beat", "mailpit"} <= set(SERVICES)
    for name in ("redis", "api", "worker", "beat", "mailpit"):
        assert SERVICES[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    for name in OURS:
        assert SERVICES[name]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_the_api_command_names_the_fastapi_app() -> None:
    args = command("api")
    assert args[0] == "uvicorn"
    module, _, attribute = next(arg for arg in args[1:] if ":" in arg).partition(":")
    assert isinstance(getattr(importlib.import_module(module), attribute), FastAPI)


@pytest.mark.parametrize(("service", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_worker_and_beat_run_wiredesk_commands_on_the_worker_app(
    service: str, subcommand: str
) -> None:
    from typer.main import get_command

    from wiredesk.cli import app as cli

    args = command(service)
    assert args[:2] == ["wiredesk", subcommand]
    click_command = get_command(cli)
    assert subcommand in click_command.commands  # type: ignore[attr-defined]
    assert isinstance(importlib.import_module("worker.app").app, Celery)


def test_workers_can_be_scaled_out() -> None:
    """`docker compose up --scale worker=3`: nothing on a worker may be fixed to one container."""
    worker = SERVICES["worker"]
    assert "container_name" not in worker and "ports" not in worker
    args = command("worker")
    name = args[args.index("--name") + 1]
    assert "%h" in name  # each container's own host name
    assert name.replace("%h", "$$HOSTNAME") in " ".join(worker["healthcheck"]["test"])


def test_every_wiredesk_variable_is_a_real_setting() -> None:
    fields = [*Settings.model_fields, *ServiceSettings.model_fields]
    known = {f"WIREDESK_{name.upper()}" for name in fields}
    known |= {f"{MODEL_ENV_PREFIX}{code.upper()}" for code in REGISTRY_LANGUAGES}
    used = {
        key
        for service in SERVICES.values()
        for key in (service.get("environment") or {})
        if key.startswith("WIREDESK_")
    }
    assert used, "the services are configured through WIREDESK_* variables"
    assert used <= known, f"not settings: {sorted(used - known)}"


def test_models_are_mounted_where_the_workers_look() -> None:
    worker = SERVICES["worker"]
    models_dir = worker["environment"]["WIREDESK_MODELS_DIR"]
    assert any(volume.endswith(f":{models_dir}") for volume in worker["volumes"])
    database = worker["environment"]["WIREDESK_DATABASE_URL"]
    assert database == SERVICES["api"]["environment"]["WIREDESK_DATABASE_URL"]


def test_the_dockerfile_copies_only_what_exists() -> None:
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
    sources = [
        source
        for line in re.findall(r"^COPY (.+)$", dockerfile, flags=re.MULTILINE)
        for source in line.split()[:-1]
    ]
    assert sources
    missing = [source for source in sources if not (PROJECT_ROOT / source).exists()]
    assert not missing, missing


@pytest.mark.parametrize("service", OURS)
def test_model_choices_reach_the_containers(service: str) -> None:
    """The README's dry run (WIREDESK_MODEL_FALLBACK=tiny or WIREDESK_MODEL_DE=tiny) works here."""
    environment = SERVICES[service]["environment"]
    wanted = {"WIREDESK_MODEL_FALLBACK", "WIREDESK_MODELS"} | {
        f"{MODEL_ENV_PREFIX}{code.upper()}" for code in REGISTRY_LANGUAGES
    }
    missing = sorted(wanted - set(environment))
    assert not missing, missing
    for name in wanted:  # passed from the shell or .env, with a default that changes nothing
        assert environment[name].startswith(f"${{{name}:-"), (name, environment[name])
    assert environment["WIREDESK_MODEL_FALLBACK"] == "${WIREDESK_MODEL_FALLBACK:-none}"


def test_the_stack_stores_jobs_in_postgresql_migrated_before_the_services_start() -> None:
    postgres = SERVICES["postgres"]
    assert postgres["healthcheck"]["test"] and "postgres" in COMPOSE["volumes"]
    assert any(volume.startswith("postgres:") for volume in postgres["volumes"])
    assert command("migrate") == ["wiredesk", "db", "upgrade"]
    assert SERVICES["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in OURS:
        url = SERVICES[name]["environment"]["WIREDESK_DATABASE_URL"]
        assert url.startswith("postgresql+psycopg://") and "@postgres:5432/" in url
        needs = SERVICES[name]["depends_on"]
        assert needs["migrate"]["condition"] == "service_completed_successfully"
        assert needs["postgres"]["condition"] == "service_healthy"
