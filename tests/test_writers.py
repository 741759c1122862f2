"""Writers' tools: the review of a change as readers will see it, scaffolding, and pre-commit."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from conftest import REPO, build_site
from gitrepo import GIT_ENV, make_repo

CLAUSE_BRANDS = {"scandoc", "scanxpro", "autel"}  # the brands whose policies include other-websites.md


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "repo")


def run(repo, script, *args):
    return subprocess.run([sys.executable, f"scripts/{script}", *args], cwd=repo.root, capture_output=True,
                          text=True, env={**os.environ, **GIT_ENV})


def listed(output):
    """The (policy title, language) pairs a terminal review lists."""
    return {line.split(" — ")[0][3:] for line in output.splitlines() if line.startswith("== ")}


def test_review_of_a_direct_edit(repo):
    repo.edit("docs/en/scandoc/privacy.md", "for 3 years", "for 5 years")
    repo.set_date("scandoc", "2019-07-14", "2026-12-01")
    result = run(repo, "review.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Review of the working tree against main" in result.stdout
    assert listed(result.stdout) == {"ScanDoc Privacy Policy (en)", "Политика конфиденциальности ScanDoc (ru)"}
    assert "stored on our servers for [-3-] {+5+} years" in result.stdout
    assert "OK: new version, effective date 2019-07-14 → 2026-12-01." in result.stdout
    assert "OK: only the effective date changes (2019-07-14 → 2026-12-01)" in result.stdout


def test_review_of_a_shared_clause_edit_lists_every_brand_it_reaches_and_no_other(repo):
    repo.edit("clauses/en/other-websites.md", "please read its privacy policy", "please read its privacy policy carefully")
    result = run(repo, "review.py")
    assert result.returncode == 1, "undated changes are problems"
    titles = {"scandoc": "ScanDoc Privacy Policy", "scanxpro": "ScanXPro Privacy Policy", "autel": "Autel Privacy Statement"}
    assert listed(result.stdout) == {f"{titles[b]} (en)" for b in CLAUSE_BRANDS}
    assert "3 of 10 policy texts change." in result.stdout
    assert result.stdout.count("{+policy carefully.+}") == 3
    assert result.stdout.count("PROBLEM: the text changes but the effective date does not move forward") == 3


def test_review_of_a_brand_variable_edit(repo):
    repo.edit("data/brands.yml", "email: support@scanxpro.ru", "email: privacy@scanxpro.ru")
    result = run(repo, "review.py")
    assert listed(result.stdout) == {"ScanXPro Privacy Policy (en)", "Политика конфиденциальности ScanXPro (ru)"}
    assert "[-support@scanxpro.ru.-] {+privacy@scanxpro.ru.+}" in result.stdout


def test_review_in_markdown_for_a_pull_request(repo):
    repo.edit("clauses/ru/cookies.md", "небольшой текстовый файл", "небольшой файл")
    result = run(repo, "review.py", "--markdown")
    assert result.stdout.startswith("## Review of the working tree against main")
    assert "| Policy | Language | Verdict |" in result.stdout
    assert "~~текстовый~~" in result.stdout
    assert result.stdout.count("❌") == 3  # the ScanXPro, Autel and Unnamed Software policies include cookies


def test_review_of_a_branch_against_the_latest_release(repo):
    assert repo.publish("--date", "2026-11-22").returncode == 0
    repo.git("checkout", "-q", "-b", "autel-update")
    repo.edit("docs/en/autel/privacy.md", "ten (10) days", "thirty (30) days")
    repo.edit("docs/ru/autel/privacy.md", "десять (10) дней", "тридцать (30) дней")
    repo.set_date("autel", "2013-05-30", "2026-12-30")
    repo.commit("Autel: thirty days' notice")
    repo.git("checkout", "-q", "main")
    result = run(repo, "review.py", "--head", "autel-update", "--base", "latest")
    assert result.returncode == 0, result.stdout + result.stderr
    assert listed(result.stdout) == {"Autel Privacy Statement (en)", "Заявление о конфиденциальности Autel (ru)"}
    assert "{+thirty (30)+}" in result.stdout


def test_review_names_a_side_that_does_not_exist(repo):
    result = run(repo, "review.py", "--base", "no-such-branch")
    assert result.returncode == 2 and '"no-such-branch" is not a branch, tag or commit' in result.stderr


def digests(root):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()
            and ".git" not in p.parts}


def test_new_brand_round_trips_into_a_passing_build(repo):
    result = run(repo, "new_brand.py", "acme", "--name", "Acme Tools", "--governing-language", "ru", "--date", "2026-12-01")
    assert result.returncode == 0, result.stderr
    assert "docs/ru/acme/privacy.md" in result.stdout
    built = build_site(repo.root)
    assert built.returncode == 0, built.output
    assert "Acme Tools Privacy Policy" in built.page("acme/privacy")
    assert "Политика конфиденциальности Acme Tools" in built.page("ru/acme/privacy")
    assert "Acme Tools" in built.page("")


@pytest.mark.parametrize("script,args,message", [
    ("new_brand.py", ["scandoc", "--name", "ScanDoc 2"], 'brand "scandoc" is already in data/brands.yml'),
    ("new_brand.py", ["Acme Corp", "--name", "Acme"], '"Acme Corp" cannot be a brand slug'),
    ("new_brand.py", ["acme", "--name", "Acme", "--governing-language", "de"], '"de" is not a language of this site'),
    ("new_version.py", ["scandoc", "2000-01-01"], "is in the past"),
    ("new_version.py", ["autel", "2013-05-30"], "is in the past"),
    ("new_version.py", ["no-such-brand", "2099-01-01"], "docs/en/no-such-brand/privacy.md does not exist"),
])
def test_scaffolding_refuses_and_changes_nothing(repo, script, args, message):
    before = digests(repo.root)
    result = run(repo, script, *args)
    assert result.returncode == 1 and message in result.stderr
    assert digests(repo.root) == before


def test_new_version_sets_the_date_in_every_language_and_builds(repo):
    result = run(repo, "new_version.py", "scandoc", "2099-01-01")
    assert result.returncode == 0, result.stderr
    for lang in ("en", "ru"):
        assert "effective_date: 2099-01-01" in (repo.root / f"docs/{lang}/scandoc/privacy.md").read_text()
    assert "Next: make the change in every language" in result.stdout
    assert build_site(repo.root).returncode == 0


def test_new_version_refuses_a_date_not_later_than_the_current_one(repo):
    repo.set_date("cargotechservice", "2026-11-22", "2099-06-01")
    before = digests(repo.root)
    result = run(repo, "new_version.py", "cargotechservice", "2099-05-01")
    assert result.returncode == 1 and "is already effective 2099-06-01" in result.stderr
    assert digests(repo.root) == before


def test_pre_commit_runs_the_fast_checks_on_changed_files(repo):
    (repo.root / ".venv").symlink_to(REPO / ".venv")
    repo.edit("docs/en/scandoc/privacy.md", "effective_date: 2019-07-14", "effective_date: 2019-14-07")
    repo.git("add", "docs/en/scandoc/privacy.md")
    pre_commit = [str(REPO / ".venv" / "bin" / "pre-commit"), "run", "--files"]
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(repo.root.parent / "pre-commit-home")}
    failed = subprocess.run([*pre_commit, "docs/en/scandoc/privacy.md"], cwd=repo.root, capture_output=True, text=True, env=env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert 'docs/en/scandoc/privacy.md:3: effective_date "2019-14-07" is not a real date' in failed.stdout
    other = subprocess.run([*pre_commit, "docs/en/autel/privacy.md"], cwd=repo.root, capture_output=True, text=True, env=env)
    assert other.returncode == 0, "a problem in another file does not block this one"
