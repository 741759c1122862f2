"""Publishing releases of the fixture site from a temporary git repository: immutability and its proofs,
history and permanent addresses, redlines, the change guard, names and dates, the files of a release."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from html import escape as html_escape
from pathlib import Path

import pytest

from policykit.pages_deploy import changing, swap
from policykit.typography import apply, load_rules
from policykit.releases import ReleaseError, blob_id

from fixture_site import BRANDS, FIRST_EFFECTIVE, RETENTION, SUMMARY, edit, new_version, policy_file
from conftest import REPO, build_site
from gitrepo import GIT_ENV, POLICY, Repo, day, make_repo, status

R1, R2, R3, R4 = day(-40), day(-30), day(-20), day(-10)
FIRST = FIRST_EFFECTIVE.isoformat()
D = __import__("datetime").date.fromisoformat
DATED = re.compile(r"(?:ru/)?[\w-]+/privacy/(\d{4}-\d{2}-\d{2}(?:-corrected-\d{4}-\d{2}-\d{2})?)/index\.html")


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """Four releases: the site; a direct edit of Acme; a registry edit (Acme's minimum age); a shared-clause edit
    reaching both brands. After each publication, the gh-pages commit it left (to read the site as it was then)
    and what it said."""
    repo = make_repo(tmp_path_factory.mktemp("releases") / "repo")
    edit(repo.root / "data" / "brands.yml", "notice_days: 10", "notice_days: 0")  # notice periods: test_upcoming.py
    repo.commit("No notice periods in this scenario")
    log, said = {}, {}

    def publish(date):
        result = repo.publish("--date", date)
        assert result.returncode == 0, result.stdout + result.stderr
        log[date], said[date] = repo.pages_head(), result.stdout

    publish(R1)
    new_version(repo.root, "acme", D(R2))
    repo.commit("Acme keeps visit logs for 5 years")
    publish(R2)
    edit(repo.root / "data" / "brands.yml", "minimum_age: 16", "minimum_age: 18")
    new_version(repo.root, "acme", D(R3), change=None, summary={"en": "Minimum age 18.", "ru": "Возраст — 18 лет."})
    repo.commit("Acme: minimum age 18")
    publish(R3)
    for lang, clause in (("en", "does not sell personal data to anyone"), ("ru", "не продаёт персональные данные")):
        edit(repo.root / "clauses" / lang / "no-sale.md", clause, clause.replace("sell", "sell or rent")
             if lang == "en" else clause.replace("не продаёт", "не продаёт и не сдаёт в аренду"))
    for brand in BRANDS:
        new_version(repo.root, brand, D(R4), change=None, summary={"en": "No renting.", "ru": "Без аренды."})
    repo.commit("No renting either")
    publish(R4)
    log["said"] = said
    return repo, log


def prefix(lang):
    return "" if lang == "en" else f"{lang}/"


def history(repo: Repo, path: str, ref: str = "gh-pages") -> list[tuple[str, str | None]]:
    """A page's version history: (effective date, the dated address its link points at), newest first."""
    section = re.search(r'<section class="policy-history".*?</section>', repo.page(path, ref), re.S).group(0)
    items = re.findall(r'<li id="version-([\w-]+)"[^>]*>(.*?)</li>', section, re.S)
    return [(date, _linked(item)) for date, item in items]


def _linked(item: str) -> str | None:
    match = re.search(r'href="(?:\.\./)*(\d{4}-\d{2}-\d{2}(?:-corrected-[\d-]+)?)/"', item)
    return match.group(1) if match else None


def redline(html: str) -> str | None:
    match = re.search(r'<details class="policy-redline" id="what-changed".*?</details>', html, re.S)
    return match.group(0) if match else None


def snapshots(log):
    return [log[r] for r in (R1, R2, R3, R4)]


def test_every_publication_leaves_earlier_releases_byte_identical(releases):
    repo, log = releases
    for ref in snapshots(log):
        for release in [v["version"] for v in repo.versions()]:
            if then := repo.release_files(release, ref):
                assert repo.release_files(release) == then, f"release {release} changed after it was published"
    for release in (R1, R2, R3, R4):
        assert set(repo.release_files(release)) == {"policies.json", "release-manifest.json",
                                                    "release-manifest.json.sig"}, "a release is a record"


def test_a_page_whose_version_did_not_change_is_the_same_file_in_every_release(releases):
    repo, log = releases
    sites = {r: repo.root_files(log[r]) for r in (R1, R2, R3, R4)}
    for lang in ("en", "ru"):
        for page in (f"{prefix(lang)}globex/privacy/index.html", f"{prefix(lang)}globex/privacy/{FIRST}/index.html"):
            assert sites[R1][page] == sites[R2][page] == sites[R3][page], "Globex did not change before R4"
            assert sites[R3][page] != sites[R4][page], "the clause edit is a new version of Globex"
        for text in ("policy.txt", "policy.md"):
            path = f"{prefix(lang)}globex/privacy/{FIRST}/{text}"
            assert sites[R1][path] == sites[R4][path], "a recorded text never changes"


def test_a_texts_page_is_unchanged_by_every_release_that_does_not_change_its_status(releases):
    """Every dated page, from the publication that first wrote it on: the same address and the same bytes in
    every later publication that changes neither its status nor that of a version its history lists."""
    repo, log = releases
    refs = snapshots(log)
    checked = 0
    for before, after in zip(refs, refs[1:]):
        old, new = repo.root_files(before), repo.root_files(after)
        for path in (p for p in old if DATED.fullmatch(p)):
            assert path in new, f"{path} disappeared"
            folder = path.rsplit("/", 2)[0]
            listed = [f"{folder}/{slug}/index.html" for slug, _ in history(repo, path[:-len("index.html")], before)]
            if all(status(repo.show(p, before)) == status(repo.show(p, after)) for p in [path, *listed]):
                checked += 1
                assert old[path] == new[path], f"{path} changed though no status it shows did"
    assert checked, "some page kept its status"


def test_every_address_form_is_a_page_at_the_root(releases):
    repo, _ = releases
    files = repo.root_files()
    record = repo.record()
    addresses = {"", "ru/"} | {p["path"] for p in record["policies"]} \
        | {v["path"] for p in record["policies"] for v in p["versions"]}
    assert {f"{prefix(lang)}{brand}/privacy/" for lang in ("en", "ru") for brand in BRANDS} <= addresses
    for address in addresses:
        assert f"{address}index.html" in files, f"/{address} has no page"
    for policy in record["policies"]:
        for version in policy["versions"]:
            assert version["path"] == f"{policy['path']}{version['slug']}/" and version["slug"].startswith(
                version["effective_date"])
            assert version["permanent_url"] == record["site_url"] + version["path"]
            assert {version["text"], version["markdown"]} <= set(files)
        assert f"{policy['path']}versions.json" in files
    assert {"policies.json", "feed.xml", "ru/feed.xml", "404.html", "index.html"} <= set(files)


def test_versions_json_lists_releases_and_the_root_is_the_home_page(releases):
    repo, _ = releases
    assert [v["version"] for v in repo.versions()] == [R4, R3, R2, R1]
    assert all(v["aliases"] == [] for v in repo.versions()), "no latest, no next"
    home = repo.show("index.html")
    assert 'http-equiv="refresh"' not in home and '<html lang="en"' in home
    assert all(f'href="{brand}/privacy/"' in home for brand in BRANDS)
    assert "120000" not in repo.git("ls-tree", "-r", "gh-pages").split(), "no symlinks"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_history_lists_every_version_newest_first_each_at_its_dated_address(releases, lang):
    repo, log = releases
    assert history(repo, f"{prefix(lang)}acme/privacy/") == [(R4, None), (R3, R3), (R2, R2), (FIRST, FIRST)]
    assert history(repo, f"{prefix(lang)}globex/privacy/") == [(R4, None), (FIRST, FIRST)]
    # A superseded text's page lists the versions up to the one that replaced it.
    assert history(repo, f"{prefix(lang)}acme/privacy/{R2}/") == [(R3, R3), (R2, None), (FIRST, FIRST)]
    assert history(repo, f"{prefix(lang)}acme/privacy/{R4}/") == [(R4, None), (R3, R3), (R2, R2), (FIRST, FIRST)]
    # As the site was when R2 was published.
    assert history(repo, f"{prefix(lang)}acme/privacy/", log[R2]) == [(R2, None), (FIRST, FIRST)]


def typeset(text: str, lang: str) -> str:
    """A writer's words as the site shows them: with the no-break spaces of data/typography.yml."""
    return apply(text, lang, load_rules(REPO / "data" / "typography.yml", ["en", "ru"], REPO))


def test_a_summary_is_typeset_as_the_text_it_describes(releases):
    """Writers type ordinary spaces; Russian typography's no-break spaces reach the summary in the history, above
    the redline and in policies.json, as they reach the policy's own text."""
    repo, log = releases
    summary = typeset(SUMMARY["ru"], "ru")
    assert summary != SUMMARY["ru"], "the fixture's Russian summary needs a no-break space"
    html = repo.page(f"ru/acme/privacy/{R2}/")
    assert html.count(html_escape(summary)) == 2 and SUMMARY["ru"] not in html  # history and redline
    [policy] = [p for p in repo.record()["policies"] if p["path"] == "ru/acme/privacy/"]
    [entry] = [v for v in policy["versions"] if v["effective_date"] == R2]
    assert entry["summary"] == summary


def test_the_link_to_this_version_is_its_dated_address_everywhere(releases):
    repo, log = releases
    site = repo.record()["site_url"]
    # Globex's first version stayed in force through R3: every publication until then links to its dated address.
    for ref in snapshots(log)[:3]:
        html = repo.page("globex/privacy/", ref)
        bookmark = re.search(r'<a rel="bookmark" href="([^"]+)">([^<]+)</a>', html)
        assert bookmark.group(1) == f"{FIRST}/" and bookmark.group(2) == f"{site}globex/privacy/{FIRST}/"
        assert f'<link rel="canonical" href="{site}globex/privacy/{FIRST}/">' in repo.page(f"globex/privacy/{FIRST}/", ref)
    [globex] = [p for p in repo.record(log[R3])["policies"] if p["path"] == "globex/privacy/"]
    [entry] = globex["versions"]
    assert entry["permanent_url"] == f"{site}globex/privacy/{FIRST}/" and entry["first_release"] == R1


def test_policies_json_lists_every_version_with_its_date_range(releases):
    repo, _ = releases
    record = repo.record()
    assert record["format_version"] == 3 and record["release"] == R4 and record["day"] == R4
    assert repo.release_record(R4) == record, "the release records what the root shows"
    [acme] = [p for p in record["policies"] if p["path"] == "acme/privacy/"]
    assert acme["in_force"] == R4
    assert [(v["effective_date"], v["until"], v["first_release"]) for v in acme["versions"]] == [
        (FIRST, R2, R1), (R2, R3, R2), (R3, R4, R3), (R4, None, R4)]
    assert acme["versions"][1]["summary"] == typeset(SUMMARY["en"], "en")
    for policy in record["policies"]:
        for version in policy["versions"]:
            text = repo.show(version["text"])
            assert hashlib.sha256(text.encode()).hexdigest() == version["sha256"]
            assert version["sections"] and version["links"], "sections and links are recorded"
        listed = json.loads(repo.show(f"{policy['path']}versions.json"))
        assert R4 in json.dumps(listed) and FIRST in json.dumps(listed)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_redline_of_a_direct_edit_shows_the_old_and_new_words_under_their_section(releases, lang):
    repo, _ = releases
    marked = redline(repo.page(f"{prefix(lang)}acme/privacy/{R2}/"))
    old, new = RETENTION[lang]
    deleted = set(old.split()) - set(new.split())
    inserted = set(new.split()) - set(old.split())
    assert all(re.search(rf"<del>(?:(?!</del>).)*{re.escape(w)}", marked, re.S) for w in deleted)
    assert all(re.search(rf"<ins>(?:(?!</ins>).)*{re.escape(w)}", marked, re.S) for w in inserted)
    assert typeset(SUMMARY[lang], lang) in marked
    assert redline(repo.page(f"{prefix(lang)}acme/privacy/{FIRST}/")) is None, "a first version has no redline"


def test_redline_of_a_registry_and_of_a_shared_clause_edit(releases):
    repo, _ = releases
    assert re.search(r"<del>(?:(?!</del>).)*16.*?<ins>(?:(?!</ins>).)*18",
                     redline(repo.page(f"acme/privacy/{R3}/")), re.S)
    for brand in BRANDS:
        assert re.search(r"<ins>(?:(?!</ins>).)*rent", redline(repo.page(f"{brand}/privacy/{R4}/")), re.S)
        assert re.search(r"<ins>(?:(?!</ins>).)*аренду", redline(repo.page(f"ru/{brand}/privacy/{R4}/")), re.S)
        assert redline(repo.page(f"{brand}/privacy/")) == redline(repo.page(f"{brand}/privacy/{R4}/"))


def test_rewrapping_and_formatting_are_not_a_new_version(releases):
    repo, log = releases
    with repo.kept():
        edit(policy_file(repo.root, "en", "globex"), "We collect:", "We **collect**:")
        edit(policy_file(repo.root, "en", "globex"), "This policy explains how", "This policy\nexplains how")
        repo.commit("Re-wrap and bold, no change of text")
        before = repo.root_files()
        result = repo.publish("--date", day(-9))
        assert result.returncode == 0, result.stderr
        assert history(repo, "globex/privacy/") == [(R4, None), (FIRST, FIRST)]
        [globex] = [p for p in repo.record()["policies"] if p["path"] == "globex/privacy/"]
        assert globex["versions"][-1]["first_release"] == R4
        after = repo.root_files()
        assert all(after[p] == blob for p, blob in before.items() if p.endswith(("policy.txt", "policy.md")))


@pytest.mark.parametrize("change,message,where", [
    (lambda root: edit(root / "docs/ru/globex/privacy.md", "посещённые страницы", "просмотренные страницы"),
     "the ru text of the Globex policy differs from its published version", "docs/ru/globex/privacy.md:"),
    (lambda root: edit(root / "clauses/en/no-sale.md", "anyone", "any party"),
     "the en text of the Acme policy differs", "docs/en/acme/privacy.md:"),
    (lambda root: edit(root / "data/brands.yml", "Globex LLC", "Globex Inc."),
     "the en text of the Globex policy differs", "docs/en/globex/privacy.md:"),
    (lambda root: edit(root / "data/brands.yml", "governing_language: en\n  notice_days: 0\n",
                       "governing_language: ru\n  notice_days: 0\n"),
     "governing language of the Acme policy changes from en to ru", "docs/en/acme/privacy.md:"),
    (lambda root: [edit(root / f"docs/{lang}/acme/privacy.md", "https://acme.example/terms",
                        "https://acme.example/terms-2") for lang in ("en", "ru")],
     "the en text of the Acme policy differs", "docs/en/acme/privacy.md:"),
])
def test_the_change_guard_refuses_a_changed_text_without_a_later_date(releases, change, message, where):
    repo, _ = releases
    before = repo.pages_head()
    with repo.kept():
        change(repo.root)
        repo.commit("An unannounced change")
        result = repo.publish("--date", day(-5))
        assert result.returncode == 1, result.stdout
        assert message in result.stderr and where in result.stderr
        assert "How to fix:" in result.stderr and "Traceback" not in result.stderr
        assert repo.pages_head() == before, "a refused publication leaves gh-pages as it was"


def test_the_guard_names_the_line_of_the_first_changed_sentence(releases):
    repo, _ = releases
    path = policy_file(repo.root, "en", "globex")
    with repo.kept():
        edit(path, "We disclose data to courts only", "We disclose data to courts and police only")
        repo.commit("Unannounced")
        result = repo.publish("--date", day(-5))
        line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "courts and police" in text)
        assert f"docs/en/globex/privacy.md:{line}:" in result.stderr
        assert 'First changed sentence: "We disclose data to courts and police only where the law requires it."' in result.stderr


def test_a_new_version_needs_a_summary(releases):
    repo, _ = releases
    with repo.kept():
        new_version(repo.root, "globex", D(day(-5)), summary=None)
        repo.commit("No summary")
        result = repo.publish("--date", day(-5))
        assert result.returncode == 1 and "does not say what changed" in result.stderr
        assert "docs/en/globex/privacy.md:" in result.stderr and "summary:" in result.stderr


def test_an_existing_release_name_and_an_earlier_date_are_refused(releases):
    repo, _ = releases
    before = repo.pages_head()
    named = repo.publish("--name", R4)
    assert named.returncode == 1 and f"release {R4} is already published" in named.stderr
    earlier = repo.publish("--date", R3)
    assert earlier.returncode == 1
    assert f"the release date {R3} is earlier than the newest published release, {R4}" in earlier.stderr
    assert repo.pages_head() == before and "Traceback" not in named.stderr + earlier.stderr


def test_a_second_release_on_the_same_day_gets_a_number(releases):
    repo, log = releases
    with repo.kept():
        before = repo.root_files()
        result = repo.publish("--date", R4)
        assert result.returncode == 0, result.stderr
        assert f"Published release {R4}-2" in result.stdout
        assert repo.release_files(R4) == repo.release_files(R4, log[R4])
        # Nothing changed: every policy page and recorded text at the root is the file it was.
        after = repo.root_files()
        assert all(after[p] == blob for p, blob in before.items() if "/privacy/" in p)
        assert repo.manifest(f"{R4}-2")["previous"]["release"] == R4


def test_only_committed_files_are_published(releases):
    repo, _ = releases
    with repo.kept():
        (repo.root / "docs" / "en" / "acme" / "draft.md").write_text(
            "---\ntitle: Draft\neffective_date: 2030-01-01\n---\n\nNot committed.\n", encoding="utf-8")
        edit(policy_file(repo.root, "en", "acme"), "We collect:", "We gather:")
        dirty = repo.publish("--date", day(-4))
        assert dirty.returncode == 1 and "uncommitted changes" in dirty.stderr
        repo.git("checkout", "--", ".")
        clean = repo.publish("--date", day(-4))
        assert clean.returncode == 0, clean.stderr
        release = clean.stdout.split("Published release ")[1].split()[0]
        assert not any("draft" in path for path in repo.release_files(release)), "an untracked file is never published"


def test_every_release_carries_a_manifest_of_its_files_and_of_the_root(releases):
    repo, log = releases
    manifest = repo.manifest(R2)
    files = repo.release_files(R2)
    assert manifest["format_version"] == 2 and manifest["release"] == R2 and manifest["day"] == R2
    assert manifest["previous"] == {"release": R1, "sha256": hashlib.sha256(
        repo.show(f"{R1}/release-manifest.json").encode()).hexdigest()}
    assert manifest["files"] == {path: blob for path, blob in files.items()
                                 if path not in ("release-manifest.json", "release-manifest.json.sig")}
    assert manifest["site"] == repo.root_files(log[R2]), "every root file as this publication left it"
    assert repo.git("cat-file", "-t", manifest["source"]).strip() == "commit"


def tampered(repo: Repo, change) -> str:
    """Change gh-pages by hand as `change` does, then publish; return what publishing said; restore gh-pages."""
    before = repo.pages_head()
    repo.git("worktree", "add", "-q", str(repo.root.parent / "pages"), "gh-pages")
    pages = Repo(repo.root.parent / "pages")
    try:
        change(pages.root)
        pages.commit("A hand edit")
        result = repo.publish("--date", day(-1))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert repo.pages_head() == pages.git("rev-parse", "HEAD").strip(), "publishing left gh-pages as it was"
        return result.stderr
    finally:
        repo.git("worktree", "remove", "--force", str(pages.root))
        repo.git("update-ref", "refs/heads/gh-pages", before)


def test_publishing_refuses_when_an_old_release_was_edited_by_hand(releases):
    repo, _ = releases
    said = tampered(repo, lambda root: edit(root / R1 / "policies.json", R1, R2))
    assert f"{R1}/policies.json was changed after it was published" in said


def test_publishing_refuses_a_hand_edit_of_a_file_at_the_root(releases):
    repo, _ = releases
    said = tampered(repo, lambda root: edit(root / "index.html", "</body>", "<p>edited</p></body>"))
    assert f"index.html was changed after release {R4} published it" in said


def test_publishing_refuses_a_changed_recorded_text_even_with_a_rewritten_newest_manifest(releases):
    repo, _ = releases
    text = f"acme/privacy/{R2}/policy.txt"

    def forge(root: Path) -> None:
        path = root / text
        path.write_text(path.read_text(encoding="utf-8").replace("5", "50"), encoding="utf-8")
        manifest = json.loads((root / R4 / "release-manifest.json").read_text(encoding="utf-8"))
        manifest["site"][text] = blob_id(path.read_bytes())
        (root / R4 / "release-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    assert f"{text}, a recorded text published by release {R2}, was changed or removed" in tampered(repo, forge)


def test_publishing_refuses_when_versions_json_was_emptied(releases):
    repo, _ = releases
    said = tampered(repo, lambda root: (root / "versions.json").write_text("[]\n", encoding="utf-8"))
    assert f"versions.json does not list release {R1}" in said


def test_publishing_refuses_when_an_old_manifest_was_rewritten_to_hide_an_edit(releases):
    repo, _ = releases

    def forge(root: Path) -> None:
        record = root / R2 / "policies.json"
        record.write_text(record.read_text(encoding="utf-8").replace("5 years", "50 years"), encoding="utf-8")
        manifest = json.loads((root / R2 / "release-manifest.json").read_text(encoding="utf-8"))
        manifest["files"]["policies.json"] = blob_id(record.read_bytes())
        (root / R2 / "release-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    assert f"the manifest of release {R2} does not match what release {R3} recorded of it" in tampered(repo, forge)


def test_the_compare_and_swap_refuses_when_gh_pages_moved_meanwhile(releases):
    repo, _ = releases
    base = repo.pages_head()
    tree = repo.git("rev-parse", "gh-pages^{tree}").strip()
    candidate = repo.git("commit-tree", "-p", base, "-m", "this publication", tree).strip()
    moved = repo.git("commit-tree", "-p", base, "-m", "someone else", tree).strip()
    repo.git("update-ref", "refs/heads/gh-pages", moved)  # another publication lands first
    with pytest.raises(ReleaseError) as error:
        swap(repo.root, candidate, base)
    assert "gh-pages moved while publishing" in str(error.value) and "publish again" in str(error.value)
    assert repo.pages_head() == moved
    repo.git("update-ref", "refs/heads/gh-pages", base)


def refused_on_the_way(repo: Repo, files: dict[str, bytes]) -> str:
    """Add files to gh-pages the way a publication does, on its temporary branch; what refused it."""
    base = repo.pages_head()
    with pytest.raises(ReleaseError) as error:
        with changing(repo.root, base) as pages:
            pages.add_files(files, "A change on the way")
    assert repo.pages_head() == base, "gh-pages did not move"
    return str(error.value)


def test_a_change_to_an_earlier_release_on_the_way_is_refused(releases):
    """mike only adds a release's own folder; should anything on the way touch an earlier one, the tree comparison
    refuses before gh-pages moves."""
    repo, _ = releases
    said = refused_on_the_way(repo, {f"{R1}/acme/privacy/index.html": b"<p>rewritten</p>"})
    assert f"publishing would have changed the published release {R1}" in said


def test_a_new_release_without_its_manifest_is_refused(releases):
    repo, _ = releases
    said = refused_on_the_way(repo, {f"{day(-1)}/index.html": b"<p>a release with no manifest</p>"})
    assert f"release {day(-1)} has no release-manifest.json" in said


def test_two_publications_at_once_one_wins_the_other_is_told_to_publish_again(releases):
    repo, _ = releases
    env = {**os.environ, **GIT_ENV}
    with repo.kept():
        runs = [subprocess.Popen([POLICY, "publish", "--date", day(-2)], cwd=repo.root, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = [(run.wait(), run.stdout.read(), run.stderr.read()) for run in runs]
        assert sorted(code for code, _, _ in results) == [0, 1], results
        loser = next(err for code, _, err in results if code == 1)
        assert "gh-pages moved while publishing" in loser and "Traceback" not in loser
        assert len([v for v in repo.versions() if v["version"].startswith(day(-2))]) == 1


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_each_language_has_a_feed_with_an_entry_per_version_at_its_dated_address(releases, lang):
    repo, _ = releases
    xml = repo.show(f"{prefix(lang)}feed.xml")
    site = repo.record()["site_url"]
    assert f'xml:lang="{lang}"' in xml
    links = re.findall(r'<link rel="alternate" type="text/html" href="([^"]+)"/>', xml)
    acme = [link.removeprefix(f"{site}{prefix(lang)}acme/privacy/").rstrip("/") for link in links
            if link.startswith(f"{site}{prefix(lang)}acme/privacy/")]
    assert acme == [R4, R3, R2, FIRST]
    assert typeset(SUMMARY[lang], lang) in xml


def test_the_root_404_page_is_in_the_default_language_and_links_to_the_root(releases):
    repo, _ = releases
    root = repo.show("404.html")
    assert '<html lang="en"' in root and 'href="/"' in root
    # Served at any missing address: every link and file from the site's root (the brands: on the home page).
    assert re.findall(r'(?:href|src)="([^"]*)"', root) and not [
        link for link in re.findall(r'(?:href|src)="([^"]*)"', root) if not link.startswith(("/", "#", "https:"))]
    assert '<html lang="ru"' in repo.show("ru/404.html")


def test_a_shallow_clone_without_gh_pages_fails_with_a_clear_message(releases, tmp_path):
    repo, _ = releases
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--single-branch", "--branch", "main",
                    f"file://{repo.root}", str(clone)], check=True)
    result = build_site(clone)
    assert result.returncode == 1
    assert "shallow clone without the gh-pages branch" in result.output and "git fetch --unshallow" in result.output
    assert "Traceback" not in result.output and not result.site.exists(), "a failed build leaves no site behind"


def test_push_refuses_a_release_whose_addresses_work_only_on_this_computer(releases, tmp_path):
    repo, _ = releases
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    with repo.kept():
        before = repo.pages_head()
        result = repo.publish("--date", day(-3), "--push", "--remote", str(remote))
        assert result.returncode == 1 and "127.0.0.1" in result.stderr and "SITE_URL" in result.stderr
        assert repo.pages_head() == before, "nothing was published"
        alone = repo.policy("push", "--remote", str(remote))
        assert alone.returncode == 1 and "works only on this computer" in alone.stderr


def test_a_push_over_someone_elses_release_is_refused_with_gits_words(tmp_path):
    site = "https://example.org/policies/"
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    first = make_repo(tmp_path / "first")
    first.git("remote", "add", "origin", str(remote))
    first.git("push", "-q", "origin", "main")
    second = Repo(tmp_path / "second")
    subprocess.run(["git", "clone", "-q", "-b", "main", str(remote), str(second.root)], check=True)
    second.git("config", "user.signingkey", str(tmp_path / "first-keys" / "publisher"))  # the same publisher
    assert first.publish("--date", day(-2), "--push", site_url=site).returncode == 0
    result = second.publish("--date", day(-1), "--push", site_url=site)
    assert result.returncode == 1, result.stdout
    assert "could not be pushed" in result.stderr and ("rejected" in result.stderr or "fetch first" in result.stderr)
    assert "git fetch" in result.stderr and "Traceback" not in result.stderr
    assert subprocess.run(["git", "rev-parse", "gh-pages"], cwd=remote, capture_output=True, text=True).stdout.strip() \
        == first.pages_head(), "the remote keeps the first publisher's releases"


def test_a_published_policy_cannot_disappear_or_be_renamed_around_the_guard(releases):
    repo, _ = releases
    with repo.kept():
        for lang in ("en", "ru"):
            policy_file(repo.root, lang, "globex").rename(policy_file(repo.root, lang, "globex").with_name("policy.md"))
        edit(repo.root / "docs/en/globex/policy.md", "We collect:", "We gather:")
        edit(repo.root / "docs/ru/globex/policy.md", "Оператор собирает:", "Оператор получает:")
        repo.commit("Renamed, and changed on the way")
        gone = repo.publish("--date", day(-5))
        assert gone.returncode == 1 and "docs/en/globex/privacy.md: this policy was published" in gone.stderr
        assert "renamed_from: privacy" in gone.stderr and "withdrawn: [privacy]" in gone.stderr
        for lang in ("en", "ru"):
            edit(repo.root / f"docs/{lang}/globex/policy.md", "---\n\n", "renamed_from: privacy\n---\n\n")
        repo.commit("Said so")
        renamed = repo.publish("--date", day(-5))
        assert renamed.returncode == 1, "the same policy under a new name: its changed text needs a later date"
        assert "the en text of the Globex policy differs from its published version" in renamed.stderr


def test_a_withdrawn_policy_is_no_longer_published_and_its_texts_stay(releases):
    repo, _ = releases
    with repo.kept():
        before = repo.root_files()
        for lang in ("en", "ru"):
            policy_file(repo.root, lang, "globex").unlink()
        edit(repo.root / "data/brands.yml", "globex:\n", "globex:\n  withdrawn: [privacy]\n")
        repo.commit("Globex's policy is withdrawn")
        result = repo.publish("--date", day(-5))
        assert result.returncode == 0, result.stderr
        assert not any(p["brand"] == "globex" for p in repo.record()["policies"])
        after = repo.root_files()
        assert all(after.get(p) == blob for p, blob in before.items() if p.endswith(("policy.txt", "policy.md"))), \
            "its recorded texts stay where they are"


def test_a_section_changed_in_one_language_only_is_refused(releases):
    repo, _ = releases
    with repo.kept():
        new_version(repo.root, "globex", D(day(-5)), change={"en": ("We collect:", "We gather:"), "ru": ("Хранение", "Хранение")})
        repo.commit("English only")
        result = repo.publish("--date", day(-5))
        assert result.returncode == 1 and "docs/ru/globex/privacy.md:" in result.stderr
        assert "changed in" in result.stderr and "Traceback" not in result.stderr


def test_a_corrupt_versions_json_is_named_not_a_traceback(releases):
    repo, _ = releases
    said = tampered(repo, lambda root: (root / "versions.json").write_text("[{not json", encoding="utf-8"))
    assert "versions.json cannot be read" in said


def test_a_release_that_changes_one_brand_changes_few_files_of_the_site(releases):
    """The deployed tree grows by what changed: R2 changed only Acme's policy, and the files it wrote are Acme's and
    the few pages every policy reaches (home pages, feeds, policies.json, search), never another brand's."""
    repo, log = releases
    before, after = repo.root_files(log[R1]), repo.root_files(log[R2])
    changed = {path for path in after if before.get(path) != after[path]}
    said = int(re.search(r"(\d+) files changed", log["said"][R2]).group(1))
    assert said == len(changed), "the publication says how many root files it wrote"
    others = [brand for brand in BRANDS if brand != "acme"]
    assert not [p for p in changed if any(f"{brand}/" in p.split("privacy/")[0] for brand in others)], changed
    assert said * 3 < len(after), f"{said} of {len(after)} files changed"
    assert said < int(re.search(r"(\d+) files changed", log["said"][R1]).group(1)) / 2


def test_every_text_has_a_pdf_made_once_with_its_recorded_text(releases):
    """Each text's PDF is beside its recorded text from the publication that first published it, the same bytes
    in every later release, hashed in the manifest, linked from its page, and it reads as its recorded text."""
    import io

    from pypdf import PdfReader

    repo, log = releases
    record = repo.record()
    texts = [t for policy in record["policies"] for t in policy["versions"]]
    assert texts
    for text in texts:
        pdf = f"{text['path']}policy.pdf"
        first = next(ref for date, ref in log.items() if date != "said" and pdf in repo.files(ref))
        later = [ref for date, ref in log.items() if date != "said" and date > next(d for d, r in log.items() if r == first)]
        assert all(repo.files(ref)[pdf] == repo.files(first)[pdf] for ref in later), f"{pdf} was rewritten"
        newest = repo.versions()[0]["version"]
        assert repo.manifest(newest)["site"][pdf] == repo.files()[pdf]
        assert 'href="./policy.pdf"' in repo.page(text["path"])
        extracted = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(
            subprocess.run(["git", "show", f"gh-pages:{pdf}"], cwd=repo.root, capture_output=True).stdout)).pages).split())
        recorded = repo.show(text["text"])
        # The recorded text's blocks, without their Markdown markers (#, -, 1.), as words a reader copies.
        sentences = [re.sub(r"^(#+|-|\d+\.)\s+", "", line.strip()) for line in recorded.splitlines()
                     if len(line.split()) > 4 and "⟨" not in line]
        assert sentences and all(" ".join(s.split()[:5]) in extracted for s in sentences), text["path"]
