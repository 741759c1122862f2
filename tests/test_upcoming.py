"""Versions announced ahead of their date, on the fixture site (Globex promises 10 days' notice), with release
days counted from today: notice periods, `next` beside a `latest` that keeps the version in force, an urgent
release meanwhile, promotion on the day, the feed."""

from __future__ import annotations

import datetime
import re

import pytest

from fixture_site import RETENTION, new_version
from gitrepo import day, make_repo

R1, ANNOUNCED, URGENT, TAKES_EFFECT = day(-40), day(-30), day(-25), day(-20)
TOO_LATE = URGENT  # 5 days before the new version takes effect: less than Globex's 10 days' notice
D = datetime.date.fromisoformat
OLD, NEW = RETENTION["en"]


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
    log["aliases after announcing"] = repo.aliases()
    new_version(repo.root, "acme", D(URGENT))
    repo.commit("Acme: five years, at once")
    log["urgent"] = repo.publish("--date", URGENT)
    log["snapshots"] = {r: repo.release_files(r) for r in (R1, ANNOUNCED, f"{ANNOUNCED}-2", URGENT, f"{URGENT}-2")}
    return repo, log


def globex(repo, release, prefix=""):
    """The page's HTML with no-break spaces read as spaces (the site types them where Russian needs them)."""
    return repo.page(release, f"{prefix}globex/privacy/").replace("&nbsp;", " ").replace("\u00a0", " ")


def test_a_version_closer_than_the_notice_period_is_refused(pending):
    _, log = pending
    result = log["too late"]
    assert result.returncode == 1
    assert (f"docs/en/globex/privacy.md:3: Globex promises 10 days' notice of a new version, and this new version takes "
            f"effect on {TAKES_EFFECT}, 5 days after this release ({TOO_LATE}).") in result.stderr
    assert f"give it an effective_date on or after {day(-15)}" in result.stderr
    assert log["unchanged after refusal"]


def test_an_upcoming_version_is_published_as_next_and_latest_keeps_the_version_in_force(pending):
    repo, log = pending
    assert log["announced"].returncode == 0, log["announced"].stderr
    assert log["aliases after announcing"] == {"latest": ANNOUNCED, "next": f"{ANNOUNCED}-2"}
    assert OLD in globex(repo, ANNOUNCED) and NEW not in globex(repo, ANNOUNCED)
    assert NEW in globex(repo, f"{ANNOUNCED}-2") and RETENTION["ru"][1] in globex(repo, f"{ANNOUNCED}-2", "ru/")
    first = repo.record(R1)["policies"]
    announced = repo.record(ANNOUNCED)["policies"]
    shown = lambda entries: [(e["language"], e["effective_date"], e["sha256"]) for e in entries if e["brand"] == "globex"]
    assert shown(announced) == shown(first), "the release in force records the version in force"
    # The same page as before, with the notice of what `next` announces written into it.
    notice = re.compile(r'<p class="policy-notice policy-upcoming"[^>]*>.*?</p>', re.S)
    before, after = repo.page(R1, "globex/privacy/"), repo.page(ANNOUNCED, "globex/privacy/")
    assert notice.sub("", before) == notice.sub("", after)
    [written] = notice.findall(after)
    assert f'datetime="{TAKES_EFFECT}"' in written and f'href="../../../{ANNOUNCED}-2/globex/privacy/"' in written


def test_the_upcoming_page_says_so_and_names_the_version_that_applies_until_then(pending):
    repo, _ = pending
    html = globex(repo, f"{ANNOUNCED}-2")
    assert 'data-policy-status="upcoming"' in html
    assert f'datetime="{TAKES_EFFECT}"' in html.split('id="policy-status"')[1].split("</p>")[0]


def test_an_urgent_release_while_pending_shows_the_text_in_force(pending):
    repo, log = pending
    assert log["urgent"].returncode == 0, log["urgent"].stderr
    assert repo.aliases() == {"latest": URGENT, "next": f"{URGENT}-2"}
    assert NEW in repo.page(URGENT, "acme/privacy/")
    assert OLD in globex(repo, URGENT) and NEW in globex(repo, f"{URGENT}-2")
    assert NEW in repo.page(f"{URGENT}-2", "acme/privacy/")


def test_the_feed_announces_the_upcoming_version_with_its_date(pending):
    repo, _ = pending
    feed = repo.show(f"{URGENT}-2/feed.xml")
    assert f"/{URGENT}-2/globex/privacy/" in feed or f"/{ANNOUNCED}-2/globex/privacy/" in feed
    assert "takes effect on" in feed and repo.show("feed.xml") == feed, "the site's feed follows the newest release"


def test_the_root_404_page_comes_from_the_release_in_force_not_from_next(pending):
    repo, _ = pending
    assert repo.show("404.html") == repo.show(f"{URGENT}/404.html")


# Promotion changes the aliases: it runs last, in a module whose other tests read them as published.
def test_promotion_waits_for_the_day_then_moves_latest_once(pending):
    repo, log = pending
    head = repo.pages_head()
    early = repo.policy("promote", "--today", day(-21))
    assert early.stdout.strip() == (f"Nothing to promote yet: release {URGENT}-2 waits for Globex Privacy Policy (en), "
                                    f"which takes effect on {TAKES_EFFECT}, in 1 day.")
    assert repo.pages_head() == head
    with repo.kept():
        on_the_day = repo.policy("promote", "--today", TAKES_EFFECT)
        assert on_the_day.stdout.strip() == (f"Promoted release {URGENT}-2 to latest: its versions are in force from "
                                             f"{TAKES_EFFECT}.")
        assert repo.aliases() == {"latest": f"{URGENT}-2"}
        assert repo.show("404.html") == repo.show(f"{URGENT}-2/404.html")
        again = repo.policy("promote", "--today", day(-19))
        assert again.stdout.strip() == "Nothing to promote: no upcoming release is published."
        for release, files in log["snapshots"].items():
            assert repo.release_files(release) == files, f"{release} changed"


def test_a_named_release_is_held_to_notice_periods_and_refused_while_a_version_is_pending(tmp_path):
    repo = make_repo(tmp_path / "repo")
    assert repo.publish("--name", R1).returncode == 0
    new_version(repo.root, "globex", D(day(-25)))
    repo.commit("Globex, with less notice than it promises")
    too_soon = repo.publish("--name", ANNOUNCED)
    assert too_soon.returncode == 1 and "Globex promises 10 days' notice" in too_soon.stderr
    new_version(repo.root, "globex", D(TAKES_EFFECT), change=None, summary={"en": "Later.", "ru": "Позже."})
    repo.commit("Globex, with due notice")
    while_pending = repo.publish("--name", ANNOUNCED)
    assert while_pending.returncode == 1
    assert f"--name publishes one release as `latest`, but a new version takes effect after {ANNOUNCED}" in while_pending.stderr
    assert "Traceback" not in too_soon.stderr + while_pending.stderr
