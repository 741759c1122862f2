"""Importing a policy written elsewhere with its whole history: the two real revisions of GitHub's privacy
statement (tests/real-content/, CC0), from a git repository and from a folder, as a brand of a fixture site that
has releases already."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from gitrepo import Repo, day, make_repo

REAL = Path(__file__).resolve().parent / "real-content"
REVISIONS = sorted(REAL.glob("github-privacy-statement-*.md"))
DATES = [re.search(r"(\d{4}-\d{2}-\d{2})", p.name).group(1) for p in REVISIONS]


def source_repository(folder) -> Repo:
    """A repository like GitHub's site-policy: one commit per revision of the statement."""
    repo = Repo(folder)
    folder.mkdir()
    repo.git("init", "-q", "-b", "main")
    for revision in REVISIONS:
        (folder / "Policies").mkdir(exist_ok=True)
        shutil.copy(revision, folder / "Policies" / "github-privacy-statement.md")
        repo.commit(f"Privacy statement of {revision.name}")
    return repo


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("import")
    repo = make_repo(folder / "site")
    assert repo.publish("--date", day(-1)).returncode == 0
    before = {r: repo.release_files(r) for r in (day(-1),)}
    assert repo.policy("new-brand", "github", "--name", "GitHub").returncode == 0
    registry = repo.root / "data/brands.yml"  # the new entry is the last; its notice period becomes 30 days
    registry.write_text(registry.read_text(encoding="utf-8").rstrip("\n").rsplit("notice_days: 0", 1)[0]
                        + "notice_days: 30\n", encoding="utf-8")
    repo.commit("GitHub, which promises 30 days' notice of changes")
    source = source_repository(folder / "source")
    result = repo.policy("import", "github", "--git", str(source.root), "--path", "Policies/github-privacy-statement.md",
                         "--link-base", "https://docs.github.com", "--publish")
    return repo, result, before


def test_each_revision_is_imported_with_its_real_date_and_a_report(imported):
    _, result, _ = imported
    assert result.returncode == 0, result.stdout + result.stderr
    for date in DATES:
        assert f"as the version of {date}" in result.stdout
    assert 'left out the line "Effective date:' in result.stdout
    assert "added a blank line before the list" in result.stdout and "removed the space before the heading" in result.stdout
    assert "now reads https://docs.github.com/" in result.stdout


def test_the_history_has_the_real_dates_and_latest_is_the_newest_release(imported):
    repo, _, before = imported
    latest = repo.aliases()["latest"]
    assert latest == repo.versions()[0]["version"], "latest stays the newest release"
    versions = repo.record(latest)["versions"]["en/github/privacy"]
    assert [(v["effective_date"], v["until"]) for v in versions] == [(DATES[0], DATES[1]), (DATES[1], None)]
    assert all(v["summary"].startswith("Imported:") for v in versions)
    assert versions[0]["release"] != versions[1]["release"], "each version has its own permanent address"
    for release, files in before.items():
        assert repo.release_files(release) == files, "nothing published earlier changed"


def test_readers_get_a_redline_between_the_imported_versions(imported):
    repo, _, _ = imported
    page = repo.page(repo.aliases()["latest"], "github/privacy/")
    redline = re.search(r'<details class="policy-redline" id="what-changed".*?</details>', page, re.S).group(0)
    assert redline.count("<ins>") > 10 and redline.count("<del>") > 10
    history = re.search(r'<section class="policy-history".*?</section>', page, re.S).group(0)
    assert f'id="version-{DATES[0]}"' in history and f'datetime="{DATES[1]}"' in history


def test_the_translation_waits_with_a_clear_notice(imported):
    repo, _, _ = imported
    page = repo.page(repo.aliases()["latest"], "ru/github/privacy/")
    assert "policy-translation" in page and 'hreflang="en"' in page
    record = repo.record(repo.aliases()["latest"])
    entry = next(e for e in record["policies"] if e["brand"] == "github" and e["language"] == "ru")
    assert entry["translation"] == "pending"


def test_a_folder_of_dated_files_imports_the_same(tmp_path):
    repo = make_repo(tmp_path / "site")
    assert repo.policy("new-brand", "github", "--name", "GitHub").returncode == 0
    repo.commit("GitHub")
    folder = tmp_path / "revisions"
    folder.mkdir()
    for revision, date in zip(REVISIONS, DATES):
        shutil.copy(revision, folder / f"{date}.md")
    result = repo.policy("import", "github", "--folder", str(folder), "--link-base", "https://docs.github.com")
    assert result.returncode == 0, result.stdout + result.stderr
    log = repo.git("log", "--format=%s").splitlines()
    assert [line for line in log if line.startswith("Import")] == [
        f"Import the github policy: the version of {date}, from revisions/{date}.md" for date in reversed(DATES)]


@pytest.mark.parametrize("args,message", [
    (["import", "nobody", "--folder", "."], '"nobody" is not a brand'),
    (["import", "acme", "--git", "."], "--git needs --path"),
    (["import", "acme", "--folder", "empty"], "holds no Markdown"),
    (["import", "acme", "--folder", "revisions", "--dates", "2020-01-01"], "gives 1 dates for 2 revisions"),
])
def test_an_import_that_cannot_be_made_says_why_and_changes_nothing(tmp_path, args, message):
    repo = make_repo(tmp_path / "site")
    (repo.root.parent / "empty").mkdir()
    (repo.root.parent / "revisions").mkdir()
    for revision, date in zip(REVISIONS, DATES):
        shutil.copy(revision, repo.root.parent / "revisions" / f"{date}.md")
    head = repo.git("rev-parse", "HEAD")
    result = repo.policy(*[a if a not in ("empty", "revisions") else str(repo.root.parent / a) for a in args])
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert repo.git("rev-parse", "HEAD") == head
