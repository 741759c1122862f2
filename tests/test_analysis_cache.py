"""The analyses remembered between builds (policykit/analysis_cache.py): an entry is used only for the very text,
data and code it was made from, and no entry, stale or broken, changes what a build finds or writes."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

from conftest import build_site
from fixture_site import edit, make_site, policy_file

from policykit.analysis_cache import AnalysisCache, clone_secret
from policykit.content import load_content
from policykit.text_checks import analyse, text_problems

LANGUAGES = ["en", "ru"]
CLONE = "the secret of a clone"


def _analyses(root: Path, cache: AnalysisCache | None):
    content = load_content(root, LANGUAGES)
    return content, {(p.lang, p.key): analyse(p, content, cache) for p in content.policies}


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json"))


def test_an_analysis_read_back_is_the_analysis_made(tmp_path):
    root = make_site(tmp_path / "site")
    cache = AnalysisCache(tmp_path / "cache", CLONE)
    _, fresh = _analyses(root, None)
    _, stored = _analyses(root, cache)
    assert len(_entries(tmp_path / "cache")) == len(fresh)
    _, read_back = _analyses(root, AnalysisCache(tmp_path / "cache", CLONE))
    assert read_back == stored == fresh


def test_an_edit_to_a_clause_a_brand_or_the_terms_is_analysed_again(tmp_path):
    """Every input the analysis reads is in its key: each edit below finds what a fresh analysis finds."""
    root = make_site(tmp_path / "site")
    cache_folder = tmp_path / "cache"
    _analyses(root, AnalysisCache(cache_folder, CLONE))
    edits = [
        (root / "clauses" / "en" / "no-sale.md", "does not sell", "never sells"),  # a clause many policies include
        (root / "data" / "brands.yml", "Acme Ltd", "Acme Holdings Ltd"),  # a brand's value
        (root / "data" / "terms.yml", "use: персональные данные", "use: сведения"),  # the terms …
        (root / "data" / "terms.yml", "личн* данн*", "персональн* данн*"),  # … which the policies now break
        (policy_file(root, "ru", "acme"), "## 2. Собираемые данные", "## 2. Какие данные мы собираем"),
        (policy_file(root, "en", "globex"), "for 3 years", "for 5 years"),  # its translation now says otherwise
    ]
    for path, old, new in edits:
        edit(path, old, new)
        content, cached = _analyses(root, AnalysisCache(cache_folder, CLONE))
        _, fresh = _analyses(root, None)
        assert cached == fresh, f"after the edit of {path.name}"
        assert text_problems(content, cached, cache=AnalysisCache(cache_folder, CLONE)) == text_problems(content, fresh)
    content, cached = _analyses(root, AnalysisCache(cache_folder, CLONE))
    assert "never sells" in cached[("en", "acme/privacy")].rendered.recorded.text
    assert "Acme Holdings Ltd" in cached[("en", "acme/privacy")].rendered.recorded.text
    found = text_problems(content, cached, cache=AnalysisCache(cache_folder, CLONE))
    assert any(p.path == "docs/ru/globex/privacy.md" and "5" in p.what for p in found), "the translations compared"
    assert any("«персональные данные» is not the term" in p.what for p in found), "the new terms are checked"


def test_a_broken_or_foreign_entry_is_analysed_again(tmp_path):
    root = make_site(tmp_path / "site")
    cache_folder = tmp_path / "cache"
    _, fresh = _analyses(root, AnalysisCache(cache_folder, CLONE))
    entries = _entries(cache_folder)
    entries[0].write_text(entries[0].read_text(encoding="utf-8")[:100], encoding="utf-8")  # cut short
    entries[1].write_text(entries[2].read_text(encoding="utf-8"), encoding="utf-8")  # another key's entry
    entries[2].write_text(entries[2].read_text(encoding="utf-8").replace('"findings": [', '"findings": 7, "x": ['),
                          encoding="utf-8")  # whole JSON, not an analysis
    _, again = _analyses(root, AnalysisCache(cache_folder, CLONE))
    assert again == fresh


def test_a_build_with_the_cache_writes_the_site_it_writes_without(tmp_path):
    """The fixture site's configuration is the repository's: it declares the cache folder."""
    root = make_site(tmp_path / "site")
    first = build_site(root, site=tmp_path / "first")
    assert first.returncode == 0, first.output
    assert _entries(root / ".cache" / "policykit"), "the repository's mkdocs.yml declares the cache"
    edit(policy_file(root, "en", "globex"), "We collect:", "We collect, with your consent:")
    second = build_site(root, site=tmp_path / "second")  # every other text's analysis read back
    assert second.returncode == 0, second.output
    (root / ".cache").rename(tmp_path / "set-aside")
    fresh = build_site(root, site=tmp_path / "fresh")
    assert fresh.returncode == 0, fresh.output
    written = sorted(p.relative_to(second.site) for p in second.site.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(fresh.site) for p in fresh.site.rglob("*") if p.is_file())
    for path in written:
        assert (second.site / path).read_bytes() == (fresh.site / path).read_bytes(), path
    assert "We collect, with your consent:" in second.page("globex/privacy/")


def hiding_analyses(repo) -> None:
    """Analyses of the repository's texts, made by this clone where its mkdocs.yml keeps them, that hide every
    finding, and a Russian text with a term the policies do not use."""
    edit(policy_file(repo.root, "ru", "acme"), "## 2. Собираемые данные", "## 2. Собираемые данные\n\nМы храним "
         "личные данные.")
    folder = repo.root / ".cache" / "policykit"
    cache = AnalysisCache(folder, clone_secret(repo.root, folder))
    _analyses(repo.root, cache)
    for entry in _entries(cache.folder):
        entry.write_text(re.sub(r'"findings": \[.*?\], "links_at"', '"findings": [], "links_at"',
                                entry.read_text(encoding="utf-8")), encoding="utf-8")
    repo.git("add", "--force", ".cache")  # git ignores the folder: committed only on purpose


def test_analyses_committed_with_the_sources_are_not_read_by_another_clone(tmp_path):
    """A pull request's check builds a fresh clone: analyses committed with the sources (here, made to hide a
    writer's problem) were made with another clone's secret, and are never read."""
    from gitrepo import make_repo

    repo = make_repo(tmp_path / "repo")
    hiding_analyses(repo)
    assert build_site(repo.root, site=tmp_path / "here").returncode == 0, "this clone reads its own analyses"
    repo.commit("A term the policies do not use, and analyses that hide it")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(repo.root), str(clone)], check=True)
    assert _entries(clone / ".cache" / "policykit"), "the analyses came with the sources"
    result = build_site(clone)
    assert result.returncode != 0, result.output
    assert "«личные данные» is not the term our policies use" in result.output


def test_a_publication_reads_no_remembered_analysis(tmp_path):
    """A release is checked from scratch: even analyses committed with the sources (the worst case: entries that
    hide a writer's problem under the right key) are not read by `policy publish`."""
    from gitrepo import day, make_repo

    repo = make_repo(tmp_path / "repo")
    hiding_analyses(repo)
    repo.commit("A term the policies do not use, and analyses that hide it")
    result = repo.publish("--date", day(0))
    assert result.returncode != 0, result.stdout
    assert "«личные данные» is not the term our policies use" in result.stdout + result.stderr


def test_an_entry_no_build_has_read_for_a_month_is_removed(tmp_path):
    root = make_site(tmp_path / "site")
    cache = AnalysisCache(tmp_path / "cache", CLONE)
    _analyses(root, cache)
    old, recent = _entries(cache.folder)[:2]
    month_ago = time.time() - 31 * 86400
    for entry in (old, recent):
        os.utime(entry, (month_ago, month_ago))
    cache.get(recent.stem)  # read by a build: kept
    cache.prune()
    assert not old.exists() and recent.exists()
    assert len(_entries(cache.folder)) == len(_analyses(root, None)[1]) - 1
