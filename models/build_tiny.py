"""Build the tiny meaningless-output Marian model used by tests and CI (offline, seconds).

python models/build_tiny.py            # into models/tiny-de-en (WIREDESK_MODELS_DIR)
python models/build_tiny.py --force    # rebuild, e.g. after editing the glossary
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
from wiredesk.tiny import TINY_FOLDER, build_tiny_model, tiny_corpus_paths  # noqa: E402

logger = logging.getLogger("build_tiny")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build the model, and return a process exit code."""
    settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=settings.models_dir / TINY_FOLDER,
        help="Folder to build into (default: %(default)s).",
    )
    parser.add_argument("--force", action="store_true", help="Rebuild even if already built.")
    parser.add_argument("--seed", type=int, default=0, help="Random seed for the weights.")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        folder = build_tiny_model(
            args.out, corpus_paths=tiny_corpus_paths(settings), force=args.force, seed=args.seed
        )
    except WiredeskError as exc:
        logger.error("error: %s", exc.detail)
        return exc.exit_code
    logger.info("Tiny model ready in %s (random weights: output is meaningless)", folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
