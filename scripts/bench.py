#!/usr/bin/env python3
"""Benchmark: what the hooks cost as brands (N) and published releases (M) grow.

    python scripts/bench.py                              # N in 5, 50, 200 and M in 1, 20
    python scripts/bench.py --brands 2 --releases 2 --repeat 1
    python scripts/bench.py --json bench.json

For each N it generates a site in a temporary folder: N brands × 2 languages, each policy a copy of
ScanXPro's (12 KB in English, with five shared clauses and brand variables), publishes releases to a
local gh-pages (each changing one brand's text, as writers do), and measures, for M = 1 and M = 20,
round by round so that the machine's drift weighs on every measure alike:
- a full build with the project's hooks and one with them switched off (and the theme overrides that
  need them), alternated, the median of --repeat runs each;
- a rebuild after editing one page, in the same process, as `mkdocs serve` rebuilds;
- the time to publish release M+1, the size of gh-pages, the peak memory of a build.
It prints a table of times and ratios and writes it as JSON.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from policykit.site import copy_sources

REPO = Path(__file__).resolve().parent.parent
TEMPLATE_BRAND = "scanxpro"
GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "Bench",
           "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "NO_MKDOCS_2_WARNING": "1"}
FIRST_DAY = datetime.date(2030, 1, 1)


def make_site(folder: Path, brands: int) -> None:
    """A site of `brands` brands, every policy a copy of the template brand's, with its own facts."""
    copy_sources(REPO, folder, ("mkdocs.yml", "hooks", "overrides", "clauses", "scripts"))
    (folder / "data").mkdir()
    shutil.copy2(REPO / "data" / "labels.yml", folder / "data" / "labels.yml")
    shutil.copytree(REPO / "docs" / "assets", folder / "docs" / "assets")
    registry = yaml.safe_load((REPO / "data" / "brands.yml").read_text(encoding="utf-8"))
    template = registry[TEMPLATE_BRAND]
    generated = {}
    for lang in ("en", "ru"):
        (folder / "docs" / lang).mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / "docs" / lang / "index.md", folder / "docs" / lang / "index.md")
        text = (REPO / "docs" / lang / TEMPLATE_BRAND / "privacy.md").read_text(encoding="utf-8")
        text = re.sub(r"effective_date: .*", f"effective_date: {FIRST_DAY.isoformat()}", text, count=1)
        for number in range(brands):
            slug = f"brand-{number:03d}"
            page = folder / "docs" / lang / slug / "privacy.md"
            page.parent.mkdir()
            page.write_text(text.replace("ScanXPro", f"Brand {number:03d}"), encoding="utf-8")
            generated[slug] = {**template, "name": f"Brand {number:03d}", "email": f"privacy@brand-{number:03d}.example",
                               "website": f"brand-{number:03d}.example"}
    (folder / "data" / "brands.yml").write_text(yaml.safe_dump(generated, allow_unicode=True), encoding="utf-8")
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    # The same site without the project's hooks, nor the theme overrides that read what hooks provide.
    plain = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config).replace("  custom_dir: overrides\n", "")
    (folder / "mkdocs-plain.yml").write_text(plain, encoding="utf-8")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout


def publish_release(folder: Path, number: int, brands: int) -> float:
    """Release `number` (0 first): from the second on, one brand's text changes, with a new effective date."""
    day = FIRST_DAY + datetime.timedelta(days=number)
    if number:
        slug = f"brand-{(number - 1) % brands:03d}"
        for lang in ("en", "ru"):
            page = folder / "docs" / lang / slug / "privacy.md"
            text = re.sub(r"effective_date: .*", f"effective_date: {day.isoformat()}", page.read_text(encoding="utf-8"),
                          count=1)
            page.write_text(text + f"\n\nRevision {number}.\n", encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "--allow-empty", "-m", f"Release {number}")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "scripts/publish.py", "--date", day.isoformat()], cwd=folder,
                            capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"publishing release {number} failed:\n{result.stdout}{result.stderr}")
    return elapsed


def measure_build(folder: Path, config: str, pages_commit: str = "", rebuild: bool = False) -> dict:
    """One build in a fresh process: seconds, peak memory; with `rebuild`, also a second build after an edit.
    History is read from `pages_commit`, so builds for different M can be interleaved on one repository."""
    result = subprocess.run([sys.executable, __file__, "--child", config, *(["--rebuild"] if rebuild else [])],
                            cwd=folder, capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV, "POLICY_PAGES_COMMIT": pages_commit})
    if result.returncode != 0:
        raise SystemExit(f"the build with {config} failed ({result.returncode}):\n{(result.stdout + result.stderr)[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def child(config: str, rebuild: bool) -> None:
    """Runs inside the measuring process: build (and rebuild) the site in the working directory."""
    import logging
    import resource

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.ERROR, format="%(message)s")  # a failed build says why
    with tempfile.TemporaryDirectory() as site_dir:
        start = time.perf_counter()
        build(load_config(config, site_dir=site_dir))
        report = {"seconds": time.perf_counter() - start}
        if rebuild:
            # A writer's edit: the file changes, the published text does not (re-wrapped), so it builds.
            page = Path("docs/en/brand-000/privacy.md")
            page.write_text(page.read_text(encoding="utf-8").replace("1.1. This ", "1.1. This\n", 1), encoding="utf-8")
            start = time.perf_counter()
            build(load_config(config, site_dir=site_dir))
            report["rebuild_seconds"] = time.perf_counter() - start
    report["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(report))


def pages_size_mb(folder: Path, commit: str) -> float:
    objects = git(folder, "rev-list", "--objects", "--no-object-names", commit)
    sizes = subprocess.run(["git", "cat-file", "--batch-check=%(objectsize:disk)"], cwd=folder, input=objects,
                           capture_output=True, text=True, check=True).stdout.split()
    return sum(map(int, sizes)) / 1e6


class State:
    """The repository as it was after M releases: its source commit and its gh-pages commit."""

    def __init__(self, folder: Path, releases: int):
        self.releases = releases
        self.source = git(folder, "rev-parse", "HEAD").strip()
        self.pages = git(folder, "rev-parse", "gh-pages").strip()

    def restore(self, folder: Path) -> None:
        git(folder, "reset", "-q", "--hard", self.source)
        git(folder, "update-ref", "refs/heads/gh-pages", self.pages)


def measure(folder: Path, brands: int, states: list[State], repeat: int) -> list[dict]:
    """Every measure for every state, interleaved round by round, so the machine's drift weighs on all alike."""
    samples = {state.releases: {"hooks": [], "plain": [], "rebuild": [], "publish": []} for state in states}
    for state in states:  # warm-up: bytecode compiled, files in the page cache
        state.restore(folder)
        measure_build(folder, "mkdocs.yml", state.pages)
    for _ in range(repeat):
        for state in states:
            state.restore(folder)
            mine = samples[state.releases]
            mine["hooks"].append(measure_build(folder, "mkdocs.yml", state.pages))
            mine["plain"].append(measure_build(folder, "mkdocs-plain.yml", state.pages))
            mine["rebuild"].append(measure_build(folder, "mkdocs.yml", state.pages, rebuild=True)["rebuild_seconds"])
            state.restore(folder)
            mine["publish"].append(publish_release(folder, state.releases, brands))
    states[-1].restore(folder)
    rows = []
    for state in states:
        mine = samples[state.releases]
        hooks_s = statistics.median(r["seconds"] for r in mine["hooks"])
        plain_s = statistics.median(r["seconds"] for r in mine["plain"])
        rows.append({"brands": brands, "releases": state.releases, "pages": brands * 2,
                     "build_hooks_s": round(hooks_s, 2), "build_plain_s": round(plain_s, 2),
                     "hooks_overhead_pct": round(100 * (hooks_s / plain_s - 1), 1),
                     "rebuild_s": round(statistics.median(mine["rebuild"]), 2),
                     "publish_next_s": round(statistics.median(mine["publish"]), 2),
                     "gh_pages_mb": round(pages_size_mb(folder, state.pages), 2),
                     "peak_mb": round(max(r["peak_mb"] for r in mine["hooks"]), 1)})
    return rows


def run(brand_counts: list[int], release_counts: list[int], repeat: int) -> list[dict]:
    rows = []
    for brands in brand_counts:
        with tempfile.TemporaryDirectory(prefix=f"bench-{brands}-") as tmp:
            folder = Path(tmp)
            make_site(folder, brands)
            git(folder, "init", "-q", "-b", "main")
            states, published = [], 0
            for releases in sorted(release_counts):
                while published < releases:
                    publish_release(folder, published, brands)
                    published += 1
                states.append(State(folder, releases))
            for row in measure(folder, brands, states, repeat):
                rows.append(row)
                print(format_row(row), flush=True)
    return rows


HEADER = ("| N brands | M releases | pages | build, hooks (s) | build, no hooks (s) | hooks add | rebuild (s) "
          "| publish M+1 (s) | gh-pages (MB) | peak memory (MB) |\n" + "|---" * 10 + "|")


def format_row(row: dict) -> str:
    return (f"| {row['brands']} | {row['releases']} | {row['pages']} | {row['build_hooks_s']} | {row['build_plain_s']} "
            f"| {row['hooks_overhead_pct']}% | {row['rebuild_s']} | {row['publish_next_s']} | {row['gh_pages_mb']} "
            f"| {row['peak_mb']} |")


def history_effect(rows: list[dict]) -> list[str]:
    """Per N, what going from the fewest to the most releases adds to a build and to publishing."""
    lines = []
    for brands in sorted({r["brands"] for r in rows}):
        mine = sorted((r for r in rows if r["brands"] == brands), key=lambda r: r["releases"])
        if len(mine) > 1:
            first, last = mine[0], mine[-1]
            lines.append(f"N={brands}: M {first['releases']}→{last['releases']} changes a build by "
                         f"{100 * (last['build_hooks_s'] / first['build_hooks_s'] - 1):+.1f}% and publishing by "
                         f"{100 * (last['publish_next_s'] / first['publish_next_s'] - 1):+.1f}%")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--brands", type=int, nargs="+", default=[5, 50, 200])
    parser.add_argument("--releases", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind per measurement (median)")
    parser.add_argument("--json", type=Path, default=Path("bench.json"), help="where to write the table")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--rebuild", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.rebuild)
        return 0
    print(HEADER, flush=True)
    rows = run(args.brands, args.releases, args.repeat)
    for line in history_effect(rows):
        print(line)
    args.json.write_text(json.dumps({"rows": rows, "history_effect": history_effect(rows)}, indent=2) + "\n")
    print(f"Written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
