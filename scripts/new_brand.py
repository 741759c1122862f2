#!/usr/bin/env python3
"""Add a brand: its registry entry and its policy in every language, from templates/new-brand/.

    python scripts/new_brand.py acme --name "Acme" [--governing-language ru] [--date 2026-12-01]

Refuses to overwrite anything: an existing slug or folder stops it before any file is written.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from policykit.scaffold import ScaffoldError, new_brand
from policykit.site import SitePaths

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slug", help="the brand's folder name: lower-case letters, digits and hyphens")
    parser.add_argument("--name", required=True, help="the brand's name as readers see it")
    parser.add_argument("--governing-language", default="en", help="the language whose text prevails (default: en)")
    parser.add_argument("--date", type=datetime.date.fromisoformat, default=datetime.date.today(),
                        help="the first effective date, YYYY-MM-DD (default: today)")
    args = parser.parse_args(argv)
    try:
        written = new_brand(SitePaths(REPO), args.slug, args.name, args.governing_language, args.date)
    except ScaffoldError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    print("Added:\n" + "\n".join(f"  {path.relative_to(REPO)}" for path in written))
    print(f"Next: in data/brands.yml give {args.slug} its legal entity and the facts its policy states "
          "(website, email, phone, address, minimum_age); write the policy in every language; "
          "preview with `make serve`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
