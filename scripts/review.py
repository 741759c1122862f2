#!/usr/bin/env python3
"""Review a change as readers will see it: every policy and language whose text changes, with a redline.

    python scripts/review.py                    # the working tree against main
    python scripts/review.py --base latest      # against the release in force
    python scripts/review.py --head my-branch   # a branch instead of the working tree
    python scripts/review.py --markdown         # Markdown, for a pull request

Both sides are built as the site builds them, so a change made only in a shared clause or in
data/brands.yml shows on every policy it reaches. Exit status: 0 when every change can be published,
1 when a changed policy needs a later effective date, 2 when a side cannot be built.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from publishing import LATEST, read_pages  # noqa: E402

from policykit.gitread import resolve  # noqa: E402
from policykit.review import compare, report_markdown, report_terminal, snapshots_of_release, snapshots_of_site  # noqa: E402
from policykit.site import SITE_SOURCES, copy_sources  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


class ReviewError(Exception):
    """A side of the review that cannot be read or built; the message says why."""


def snapshots_of_tree(repo: Path, ref: str | None, folder: Path) -> dict:
    """Build a git ref (or, with None, the working tree) in a folder of its own and read its policies.

    The copy has no git history, so the build shows no earlier versions and its change check stays
    quiet: the review makes that check itself, against the side it compares with."""
    source = folder / "source"
    source.mkdir(parents=True)
    if ref is None:
        copy_sources(repo, source)
    else:
        archive = subprocess.run(["git", "archive", "--format=tar", ref, *SITE_SOURCES], cwd=repo,
                                 capture_output=True)
        if archive.returncode != 0:
            raise ReviewError(f'"{ref}" is not a branch, tag or commit of this repository.')
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(source, filter="data")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                             "--site-dir", str(folder / "site")], cwd=source, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        raise ReviewError(f"{ref or 'the working tree'} does not build:\n{(result.stdout + result.stderr).strip()}")
    return snapshots_of_site(folder / "site")


def snapshots_of_latest(repo: Path) -> dict:
    published = read_pages(repo)
    if LATEST not in published.aliases:
        raise ReviewError("nothing is published yet (no gh-pages branch with a `latest` release): "
                          "review against main instead.")
    return snapshots_of_release(published, published.aliases[LATEST])


def default_base(repo: Path) -> str:
    return next((ref for ref in ("main", "origin/main") if resolve(repo, ref)), "main")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="what to compare with: a branch, tag or commit, or `latest` "
                                       "(the release in force); default: main")
    parser.add_argument("--head", help="the branch, tag or commit to review; default: the working tree")
    parser.add_argument("--markdown", action="store_true", help="write Markdown, for a pull request")
    args = parser.parse_args(argv)
    base = args.base or default_base(REPO)
    try:
        with tempfile.TemporaryDirectory(prefix="review-") as folder:
            after = snapshots_of_tree(REPO, args.head, Path(folder) / "head")
            before = (snapshots_of_latest(REPO) if base == LATEST
                      else snapshots_of_tree(REPO, base, Path(folder) / "base"))
    except ReviewError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    changes = compare(before, after)
    title = f"Review of {args.head or 'the working tree'} against {base}"
    report = report_markdown if args.markdown else report_terminal
    print(report(changes, title, len(after)), end="")
    return 0 if all(change.verdict[0] for change in changes) else 1


if __name__ == "__main__":
    sys.exit(main())
