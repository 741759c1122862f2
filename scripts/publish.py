#!/usr/bin/env python3
"""Publish a release of the site: build, check, and deploy it with mike to gh-pages.

    python scripts/publish.py                 # release named after today, e.g. 2026-11-22
    python scripts/publish.py --date 2026-12-01
    python scripts/publish.py --push          # also push gh-pages to origin

The release gets alias `latest`, and the site root redirects to `latest`. A published release is
never replaced: a second release on the same day is named 2026-11-22-2.

If a policy's new version takes effect after the release date, two releases are published: one as
`latest`, showing the versions in force on the release date, and one as `next`, showing the new
version; scripts/promote.py moves `latest` to it on the day. A new version must respect its brand's
notice period (notice_days in data/brands.yml).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from publishing import ReleaseError, publish_due, push  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--date", type=datetime.date.fromisoformat, default=datetime.date.today(),
                        help="the release date, YYYY-MM-DD (default: today)")
    parser.add_argument("--name", help="publish as `latest` under exactly this name (refused if it exists, or "
                                       "while a new version is upcoming)")
    parser.add_argument("--push", action="store_true", help="push gh-pages to the remote afterwards")
    parser.add_argument("--remote", default="origin", help="the remote to push to (default: origin)")
    args = parser.parse_args(argv)
    try:
        releases = publish_due(REPO, args.date, args.name)
        for release in releases:
            print(f"Published release {release.name} to gh-pages ({release.commit[:12]}); "
                  f"{', '.join(release.aliases)} → {release.name}.")
        if args.push:
            push(REPO, args.remote)
            print(f"Pushed gh-pages to {args.remote}.")
        else:
            print("Not pushed: run with --push to publish it online, or `mike serve` to look at it locally.")
    except ReleaseError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
