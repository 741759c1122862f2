"""Releases published before dated addresses (whole-site release folders, `latest`/`next`, record format 2) keep
answering when today's code publishes onto them: nothing of them changes, their versions get dated addresses,
`latest/` leads to the root, and every later publication proves them unchanged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policykit.text import FINGERPRINT_FORMAT, Parts, statements_fingerprint, version_fingerprint

from fixture_site import BUILD_SOURCES, REPO
from gitrepo import make_key, signer_line

BUNDLE = Path(__file__).parent / "legacy" / "releases-before-dated-addresses.bundle"
POLICY = str(Path(sys.executable).parent / "policy")
ENV = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "T",
       "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "NO_MKDOCS_2_WARNING": "1",
       "SITE_URL": "https://policies.example/"}


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """The old releases, then one publication with today's build (the same content)."""
    root = tmp_path_factory.mktemp("legacy") / "site"
    subprocess.run(["git", "clone", "-q", "-b", "main", str(BUNDLE), str(root)], check=True, env=ENV)
    git(root, "fetch", "-q", str(BUNDLE), "gh-pages:gh-pages")
    before = git(root, "rev-parse", "gh-pages").strip()
    for name in BUILD_SOURCES:
        source, target = REPO / name, root / name
        if source.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    key = make_key(root.parent / "keys")  # today's publications are signed (tests/test_signing.py)
    (root / "data" / "publishers").write_text(signer_line(key), encoding="utf-8")
    git(root, "config", "user.signingkey", str(key))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Today's build")
    result = subprocess.run([POLICY, "publish"], cwd=root, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, before


def test_old_releases_are_unchanged_and_still_listed(migrated):
    root, before = migrated
    old = json.loads(git(root, "show", f"{before}:versions.json"))
    new = json.loads(git(root, "show", "gh-pages:versions.json"))
    for release in old:
        name = release["version"]
        assert git(root, "rev-parse", f"{before}:{name}") == git(root, "rev-parse", f"gh-pages:{name}")
        assert name in [r["version"] for r in new]
    assert all(not r["aliases"] for r in new)


def test_old_versions_get_dated_addresses_with_their_recorded_texts(migrated):
    root, before = migrated
    record = json.loads(git(root, "show", "gh-pages:policies.json"))
    assert record["format_version"] == 3
    old = {}
    for release in json.loads(git(root, "show", f"{before}:versions.json")):
        for entry in json.loads(git(root, "show", f"{before}:{release['version']}/policies.json"))["policies"]:
            old[(entry["language"], entry["brand"], entry["effective_date"])] = (release["version"], entry)
    assert old
    for (lang, brand, effective), (_, entry) in old.items():
        policy = next(p for p in record["policies"] if (p["language"], p["brand"]) == (lang, brand))
        text = next(t for t in policy["versions"] if t["effective_date"] == effective)
        assert text["sha256"] == entry["sha256"] and text["first_release"] == entry["first_release"]
        assert text["path"].endswith(f"{brand}/{entry['document']}/{effective}/")
        assert git(root, "show", f"gh-pages:{text['path']}policy.txt") == git(
            root, "show", f"gh-pages:{entry['first_release']}/{entry['text']}")
        assert "<html" in git(root, "show", f"gh-pages:{text['path']}index.html")
        # The address the old release gave out still answers.
        assert "<html" in git(root, "show", f"gh-pages:{entry['first_release']}/{entry['path']}index.html")


def test_latest_and_next_lead_to_the_root(migrated):
    root, before = migrated
    old_pages = [p for p in git(root, "ls-tree", "-r", "--name-only", before, "latest/").split() if p.endswith("index.html")]
    assert old_pages
    for path in old_pages:
        page = git(root, "show", f"gh-pages:{path}")
        inner = path.removeprefix("latest/").removesuffix("index.html")
        target = "../" * (inner.count("/") + 1) + inner
        assert f'url={target}"' in page and f'href="{target}"' in page
        assert git(root, "cat-file", "-t", f"gh-pages:{inner}index.html").strip() == "blob"


def test_publishing_again_proves_the_old_releases_and_writes_almost_nothing(migrated):
    root, _ = migrated
    result = subprocess.run([POLICY, "publish"], cwd=root, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 files changed" in result.stdout  # policies.json, which names its release


def test_old_versions_are_recorded_again_under_the_current_fingerprint_format(migrated):
    """Recorded under fingerprint format 1 (the text alone), each old version keeps its text's fingerprint and its
    date (no new version) and is recorded with everything format 2 covers, recomputable from its record."""
    root, before = migrated
    old = {(entry["language"], entry["brand"], entry["effective_date"]): entry
           for release in json.loads(git(root, "show", f"{before}:versions.json"))
           for entry in json.loads(git(root, "show", f"{before}:{release['version']}/policies.json"))["policies"]}
    assert old and not any("fingerprint_format" in entry for entry in old.values()), "the bundle is format 1"
    record = json.loads(git(root, "show", "gh-pages:policies.json"))
    for (lang, brand, effective), entry in old.items():
        policy = next(p for p in record["policies"] if (p["language"], p["brand"]) == (lang, brand))
        text = next(t for t in policy["versions"] if t["effective_date"] == effective and not t["corrected_on"])
        assert text["fingerprint_format"] == FINGERPRINT_FORMAT and text["sha256"] == entry["sha256"]
        assert text["summary"] == entry.get("summary")
        assert text["statements"] == statements_fingerprint(record["statements"][lang])
        parts = Parts(text["sha256"], text["summary"], tuple(text["anchors"]), tuple(text["files"].items()),
                      text["statements"])
        assert version_fingerprint(parts) == text["fingerprint"]
