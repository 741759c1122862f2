"""Writers' tools on the fixture site: the review of a change as readers will see it, scaffolding (new brand, new
version), the pre-commit check; and the acceptance of a writer's ordinary edits on a copy of the real repository."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from policykit.content import load_content, site_languages

from conftest import REPO, build_site, copy_repository
from fixture_site import BRANDS, SUMMARY, edit, new_version, policy_file
from gitrepo import GIT_ENV, Repo, day, make_repo

TODAY = datetime.date.today()


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "repo")


def listed(output):
    """The (policy title, language) lines a terminal review lists."""
    return {line.split(" — ")[0][3:] for line in output.splitlines() if line.startswith("== ")}


def titles(lang: str) -> dict[str, str]:
    return {slug: (f"{b['name']} Privacy Policy" if lang == "en" else f"Политика конфиденциальности {b['name']}")
            for slug, b in BRANDS.items()}


def test_review_of_a_new_version(repo):
    new_version(repo.root, "acme", TODAY)
    result = repo.policy("review")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Review of the working tree against main" in result.stdout
    assert listed(result.stdout) == {f"{titles('en')['acme']} (en)", f"{titles('ru')['acme']} (ru)"}
    assert re.search(r"\[-3-\]\s*\{\+5\+\}", result.stdout), result.stdout
    assert result.stdout.count("OK: new version") == 2


def test_review_of_a_shared_clause_edit_lists_every_policy_it_reaches(repo):
    edit(repo.root / "clauses/en/no-sale.md", "to anyone", "to anyone, ever")
    result = repo.policy("review")
    assert result.returncode == 1, "a changed text without a new date is a problem"
    assert listed(result.stdout) == {f"{titles('en')[b]} (en)" for b in BRANDS}
    assert f"{len(BRANDS)} of {2 * len(BRANDS)} policy texts change." in result.stdout
    assert result.stdout.count("{+,+}") + result.stdout.count("{+, ever+}") >= len(BRANDS)
    assert result.stdout.count("PROBLEM:") == len(BRANDS) and "later effective_date" in result.stdout


def test_review_of_a_registry_edit(repo):
    edit(repo.root / "data/brands.yml", "Globex LLC", "Globex Inc.")
    result = repo.policy("review")
    assert listed(result.stdout) == {f"{titles('en')['globex']} (en)"}
    assert "Globex [-LLC-]" in result.stdout.replace("{+Inc.+}", "").replace("  ", " ") or "[-LLC" in result.stdout


def test_review_in_markdown_for_a_pull_request(repo):
    new_version(repo.root, "acme", TODAY, summary=None)
    result = repo.policy("review", "--markdown")
    assert result.stdout.startswith("## Review of the working tree against main")
    assert "| Policy | Language | Verdict |" in result.stdout and result.stdout.count("❌") == 2
    assert "summary" in result.stdout and "~~3~~" in result.stdout and "**5**" in result.stdout


def test_review_of_a_branch_against_the_release_in_force(repo):
    assert repo.publish("--date", day(-1)).returncode == 0
    repo.git("checkout", "-q", "-b", "acme-update")
    new_version(repo.root, "acme", TODAY)
    repo.commit("Acme: five years")
    repo.git("checkout", "-q", "main")
    result = repo.policy("review", "--head", "acme-update", "--base", "latest")
    assert result.returncode == 0, result.stdout + result.stderr
    assert listed(result.stdout) == {f"{titles('en')['acme']} (en)", f"{titles('ru')['acme']} (ru)"}


@pytest.mark.parametrize("args,message", [
    (["review", "--base", "no-such-branch"], '"no-such-branch" is not a branch, tag or commit'),
    (["review", "--base", "latest"], "nothing is published yet"),
])
def test_review_says_why_a_side_cannot_be_read(repo, args, message):
    result = repo.policy(*args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def digests(root):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()
            and ".git" not in p.parts}


def test_a_new_brand_round_trips_into_a_passing_build(repo):
    result = repo.policy("new-brand", "initech", "--name", "Initech", "--date", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert "docs/ru/initech/privacy.md" in result.stdout
    built = build_site(repo.root)
    assert built.returncode == 0, built.output
    assert "Initech" in built.page("initech/privacy") and "Initech" in built.page("ru/initech/privacy")
    assert "Initech" in built.page("")


@pytest.mark.parametrize("args,message", [
    (["new-brand", "acme", "--name", "Acme 2"], 'brand "acme" is already in data/brands.yml'),
    (["new-brand", "Acme Corp", "--name", "Acme"], '"Acme Corp" cannot be a brand slug'),
    (["new-brand", "initech", "--name", "Initech", "--governing-language", "de"], '"de" is not a language of this site'),
    (["new-version", "acme", (TODAY - datetime.timedelta(days=1)).isoformat()], "is in the past"),
    (["new-version", "nobody", (TODAY + datetime.timedelta(days=1)).isoformat()], "docs/en/nobody/privacy.md does not exist"),
    (["new-version", "acme", "2026-13-01"], "is not a date: write it as YYYY-MM-DD"),
])
def test_scaffolding_refuses_and_changes_nothing(repo, args, message):
    before = digests(repo.root)
    result = repo.policy(*args)
    assert result.returncode in (1, 2) and message in result.stderr and "Traceback" not in result.stderr
    assert digests(repo.root) == before


def test_a_new_version_gets_its_date_in_every_language_and_asks_for_a_summary(repo):
    later = (TODAY + datetime.timedelta(days=30)).isoformat()
    result = repo.policy("new-version", "acme", later)
    assert result.returncode == 0, result.stderr
    for lang in ("en", "ru"):
        text = policy_file(repo.root, lang, "acme").read_text(encoding="utf-8")
        assert f"effective_date: {later}" in text and "summary:" not in text
    assert "summary:" in result.stdout
    assert build_site(repo.root).returncode == 0


def with_summary(path, words: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("\n---\n", f"\nsummary: {words}\n---\n", 1),
                    encoding="utf-8")


def test_a_new_version_keeps_the_summary_of_a_version_never_published_and_says_so(repo):
    """A writer who starts a version, writes its summary and then needs another date (a notice period refused the
    first) loses nothing."""
    first, second = (TODAY + datetime.timedelta(days=days) for days in (5, 15))
    assert repo.policy("new-version", "acme", first.isoformat()).returncode == 0
    for lang, words in SUMMARY.items():
        with_summary(policy_file(repo.root, lang, "acme"), words)
    again = repo.policy("new-version", "acme", second.isoformat())
    assert again.returncode == 0, again.stderr
    for lang, words in SUMMARY.items():
        text = policy_file(repo.root, lang, "acme").read_text(encoding="utf-8")
        assert f"summary: {words}" in text and f"effective_date: {second.isoformat()}" in text
        assert (f"docs/{lang}/acme/privacy.md: the summary kept: the version of {first.isoformat()} was never "
                "published") in again.stdout


def test_a_new_version_of_a_published_version_clears_its_summary_and_says_so(repo):
    new_version(repo.root, "acme", TODAY - datetime.timedelta(days=1))
    repo.commit("A version with a summary")
    assert repo.publish("--date", TODAY.isoformat()).returncode == 0
    later = TODAY + datetime.timedelta(days=1)
    result = repo.policy("new-version", "acme", later.isoformat())
    assert result.returncode == 0, result.stderr
    for lang in SUMMARY:
        assert "summary:" not in policy_file(repo.root, lang, "acme").read_text(encoding="utf-8")
        assert (f"docs/{lang}/acme/privacy.md: the summary of the published version of "
                f"{(TODAY - datetime.timedelta(days=1)).isoformat()} removed") in result.stdout


def test_a_new_version_restates_the_lines_that_give_the_date_of_amendment_and_says_so(repo):
    """The build refuses a "Last amended …" line that disagrees with the effective date: the command that sets
    the date sets it there too, in the line's own form, and lists each line it changed."""
    stated = {"en": ("Last amended {}.", "%Y-%m-%d"), "ru": ("Последние изменения внесены {}.", "%d.%m.%Y")}
    effective = {lang: re.search(r"^effective_date: (\S+)$", policy_file(repo.root, lang, "acme").read_text(
        encoding="utf-8"), re.M).group(1) for lang in stated}
    for lang, (line, form) in stated.items():
        path = policy_file(repo.root, lang, "acme")
        old = datetime.date.fromisoformat(effective[lang]).strftime(form)
        path.write_text(path.read_text(encoding="utf-8") + f"\n<!-- {line.format(old)} -->\n{line.format(old)}\n",
                        encoding="utf-8")
    later = TODAY + datetime.timedelta(days=3)
    result = repo.policy("new-version", "acme", later.isoformat())
    assert result.returncode == 0, result.stderr
    for lang, (line, form) in stated.items():
        path = policy_file(repo.root, lang, "acme")
        text = path.read_text(encoding="utf-8")
        old = datetime.date.fromisoformat(effective[lang]).strftime(form)
        assert f"<!-- {line.format(old)} -->" in text, "a writers' note states no date: left as it is"
        number = len(text.rstrip("\n").split("\n"))
        assert text.rstrip("\n").endswith(f"\n{line.format(later.strftime(form))}")
        assert (f'docs/{lang}/acme/privacy.md:{number}: "{line.format(old)}" now reads '
                f'"{line.format(later.strftime(form))}".') in result.stdout
    assert build_site(repo.root).returncode == 0


def test_the_check_reports_a_registry_field_no_page_uses(repo):
    """A fact in the registry that no page states (a placeholder legal entity, say) is one variable away from a
    page naming what no source names."""
    assert repo.policy("check").returncode == 0
    edit(repo.root / "data/brands.yml", "  minimum_age: 14\n", "  minimum_age: 14\n  phone: +1 555 0100\n")
    result = repo.policy("check")
    line = repo.root.joinpath("data/brands.yml").read_text(encoding="utf-8").split("\n").index("  phone: +1 555 0100") + 1
    assert result.returncode == 1
    assert (f'data/brands.yml:{line}: brand "globex" has the field "phone", which none of its pages uses '
            "({{ phone }} is in none of its policies, nor in a clause they include).") in result.stderr
    assert "remove the field if the brand's source text does not state this fact" in result.stderr


def test_the_pre_commit_check_reports_the_changed_files_problems(repo):
    # The repository's hook, run with the `policy` of the environment running the tests (a writer's is in the
    # checkout's own virtual environment).
    config = (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    entry = re.search(r"entry: (\S+)/policy check", config).group(1)
    (repo.root / ".pre-commit-config.yaml").write_text(config.replace(entry, str(Path(sys.executable).parent)))
    edit(policy_file(repo.root, "en", "acme"), "title: Acme", "title: <b>Acme</b>")
    repo.git("add", "-A")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(repo.root.parent / "pre-commit-home")}
    pre_commit = [str(Path(sys.executable).parent / "pre-commit"), "run", "--files"]
    failed = subprocess.run([*pre_commit, "docs/en/acme/privacy.md"], cwd=repo.root, capture_output=True, text=True, env=env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "docs/en/acme/privacy.md:2:" in failed.stdout and "plain text" in failed.stdout
    other = subprocess.run([*pre_commit, "docs/en/globex/privacy.md"], cwd=repo.root, capture_output=True, text=True, env=env)
    assert other.returncode == 0, "a problem in another file does not block this one"


# --- Acceptance: a writer's ordinary edits of the real repository keep the tests' assumptions and publishing ---

def real_repo(tmp_path) -> Repo:
    return make_repo(tmp_path / "repo", site=copy_repository)


def newest_effective_date(root) -> datetime.date:
    """The latest effective_date in the content: writers may have made a version today or announced one."""
    return max(policy.source.effective_date for policy in load_content(root, site_languages(root)).policies)


def ahead(date: str) -> tuple[str, ...]:
    """--future when the real content's newest date is more than a day ahead (a writer announced a version)."""
    return ("--future",) if datetime.date.fromisoformat(date) > TODAY + datetime.timedelta(days=1) else ()


def test_a_new_version_made_as_contributing_says_publishes(tmp_path):
    """A new ScanDoc-style version: the first policy of the registry, one sentence changed in both languages,
    a later date, a summary; as CONTRIBUTING tells a writer. Published before and after."""
    repo = real_repo(tmp_path)
    first = max(TODAY, newest_effective_date(repo.root))
    published = repo.publish("--date", first.isoformat(), *ahead(first.isoformat()))
    assert published.returncode == 0, published.stdout + published.stderr
    later = (first + datetime.timedelta(days=1)).isoformat()
    brand = next(iter(yaml.safe_load((repo.root / "data/brands.yml").read_text(encoding="utf-8"))))
    made = repo.policy("new-version", brand, later)
    assert made.returncode == 0, made.stdout + made.stderr
    for lang, words in (("en", "This sentence was added in the new version."), ("ru", "Это предложение добавлено в новой редакции.")):
        path = policy_file(repo.root, lang, brand)
        text = path.read_text(encoding="utf-8").replace("\n---\n", f"\nsummary: {words}\n---\n", 1)
        path.write_text(text.rstrip("\n") + f"\n\n{words}\n", encoding="utf-8")
    repo.commit("A new version")
    result = repo.publish("--date", later, *ahead(later))
    assert result.returncode == 0, result.stdout + result.stderr
    page = repo.page(f"{brand}/privacy/{later}/")
    assert "This sentence was added" in page and 'data-policy-status="in-force"' in page
    assert "This sentence was added" in repo.page(f"{brand}/privacy/"), "the policy's address shows it on its day"


def test_a_new_brand_made_with_new_brand_publishes(tmp_path):
    repo = real_repo(tmp_path)
    brands = yaml.safe_load((repo.root / "data/brands.yml").read_text(encoding="utf-8"))
    slug = next(slug for slug in (f"initech-{n}" for n in itertools.count()) if slug not in brands)
    result = repo.policy("new-brand", slug, "--name", "Initech Test", "--date", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    repo.commit("Initech Test")
    date = max(TODAY, newest_effective_date(repo.root)).isoformat()
    published = repo.publish("--date", date, *ahead(date))
    assert published.returncode == 0, published.stdout + published.stderr
    assert "Initech Test" in repo.page(f"{slug}/privacy/") and "Initech Test" in repo.page(f"ru/{slug}/privacy/")
    assert "Initech Test" in repo.page(f"{slug}/privacy/{TODAY.isoformat()}/")
