"""Versions announced ahead of their date, on the fixture site (Globex promises 10 days' notice), with release
days counted from today: notice periods, announced texts at their own dated addresses beside the text in force,
an urgent release meanwhile, `policy refresh` when a date comes, the feed; announced versions of two brands,
corrections, a postponed announcement, release dates ahead of today."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys

import pytest

from fixture_site import FIRST_EFFECTIVE, RETENTION, edit, new_version, policy_file
from gitrepo import Repo, day, make_repo, published_name, status

R1, ANNOUNCED, URGENT, TAKES_EFFECT = day(-40), day(-30), day(-25), day(-20)
TOO_LATE = URGENT  # 5 days before the new version takes effect: less than Globex's 10 days' notice
FIRST = FIRST_EFFECTIVE.isoformat()
D = datetime.date.fromisoformat
OLD, NEW = RETENTION["en"]
# The retention sentence as the text states it (the summary in the history says "5 years" too).
KEPT = {"en": "We keep the log of your visits {}", "ru": "Оператор хранит журнал посещений {}"}
NOINDEX = '<meta name="robots" content="noindex">'


@pytest.fixture(scope="module")
def pending(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("upcoming") / "repo")
    log = {"first": repo.publish("--date", R1)}
    new_version(repo.root, "globex", D(TAKES_EFFECT))
    repo.commit("Globex: five years, from a later day")
    before = repo.pages_head()
    log["too late"] = repo.publish("--date", TOO_LATE)
    log["unchanged after refusal"] = repo.pages_head() == before
    log["announced"] = repo.publish("--date", ANNOUNCED)
    log["after announcing"] = repo.pages_head()
    new_version(repo.root, "acme", D(URGENT))
    repo.commit("Acme: five years, at once")
    log["urgent"] = repo.publish("--date", URGENT)
    log["snapshots"] = {r: repo.release_files(r) for r in (R1, ANNOUNCED, URGENT)}
    return repo, log


def plain(html: str) -> str:
    """A page's HTML with no-break spaces read as spaces (the site types them where Russian needs them)."""
    return html.replace("&nbsp;", " ").replace("\u00a0", " ")


def test_a_version_closer_than_the_notice_period_is_refused(pending):
    _, log = pending
    result = log["too late"]
    assert result.returncode == 1
    assert (f"docs/en/globex/privacy.md:3: Globex promises 10 days' notice of a new version, and this new version takes "
            f"effect on {TAKES_EFFECT}, 5 days after this release ({TOO_LATE}); to keep {TAKES_EFFECT}, it had to be "
            f"published by {day(-30)}.") in result.stderr
    assert f"give it an effective_date on or after {day(-15)}" in result.stderr
    assert log["unchanged after refusal"]


def test_an_upcoming_version_is_a_text_at_its_own_date_beside_the_version_in_force(pending):
    repo, log = pending
    assert log["announced"].returncode == 0, log["announced"].stderr
    assert f"Published release {ANNOUNCED} " in log["announced"].stdout, "one release per publication"
    then = log["after announcing"]
    in_force = plain(repo.page("globex/privacy/", then))
    assert KEPT["en"].format(OLD) in in_force and KEPT["en"].format(NEW) not in in_force
    assert status(in_force) == "in-force"
    for lang, prefix in (("en", ""), ("ru", "ru/")):
        announced = plain(repo.page(f"{prefix}globex/privacy/{TAKES_EFFECT}/", then))
        assert KEPT[lang].format(RETENTION[lang][1]) in announced and status(announced) == "upcoming"
    [globex] = [p for p in repo.record(then)["policies"] if p["path"] == "globex/privacy/"]
    assert globex["in_force"] == FIRST, "the policy's address shows the text in force"
    assert [v["effective_date"] for v in globex["versions"]] == [FIRST, TAKES_EFFECT]
    # The policy's page tells of the announced version, with a link to its dated address.
    notice = re.search(r'<p class="policy-notice policy-upcoming"[^>]*>.*?</p>', in_force, re.S).group(0)
    assert f'datetime="{TAKES_EFFECT}"' in notice and f'href="{TAKES_EFFECT}/"' in notice


def test_the_upcoming_page_says_so_and_names_the_date(pending):
    repo, _ = pending
    html = plain(repo.page(f"globex/privacy/{TAKES_EFFECT}/"))
    assert status(html) == "upcoming"
    assert f'datetime="{TAKES_EFFECT}"' in html.split('id="policy-status"')[1].split("</p>")[0]
    assert '"creativeWorkStatus": "upcoming"' in html


def test_an_urgent_release_while_pending_shows_the_text_in_force(pending):
    repo, log = pending
    assert log["urgent"].returncode == 0, log["urgent"].stderr
    assert all(v["aliases"] == [] for v in repo.versions())
    assert KEPT["en"].format(NEW) in repo.page("acme/privacy/") and status(repo.page("acme/privacy/")) == "in-force"
    assert KEPT["en"].format(OLD) in plain(repo.page("globex/privacy/")) and status(repo.page("globex/privacy/")) == "in-force"
    assert status(repo.page(f"globex/privacy/{TAKES_EFFECT}/")) == "upcoming"


def test_the_feed_announces_the_upcoming_version_with_its_date(pending):
    repo, _ = pending
    feed = repo.show("feed.xml")
    assert f"/globex/privacy/{TAKES_EFFECT}/" in feed and "takes effect on" in feed


# Refreshing adds a release: it runs last, in a module whose other tests read the site as published.
def test_refresh_waits_for_the_day_then_publishes_the_statuses_once(pending):
    repo, log = pending
    head = repo.pages_head()
    early = repo.policy("refresh", "--today", day(-21))
    assert early.returncode == 0, early.stderr
    assert early.stdout.strip() == (f"Nothing to refresh: no status changed since release {URGENT} ({URGENT}); "
                                    f"the next change of status is on {TAKES_EFFECT}.")
    assert repo.pages_head() == head
    with repo.kept():
        on_the_day = repo.policy("promote", "--today", TAKES_EFFECT)  # the old name still works
        assert on_the_day.returncode == 0, on_the_day.stderr
        assert on_the_day.stdout.startswith(f"Published release {TAKES_EFFECT}: the statuses as of {TAKES_EFFECT}")
        assert repo.manifest(TAKES_EFFECT)["source"] == repo.manifest(URGENT)["source"], "the same commit again"
        page = plain(repo.page("globex/privacy/"))
        assert KEPT["en"].format(NEW) in page and KEPT["en"].format(OLD) not in page and status(page) == "in-force"
        old = repo.page(f"globex/privacy/{FIRST}/")
        assert status(old) == "superseded" and NOINDEX in old
        assert NOINDEX not in repo.page(f"globex/privacy/{TAKES_EFFECT}/")
        again = repo.policy("refresh", "--today", day(-19))
        assert again.stdout.startswith(f"Nothing to refresh: no status changed since release {TAKES_EFFECT}")
        for release, files in log["snapshots"].items():
            assert repo.release_files(release) == files, f"{release} changed"


def test_a_named_release_is_held_to_notice_periods(tmp_path):
    repo = make_repo(tmp_path / "repo")
    assert repo.publish("--name", R1).returncode == 0
    new_version(repo.root, "globex", D(day(-25)))
    repo.commit("Globex, with less notice than it promises")
    too_soon = repo.publish("--name", ANNOUNCED)
    assert too_soon.returncode == 1 and "Globex promises 10 days' notice" in too_soon.stderr
    new_version(repo.root, "globex", D(TAKES_EFFECT), change=None, summary={"en": "Later.", "ru": "Позже."})
    repo.commit("Globex, with due notice")
    announced = repo.publish("--name", ANNOUNCED)
    assert announced.returncode == 0, announced.stderr
    assert status(repo.page(f"globex/privacy/{TAKES_EFFECT}/")) == "upcoming"
    assert "Traceback" not in too_soon.stderr + announced.stderr


def test_imported_from_written_by_a_writer_on_a_new_version_holds_nothing_back(tmp_path):
    """`imported_from` marks history `policy import` wrote; a writer's copy of the line on a new version of a
    published policy skips neither the notice period nor anything else: the preview build and the release say so."""
    repo = make_repo(tmp_path / "repo")
    assert repo.publish("--date", day(-5)).returncode == 0
    soon = day(3)  # inside Globex's 10 days' notice of a release today
    new_version(repo.root, "globex", D(soon))
    for lang in ("en", "ru"):
        edit(policy_file(repo.root, lang, "globex"), "\n---\n", "\nimported_from: https://example.org/old.md\n---\n")
    repo.commit("Globex, soon, as if it were imported")
    said = ("imported_from marks history imported by `policy import`, texts already in force when this site first "
            f"published their policy; this site has published the policy (since release {day(-5)}), so this text, "
            f"effective {soon}, is a new version of this site's and must respect the notice period.")
    preview = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "s")],
                             cwd=repo.root, capture_output=True, text=True,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert preview.returncode == 1 and "docs/en/globex/privacy.md:" in preview.stdout + preview.stderr
    assert said in " ".join((preview.stdout + preview.stderr).split()) and "remove `imported_from:`" in preview.stderr
    before = repo.pages_head()
    release = repo.publish("--date", day(0))
    assert release.returncode == 1 and "Traceback" not in release.stderr
    assert "Globex promises 10 days' notice" in release.stderr and said in " ".join(release.stderr.split())
    assert repo.pages_head() == before, "nothing was published"


def test_a_release_date_ahead_of_today_needs_future(tmp_path):
    repo = make_repo(tmp_path / "repo")
    ahead = day(365)
    refused = repo.publish("--date", ahead)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"the release date {ahead} is more than a day after today" in refused.stderr and "--future" in refused.stderr
    assert repo.pages_head() is None, "nothing was published"
    allowed = repo.publish("--date", ahead, "--future")
    assert allowed.returncode == 0, allowed.stderr
    assert published_name(allowed) == ahead and repo.record()["day"] == ahead


def step(repo: Repo, *args: str) -> str:
    result = repo.policy(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_announced_versions_of_two_brands_take_effect_each_on_its_day(tmp_path):
    """Before, between and after two announced dates, published once and refreshed on each day: each policy's
    address shows the text in force on the publication's day, and the text it replaced says superseded."""
    repo = make_repo(tmp_path / "repo")
    step(repo, "publish", "--date", day(-61))
    start, first, second = day(-60), day(-45), day(-30)  # Globex's notice (10 days) is kept
    new_version(repo.root, "acme", D(first))
    new_version(repo.root, "globex", D(second))
    repo.commit("Two announcements")
    step(repo, "publish", "--date", start)
    between = day(-40)
    expected = {  # day: {brand: (the date in force, the text it shows)}
        start: {"acme": (FIRST, OLD), "globex": (FIRST, OLD)},
        first: {"acme": (first, NEW), "globex": (FIRST, OLD)},
        between: {"acme": (first, NEW), "globex": (FIRST, OLD)},
        second: {"acme": (first, NEW), "globex": (second, NEW)},
    }
    announced = {"acme": first, "globex": second}
    for today, brands in expected.items():
        if today != start:
            said = step(repo, "refresh", "--today", today)
            assert said.startswith("Nothing to refresh" if today == between else f"Published release {today}")
        for brand, (in_force, text) in brands.items():
            for prefix in ("", "ru/"):
                page = plain(repo.page(f"{prefix}{brand}/privacy/"))
                assert status(page) == "in-force" and f'"version": "{in_force}"' in page, (today, brand)
            assert KEPT["en"].format(text) in plain(repo.page(f"{brand}/privacy/"))
            original = repo.page(f"{brand}/privacy/{FIRST}/")
            if in_force == FIRST:
                assert status(original) == "in-force" and NOINDEX not in original
                assert status(repo.page(f"{brand}/privacy/{announced[brand]}/")) == "upcoming"
            else:
                assert status(original) == "superseded" and NOINDEX in original
                assert "This version was in force from" in plain(original)
                assert status(repo.page(f"{brand}/privacy/{in_force}/")) == "in-force"
            [policy] = [p for p in repo.record()["policies"] if p["path"] == f"{brand}/privacy/"]
            assert policy["in_force"] == in_force


def test_a_correction_has_its_own_address_and_a_redline_and_may_not_change_a_number(tmp_path):
    repo = make_repo(tmp_path / "repo")
    step(repo, "publish", "--date", day(-20))
    corrected_on = day(-10)
    path = policy_file(repo.root, "en", "acme")
    with repo.kept():
        edit(path, "---\n\n", "correction: A number in the retention period.\n---\n\n")
        edit(path, OLD, "for 4 years")
        repo.commit("Not a correction")
        refused = repo.publish("--date", corrected_on)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert ("a correction may not change numbers, dates, ages or e-mail addresses, and this one does "
                "(removed 3; added 4)") in refused.stderr
        assert "docs/en/acme/privacy.md:" in refused.stderr
    edit(path, "---\n\n", "correction: The list of data reads as a list.\n---\n\n")
    edit(path, "the pages you visit", "the pages that you visit")
    repo.commit("A correction")
    step(repo, "publish", "--date", corrected_on)
    slug = f"{FIRST}-corrected-{corrected_on}"
    corrected = repo.page(f"acme/privacy/{slug}/")
    assert status(corrected) == "in-force" and "the pages that you visit" in corrected
    assert re.search(r'<details class="policy-redline" id="what-changed".*?<ins>(?:(?!</ins>).)*that.*?</details>',
                     corrected, re.S), "a redline against the text it corrects"
    original = repo.page(f"acme/privacy/{FIRST}/")
    assert status(original) == "corrected" and NOINDEX in original
    history = re.search(r'<section class="policy-history".*?</section>', repo.page("acme/privacy/"), re.S).group(0)
    [entry] = [item for item in re.findall(r"<li [^>]*>.*?</li>", history, re.S) if f'href="{slug}/"' in item
               or f'id="version-{slug}"' in item]
    assert "corrected on" in entry and corrected_on in entry
    [acme] = [p for p in repo.record()["policies"] if p["path"] == "acme/privacy/"]
    assert acme["in_force"] == slug
    [first, correction] = acme["versions"]
    assert first["corrected_by"] and correction["corrected_on"] == corrected_on
    assert correction["correction"] == "The list of data reads as a list."
    assert status(repo.page(f"ru/acme/privacy/{FIRST}/")) == "in-force", "the Russian text was not corrected"


def test_a_postponed_announcement_is_withdrawn_and_never_in_force(tmp_path):
    repo = make_repo(tmp_path / "repo")
    announced, postponed = day(-20), day(-10)
    step(repo, "publish", "--date", day(-35))
    new_version(repo.root, "acme", D(announced))
    repo.commit("Acme announces five years")
    step(repo, "publish", "--date", day(-30))
    assert status(repo.page(f"acme/privacy/{announced}/")) == "upcoming"
    new_version(repo.root, "acme", D(postponed), change=None,
                summary={"en": "Five years, from a later day.", "ru": "Пять лет, с более поздней даты."})
    for lang in ("en", "ru"):
        edit(policy_file(repo.root, lang, "acme"), "\n---\n", f"\nreplaces_announcement: {announced}\n---\n")
    repo.commit("Acme postpones")
    step(repo, "publish", "--date", day(-25))
    for today in (day(-25), announced, postponed):
        if today != day(-25):
            step(repo, "refresh", "--today", today)
        withdrawn = plain(repo.page(f"acme/privacy/{announced}/"))
        assert status(withdrawn) == "withdrawn" and NOINDEX in withdrawn
        assert "replaced before it took effect" in withdrawn
        [acme] = [p for p in repo.record()["policies"] if p["path"] == "acme/privacy/"]
        assert acme["in_force"] != announced
        [entry] = [v for v in acme["versions"] if v["effective_date"] == announced]
        assert entry["replaced_by"] and entry["replaced_on"] == day(-25)
    assert status(repo.page(f"acme/privacy/{postponed}/")) == "in-force" and acme["in_force"] == postponed
    history = plain(re.search(r'<section class="policy-history".*?</section>', repo.page("acme/privacy/"), re.S).group(0))
    assert "replaced before it took effect" in history and f'href="{announced}/"' in history
