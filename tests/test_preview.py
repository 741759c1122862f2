"""The writer's preview (`make serve`: `mkdocs serve --dirty`): a rebuild writes only the pages whose content
changed (hooks/policies.py Preview, Build.page_key), and what it serves is, file by file, what a clean build of the
same sources writes, after each kind of edit a writer or developer makes. A writer's mistake still stops it.

MkDocs runs here in this process, as `mkdocs serve --dirty` runs it: one configuration loaded per rebuild, the
hooks kept between rebuilds, "--dirty" in the command line (static-i18n reads it there for its other languages).
The clean build it is compared with is `mkdocs serve` without --dirty (the preview's own settings: no
Content-Security-Policy, the local address), of a copy of the same sources.
"""

from __future__ import annotations

import datetime
import importlib.util
import logging
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from browser import free_port
from conftest import ENV, REPO
from fixture_site import FIRST_EFFECTIVE, RETENTION, edit, make_site, new_version, policy_file
from gitrepo import day, make_repo

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort


URL = "http://127.0.0.1:8000/"


def _build(root: Path, site: Path, *, dirty: bool, monkeypatch) -> None:
    """One build as `mkdocs serve [--dirty]` makes it (serve.py's builder: a configuration loaded for it)."""
    monkeypatch.setattr(sys, "argv", ["mkdocs", "serve", *(["--dirty"] if dirty else [])])
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = URL
    config.plugins.on_startup(command="serve", dirty=dirty)  # serve.py calls it once; the hooks keep their state
    build(config, serve_url=URL, dirty=dirty)


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def _same_as_clean_build(root: Path, site: Path, tmp_path: Path, monkeypatch, step: str) -> None:
    copy = tmp_path / f"clean-{step}"  # the sources and their git folder (gh-pages), not what builds remember
    shutil.copytree(root, copy, symlinks=True, ignore=shutil.ignore_patterns(".cache"))
    _build(copy, tmp_path / f"clean-{step}-site", dirty=False, monkeypatch=monkeypatch)
    served, clean = _files(site), _files(tmp_path / f"clean-{step}-site")
    assert sorted(set(served) - set(clean)) == [], f"after {step}: files left that a clean build does not write"
    assert sorted(set(clean) - set(served)) == [], f"after {step}: files missing"
    assert [path for path in sorted(clean) if served[path] != clean[path]] == [], f"after {step}: files differ"


def _written_at(site: Path) -> dict[str, int]:
    return {path.relative_to(site).as_posix(): path.stat().st_mtime_ns for path in site.rglob("*.html")}


@pytest.fixture
def preview(tmp_path, monkeypatch):
    """The fixture site with a second policy for Acme (a brand's section lists both), previewed once."""
    root = make_site(tmp_path / "src")
    for lang in ("en", "ru"):
        text = policy_file(root, lang, "acme").read_text(encoding="utf-8")
        (root / "docs" / lang / "acme" / "terms.md").write_text(
            text.replace("Privacy Policy", "Data Terms").replace("Политика конфиденциальности", "Условия"),
            encoding="utf-8")
    site = tmp_path / "served"

    def rebuild() -> None:
        _build(root, site, dirty=True, monkeypatch=monkeypatch)

    rebuild()
    return root, site, rebuild


def test_each_rebuild_serves_what_a_clean_build_writes(preview, tmp_path, monkeypatch):
    root, site, rebuild = preview
    _same_as_clean_build(root, site, tmp_path, monkeypatch, "the first build")

    before = _written_at(site)
    new_version(root, "acme", FIRST_EFFECTIVE + datetime.timedelta(days=30))
    rebuild()
    _same_as_clean_build(root, site, tmp_path, monkeypatch, "a new version of one policy")
    after = _written_at(site)
    rewritten = {path for path in before if path in after and after[path] != before[path]}
    assert rewritten, "the changed pages are written again"
    assert not {path for path in rewritten if "globex/" in path or "acme/terms/" in path}, \
        "a page of another policy is not written again"

    edit(root / "clauses" / "en" / "no-sale.md", "does not sell", "never sells")
    rebuild()
    _same_as_clean_build(root, site, tmp_path, monkeypatch, "a clause's edit")

    edit(root / "data" / "brands.yml", "name: Globex", "name: Globex International")
    rebuild()
    _same_as_clean_build(root, site, tmp_path, monkeypatch, "a brand's edit")

    labels = yaml.safe_load((root / "data" / "labels.yml").read_text(encoding="utf-8"))
    edit(root / "data" / "labels.yml", f"what_changed_link: {labels['en']['what_changed_link']}",
         "what_changed_link: What is new")
    rebuild()
    _same_as_clean_build(root, site, tmp_path, monkeypatch, "an edit of the site's words")

    for lang in ("en", "ru"):
        policy_file(root, lang, "globex").rename(root / "docs" / lang / "globex" / "data-privacy.md")
    rebuild()
    _same_as_clean_build(root, site, tmp_path, monkeypatch, "a policy file renamed")
    assert not (site / "globex" / "privacy").exists(), "the renamed policy's pages are gone from the preview"


def test_a_new_version_of_a_published_policy_is_served_as_a_clean_build_writes_it(tmp_path, monkeypatch):
    """On a site with a release on gh-pages: the new version's history, redline and statuses, and the published
    version's page, now superseded."""
    repo = make_repo(tmp_path / "repo")
    published = repo.publish("--date", day(-30))
    assert published.returncode == 0, published.stdout + published.stderr
    site = tmp_path / "served"
    _build(repo.root, site, dirty=True, monkeypatch=monkeypatch)
    _same_as_clean_build(repo.root, site, tmp_path, monkeypatch, "the first build")
    new_version(repo.root, "acme", datetime.date.today() - datetime.timedelta(days=10))
    _build(repo.root, site, dirty=True, monkeypatch=monkeypatch)
    _same_as_clean_build(repo.root, site, tmp_path, monkeypatch, "a new version of a published policy")
    assert "What changed" in (site / "acme" / "privacy" / "index.html").read_text(encoding="utf-8")


def test_a_writers_mistake_stops_the_rebuild_and_its_fix_is_served(preview, tmp_path, monkeypatch, caplog):
    root, site, rebuild = preview
    served = _files(site)
    edit(policy_file(root, "en", "acme"), "## 3. Retention", "## 3. Retention\n\n<script>alert(1)</script>")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        rebuild()
    errors = "\n".join(record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR)
    assert "docs/en/acme/privacy.md" in errors and "Traceback" not in errors
    line = policy_file(root, "en", "acme").read_text(encoding="utf-8").split("\n").index("<script>alert(1)</script>") + 1
    assert f":{line}" in errors, f"the line is named: {errors}"
    assert _files(site) == served, "nothing of the mistake is served"

    edit(policy_file(root, "en", "acme"), "\n\n<script>alert(1)</script>", "")
    for lang, (old, new) in RETENTION.items():
        edit(policy_file(root, lang, "acme"), old, new)
    rebuild()
    _same_as_clean_build(root, site, tmp_path, monkeypatch, "the mistake fixed")


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _served_with(url: str, text: str, server: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text(encoding="utf-8")[-3000:]
        if text in _page(url):
            return
        time.sleep(0.05)
    raise AssertionError(f"{url} never held {text!r}:\n{log.read_text(encoding='utf-8')[-3000:]}")


def test_make_serve_rebuilds_on_a_save_of_a_policy_or_shared_data(fixture_root, tmp_path):
    """The Makefile's serve command, as a writer runs it: a save in docs/ (which MkDocs watches) and in clauses/
    (which mkdocs.yml adds) are both served (the preview's hooks set up MkDocs' server again, watching faster)."""
    spec = importlib.util.spec_from_file_location("bench", REPO / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(bench.serve_command(f"127.0.0.1:{port}"), cwd=fixture_root, env=ENV,
                                  stdout=output, stderr=subprocess.STDOUT)
    try:
        page = f"http://127.0.0.1:{port}/acme/privacy/"
        _served_with(page, "for 3 years", server, log)
        for lang, (old, new) in RETENTION.items():
            edit(policy_file(fixture_root, lang, "acme"), old, new)
        _served_with(page, "for 5 years", server, log)
        edit(fixture_root / "clauses" / "en" / "no-sale.md", "does not sell", "never sells")
        _served_with(page, "never sells", server, log)
    finally:
        server.terminate()
        server.wait(timeout=30)
