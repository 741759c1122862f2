#!/usr/bin/env python3
"""Start a new version of a brand's policy: set its new effective date in every language.

    python scripts/new_version.py scandoc 2026-12-01

Refuses a date in the past or not later than the current one, so a published version is never
overwritten; then reminds you what to edit.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from policykit.scaffold import ScaffoldError, new_version
from policykit.site import SitePaths

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("brand", help="the brand's slug (its folder name in docs/en/)")
    parser.add_argument("date", type=datetime.date.fromisoformat, help="the new effective date, YYYY-MM-DD")
    args = parser.parse_args(argv)
    try:
        changed = new_version(SitePaths(REPO), args.brand, args.date, datetime.date.today())
    except ScaffoldError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    print(f"The effective date is now {args.date.isoformat()} in:\n"
          + "\n".join(f"  {path.relative_to(REPO)}" for path in changed))
    print("Next: make the change in every language (and in shared clauses or data/brands.yml if that is where "
          "it belongs); check it with `python scripts/review.py`; a future date is announced to readers "
          "when it is published.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
