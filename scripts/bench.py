#!/usr/bin/env python3
"""Benchmark: what the policy build costs as brands (N) and published releases (M) grow, and how much each
release adds to gh-pages. Ratios side by side, from one run.

    python scripts/bench.py                              # N in 5, 50, 200 and M in 1, 20; 1k, 10k, 100k items
    python scripts/bench.py --brands 2 --releases 1 2 --repeat 1 --items 100 1000
    python scripts/bench.py --json bench.json
    python scripts/bench.py --brands --items --no-import --readers 5 50 200   # a reader's cost alone

For each N it generates a site in a temporary folder: N brands × every language, each policy a copy of the
repository's longest policy (with its clauses and brand variables), commits it, publishes M releases to a local
gh-pages (each a new version of one brand, as writers make them) and measures, for each M, round by round so
that the machine's drift weighs on every measure alike:
- a full build with the project's hooks and one without them (nor the theme overrides that read what they
  provide), each in a fresh process, alternated, the median of --repeat runs; "hooks add" is their ratio. The
  build without hooks renders the same pages: the Markdown the hooks hand the engine for every page (each policy's
  expanded text, every dated text, the compare and releases pages, the home pages' tables), written into a docs
  folder of its own (plain_docs), with the site's Markdown extensions and theme; neither build remembers analyses;
- a rebuild after a writer's edit in the same process, as `mkdocs serve` rebuilds;
- the preview: `mkdocs serve` running (as `make serve` starts it), the seconds from a writer's save of a new
  version to the served page holding its new sentence (measure_preview);
- publishing release M+1 (`policy publish`: the strict build, mike, the proofs), and what it adds to gh-pages,
  against the bytes of the whole site (the root tree, release folders aside): in git objects ("git growth"), and
  in the checked-out tree GitHub Pages deploys ("deployed growth"), with how many such releases fit in Pages'
  1 GB limit.

And what a build costs against one policy's size: for each --items count, a site of one brand whose policy (in
every language) ends with a list of that many alike items (a long list of alike items once made the checks
quadratic), built in a fresh process, sizes alternated round by round, the median of --repeat builds. Ratios
against the smallest size side by side: a build that grows no faster than its policy is linear. A policy over
the build's line limit is refused: its row gives the time the refusal took.

And what one reader pays as brands grow (--readers): one policy page's HTML, and the requests and bytes of one view
of it in Chromium, ratios against the fewest brands side by side (measure_reader_cost).
"""

from __future__ import annotations

import argparse
import copy
import datetime
import json
import os
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
BUILD = ("mkdocs.yml", "hooks", "overrides", "docs/assets", "data/labels.yml", "data/typography.yml",
         "data/terms.yml", "clauses", "templates")
GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "Bench",
           "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "NO_MKDOCS_2_WARNING": "1"}
BIN = Path(sys.executable).parent
FIRST_DAY = datetime.date.today() - datetime.timedelta(days=400)
ADDED = {"en": "This sentence is new in revision {n}.", "ru": "Это предложение появилось в редакции {n}."}
ITEM = {"en": "- an item;", "ru": "- пункт;"}  # 100,000 of them: 1.2 MB, under the file size limit


def template_brand() -> str:
    """The brand whose policy is the longest: the generated brands are copies of it."""
    docs = REPO / "docs" / "en"
    return max((p.parent.name for p in docs.glob("*/privacy.md")), key=lambda b: (docs / b / "privacy.md").stat().st_size)


def signing_key(folder: Path) -> Path:
    """The throwaway ed25519 key that signs the releases of the site in `folder` (beside it, made once)."""
    key = folder.parent / f"{folder.name}-keys" / "publisher"
    if not key.exists():
        key.parent.mkdir(parents=True)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bench", "-f", str(key)], check=True)
    return key


def make_site(folder: Path, brands: int) -> list[str]:
    """A site of `brands` brands, every policy a copy of the template brand's, with its own registry entry."""
    for name in BUILD:
        source, target = REPO / name, folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target)
    languages = [p.name for p in (REPO / "docs").iterdir() if p.is_dir() and p.name != "assets"]
    template = template_brand()
    registry = yaml.safe_load((REPO / "data" / "brands.yml").read_text(encoding="utf-8"))
    generated = {}
    for number in range(brands):
        slug = f"brand-{number:03d}"
        generated[slug] = {**copy.deepcopy(registry[template]), "name": f"Brand {_letters(number)}",
                           "notice_days": 0}  # copies, not YAML aliases; each release takes effect on its day
        for lang in languages:
            text = dated((REPO / "docs" / lang / template / "privacy.md").read_text(encoding="utf-8"), lang, FIRST_DAY)
            page = folder / "docs" / lang / slug / "privacy.md"
            page.parent.mkdir(parents=True)
            page.write_text(text, encoding="utf-8")
    for lang in languages:
        shutil.copy2(REPO / "docs" / lang / "index.md", folder / "docs" / lang / "index.md")
    (folder / "data" / "brands.yml").write_text(yaml.safe_dump(generated, allow_unicode=True), encoding="utf-8")
    key = signing_key(folder)  # releases are signed: the generated site's publisher, in data/publishers
    (folder / "data" / "publishers").write_text(
        f'bench@example.com namespaces="policy-release" {key.with_suffix(".pub").read_text().strip()}\n')
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    plain = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config).replace("  custom_dir: overrides\n", "")
    # The same pages as the hooks build (plain_docs writes them), rendered with the site's Markdown extensions.
    plain = (plain.replace("docs_dir: docs\n", f"docs_dir: {PLAIN_DOCS}\n")
             + yaml.safe_dump({"not_in_nav": "\n".join(NOT_IN_NAV) + "\n"}) + PLAIN_EXTENSIONS)
    (folder / "mkdocs-plain.yml").write_text(plain, encoding="utf-8")
    return languages


PLAIN_DOCS = "docs-plain"
NOT_IN_NAV = ("*/privacy/*.md", "releases.md")  # what the hooks build makes NOT_IN_NAV: dated, compare, releases
# policykit's Markdown dialect (markdown_dialect.EXTENSIONS and EXTENSION_CONFIGS), as a configuration lists it.
PLAIN_EXTENSIONS = """markdown_extensions:
  - toc:
      slugify: !!python/name:policykit.anchors.slugify
      permalink: true
  - tables:
      use_align_attribute: true
  - attr_list
  - fenced_code
  - sane_lists
  - pymdownx.magiclink
  - policykit.markdown_dialect:GithubListIndentation
"""


def measure_preview(folder: Path, number: int, brands: int, languages: list[str]) -> float:
    """`make serve` as a writer uses it: the seconds from saving a new version of one policy (both languages, as
    `new_version` writes them) to the served page of that version holding its new sentence. The server is started
    as the Makefile starts it, and has built the site once before the save (its analyses remembered, its pages
    written, as after any first preview)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(serve_command(f"127.0.0.1:{port}"), cwd=folder, stdout=log, stderr=log,
                                  env={**os.environ, **GIT_ENV})
        try:
            _served(base, lambda body: True, server, log, timeout=1800)  # the first build
            day = new_version(folder, number, brands, languages)
            start = time.perf_counter()
            sentence = ADDED[languages[0]].format(n=number)
            _served(f"{base}brand-{(number - 1) % brands:03d}/privacy/{day.isoformat()}/", lambda body: sentence in body,
                    server, log, timeout=600)
            return time.perf_counter() - start
        finally:
            server.terminate()
            server.wait()


def serve_command(address: str) -> list[str]:
    """The command of the Makefile's `serve` target (`mkdocs serve` and its options), at `address`."""
    recipe = re.search(r"^serve:.*\n\t\$\(VENV\)/bin/mkdocs (.*)$", (REPO / "Makefile").read_text(encoding="utf-8"),
                       re.M)
    if recipe is None:
        raise SystemExit("the Makefile's serve target does not run $(VENV)/bin/mkdocs: adapt serve_command")
    arguments = shlex.split(recipe.group(1))
    at = arguments.index("--dev-addr")
    return [str(BIN / "mkdocs"), *arguments[:at + 1], address, *arguments[at + 2:]]


def _served(url: str, ready, server: subprocess.Popen, log, timeout: float) -> None:
    """Wait until the page at `url` is served and `ready` says so of its text."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise SystemExit(f"mkdocs serve stopped:\n{log.read().decode()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if ready(response.read().decode("utf-8")):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.02)
    log.seek(0)
    raise SystemExit(f"{url} was not served in {timeout} s:\n{log.read().decode()[-3000:]}")


def write_plain_docs(folder: Path, pages_commit: str) -> None:
    result = subprocess.run([sys.executable, __file__, "--plain-docs", pages_commit], cwd=folder, capture_output=True,
                            text=True, env={**os.environ, **GIT_ENV})
    if result.returncode != 0:
        raise SystemExit(f"writing the plain build's pages failed:\n{(result.stdout + result.stderr)[-3000:]}")


def plain_docs(pages_commit: str) -> None:
    """The docs of the plain build: every page the hooks build writes, as the Markdown it hands the engine (each
    policy's expanded text, every dated text, the compare and releases pages, the home pages with their tables),
    at the same addresses. Runs in the site's folder, as a child process (the build's Build is not timed)."""
    from mkdocs.config import load_config

    from policykit.build import Build
    from policykit.markdown_dialect import EXTENSION_CONFIGS, EXTENSIONS
    from policykit.settings import parse_settings

    config = load_config("mkdocs.yml")
    languages = [lang.locale for lang in sorted(config.plugins["i18n"].config.languages, key=lambda l: not l.default)]
    build = Build(parse_settings(Path.cwd(), languages, config.site_url,
                                 {"release": "", "as_of": "", "pages_commit": pages_commit}, "mkdocs.yml"))
    target = Path(PLAIN_DOCS)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree("docs", target)
    plain = load_config("mkdocs-plain.yml")  # the plain build's dialect is the site's, or its figures mean nothing
    named = lambda configs: {name: {key: getattr(value, "__qualname__", value) for key, value in config.items()}
                             for name, config in configs.items()}
    assert sorted(plain.markdown_extensions) == sorted(EXTENSIONS)
    assert named(plain.mdx_configs) == named(EXTENSION_CONFIGS)
    for source in Path("docs").rglob("*.md"):
        src = source.relative_to("docs").as_posix()
        text = source.read_text(encoding="utf-8")
        front, body = re.match(r"(---\n.*?\n---\n)?(.*)", text, re.S).groups()
        (target / src).write_text((front or "") + build.page_markdown(src, body), encoding="utf-8")
    for lang in languages:
        prefix = "" if lang == languages[0] else f"{lang}/"
        for src, page in build.generated_pages(lang).items():
            meta = "---\nsearch:\n  exclude: true\n---\n" if build.excluded_from_search(src) else ""
            path = target / lang / (page.address.removeprefix(prefix).rstrip("/") + ".md")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(meta + page.markdown, encoding="utf-8")


def dated(text: str, lang: str, day: datetime.date) -> str:
    """A policy's text as of a new effective date: the date in front matter, and every line that states the date
    of its amendment or effect (the build refuses one that disagrees), as a writer's `policy new-version` does."""
    from policykit.date_lines import date_lines, written_like

    text = re.sub(r"^effective_date: .*$", f"effective_date: {day.isoformat()}", text, count=1, flags=re.M)
    lines = text.split("\n")
    for stated in date_lines(text, lang):
        line = lines[stated.line - 1]
        lines[stated.line - 1] = line[:stated.start] + written_like(stated.written, day, lang) + line[stated.end:]
    return "\n".join(lines)


def _letters(number: int) -> str:
    """A name part of letters only (digits in a name would count as facts the translations must carry)."""
    return "".join(chr(ord("a") + int(d)) for d in f"{number:03d}").capitalize()


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout.strip()


def new_version(folder: Path, number: int, brands: int, languages: list[str]) -> datetime.date:
    """Release `number`'s change: one brand's new version, a sentence added in every language."""
    day = FIRST_DAY + datetime.timedelta(days=number)
    slug = f"brand-{(number - 1) % brands:03d}"
    for lang in languages:
        page = folder / "docs" / lang / slug / "privacy.md"
        text = re.sub(r"^effective_date: (.*)$", rf"effective_date: \1\nsummary: Revision {number}.",
                      dated(re.sub(r"^summary: .*\n", "", page.read_text(encoding="utf-8"), flags=re.M), lang, day),
                      count=1, flags=re.M)
        page.write_text(text.rstrip("\n") + "\n\n" + ADDED[lang].format(n=number) + "\n", encoding="utf-8")
    return day


def publish(folder: Path, number: int, brands: int, languages: list[str]) -> float:
    """Release `number` (0 first; from the second on, one brand changes): the seconds `policy publish` took."""
    day = new_version(folder, number, brands, languages) if number else FIRST_DAY
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "--allow-empty", "-m", f"Release {number}")
    start = time.perf_counter()
    result = subprocess.run([str(BIN / "policy"), "publish", "--date", day.isoformat(),
                             "--signing-key", str(signing_key(folder))], cwd=folder,
                            capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    if result.returncode != 0:
        raise SystemExit(f"publishing release {number} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - start


def measure_build(folder: Path, config: str, pages_commit: str, rebuild: bool = False, refusable: bool = False) -> dict:
    """One build in a fresh process; with `rebuild`, a second build after an edit in the same process. With
    `refusable`, a build that stops on a problem is measured too, and the problem reported as "refused"."""
    result = subprocess.run([sys.executable, __file__, "--child", config, pages_commit, *(["--rebuild"] if rebuild else []),
                             *(["--refusable"] if refusable else [])],
                            cwd=folder, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    if result.returncode != 0:
        raise SystemExit(f"the build with {config} failed:\n{(result.stdout + result.stderr)[-3000:]}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report.get("refused"):
        report["refused"] = next((line for line in result.stderr.splitlines() if ": " in line), result.stderr.strip())
    return report


def child(config: str, pages_commit: str, rebuild: bool, refusable: bool = False) -> None:
    """Runs inside the measuring process: build (and rebuild) the site, history read from `pages_commit`."""
    import logging
    import resource

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    logging.basicConfig(level=logging.ERROR, format="%(message)s")
    settings = {"extra": {"policies": {"release": "", "as_of": "", "pages_commit": pages_commit}}}
    with tempfile.TemporaryDirectory() as site_dir:
        start = time.perf_counter()
        try:
            build(load_config(config, site_dir=site_dir, **settings))
        except Abort:  # the build logged its problems (stderr); the parent reads the first
            if not refusable:
                raise
            print(json.dumps({"seconds": time.perf_counter() - start, "refused": True}))
            return
        report = {"seconds": time.perf_counter() - start}
        if rebuild:  # a writer's edit that changes no text (re-wrapped), so it builds against what was published
            page = next(Path("docs/en").glob("*/privacy.md"))
            page.write_text(page.read_text(encoding="utf-8").replace(". ", ".\n", 1), encoding="utf-8")
            start = time.perf_counter()
            build(load_config(config, site_dir=site_dir, **settings))
            report["rebuild_seconds"] = time.perf_counter() - start
    report["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(report))


def object_bytes(folder: Path, commit: str, exclude: str | None = None) -> int:
    """The bytes (uncompressed) of the git objects reachable from `commit` and not from `exclude`."""
    objects = git(folder, "rev-list", "--objects", "--no-object-names", commit, *([f"^{exclude}"] if exclude else []))
    sizes = subprocess.run(["git", "cat-file", "--batch-check=%(objectsize)"], cwd=folder, input=objects,
                           capture_output=True, text=True, check=True).stdout.split()
    return sum(map(int, sizes))


RELEASE_FOLDER = re.compile(r"^\d{4}-\d{2}-\d{2}(-\d+)?/")
PAGES_LIMIT = 1_000_000_000  # GitHub Pages: a published site may be at most 1 GB


def tree_bytes(folder: Path, commit: str, site_only: bool = False) -> int:
    """The bytes of the files a checkout of `commit` holds (what GitHub Pages deploys); with `site_only`, the
    site's root alone (the readers' site, release folders aside): one whole site."""
    listing = git(folder, "ls-tree", "-r", "-l", commit).splitlines()
    return sum(int(meta.split()[3]) for meta, path in (line.split("\t", 1) for line in listing)
               if not (site_only and RELEASE_FOLDER.match(path)))


class State:
    """The repository after M releases: its source commit and its gh-pages commit."""

    def __init__(self, folder: Path, releases: int):
        self.releases = releases
        self.source = git(folder, "rev-parse", "HEAD")
        self.pages = git(folder, "rev-parse", "gh-pages")

    def restore(self, folder: Path) -> None:
        git(folder, "reset", "-q", "--hard", self.source)
        git(folder, "update-ref", "refs/heads/gh-pages", self.pages)


def size_site(folder: Path, items: int) -> Path:
    """A site of one brand whose policy, in every language, ends with a list of `items` alike items: its file in
    the default language."""
    languages = make_site(folder, 1)
    for lang in languages:
        page = folder / "docs" / lang / "brand-000" / "privacy.md"
        page.write_text(page.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + (ITEM[lang] + "\n") * items,
                        encoding="utf-8")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", f"A policy with a list of {items} items")
    return folder / "docs" / languages[0] / "brand-000" / "privacy.md"


def measure_sizes(item_counts: list[int], repeat: int) -> list[dict]:
    """What a build costs against one policy's size, ratios against the smallest side by side."""
    with tempfile.TemporaryDirectory(prefix="bench-sizes-") as tmp:
        folders = {items: Path(tmp) / str(items) for items in sorted(item_counts)}
        policies = {items: size_site(folder, items).read_text(encoding="utf-8") for items, folder in folders.items()}
        measure_build(folders[min(folders)], "mkdocs.yml", "", refusable=True)  # warm-up: bytecode compiled
        samples: dict[int, list[dict]] = {items: [] for items in folders}
        for _ in range(repeat):
            for items, folder in folders.items():
                samples[items].append(measure_build(folder, "mkdocs.yml", "", refusable=True))
    seconds = {items: statistics.median(r["seconds"] for r in measured) for items, measured in samples.items()}
    smallest = min(seconds)
    rows = []
    for items, measured in samples.items():
        refused = next((r["refused"] for r in measured if r.get("refused")), None)
        rows.append({"items": items, "lines": policies[items].count("\n"),
                     "policy_kb": round(len(policies[items].encode("utf-8")) / 1e3, 1),
                     "build_s": round(seconds[items], 2), "items_ratio": round(items / smallest, 1),
                     "build_ratio": round(seconds[items] / seconds[smallest], 2),
                     "outcome": "refused: " + refused if refused else "built"})
        print(format_size_row(rows[-1]), flush=True)
    return rows


HISTORY = REPO / "tests" / "real-content" / "github-privacy-statement-history.bundle"  # CC0: every revision
HISTORY_PATH = "Policies/github-privacy-statement.md"


def measure_import(repeat: int) -> dict:
    """`policy import` of GitHub's whole privacy statement history (read, repaired, classified, checked by one strict
    build, committed), against `mkdocs build` of the site it leaves, side by side in one process tree."""
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        source, folder = Path(tmp) / "history.git", Path(tmp) / "site"
        subprocess.run(["git", "clone", "-q", "--bare", str(HISTORY), str(source)], check=True)
        folder.mkdir()
        make_site(folder, 1)
        git(folder, "init", "-q", "-b", "main")
        subprocess.run([str(BIN / "policy"), "new-brand", "github", "--name", "GitHub"], cwd=folder, check=True,
                       capture_output=True, env={**os.environ, **GIT_ENV})
        git(folder, "add", "-A")
        git(folder, "commit", "-q", "-m", "GitHub")
        start_commit = git(folder, "rev-parse", "HEAD")
        imports, builds = [], []
        for _ in range(repeat):
            git(folder, "reset", "-q", "--hard", start_commit)
            git(folder, "clean", "-q", "-fd")
            start = time.perf_counter()
            result = subprocess.run([str(BIN / "policy"), "import", "github", "--git", str(source), "--path",
                                     HISTORY_PATH, "--link-base", "https://docs.github.com"], cwd=folder,
                                    capture_output=True, text=True, env={**os.environ, **GIT_ENV})
            imports.append(time.perf_counter() - start)
            if result.returncode != 0:
                raise SystemExit(f"the import failed:\n{result.stdout}{result.stderr}")
            builds.append(measure_build(folder, "mkdocs.yml", "")["seconds"])
        said = next(line for line in result.stdout.splitlines() if "revisions, oldest first" in line)
        revisions = int(re.search(r"(\d+) revisions", said).group(1))
    seconds, build = statistics.median(imports), statistics.median(builds)
    return {"revisions": revisions, "import_s": round(seconds, 2), "build_s": round(build, 2),
            "import_in_builds": round(seconds / build, 2), "per_revision_s": round(seconds / revisions, 3)}


READER_PAGE = "brand-000/privacy/"  # the page a reader views: a policy, at its policy's address


def measure_reader_cost(brand_counts: list[int]) -> list[dict]:
    """What one reader pays, as brands grow: for each N, a site of N brands built (a preview, no release) and served
    as GitHub Pages serves it (gzip); one policy page's HTML, and one view of it in Chromium (playwright,
    tests/browser.py's server and browser flags) until the network is idle, before any interaction: every request,
    and the bytes transferred (compressed bodies and headers). Ratios against the fewest brands, side by side."""
    sys.path.insert(0, str(REPO / "tests"))
    from browser import CHROMIUM, CHROMIUM_FLAGS, serving
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-readers-") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for brands in sorted(brand_counts):
            folder = Path(tmp) / str(brands)
            make_site(folder, brands)
            git(folder, "init", "-q", "-b", "main")
            git(folder, "add", "-A")
            git(folder, "commit", "-q", "-m", f"{brands} brands")
            subprocess.run([str(BIN / "mkdocs"), "build", "-q", "--site-dir", "site"], cwd=folder, check=True,
                           env={**os.environ, **GIT_ENV})
            site = folder / "site"
            with serving(site) as base:
                context = browser.new_context()
                tab = context.new_page()
                responses = []
                tab.on("requestfinished", lambda request: responses.append(request))
                tab.goto(base + READER_PAGE, wait_until="networkidle")
                transferred = sum(transferred_bytes(request) for request in responses)
                context.close()
            rows.append({"brands": brands, "page_kb": round((site / READER_PAGE / "index.html").stat().st_size / 1e3, 1),
                         "requests": len(responses), "transferred_kb": round(transferred / 1e3, 1),
                         "home_kb": round((site / "index.html").stat().st_size / 1e3, 1)})
        browser.close()
    first = rows[0]
    for row in rows:
        row.update({f"{key}_ratio": round(row[key] / first[key], 3) for key in ("page_kb", "requests", "transferred_kb")})
        print(format_reader_row(row), flush=True)
    return rows


def measure(folder: Path, brands: int, states: list[State], repeat: int, languages: list[str]) -> list[dict]:
    samples = {s.releases: {"hooks": [], "plain": [], "rebuild": [], "preview": [], "publish": [], "growth": []}
               for s in states}
    for state in states:  # warm-up: bytecode compiled, files in the page cache
        state.restore(folder)
        measure_build(folder, "mkdocs.yml", state.pages)
    for _ in range(repeat):
        for state in states:
            state.restore(folder)
            mine = samples[state.releases]
            mine["hooks"].append(measure_build(folder, "mkdocs.yml", state.pages))
            write_plain_docs(folder, state.pages)
            mine["plain"].append(measure_build(folder, "mkdocs-plain.yml", state.pages))
            mine["rebuild"].append(measure_build(folder, "mkdocs.yml", state.pages, rebuild=True)["rebuild_seconds"])
            state.restore(folder)
            mine["preview"].append(measure_preview(folder, state.releases + 1, brands, languages))
            state.restore(folder)
            shutil.rmtree(folder / ".cache", ignore_errors=True)  # publishing runs from a fresh checkout (CI)
            mine["publish"].append(publish(folder, state.releases, brands, languages))
            after = git(folder, "rev-parse", "gh-pages")
            mine["growth"].append((object_bytes(folder, after, state.pages),
                                   tree_bytes(folder, after) - tree_bytes(folder, state.pages),
                                   tree_bytes(folder, after, site_only=True), tree_bytes(folder, after)))
    states[-1].restore(folder)
    rows = []
    for state in states:
        mine = samples[state.releases]
        hooks = statistics.median(r["seconds"] for r in mine["hooks"])
        plain = statistics.median(r["seconds"] for r in mine["plain"])
        added, deployed_added, whole, deployed = mine["growth"][-1]
        rows.append({"brands": brands, "releases": state.releases, "pages": brands * len(languages),
                     "build_hooks_s": round(hooks, 2), "build_plain_s": round(plain, 2),
                     "hooks_overhead_pct": round(100 * (hooks / plain - 1), 1),
                     "rebuild_s": round(statistics.median(mine["rebuild"]), 2),
                     "preview_s": round(statistics.median(mine["preview"]), 2),
                     "publish_next_s": round(statistics.median(mine["publish"]), 2),
                     "site_mb": round(whole / 1e6, 2), "growth_mb": round(added / 1e6, 3),
                     "growth_pct": round(100 * added / whole, 2),
                     "deployed_mb": round(deployed / 1e6, 2), "deployed_growth_mb": round(deployed_added / 1e6, 3),
                     "deployed_growth_pct": round(100 * deployed_added / whole, 2),
                     "releases_in_1gb": (PAGES_LIMIT - deployed) // deployed_added if deployed_added > 0 else "∞",
                     "gh_pages_mb": round(object_bytes(folder, state.pages) / 1e6, 2),
                     "peak_mb": round(max(r["peak_mb"] for r in mine["hooks"]), 1)})
    return rows


def run(brand_counts: list[int], release_counts: list[int], repeat: int) -> list[dict]:
    rows = []
    for brands in brand_counts:
        with tempfile.TemporaryDirectory(prefix=f"bench-{brands}-") as tmp:
            folder = Path(tmp)
            languages = make_site(folder, brands)
            git(folder, "init", "-q", "-b", "main")
            # A measuring aid and the previews' remembered analyses (the repository's .gitignore), not the site.
            (folder / ".git" / "info" / "exclude").write_text(f"/{PLAIN_DOCS}/\n/.cache/\n")
            states, published = [], 0
            for releases in sorted(release_counts):
                while published < releases:
                    publish(folder, published, brands, languages)
                    published += 1
                states.append(State(folder, releases))
            for row in measure(folder, brands, states, repeat, languages):
                rows.append(row)
                print(format_row(row), flush=True)
    return rows


COLUMNS = [("N brands", "brands"), ("M releases", "releases"), ("pages", "pages"), ("build, hooks (s)", "build_hooks_s"),
           ("build, no hooks (s)", "build_plain_s"), ("hooks add", "hooks_overhead_pct"), ("rebuild (s)", "rebuild_s"),
           ("preview: save → page served (s)", "preview_s"),
           ("publish M+1 (s)", "publish_next_s"), ("the site (MB)", "site_mb"),
           ("release M+1 adds to git (MB)", "growth_mb"), ("git growth", "growth_pct"),
           ("deployed tree (MB)", "deployed_mb"), ("release M+1 adds to it (MB)", "deployed_growth_mb"),
           ("deployed growth", "deployed_growth_pct"), ("more releases in 1 GB", "releases_in_1gb"),
           ("gh-pages in git (MB)", "gh_pages_mb"), ("peak memory (MB)", "peak_mb")]
HEADER = "| " + " | ".join(title for title, _ in COLUMNS) + " |\n" + "|---" * len(COLUMNS) + "|"


def format_row(row: dict) -> str:
    return "| " + " | ".join(f"{row[key]}%" if key.endswith("_pct") else str(row[key]) for _, key in COLUMNS) + " |"


SIZE_COLUMNS = [("list items", "items"), ("policy lines", "lines"), ("policy (KB)", "policy_kb"),
                ("build (s)", "build_s"), ("items ×", "items_ratio"), ("build ×", "build_ratio"), ("outcome", "outcome")]
SIZE_HEADER = "| " + " | ".join(title for title, _ in SIZE_COLUMNS) + " |\n" + "|---" * len(SIZE_COLUMNS) + "|"


def format_size_row(row: dict) -> str:
    return "| " + " | ".join(str(row[key]) for _, key in SIZE_COLUMNS) + " |"


def transferred_bytes(request) -> int:
    """A response's bytes on the wire: headers and (compressed) body; a worker's script, whose body Chromium does
    not count, by its Content-Length."""
    sizes = request.sizes()
    response = request.response()
    body = sizes["responseBodySize"] or int((response.all_headers() if response else {}).get("content-length", 0))
    return sizes["responseHeadersSize"] + body


READER_COLUMNS = [("N brands", "brands"), ("policy page (KB)", "page_kb"), ("page ×", "page_kb_ratio"),
                  ("requests per view", "requests"), ("requests ×", "requests_ratio"),
                  ("transferred per view (KB)", "transferred_kb"), ("transferred ×", "transferred_kb_ratio"),
                  ("home page (KB)", "home_kb")]
READER_HEADER = "| " + " | ".join(title for title, _ in READER_COLUMNS) + " |\n" + "|---" * len(READER_COLUMNS) + "|"


def format_reader_row(row: dict) -> str:
    return "| " + " | ".join(str(row[key]) for _, key in READER_COLUMNS) + " |"


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
    parser.add_argument("--brands", type=int, nargs="*", default=[5, 50, 200], help="brand counts (none: skip)")
    parser.add_argument("--releases", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--items", type=int, nargs="*", default=[1000, 10000, 100000],
                        help="list items of the one policy whose size the build cost is measured against (none: skip)")
    parser.add_argument("--readers", type=int, nargs="*", default=[5, 50, 200],
                        help="brand counts of the sites whose reader's cost (page, requests, bytes) is measured (none: skip)")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind per measurement (median)")
    parser.add_argument("--no-import", action="store_true", help="skip the import of a real policy history")
    parser.add_argument("--json", type=Path, default=Path("bench.json"), help="where to write the table")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--plain-docs", help=argparse.SUPPRESS)
    parser.add_argument("--rebuild", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--refusable", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child, args.rebuild, args.refusable)
        return 0
    if args.plain_docs is not None:
        plain_docs(args.plain_docs)
        return 0
    if args.brands:
        print(HEADER, flush=True)
    rows = run(args.brands, args.releases, args.repeat)
    for line in history_effect(rows):
        print(line)
    sizes = []
    if args.items:
        print("\n" + SIZE_HEADER, flush=True)
        sizes = measure_sizes(args.items, args.repeat)
    imported = None
    if not args.no_import:
        imported = measure_import(args.repeat)
        print(f"\nImport of a real history ({imported['revisions']} revisions of GitHub's privacy statement): "
              f"{imported['import_s']} s, {imported['import_in_builds']} builds of the site it leaves "
              f"({imported['build_s']} s each), {imported['per_revision_s']} s per revision", flush=True)
    readers = []
    if args.readers:
        print("\n" + READER_HEADER, flush=True)
        readers = measure_reader_cost(args.readers)
    args.json.write_text(json.dumps({"rows": rows, "history_effect": history_effect(rows), "sizes": sizes,
                                     "import": imported, "readers": readers}, indent=2) + "\n")
    print(f"Written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
