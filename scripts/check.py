#!/usr/bin/env python3
"""The fast content checks, without building the site: what pre-commit runs on changed files.

    python scripts/check.py [FILE ...]

Checks front matter, the registry, translations, clauses, variables and markup, as the build does,
and reports the problems in the given files (all problems when none are given). A problem in the
registry or the labels is always reported: every page depends on them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from policykit.labels import load_labels
from policykit.problems import PolicyError, Problem
from policykit.scaffold import site_languages
from policykit.site import SitePaths, load_site

REPO = Path(__file__).resolve().parent.parent


def concerns(problem: Problem, changed: set[str]) -> bool:
    """Whether a problem is one for the files being committed.

    Every problem counts when no files are named, or when a shared clause changed (it reaches every page
    that includes it); a problem in data/ (registry, labels) counts always, as every page depends on it."""
    if not changed or any(name.startswith("clauses/") for name in changed):
        return True
    return problem.path in changed or problem.path.startswith("data/")


def main(argv: list[str]) -> int:
    paths = SitePaths(REPO)
    changed = {Path(name).as_posix() for name in argv}
    try:
        site = load_site(paths, site_languages(paths))
        load_labels(paths.labels, site.languages, paths.root)
    except PolicyError as error:
        if problems := [problem for problem in error.problems if concerns(problem, changed)]:
            print(PolicyError(problems), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
