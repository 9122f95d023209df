"""Small builders of test inputs for the service tests: article payloads, batches, glossaries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wiredesk.config import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds"
SEED_SOURCES = ["Quelle A", "Quelle B", "Quelle C", "Quelle D", "Quelle E"]

GERMAN_TEXT = (
    "Nordkorea schickt weitere Soldaten nach Russland.\n\n"
    "Nach Angaben des südkoreanischen Geheimdienstes sollen es 10.000 Soldaten sein. "
    "Das Pentagon spricht von 12.000 Soldaten."
)

GLOSSARY_TSV = (
    "# source\tEnglish\tnote\n"
    "Choe Son Hui\tChoe Son Hui\tperson, North Korean foreign minister\n"
    "Pjöngjang\tPyongyang\tplace\n"
)


def article(**overrides: Any) -> dict[str, Any]:
    """One JSON article (German text) for `POST /v1/batches`."""
    return {"id": "a1", "source": "Testblatt", "language": "de", "text": GERMAN_TEXT} | overrides


def batch(*articles: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A `POST /v1/batches` body; one default article unless some are given."""
    return {"articles": list(articles) or [article()]} | fields


def seed_paths() -> list[Path]:
    """The five reference articles, in name order."""
    return sorted(SEEDS.glob("*.txt"))


def seed_batch() -> dict[str, Any]:
    """The five seeds as one JSON batch, ids = file stems, one source name each."""
    return batch(
        *[
            {"id": path.stem, "source": source, "text": path.read_text(encoding="utf-8")}
            for path, source in zip(seed_paths(), SEED_SOURCES, strict=True)
        ]
    )
