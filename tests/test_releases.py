"""Publishing releases from a temporary git repository: immutability, history, redlines, guard, files."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys

import pytest

from gitrepo import make_repo

R1, R2, R3, R4 = "2026-11-22", "2026-12-01", "2026-12-10", "2026-12-20"
CLAUSE_BRANDS = ("scandoc", "scanxpro", "autel")  # the brands that include other-websites.md


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """Four releases: the site, a direct edit, a shared-clause edit, a brand-variable edit."""
    repo = make_repo(tmp_path_factory.mktemp("releases") / "repo")
    # These releases take effect on their release day: notice periods are tested in test_upcoming.py.
    repo.edit("data/brands.yml", "notice_days: 10", "notice_days: 0")
    repo.commit("No notice period in this scenario")
    snapshots = {}

    def publish(date):
        result = repo.publish("--date", date)
        assert result.returncode == 0, result.stdout + result.stderr
        snapshots[date] = repo.release_files(date)

    publish(R1)
    # A direct edit of one policy, in both languages, with a new effective date.
    repo.extend_scandoc_log_retention(R2)
    repo.commit("ScanDoc keeps action logs for 5 years")
    publish(R2)
    # A shared clause: every brand that includes it gets a new version.
    repo.edit("clauses/en/other-websites.md", "please read its privacy policy", "please read its privacy policy carefully")
    repo.edit("clauses/ru/other-websites.md", "ознакомьтесь с его политикой", "внимательно ознакомьтесь с его политикой")
    repo.set_date("scandoc", R2, R3)
    for brand, old in (("scanxpro", "2026-11-22"), ("autel", "2013-05-30")):
        repo.set_date(brand, old, R3)
    repo.commit("Other websites: read carefully")
    publish(R3)
    # A brand variable: ScanXPro's email, used in its policy text.
    repo.edit("data/brands.yml", "email: support@scanxpro.ru", "email: privacy@scanxpro.ru")
    repo.set_date("scanxpro", R3, R4)
    repo.commit("ScanXPro privacy email")
    publish(R4)
    return repo, snapshots


def page(repo, release, path):
    return repo.show(f"{release}/{path}index.html")


def history(repo, release, path):
    """A page's version history as (effective date, release linked to, shown?), newest first."""
    section = re.search(r'<section class="policy-history".*?</section>', page(repo, release, path), re.S).group(0)
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    return [(re.search(r'datetime="([\d-]+)"', item).group(1), _linked_release(item, release),
             "aria-current" in item) for item in items]


def _linked_release(item, release):
    href = re.search(r'href="([^"]+)"', item).group(1)
    return release if href == "./" else re.match(r"(?:\.\./)+(\d{4}-\d{2}-\d{2}(?:-\d+)?)/", href).group(1)


def redline(html):
    match = re.search(r'<details class="policy-redline" id="what-changed"[^>]*>(.*?)</details>', html, re.S)
    return match.group(1) if match else None


def test_earlier_releases_stay_byte_identical(releases):
    repo, snapshots = releases
    for release, files in snapshots.items():
        assert repo.release_files(release) == files, f"release {release} changed"
        assert len(files) > 30


def test_versions_json_latest_alias_and_root_redirect(releases):
    repo, _ = releases
    versions = repo.versions()
    assert [v["version"] for v in versions] == [R4, R3, R2, R1]
    assert versions[0]["aliases"] == ["latest"] and all(v["aliases"] == [] for v in versions[1:])
    assert 'url=latest/' in repo.show("index.html")
    assert f"../../../{R4}/scandoc/privacy/" in repo.show("latest/scandoc/privacy/index.html")
    assert f"../../../../{R4}/ru/scandoc/privacy/" in repo.show("latest/ru/scandoc/privacy/index.html")
    modes = repo.git("ls-tree", "-r", "gh-pages").split()
    assert "120000" not in modes, "aliases are redirects, never symlinks (GitHub Pages does not serve them)"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_history_lists_every_version_newest_first_with_the_shown_one_marked(releases, lang):
    repo, _ = releases
    prefix = "" if lang == "en" else "ru/"
    assert history(repo, R4, f"{prefix}scandoc/privacy/") == [
        (R3, R3, True), (R2, R2, False), ("2019-07-14", R1, False)]
    assert history(repo, R4, f"{prefix}scanxpro/privacy/") == [
        (R4, R4, True), (R3, R3, False), (R1, R1, False)]
    assert history(repo, R4, f"{prefix}cargotechservice/privacy/") == [(R1, R1, True)]
    # An archived release keeps the history it was published with.
    assert history(repo, R2, f"{prefix}scandoc/privacy/") == [(R2, R2, True), ("2019-07-14", R1, False)]


def test_history_links_are_permanent_links_to_releases(releases):
    repo, _ = releases
    html = page(repo, R4, "ru/scandoc/privacy/")
    assert f'href="../../../../{R2}/ru/scandoc/privacy/"' in html
    assert repo.show(f"{R2}/ru/scandoc/privacy/index.html")


@pytest.mark.parametrize("lang,old,new", [("en", "3 years", "5 years"), ("ru", "3 лет", "5 лет")])
def test_redline_of_a_direct_edit(releases, lang, old, new):
    repo, _ = releases
    prefix = "" if lang == "en" else "ru/"
    html = page(repo, R2, f"{prefix}scandoc/privacy/")
    marked = redline(html)
    assert {"en": "What changed since 14 July 2019", "ru": "Что изменилось с 14 июля 2019\u202fг."}[lang] in marked
    assert re.search(rf"<del>.*?{old[0]}.*?</del>", marked) and re.search(rf"<ins>.*?{new[0]}.*?</ins>", marked)
    assert marked.count("<p>") == 1, "only the changed passage is shown"
    assert redline(page(repo, R1, f"{prefix}scandoc/privacy/")) is None, "a first version has no redline"


@pytest.mark.parametrize("brand", CLAUSE_BRANDS)
def test_redline_of_a_shared_clause_edit_on_every_brand_that_includes_it(releases, brand):
    repo, _ = releases
    for prefix, word in (("", "carefully"), ("ru/", "внимательно")):
        marked = redline(page(repo, R3, f"{prefix}{brand}/privacy/"))
        assert re.search(rf'<ins><span class="sr-only">[^<]+</span>[^<]*{word}', marked), (brand, prefix)
    assert redline(page(repo, R3, "cargotechservice/privacy/")) is None


def test_redline_of_a_brand_variable_edit(releases):
    repo, _ = releases
    for prefix in ("", "ru/"):
        marked = redline(page(repo, R4, f"{prefix}scanxpro/privacy/"))
        assert re.search(r"<del>.*?support@scanxpro\.ru.*?</del>", marked)
        assert re.search(r"<ins>.*?privacy@scanxpro\.ru.*?</ins>", marked)


def test_rewrapping_and_formatting_are_not_changes(releases, tmp_path):
    repo, _ = releases
    text = (repo.root / "docs/en/cargotechservice/privacy.md").read_text(encoding="utf-8")
    rewrapped = text.replace("1.1 We do not collect your personal data through the Site.",
                             "1.1 We do **not** collect your\npersonal data through the Site.")
    assert rewrapped != text
    (repo.root / "docs/en/cargotechservice/privacy.md").write_text(rewrapped, encoding="utf-8")
    repo.commit("Re-wrap and bold, no change of text")
    result = repo.publish("--date", "2026-12-21")
    assert result.returncode == 0, result.stderr
    assert history(repo, "2026-12-21", "cargotechservice/privacy/") == [(R1, R1, True)]


@pytest.mark.parametrize("change,message", [
    (lambda repo: repo.edit("docs/ru/cargotechservice/privacy.md", "в течение 1 (одного) года", "в течение 2 (двух) лет"),
     'the ru text of the CargoTechService policy differs'),
    (lambda repo: repo.edit("clauses/en/cookies.md", "A cookie is a small text file", "A cookie is a tiny text file"),
     'the en text of the Autel policy differs'),
    (lambda repo: repo.edit("data/brands.yml", 'phone: "1-855-AUTELUS"', 'phone: "1-855-AUTEL"'),
     'the en text of the Autel policy differs'),
])
def test_change_guard_refuses_a_changed_text_without_a_later_date(releases, change, message):
    repo, _ = releases
    before = repo.pages_head()
    change(repo)
    repo.commit("An unannounced change")
    try:
        result = repo.publish("--date", "2026-12-30")
        assert result.returncode == 1
        assert message in result.stderr and "First changed sentence:" in result.stderr
        assert "How to fix:" in result.stderr and "Traceback" not in result.stderr
        assert repo.pages_head() == before, "a failed publish leaves gh-pages as it was"
    finally:
        repo.git("reset", "-q", "--hard", "HEAD~1")


def test_first_changed_sentence_is_named(releases):
    repo, _ = releases
    repo.edit("docs/en/cargotechservice/privacy.md", "for 1 (one) year", "for 2 (two) years")
    repo.commit("Unannounced")
    try:
        result = repo.publish("--date", "2026-12-30")
        assert ('First changed sentence: "3.3 For the purpose of improvement of the quality of its work, the '
                'Administration has the right to keep log files on the actions performed by the User using the '
                'Site for 2 (two) years."') in result.stderr
    finally:
        repo.git("reset", "-q", "--hard", "HEAD~1")


def test_an_existing_release_name_is_refused(releases):
    repo, _ = releases
    before = repo.pages_head()
    result = repo.publish("--name", R2)
    assert result.returncode == 1
    assert f"release {R2} is already published, and a published release is never replaced" in result.stderr
    assert repo.pages_head() == before


def test_a_second_release_on_the_same_day_gets_a_suffix(releases):
    repo, snapshots = releases
    result = repo.publish("--date", R4)
    assert result.returncode == 0, result.stderr
    assert f"Published release {R4}-2" in result.stdout
    assert f"{R4}-2" in [v["version"] for v in repo.versions()]
    assert repo.release_files(R4) == snapshots[R4]


def test_publishing_refuses_uncommitted_changes(releases):
    repo, _ = releases
    repo.edit("docs/en/scandoc/privacy.md", "ScanDoc Privacy Policy", "ScanDoc privacy policy")
    try:
        result = repo.publish("--date", "2026-12-31")
        assert result.returncode == 1 and "uncommitted changes" in result.stderr
    finally:
        repo.git("checkout", "--", ".")


def test_policies_json_records_every_policy_with_the_digest_of_its_text(releases):
    repo, _ = releases
    manifest = json.loads(repo.show(f"{R4}/policies.json"))
    assert manifest["release"] == R4
    assert len(manifest["policies"]) == 10
    entry = next(p for p in manifest["policies"] if p["brand"] == "scanxpro" and p["language"] == "ru")
    assert entry["effective_date"] == R4
    assert entry["url"].endswith(f"/{R4}/ru/scanxpro/privacy/")
    text = repo.git("show", f"gh-pages:{R4}/{entry['text']}")
    assert hashlib.sha256(text.encode()).hexdigest() == entry["sha256"]
    assert "privacy@scanxpro.ru" in text


@pytest.mark.parametrize("feed,lang", [("feed.xml", "en"), ("ru/feed.xml", "ru")])
def test_atom_feed_has_an_entry_per_version_linking_to_its_redline(releases, feed, lang):
    repo, _ = releases
    xml = repo.show(f"{R4}/{feed}")
    assert f'xml:lang="{lang}"' in xml
    prefix = "" if lang == "en" else "ru/"
    links = re.findall(r'<link rel="alternate" type="text/html" href="([^"]+)"/>', xml)
    scandoc = [link for link in links if f"/{prefix}scandoc/privacy/" in link]
    assert [link.split("/")[3] for link in scandoc] == [R3, R2, R1]
    assert scandoc[0].endswith("#what-changed") and not scandoc[-1].endswith("#what-changed")
    assert len(links) == 5 + 2 + 2 + 1  # one version per brand, plus the new ones of three brands


def test_archived_release_banner_links_to_the_same_page_in_latest(releases):
    repo, _ = releases
    html = page(repo, R1, "ru/scandoc/privacy/")
    outdated = re.search(r'data-md-component="outdated".*?</aside>|data-md-component="outdated".*?</div>', html, re.S)
    banner = outdated.group(0)
    assert "Вы читаете редакцию выпуска от 22 ноября 2026\u202fг." in banner
    assert 'href="../../../../latest/ru/scandoc/privacy/"' in banner
    assert "You are reading the version of 22 November 2026." in page(repo, R1, "scandoc/privacy/")


def test_a_shallow_clone_without_gh_pages_fails_with_a_clear_message(releases, tmp_path):
    repo, _ = releases
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--single-branch", "--branch", "main",
                    f"file://{repo.root}", str(clone)], check=True)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=clone,
                            capture_output=True, text=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert "shallow clone without the gh-pages branch" in result.stdout + result.stderr
    assert "git fetch --unshallow" in result.stdout + result.stderr
