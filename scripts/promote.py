#!/usr/bin/env python3
"""Promote the upcoming release to `latest` once every new version in it has taken effect.

    python scripts/promote.py [--today 2026-12-10] [--push]

Before that day it changes nothing and says what it waits for; run twice, the second run finds
nothing to promote. A scheduled workflow runs it daily (.github/workflows/promote.yml).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from publishing import ReleaseError, promote, push  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=datetime.date.today(),
                        help="the day to promote for, YYYY-MM-DD (default: today)")
    parser.add_argument("--push", action="store_true", help="push gh-pages to the remote after a promotion")
    parser.add_argument("--remote", default="origin", help="the remote to push to (default: origin)")
    args = parser.parse_args(argv)
    try:
        message = promote(REPO, args.today)
        print(message)
        if args.push and message.startswith("Promoted"):
            push(REPO, args.remote)
            print(f"Pushed gh-pages to {args.remote}.")
    except ReleaseError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
