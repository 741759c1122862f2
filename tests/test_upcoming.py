"""Upcoming versions, with a frozen clock (publish --date, promote --today): notice periods, `next`,
the version in force in `latest`, an urgent release while one is pending, promotion, the feed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from browser import export_branch, serve
from conftest import repo_to_serve
from gitrepo import GIT_ENV, make_repo

R1, ANNOUNCED, URGENT, TAKES_EFFECT = "2026-11-22", "2026-11-30", "2026-12-01", "2026-12-10"
OLD, NEW = "ten (10) days", "thirty (30) days"


def promote(repo, today):
    return subprocess.run([sys.executable, "scripts/promote.py", "--today", today], cwd=repo.root,
                          capture_output=True, text=True, env={**os.environ, **GIT_ENV})


def aliases(repo):
    return {alias: v["version"] for v in repo.versions() for alias in v["aliases"]}


def autel_text(repo, release, prefix=""):
    return repo.show(f"{release}/{prefix}autel/privacy/index.html")


@pytest.fixture(scope="module")
def pending(tmp_path_factory):
    """Autel announces a new version 10 days ahead (its notice period); then ScanDoc has an urgent change."""
    repo, folder, port, site = repo_to_serve(tmp_path_factory, "upcoming")
    log = {"first": repo.publish("--date", R1, site_url=site)}
    repo.edit("docs/en/autel/privacy.md", OLD, NEW)
    repo.edit("docs/ru/autel/privacy.md", "десять (10) дней", "тридцать (30) дней")
    repo.set_date("autel", "2013-05-30", TAKES_EFFECT)
    repo.commit("Autel: thirty days' notice, from 10 December")
    before = repo.pages_head()
    log["too late"] = repo.publish("--date", "2026-12-05", site_url=site)
    log["unchanged after refusal"] = repo.pages_head() == before
    log["announced"] = repo.publish("--date", ANNOUNCED, site_url=site)
    log["aliases after announcing"] = aliases(repo)
    repo.extend_scandoc_log_retention(URGENT)
    repo.commit("ScanDoc: five years, urgently")
    log["urgent"] = repo.publish("--date", URGENT, site_url=site)
    log["snapshots"] = {r: repo.release_files(r) for r in (R1, ANNOUNCED, f"{ANNOUNCED}-2", URGENT, f"{URGENT}-2")}
    server = serve(export_branch(repo.root, "gh-pages", folder / "pages"), port)
    yield repo, log, site
    server.shutdown()


def test_a_version_closer_than_the_notice_period_is_refused(pending):
    _, log, _ = pending
    result = log["too late"]
    assert result.returncode == 1
    assert ("docs/en/autel/privacy.md: Autel promises 10 days' notice of a new version, but this one takes effect "
            "on 2026-12-10, 5 days after this release (2026-12-05).") in result.stderr
    assert "give it an effective_date on or after 2026-12-15" in result.stderr
    assert log["unchanged after refusal"]


def test_an_upcoming_version_is_published_as_next_and_latest_keeps_the_version_in_force(pending):
    repo, log, _ = pending
    assert log["announced"].returncode == 0, log["announced"].stderr
    assert f"Published release {ANNOUNCED} to gh-pages" in log["announced"].stdout
    assert log["aliases after announcing"] == {"latest": ANNOUNCED, "next": f"{ANNOUNCED}-2"}
    assert OLD in autel_text(repo, ANNOUNCED) and NEW not in autel_text(repo, ANNOUNCED)
    assert NEW in autel_text(repo, f"{ANNOUNCED}-2")
    assert "тридцать (30) дней" in autel_text(repo, f"{ANNOUNCED}-2", "ru/")
    current = json.loads(repo.show(f"{ANNOUNCED}/policies.json"))["policies"]
    first = json.loads(repo.show(f"{R1}/policies.json"))["policies"]
    autel = [(p["language"], p["effective_date"], p["sha256"]) for p in current if p["brand"] == "autel"]
    assert autel == [(p["language"], p["effective_date"], p["sha256"]) for p in first if p["brand"] == "autel"]


def test_an_urgent_release_while_pending_shows_the_text_in_force(pending):
    repo, log, _ = pending
    assert log["urgent"].returncode == 0, log["urgent"].stderr
    assert aliases(repo) == {"latest": URGENT, "next": f"{URGENT}-2"}
    assert "for 5 years" in repo.show(f"{URGENT}/scandoc/privacy/index.html")
    assert OLD in autel_text(repo, URGENT) and "Effective date: <time datetime=\"2013-05-30\">" in autel_text(repo, URGENT)
    assert NEW in autel_text(repo, f"{URGENT}-2") and "for 5 years" in repo.show(f"{URGENT}-2/scandoc/privacy/index.html")


@pytest.mark.browser
@pytest.mark.parametrize("prefix,text,changes", [
    ("", "An updated version takes effect on 10 December 2026.", "See what changes"),
    ("ru/", "Новая редакция вступает в силу 10 декабря 2026", "Что изменится"),
])
def test_readers_of_latest_see_the_upcoming_version_announced(pending, browser, prefix, text, changes):
    repo, log, site = pending
    page = browser.new_page()
    page.goto(f"{site}latest/{prefix}autel/privacy/", wait_until="networkidle")
    notice = page.locator("[data-upcoming-notice]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(text)
    assert notice.get_by_role("link", name=changes).get_attribute("href") == f"{site}{URGENT}-2/{prefix}autel/privacy/#what-changed"
    page.goto(f"{site}latest/{prefix}scandoc/privacy/", wait_until="networkidle")
    expect(page.locator("[data-upcoming-notice]")).to_be_hidden()
    page.goto(f"{site}latest/{prefix}", wait_until="networkidle")
    upcoming = page.locator("[data-upcoming-list]")
    expect(upcoming).to_be_visible()
    expect(upcoming.locator("li")).to_have_count(1)
    expect(upcoming).to_contain_text("Autel")
    page.close()


# Promotion changes the aliases: it runs after the tests that read them as published.
def test_promotion_waits_for_the_day_then_moves_latest_once(pending):
    repo, log, _ = pending
    head = repo.pages_head()
    early = promote(repo, "2026-12-09")
    assert early.stdout.strip() == (f"Nothing to promote yet: release {URGENT}-2 waits for Autel Privacy Statement "
                                    "(en), which takes effect on 2026-12-10, in 1 days.")
    assert repo.pages_head() == head
    on_the_day = promote(repo, TAKES_EFFECT)
    assert on_the_day.stdout.strip() == (f"Promoted release {URGENT}-2 to latest: its versions are in force from "
                                         f"{TAKES_EFFECT}.")
    assert aliases(repo) == {"latest": f"{URGENT}-2"}
    assert f"../../../{URGENT}-2/autel/privacy/" in repo.show("latest/autel/privacy/index.html")
    again = promote(repo, "2026-12-11")
    assert again.stdout.strip() == "Nothing to promote: no upcoming release is published."
    assert repo.release_files(f"{URGENT}-2") == log["snapshots"][f"{URGENT}-2"]
    for release, files in log["snapshots"].items():
        assert repo.release_files(release) == files, f"{release} changed"


def test_the_feed_announces_the_upcoming_version_with_its_date(pending):
    repo, _, site = pending
    feed = repo.show(f"{URGENT}-2/feed.xml")
    assert ("<title>Autel Privacy Statement: An updated version takes effect on 10 December 2026.</title>") in feed
    assert f'href="{site}{URGENT}-2/autel/privacy/#what-changed"' in feed
    assert "Новая редакция вступает в силу 10 декабря 2026" in repo.show(f"{URGENT}-2/ru/feed.xml")
    assert repo.show("feed.xml") == feed, "the site's feed follows the newest release"




def test_a_named_release_is_held_to_notice_periods_and_refused_while_a_version_is_pending(tmp_path):
    repo = make_repo(tmp_path / "repo")
    assert repo.publish("--name", R1).returncode == 0
    repo.edit("docs/en/autel/privacy.md", OLD, NEW)
    repo.set_date("autel", "2013-05-30", R1)
    repo.commit("Autel, the same day, with no notice")
    too_soon = repo.publish("--name", f"{R1}-2")
    assert too_soon.returncode == 1 and "Autel promises 10 days' notice" in too_soon.stderr
    repo.set_date("autel", R1, TAKES_EFFECT)
    repo.commit("Autel, with due notice")
    while_pending = repo.publish("--name", ANNOUNCED)
    assert while_pending.returncode == 1
    assert "--name publishes one release as `latest`, but a new version takes effect after 2026-11-30" in while_pending.stderr
    assert "Traceback" not in too_soon.stderr + while_pending.stderr
