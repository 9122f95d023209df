"""Download translation models into models/ (needs internet); `wiredesk models pull` does the same.

python models/fetch.py de            # Helsinki-NLP/opus-mt-de-en -> models/opus-mt-de-en
python models/fetch.py de fr es
python models/fetch.py --list        # languages in models/registry.toml
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # Run from a checkout without `pip install -e .`.
    sys.path.insert(0, str(PROJECT_ROOT))

from wiredesk.config import get_settings  # noqa: E402
from wiredesk.errors import WiredeskError  # noqa: E402
from wiredesk.registry import pull_model, resolve_model, supported_languages  # noqa: E402

logger = logging.getLogger("fetch")


def main(argv: list[str] | None = None) -> int:
    """Pull each requested language's model; return the first failure's exit code, else 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", help="Source language codes, e.g. de fr.")
    parser.add_argument("--list", action="store_true", help="List configured languages and exit.")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = get_settings()
    try:
        if args.list or not args.languages:
            for language in supported_languages(settings):
                spec = resolve_model(language, settings=settings)
                sys.stdout.write(f"{language}\t{spec.model_id}\t{spec.folder}\n")
            return 0
        for language in args.languages:
            logger.info("%s: ready in %s", language, pull_model(language, settings=settings))
    except WiredeskError as exc:
        logger.error("error: %s", exc.detail)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
