"""What readers' browsers make of published pages (docs/assets/javascripts/policy.js): each text's status on the
reader's day, the texts published after a page, the upcoming ones, the link to a text, "what was in force on a
date", the redline, any two versions compared; every address a reader is given, with JavaScript on and off; and
in a preview too.

Published sites are served as GitHub Pages serves gh-pages, read at its root: `served` (conftest: Acme's first
version superseded, Globex's second announced ahead of its day), a site of the module's own whose Acme policy has
three versions (comparisons), and one with a version of each brand announced for different days (the reader's
clock). Every text is at `<brand>/privacy/<date>/`, the policy's address `<brand>/privacy/` shows the text in force
when the site was published. Expected words come from data/labels.yml, dates as the page writes them.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import posixpath
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import pytest
import yaml
from babel import Locale
from playwright.sync_api import expect

from browser import export_branch, free_port, serve, serving
from conftest import Served
from fixture_site import BRANDS, FIRST_EFFECTIVE, HOME, RETENTION, SUMMARY, edit, new_version, policy_file
from gitrepo import day, make_repo
from policykit.published import Section
from policykit.redline import compare, render_html

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
LABELS = yaml.safe_load((REPO / "data" / "labels.yml").read_text(encoding="utf-8"))
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGS = ["en", "ru"]
# Acme's third version, in the module's own site: courts and now regulators.
DISCLOSURE = {"en": ("only where the law requires it", "and regulators only where the law requires it"),
              "ru": ("только в случаях", "и регуляторам только в случаях")}
THIRD_SUMMARY = {"en": "Regulators may receive data too.", "ru": "Данные могут получать и регуляторы."}


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def at(site: Served, lang: str, brand: str, slug: str | None = None) -> str:
    """The address of a policy (the text in force) or, with a slug, of one of its texts: `<brand>/privacy/<date>/`."""
    return f"{site.base}{prefix(lang)}{brand}/privacy/" + (f"{slug}/" if slug else "")


def dated(site: Served, lang: str, brand: str, which: str) -> str:
    """The dated address of one of `served`'s texts, by its key in `days` ("first", "acme_second", …)."""
    return at(site, lang, brand, site.days[which])


def words(lang: str) -> dict:
    return LABELS[lang]


def dates(tab, lang: str, *days: str) -> list[str]:
    """Days as the page writes them: Intl's long date in the page's locale."""
    locale = words(lang)["locale"].replace("_", "-")
    return tab.evaluate("([locale, days]) => days.map(d => new Intl.DateTimeFormat(locale, "
                        "{dateStyle: 'long', timeZone: 'UTC'}).format(new Date(d)))", [locale, list(days)])


def sentence(label: str, **values: str) -> str:
    """A label filled in as the page fills it: a value that ends with a period («2026 г.») takes the label's."""
    for name, value in values.items():
        if value.endswith("."):
            label = label.replace("{" + name + "}.", "{" + name + "}")
    return label.format(**values)


def plural(forms: dict, count: int, lang: str) -> str:
    category = Locale.parse(words(lang)["locale"]).plural_form(count)
    return forms.get(category, forms["other"]).format(count=count)


def text(locator) -> str:
    return " ".join(locator.text_content().split())


def href(locator) -> str:
    return locator.evaluate("a => a.href")


def script_ran(tab) -> None:
    """The page's script has read the newest data (it unhides the history's date field)."""
    expect(tab.locator(".policy-as-of")).to_be_visible()


def at_noon(iso: str) -> datetime.datetime:
    """A moment of a day for the reader's mocked clock, well inside the day in any time zone Chromium runs in."""
    return datetime.datetime.fromisoformat(f"{iso}T12:00")
def violations(tab) -> list[str]:
    # Colours are measured once settled (Material's buttons fade between states).
    tab.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    # Evaluated by the test (the page's Content-Security-Policy refuses an added inline <script>).
    tab.evaluate(AXE.read_text(encoding="utf-8"))
    result = tab.evaluate("axe.run(document, {runOnly: {type: 'tag', values: %s}})" % WCAG)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})" for v in result["violations"]]


def record_errors(tab) -> list[str]:
    """Script errors, what the console reports as errors, and the failed requests it reports (named here)."""
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("response", lambda response: errors.append(f"{response.status} {response.url}")
           if response.status >= 400 else None)
    return errors


@contextlib.contextmanager
def watched(browser, base: str, console_may_err: bool = False, **options):
    """A tab of its own (as conftest's `page`, for sites other than `served`): no request to another origin, no
    Content-Security-Policy violation, no error in the console (unless the test expects a failed request)."""
    context = browser.new_context(**options)
    tab = context.new_page()
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    errors = record_errors(tab)
    tab.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                        "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))")
    yield tab
    assert [url for url in requests if not url.startswith(base) and not url.startswith("data:")] == []
    assert console_may_err or errors == [], "no error reaches the console"
    if options.get("java_script_enabled", True):
        assert tab.evaluate("window.__csp || []") == [], "no Content-Security-Policy violation"
    context.close()


@pytest.fixture
def reader(page):
    """conftest's `page`, also failing on any error in the console."""
    errors = record_errors(page)
    yield page
    assert errors == [], "no error reaches the console"


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """The fixture site with three versions of Acme's policy, each published by its own release."""
    folder = tmp_path_factory.mktemp("three-versions")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    repo = make_repo(folder / "repo")
    releases = {"first": day(-60), "second": day(-30), "third": day(-10)}
    results = [repo.publish("--date", releases["first"], site_url=base)]
    new_version(repo.root, "acme", datetime.date.fromisoformat(releases["second"]))
    repo.commit("Acme: visit logs kept 5 years")
    results.append(repo.publish("--date", releases["second"], site_url=base))
    new_version(repo.root, "acme", datetime.date.fromisoformat(releases["third"]), DISCLOSURE, THIRD_SUMMARY)
    repo.commit("Acme: regulators too")
    results.append(repo.publish("--date", releases["third"], site_url=base))
    for result in results:
        assert result.returncode == 0, result.stdout + result.stderr
    server = serve(export_branch(repo.root, "gh-pages", folder / "pages"), port)
    yield Served(base, repo, releases, {"first": FIRST_EFFECTIVE.isoformat(), "second": releases["second"],
                                        "third": releases["third"]})
    server.shutdown()


@pytest.fixture(scope="module")
def announced(tmp_path_factory):
    """The fixture site published today, then again the same day with a new version of each brand announced for a
    day of its own: Acme's in 10 days, Globex's in 20 (Globex asks for 10 days' notice)."""
    folder = tmp_path_factory.mktemp("two-announced")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    repo = make_repo(folder / "repo")
    results = [repo.publish("--date", day(0), site_url=base)]
    days = {"acme": day(10), "globex": day(20)}
    for brand, effective in days.items():
        new_version(repo.root, brand, datetime.date.fromisoformat(effective))
    repo.commit("Acme and Globex: visit logs kept 5 years, each from a day of its own")
    results.append(repo.publish("--date", day(0), site_url=base))
    for result in results:
        assert result.returncode == 0, result.stdout + result.stderr
    server = serve(export_branch(repo.root, "gh-pages", folder / "pages"), port)
    yield Served(base, repo, {"published": day(0)}, {"first": FIRST_EFFECTIVE.isoformat(), **days})
    server.shutdown()


# --- status ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_a_superseded_version_says_until_when_and_links_to_the_version_in_force(reader, served, lang):
    w = words(lang)
    reader.goto(dated(served, lang, "acme", "first"))
    status = reader.locator("#policy-status")
    expect(status).to_have_attribute("data-policy-status", "superseded")
    start, end = dates(reader, lang, served.days["first"], served.days["acme_second"])
    expect(status).to_have_text(sentence(w["status_superseded"], start=start, end=end) + " "
                                + w["status_superseded_link"])
    script_ran(reader)
    assert href(status.get_by_role("link")) == dated(served, lang, "acme", "acme_second")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("address", ["the policy's", "dated"])
def test_a_version_in_force_says_since_when_at_both_its_addresses(reader, served, lang, address):
    """Globex's first version is in force: it reads so at `globex/privacy/` and at its own dated address."""
    reader.goto(dated(served, lang, "globex", "first") if address == "dated" else at(served, lang, "globex"))
    script_ran(reader)
    status = reader.locator("#policy-status")
    expect(status).to_have_attribute("data-policy-status", "in-force")
    [start] = dates(reader, lang, served.days["first"])
    expect(status).to_have_text(sentence(words(lang)["status_in_force"], date=start))


@pytest.mark.parametrize("lang", LANGS)
def test_an_upcoming_version_says_when_it_takes_effect_and_which_applies_until_then(reader, served, lang):
    reader.goto(dated(served, lang, "globex", "globex_upcoming"))
    script_ran(reader)
    status = reader.locator("#policy-status")
    expect(status).to_have_attribute("data-policy-status", "upcoming")
    new, previous = dates(reader, lang, served.days["globex_upcoming"], served.days["first"])
    expect(status).to_have_text(sentence(words(lang)["status_upcoming"], date=new, previous=previous))
    assert href(status.get_by_role("link")) == dated(served, lang, "globex", "first")
    expect(reader.locator("[data-upcoming-notice]")).to_be_hidden()


@pytest.mark.parametrize("lang", LANGS)
def test_the_policys_address_announces_the_upcoming_version(reader, served, lang):
    w = words(lang)
    reader.goto(at(served, lang, "globex"))
    script_ran(reader)
    notice = reader.locator("[data-upcoming-notice]")
    expect(notice).to_be_visible()
    [when] = dates(reader, lang, served.days["globex_upcoming"])
    expect(notice).to_have_text(f"{sentence(w['upcoming_notice'], date=when)} {w['upcoming_read']} · "
                                f"{w['upcoming_changes']}")
    new = dated(served, lang, "globex", "globex_upcoming")
    assert href(notice.get_by_role("link", name=w["upcoming_read"])) == new
    assert href(notice.get_by_role("link", name=w["upcoming_changes"])) == new + "#what-changed"
    reader.goto(at(served, lang, "acme"))
    script_ran(reader)
    expect(reader.locator("[data-upcoming-notice]")).to_be_hidden()


@pytest.mark.parametrize("lang", LANGS)
def test_on_its_day_a_version_is_in_force_before_the_site_is_published_again(reader, served, lang):
    """The status follows the reader's calendar, not the day the site was published: on Globex's new day,
    `globex/privacy/` still holds the version before (until the daily refresh), which now reads as superseded,
    and the new version's dated page reads as in force."""
    reader.clock.set_fixed_time(at_noon(served.days["globex_upcoming"]))
    reader.goto(at(served, lang, "globex"))
    status = reader.locator("#policy-status")
    expect(status).to_have_attribute("data-policy-status", "superseded")
    new = dated(served, lang, "globex", "globex_upcoming")
    assert href(status.get_by_role("link")) == new
    expect(reader.locator("[data-upcoming-notice]")).to_be_hidden()
    reader.goto(new)
    expect(reader.locator("#policy-status")).to_have_attribute("data-policy-status", "in-force")
    [start] = dates(reader, lang, served.days["globex_upcoming"])
    expect(reader.locator("#policy-status")).to_have_text(sentence(words(lang)["status_in_force"], date=start))


# --- picker and history -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_picker_and_the_history_list_every_text_with_its_dates(reader, served, lang):
    """Acme's first text, superseded: its reader sees the second version, in force, listed above it."""
    w = words(lang)
    reader.goto(dated(served, lang, "acme", "first"))
    script_ran(reader)
    first, second = dates(reader, lang, served.days["first"], served.days["acme_second"])
    picker = reader.locator(".policy-picker")
    expect(picker.locator("summary")).to_have_text(plural(w["versions_count"], 2, lang))
    items = picker.locator("li")
    expect(items).to_have_count(2)
    assert [i.get_attribute("data-version") for i in items.all()] == [served.days["acme_second"], served.days["first"]]
    expect(items.nth(0)).to_have_text(w["range_from"].format(start=second))
    expect(items.nth(1)).to_have_text(w["range_from_until"].format(start=first, end=second))
    later = dated(served, lang, "acme", "acme_second")
    assert href(items.nth(0).locator("a")) == later
    expect(items.nth(1).locator("a")).to_have_attribute("aria-current", "page")
    history = reader.locator("ol.policy-versions > li")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_have_id(f"version-{served.days['acme_second']}")
    expect(history.nth(0)).to_have_text(f"{w['range_from'].format(start=second)} — {w['history_in_force']}: "
                                        f"{SUMMARY[lang]}")
    assert href(history.nth(0).get_by_role("link")) == later
    expect(history.nth(1)).to_have_text(f"{w['range_from_until'].format(start=first, end=second)} — {w['history_this']}")


@pytest.mark.parametrize("lang", LANGS)
def test_an_upcoming_version_is_listed_as_upcoming(reader, served, lang):
    w = words(lang)
    reader.goto(dated(served, lang, "globex", "first"))
    script_ran(reader)
    [upcoming] = dates(reader, lang, served.days["globex_upcoming"])
    expect(reader.locator(".policy-picker li").first).to_have_text(w["range_upcoming"].format(start=upcoming))
    expect(reader.locator("ol.policy-versions > li").first).to_contain_text(
        f"{w['range_from'].format(start=upcoming)} — {w['history_upcoming']}")
    assert href(reader.locator(".policy-picker li a").first) == dated(served, lang, "globex", "globex_upcoming")


# --- the link to this version -------------------------------------------------------------------------------

def test_the_bookmark_link_leads_to_the_dated_page_of_exactly_that_version(reader, served):
    """`acme/privacy/` shows Acme's second version; its link leads to that version's dated address."""
    reader.goto(at(served, "en", "acme"))
    script_ran(reader)
    permanent = dated(served, "en", "acme", "acme_second")
    bookmark = reader.locator('.policy-bookmark a[rel="bookmark"]')
    expect(bookmark).to_have_text(permanent)
    shown = " ".join(reader.locator("article").inner_text().split())  # what the reader reads
    bookmark.click()
    reader.wait_for_url(permanent)
    script_ran(reader)
    assert " ".join(reader.locator("article").inner_text().split()) == shown
    page_data = json.loads(reader.locator("#policy-page").text_content())
    assert (page_data["slug"], page_data["effective_date"]) == (served.days["acme_second"],) * 2


def test_the_copy_button_copies_the_permanent_address_by_keyboard(reader, served):
    reader.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.base.rstrip("/"))
    reader.goto(dated(served, "en", "acme", "first"))
    button = reader.locator(".policy-copy")
    expect(button).to_be_visible()
    button.focus()
    reader.keyboard.press("Enter")
    expect(reader.locator(".policy-copy-result")).to_have_text(words("en")["bookmark_copied"])
    assert reader.evaluate("navigator.clipboard.readText()") == dated(served, "en", "acme", "first")


# --- what was in force on a date ----------------------------------------------------------------------------

def as_of_cases(served):
    before = (FIRST_EFFECTIVE - datetime.timedelta(days=1)).isoformat()
    between, after = day(-100), day(400)
    first, second, upcoming = served.days["first"], served.days["acme_second"], served.days["globex_upcoming"]
    # start page (brand, slug or None for the policy's address), asked date -> the page the reader ends on, the
    # query it ends with, the notice's label
    return {
        "before the first version": (("acme", None), before, ("acme", None), "as-of", "as_of_none"),
        "between versions": (("acme", None), between, ("acme", first), "in-force-on", "as_of_found"),
        "after the last": (("acme", first), after, ("acme", second), "in-force-on", "as_of_found"),
        "not a date": (("acme", first), "2025-02-30", ("acme", first), "as-of", "as_of_invalid"),
        "from the policy's address, the version it shows": (("acme", None), day(0), ("acme", second), "in-force-on",
                                                            "as_of_found"),
        "on the dated page of the version of that day": (("acme", second), day(0), ("acme", second), "as-of",
                                                         "as_of_found"),
        "an upcoming version": (("globex", None), after, ("globex", upcoming), "in-force-on", "as_of_found"),
    }


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", ["before the first version", "between versions", "after the last", "not a date",
                                  "from the policy's address, the version it shows",
                                  "on the dated page of the version of that day", "an upcoming version"])
def test_as_of_takes_the_reader_to_the_dated_page_of_the_version_in_force_that_day(reader, served, lang, case):
    start, asked, end, query, label = as_of_cases(served)[case]
    reader.goto(f"{at(served, lang, *start)}?as-of={asked}#retention")
    notice = reader.locator(".policy-as-of-notice")
    expect(notice).to_be_visible()
    assert reader.url == f"{at(served, lang, *end)}?{query}={asked}#retention"
    values = {"value": asked}
    if label != "as_of_invalid":
        values["date"], values["first"] = dates(reader, lang, asked, served.days["first"])
    expect(notice).to_have_text(sentence(words(lang)[label], **values))


@pytest.mark.parametrize("lang", LANGS)
def test_as_of_never_repeats_the_text_of_the_address(reader, served, lang):
    """?as-of= comes from a link anyone can write: the site's own notice repeats no text of it (here a right-to-left
    override and a sentence), only a value shaped as a date."""
    asked = "\u202eCall +1 555 0100 now, or lose your account"
    reader.goto(f"{dated(served, lang, 'acme', 'first')}?as-of={quote(asked)}")
    notice = reader.locator(".policy-as-of-notice")
    expect(notice).to_have_text(sentence(words(lang)["as_of_invalid"], value="…"))
    assert "555" not in notice.text_content() and "\u202e" not in notice.text_content()


@pytest.mark.parametrize("lang", LANGS)
def test_the_historys_date_field_answers_and_leads_to_the_version_of_that_day(reader, served, lang):
    w = words(lang)
    reader.goto(at(served, lang, "acme"))
    field, result = reader.locator("#as-of-date"), reader.locator(".policy-as-of-result")
    expect(field).to_be_visible()
    reader.locator(".policy-as-of button").click()
    expect(result).to_have_text(w["as_of_empty"])
    before = (FIRST_EFFECTIVE - datetime.timedelta(days=3)).isoformat()
    field.fill(before)
    field.press("Enter")
    asked, first = dates(reader, lang, before, served.days["first"])
    expect(result).to_have_text(sentence(w["as_of_none"], date=asked, first=first))
    between = day(-100)
    field.fill(between)
    reader.locator(".policy-as-of button").click()
    reader.wait_for_url(f"{dated(served, lang, 'acme', 'first')}?in-force-on={between}")
    [asked] = dates(reader, lang, between)
    expect(reader.locator(".policy-as-of-notice")).to_have_text(sentence(w["as_of_found"], date=asked))
    expect(reader.locator("#as-of-date")).to_have_value(between)
    reader.go_back()
    reader.wait_for_url(at(served, lang, "acme"))


# --- the redline --------------------------------------------------------------------------------------------

def test_the_redline_opens_at_what_changed_by_link_and_keyboard_and_for_printing(reader, served):
    page_url = dated(served, "en", "acme", "acme_second")
    redline = reader.locator("#what-changed")
    reader.goto(page_url + "#what-changed")
    expect(redline).to_have_attribute("open", "")
    reader.goto(page_url)
    script_ran(reader)
    expect(redline).not_to_have_attribute("open", "")
    reader.locator('.policy-meta a[href="#what-changed"]').focus()
    reader.keyboard.press("Enter")
    expect(redline).to_have_attribute("open", "")
    redline.locator("summary").click()  # closed again by the reader
    expect(redline).not_to_have_attribute("open", "")
    reader.evaluate("dispatchEvent(new Event('beforeprint'))")
    expect(redline).to_have_attribute("open", "")
    reader.evaluate("dispatchEvent(new Event('afterprint'))")
    expect(redline).not_to_have_attribute("open", "")


# --- home pages ---------------------------------------------------------------------------------------------

def policy_record(site: Served, lang: str, brand: str) -> dict:
    """A policy's entry in the root's policies.json (format 3), as gh-pages holds it."""
    [found] = [p for p in site.repo.record()["policies"] if (p["language"], p["brand"]) == (lang, brand)]
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_lists_upcoming_versions(reader, served, lang):
    w = words(lang)
    reader.goto(f"{served.base}{prefix(lang)}")
    upcoming = reader.locator("[data-upcoming-list]")
    expect(upcoming).to_be_visible()
    expect(upcoming.locator("li")).to_have_count(1)
    [when] = dates(reader, lang, served.days["globex_upcoming"])
    title = policy_record(served, lang, "globex")["versions"][-1]["title"]
    expect(upcoming.locator("li")).to_have_text(f"{title}: {sentence(w['upcoming_item'], date=when)} "
                                                f"{w['upcoming_changes']}")
    new = dated(served, lang, "globex", "globex_upcoming")
    assert href(upcoming.get_by_role("link", name=title)) == new
    assert href(upcoming.get_by_role("link", name=w["upcoming_changes"])) == new + "#what-changed"


# --- every address a reader is given, with JavaScript on and off ---------------------------------------------

def addresses(site: Served, lang: str) -> dict:
    """Every address of `served` a reader is given -> (what it shows: the home page, the compare page, or the
    effective date of the text, its status and its retention clause). Derived from the fixture's days; the
    published versions.json must list exactly these texts."""
    first, acme, globex = site.days["first"], site.days["acme_second"], site.days["globex_upcoming"]
    old, new = RETENTION[lang]
    texts = {("acme", first): ("superseded", old), ("acme", acme): ("in-force", new),
             ("globex", first): ("in-force", old), ("globex", globex): ("upcoming", new)}
    for brand in BRANDS:
        listed = json.loads(site.repo.show(f"{prefix(lang)}{brand}/privacy/versions.json"))["versions"]
        assert [(v["slug"], v["path"]) for v in listed] == [
            (slug, f"{prefix(lang)}{brand}/privacy/{slug}/") for b, slug in texts if b == brand]
    found = {f"{site.base}{prefix(lang)}": ("home",),
             at(site, lang, "acme"): (acme, "in-force", new), at(site, lang, "globex"): (first, "in-force", old),
             f"{at(site, lang, 'acme')}compare/": ("compare",)}
    for (brand, slug), shown in texts.items():
        found[at(site, lang, brand, slug)] = (slug, *shown)
    return found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("script", ["on", "off"], ids=["javascript", "no-javascript"])
def test_every_address_a_reader_is_given_answers_and_shows_its_text_and_status(browser, served, lang, script):
    w = words(lang)
    with watched(browser, served.base, java_script_enabled=script == "on") as tab:
        for url, shown in addresses(served, lang).items():
            response = tab.goto(url)
            assert response.status == 200, url
            assert tab.evaluate("document.documentElement.lang") == lang, url
            if shown == ("home",):
                expect(tab.locator("h1")).to_contain_text(HOME[lang].split("\n# ")[1].split("\n")[0])
                for brand in BRANDS:
                    link = tab.locator(f'.md-content a[href$="{brand}/privacy/"]').first
                    assert href(link) == at(served, lang, brand)
                upcoming = tab.locator("[data-upcoming-list]")
                if script == "on":
                    expect(upcoming.locator("li")).to_have_count(1)
                else:
                    expect(upcoming).to_be_hidden()
                continue
            if shown == ("compare",):
                if script == "on":
                    expect(tab.locator(".policy-compare-redline")).to_be_visible()
                    expect(tab.locator("#compare-to")).to_have_value(served.days["acme_second"])
                else:
                    expect(tab.locator("noscript p")).to_be_visible()
                    assert text(tab.locator("noscript p")) == w["compare_noscript"]
                continue
            effective, status, retention = shown
            if script == "on":
                script_ran(tab)
            expect(tab.locator("#policy-status")).to_have_attribute("data-policy-status", status)
            expect(tab.locator("#policy-status time").first).to_have_attribute("datetime", effective)
            expect(tab.locator("article")).to_contain_text(retention)
            bookmark = tab.locator('.policy-bookmark a[rel="bookmark"]')
            assert href(bookmark) == text(bookmark) == at(served, lang, url.split("/privacy/")[0].rsplit("/", 1)[1],
                                                          effective), url


def statuses_on(site: Served, moment: str) -> dict:
    """Each brand's two texts' statuses on a day, by the brand's announced day."""
    return {brand: ("in-force", "upcoming") if moment < site.days[brand] else ("superseded", "in-force")
            for brand in BRANDS}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("moment", [5, 15, 25], ids=["before both", "between", "after both"])
def test_the_status_shown_follows_the_readers_clock_across_two_announced_days(browser, announced, lang, moment):
    """Acme's new version takes effect in 10 days, Globex's in 20: on the reader's day 5, 15 and 25 each page
    says what is in force that day, the policy's address announces only what is still to come, and the home page
    lists only the versions still upcoming."""
    today = day(moment)
    expected = statuses_on(announced, today)
    with watched(browser, announced.base) as tab:
        tab.clock.set_fixed_time(at_noon(today))
        for brand, (old, new) in expected.items():
            first, later = at(announced, lang, brand, announced.days["first"]), at(announced, lang, brand,
                                                                                    announced.days[brand])
            for url, status in ((first, old), (later, new), (at(announced, lang, brand), old)):
                tab.goto(url)
                script_ran(tab)
                expect(tab.locator("#policy-status")).to_have_attribute("data-policy-status", status)
                picker = tab.locator(".policy-picker li")
                assert [i.get_attribute("data-status") for i in picker.all()] == [new, old], url
                notice = tab.locator("[data-upcoming-notice]")
                if url != later and new == "upcoming":
                    expect(notice).to_be_visible()
                    assert href(notice.get_by_role("link", name=words(lang)["upcoming_read"])) == later
                else:
                    expect(notice).to_be_hidden()
                if status == "superseded":
                    assert href(tab.locator("#policy-status").get_by_role("link")) == later
        tab.goto(f"{announced.base}{prefix(lang)}")
        listed = [brand for brand, (_, new) in expected.items() if new == "upcoming"]
        upcoming = tab.locator("[data-upcoming-list]")
        if listed:
            expect(upcoming.locator("li")).to_have_count(len(listed))
            assert [href(item.locator("a").first) for item in upcoming.locator("li").all()] == [
                at(announced, lang, brand, announced.days[brand]) for brand in sorted(listed, key=announced.days.get)]
        else:
            tab.wait_for_load_state("networkidle")
            expect(upcoming).to_be_hidden()


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_two_announced_versions_read_as_published(browser, announced, lang):
    """Without script, pages say what they said on the day the site was published (the daily refresh publishes
    again when a day comes): both new versions upcoming, both policies' addresses announcing theirs."""
    with watched(browser, announced.base, java_script_enabled=False) as tab:
        for brand in BRANDS:
            later = at(announced, lang, brand, announced.days[brand])
            for url, status in ((at(announced, lang, brand), "in-force"), (later, "upcoming"),
                                (at(announced, lang, brand, announced.days["first"]), "in-force")):
                assert tab.goto(url).status == 200, url
                expect(tab.locator("#policy-status")).to_have_attribute("data-policy-status", status)
            tab.goto(at(announced, lang, brand))
            notice = tab.locator("[data-upcoming-notice]")
            expect(notice).to_be_visible()
            expect(notice.locator("time")).to_have_attribute("datetime", announced.days[brand])
            assert href(notice.get_by_role("link", name=words(lang)["upcoming_read"])) == later


# --- comparing any two versions -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_compare_pages_data_leads_to_the_site_root(three, lang):
    """What the compare page's script builds every address on (policykit/site_chrome.py writes it)."""
    page = f"{prefix(lang)}acme/privacy/compare/"
    found = re.search(r'<script type="application/json" id="policy-page">(.*?)</script>', three.repo.page(page))
    site_root = json.loads(found.group(1))["site_root"]
    assert posixpath.normpath(posixpath.join(page, site_root)) == ".", (
        f"from {page}, site_root {site_root!r} does not lead to the site's root")


def compare_url(site: Served, lang: str, **choice: str) -> str:
    query = "&".join(f"{k}={site.days[v]}" for k, v in choice.items())
    return f"{at(site, lang, 'acme')}compare/" + (f"?{query}" if query else "")


def server_redline(site: Served, lang: str, old: str, new: str) -> str:
    """The build's redline of two versions' recorded texts, read from gh-pages, linked as the compare page
    links: to each version's dated page, relative to the compare page."""
    versions = json.loads(site.repo.show(f"{prefix(lang)}acme/privacy/versions.json"))["versions"]
    before, after = (next(v for v in versions if v["slug"] == site.days[d]) for d in (old, new))
    up = "../" * len(PurePosixPath(prefix(lang) or ".", "acme/privacy/compare").parts)
    return render_html(compare(site.repo.show(before["text"]), site.repo.show(after["text"])), words(lang),
                       f"{up}{before['path']}", f"{up}{after['path']}",
                       [Section(**s) for s in before["sections"]], [Section(**s) for s in after["sections"]])


def same_html(tab, shown, expected: str) -> None:
    """The redline shown is the build's HTML (both as the browser serializes them)."""
    normalized = tab.evaluate("html => { const t = document.createElement('template'); t.innerHTML = html; "
                              "return t.innerHTML }", expected)
    assert shown.inner_html() == normalized


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_and_the_third_version_compared_as_the_build_compares_them(browser, three, lang):
    w = words(lang)
    with watched(browser, three.base) as tab:
        tab.goto(compare_url(three, lang, **{"from": "first", "to": "third"}))
        result = tab.locator(".policy-compare-redline")
        expect(result).to_be_visible()
        expect(tab.locator("#compare-from")).to_have_value(three.days["first"])
        expect(tab.locator("#compare-to")).to_have_value(three.days["third"])
        expect(tab.locator("#compare-from option")).to_have_count(3)
        first, third = dates(tab, lang, three.days["first"], three.days["third"])
        expect(tab.locator(".policy-compare-result h2")).to_have_text(sentence(w["compare_heading"], **{"from": first,
                                                                                                          "to": third}))
        same_html(tab, result, server_redline(three, lang, "first", "third"))
        sections = {href(a) for a in result.locator(".redline-sections a").all()}
        permanent = f"{at(three, lang, 'acme', three.days['third'])}#"
        assert len(sections) == 2 and all(s.startswith(permanent) for s in sections), sections


def test_the_choice_is_kept_in_the_address_and_back_and_forward_show_it_again(browser, three):
    with watched(browser, three.base) as tab:
        tab.goto(compare_url(three, "en"))
        result = tab.locator(".policy-compare-redline")
        # Without a choice: the compare page's own version against the one before it.
        expect(tab.locator("#compare-from")).to_have_value(three.days["second"])
        expect(tab.locator("#compare-to")).to_have_value(three.days["third"])
        same_html(tab, result, server_redline(three, "en", "second", "third"))
        tab.select_option("#compare-from", three.days["first"])
        tab.select_option("#compare-to", three.days["second"])
        tab.locator(".policy-compare button").click()
        tab.wait_for_url(compare_url(three, "en", **{"from": "first", "to": "second"}))
        expect(tab.locator(".policy-compare-result h2")).to_contain_text(dates(tab, "en", three.days["second"])[0])
        same_html(tab, result, server_redline(three, "en", "first", "second"))
        tab.select_option("#compare-to", three.days["first"])
        tab.locator(".policy-compare button").press("Enter")  # by keyboard
        tab.wait_for_url(compare_url(three, "en", **{"from": "first", "to": "first"}))
        expect(tab.locator(".policy-compare-result")).to_have_text(words("en")["compare_same"])
        tab.go_back()
        tab.wait_for_url(compare_url(three, "en", **{"from": "first", "to": "second"}))
        expect(tab.locator("#compare-to")).to_have_value(three.days["second"])
        same_html(tab, result, server_redline(three, "en", "first", "second"))
        tab.go_forward()
        tab.wait_for_url(compare_url(three, "en", **{"from": "first", "to": "first"}))
        expect(tab.locator(".policy-compare-result")).to_have_text(words("en")["compare_same"])


def test_texts_that_cannot_be_read_are_said_so(browser, three):
    with watched(browser, three.base, console_may_err=True) as tab:
        tab.route("**/policy.txt", lambda route: route.abort())
        tab.goto(compare_url(three, "ru", **{"from": "first", "to": "third"}))
        expect(tab.locator(".policy-compare-result")).to_have_text(words("ru")["compare_failed"])


@pytest.mark.parametrize("lang", LANGS)
def test_a_date_that_is_no_version_is_said_so_and_never_replaced_by_another(browser, three, lang):
    """?from= or ?to= naming no version of the policy: said plainly above the lists of versions, nothing compared;
    once a comparison is shown, the tab's title names its two dates."""
    w = words(lang)
    with watched(browser, three.base) as tab:
        tab.goto(f"{at(three, lang, 'acme')}compare/?from=2001-02-03&to={three.days['third']}")
        notice = tab.locator(".policy-compare-unknown")
        expect(notice).to_be_visible()
        expect(notice).to_have_text(sentence(w["compare_unknown"], date=dates(tab, lang, "2001-02-03")[0]))
        expect(notice.locator("time")).to_have_attribute("datetime", "2001-02-03")
        assert tab.evaluate("document.querySelector('.policy-compare-unknown').nextElementSibling.matches("
                            "'[data-policy-compare]')"), "the notice stands above the lists it speaks of"
        expect(tab.locator(".policy-compare-redline")).to_have_count(0)
        expect(tab.locator(".policy-compare-result")).to_have_text("")
        title = tab.title()
        tab.select_option("#compare-from", three.days["first"])
        tab.locator(".policy-compare button").click()
        tab.wait_for_url(compare_url(three, lang, **{"from": "first", "to": "third"}))
        expect(tab.locator(".policy-compare-redline")).to_be_visible()
        expect(notice).to_be_hidden()
        first, third = dates(tab, lang, three.days["first"], three.days["third"])
        expect(tab).to_have_title(f"{w['compare_heading'].format(**{'from': first, 'to': third})} — {title}")
        tab.goto(f"{at(three, lang, 'acme')}compare/?to=not-a-day")
        expect(notice).to_have_text(sentence(w["compare_unknown"], date="not-a-day"))
        expect(tab.locator(".policy-compare-redline")).to_have_count(0)


@pytest.mark.parametrize("lang", LANGS)
def test_a_policy_page_links_to_its_compare_page(browser, three, lang):
    with watched(browser, three.base) as tab:
        tab.goto(at(three, lang, "acme", three.days["first"]))
        link = tab.locator(".policy-compare-link a")
        expect(link).to_be_visible()
        expect(link).to_have_text(words(lang)["compare_link"])
        expect(tab.locator(".policy-picker li")).to_have_count(3)
        link.click()
        tab.wait_for_url(f"{at(three, lang, 'acme')}compare/")
        expect(tab.locator("#compare-from option")).to_have_count(3)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["{p}acme/privacy/compare/?from={v1}&to={v3}",
                                  "{p}acme/privacy/{v1}/?in-force-on={v1}"])
def test_readable_on_a_390_pixel_wide_screen(browser, three, lang, path):
    with watched(browser, three.base, viewport={"width": 390, "height": 844}) as tab:
        tab.goto(three.base + path.format(p=prefix(lang), v1=three.days["first"], v3=three.days["third"]))
        expect(tab.locator(".policy-compare-redline, .policy-as-of-notice")).to_be_visible()
        every_state(tab)
        assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


# --- without JavaScript, and in a preview -------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_a_superseded_text_states_its_dates_and_links_to_the_version_in_force(browser, served, lang):
    w = words(lang)
    with watched(browser, served.base, java_script_enabled=False) as tab:
        tab.goto(dated(served, lang, "acme", "first"))
        status = tab.locator("#policy-status")
        expect(status).to_have_attribute("data-policy-status", "superseded")
        assert [t.get_attribute("datetime") for t in status.locator("time").all()] == [
            served.days["first"], served.days["acme_second"]]
        expect(status).to_contain_text(w["status_superseded"].split("{start}")[0])
        status.get_by_role("link", name=w["status_superseded_link"]).click()
        # The policy's address, which shows the version in force.
        tab.wait_for_url(at(served, lang, "acme"))
        expect(tab.locator(".policy-meta time").first).to_have_attribute("datetime", served.days["acme_second"])
        expect(tab.locator("#policy-status")).to_have_attribute("data-policy-status", "in-force")
        tab.goto(f"{at(served, lang, 'acme')}compare/")
        expect(tab.locator("noscript p")).to_be_visible()
        assert text(tab.locator("noscript p")) == w["compare_noscript"]


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_version_in_force_announces_the_upcoming_one(browser, served, lang):
    """The site is built knowing what is announced, so the notice is in the page itself: it is there without
    script, and nothing moves when the script fills it in."""
    w = words(lang)
    with watched(browser, served.base, java_script_enabled=False) as tab:
        tab.goto(at(served, lang, "globex"))
        notice = tab.locator("[data-upcoming-notice]")
        expect(notice).to_be_visible()
        expect(notice.locator("time")).to_have_attribute("datetime", served.days["globex_upcoming"])
        expect(notice).to_contain_text(w["upcoming_notice"].split("{date}")[0])
        new = dated(served, lang, "globex", "globex_upcoming")
        assert href(notice.get_by_role("link", name=w["upcoming_read"])) == new
        assert href(notice.get_by_role("link", name=w["upcoming_changes"])) == new + "#what-changed"
        tab.goto(dated(served, lang, "globex", "first"))
        expect(tab.locator("[data-upcoming-notice]")).to_be_visible()
        tab.goto(at(served, lang, "acme"))
        expect(tab.locator("[data-upcoming-notice]")).to_be_hidden()


@pytest.fixture(scope="module")
def preview(fixture_built):
    """The fixture site as `mkdocs build` (and `mkdocs serve`) makes it: no release, the site as of today, with
    its own versions.json and policies.json beside its pages."""
    with serving(fixture_built.site) as base:
        yield base


@pytest.mark.parametrize("path", ["", "ru/", "acme/privacy/", "ru/globex/privacy/", "acme/privacy/compare/"])
def test_a_preview_works_on_its_own_data_and_logs_no_error(browser, preview, path):
    lang = "ru" if path.startswith("ru/") else "en"
    with watched(browser, preview) as tab:  # which fails on any error in the console
        asked = []
        tab.on("request", lambda request: asked.append(request.url))
        tab.goto(preview + path, wait_until="networkidle")
        if "compare" in path:  # one text only: compared with itself
            expect(tab.locator(".policy-compare-result")).to_have_text(words(lang)["compare_same"])
        elif "privacy" in path:
            script_ran(tab)
            status = tab.locator("#policy-status")
            expect(status).to_have_attribute("data-policy-status", "in-force")
            [start] = dates(tab, lang, FIRST_EFFECTIVE.isoformat())
            expect(status).to_have_text(sentence(words(lang)["status_in_force"], date=start))
            expect(tab.locator(".policy-picker li")).to_have_count(1)
        else:
            expect(tab.locator("[data-upcoming-list]")).to_be_hidden()  # nothing announced
        data = [url for url in asked if url.endswith(("versions.json", "policies.json"))]
        assert data and all(url.startswith(preview) for url in data), "the preview's own data"


# --- accessibility ------------------------------------------------------------------------------------------

def every_state(tab) -> None:
    """Open what a reader may open: the picker, the redline."""
    for summary in tab.locator(".policy-picker summary, .policy-redline summary").all():
        summary.click()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["superseded, as of a date", "in force, upcoming announced", "upcoming, not a date",
                                  "home"])
def test_no_axe_violations_on_served_pages(reader, served, lang, kind):
    paths = {"superseded, as of a date": f"{{p}}acme/privacy/{served.days['first']}/?in-force-on={day(-100)}",
             "in force, upcoming announced": "{p}globex/privacy/",
             "upcoming, not a date": f"{{p}}globex/privacy/{served.days['globex_upcoming']}/?as-of=soon",
             "home": "{p}"}
    reader.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.base.rstrip("/"))
    reader.goto(served.base + paths[kind].format(p=prefix(lang)), wait_until="networkidle")
    if "home" in kind:
        expect(reader.locator("[data-upcoming-list]")).to_be_visible()
    else:
        script_ran(reader)
        every_state(reader)
        reader.locator(".policy-copy").click()
        expect(reader.locator(".policy-copy-result")).not_to_be_empty()
        reader.locator(".policy-as-of button").click()
    assert violations(reader) == []


@pytest.mark.parametrize("lang", LANGS)
def test_no_axe_violations_on_the_compare_page(browser, three, lang):
    with watched(browser, three.base) as tab:
        tab.goto(compare_url(three, lang, **{"from": "first", "to": "third"}))
        expect(tab.locator(".policy-compare-redline")).to_be_visible()
        assert violations(tab) == []


# --- an announcement postponed ------------------------------------------------------------------------------

POSTPONED_CHANGE = {"en": ("for 5 years", "for 6 years"), "ru": ("в течение 5 лет", "в течение 6 лет")}


@pytest.fixture(scope="module")
def postponed(tmp_path_factory):
    """Acme's version announced for 15 days from now, then replaced before its day by one for 20 days from now
    (`replaces_announcement:`): the first is withdrawn, never in force."""
    folder = tmp_path_factory.mktemp("postponed")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    repo = make_repo(folder / "repo")
    results = [repo.publish("--date", day(-1), site_url=base)]
    new_version(repo.root, "acme", datetime.date.fromisoformat(day(15)))
    repo.commit("Acme: visit logs kept 5 years, announced")
    results.append(repo.publish("--date", day(0), site_url=base))
    new_version(repo.root, "acme", datetime.date.fromisoformat(day(20)), POSTPONED_CHANGE)
    for lang in LANGS:
        edit(policy_file(repo.root, lang, "acme"), "\n---\n", f"\nreplaces_announcement: {day(15)}\n---\n")
    repo.commit("Acme: the announced version replaced by a later one")
    results.append(repo.publish("--date", day(0), site_url=base))
    for result in results:
        assert result.returncode == 0, result.stdout + result.stderr
    server = serve(export_branch(repo.root, "gh-pages", folder / "pages"), port)
    yield Served(base, repo, {"published": day(0)}, {"first": FIRST_EFFECTIVE.isoformat(), "withdrawn": day(15),
                                                      "new": day(20)})
    server.shutdown()


@pytest.mark.parametrize("lang", LANGS)
def test_a_withdrawn_announcement_is_passed_over_by_the_upcoming_notice_and_status(browser, postponed, lang):
    """The version in force announces the version announced instead, and that one says the version in force
    applies until its day: never the withdrawn announcement, which says what replaced it."""
    w = words(lang)
    first, withdrawn, new = (at(postponed, lang, "acme", postponed.days[k]) for k in ("first", "withdrawn", "new"))
    with watched(browser, postponed.base) as tab:
        tab.goto(at(postponed, lang, "acme"))
        script_ran(tab)
        notice = tab.locator("[data-upcoming-notice]")
        expect(notice).to_be_visible()
        expect(notice.locator("time")).to_have_attribute("datetime", postponed.days["new"])
        assert href(notice.get_by_role("link", name=w["upcoming_read"])) == new
        tab.goto(new)
        script_ran(tab)
        status = tab.locator("#policy-status")
        expect(status).to_have_attribute("data-policy-status", "upcoming")
        when, previous = dates(tab, lang, postponed.days["new"], postponed.days["first"])
        expect(status).to_have_text(sentence(w["status_upcoming"], date=when, previous=previous))
        assert href(status.get_by_role("link")) == first
        tab.goto(withdrawn)
        script_ran(tab)
        expect(tab.locator("#policy-status")).to_have_attribute("data-policy-status", "withdrawn")
        assert href(tab.locator("#policy-status").get_by_role("link")) == new


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_version_in_force_announces_the_version_announced_instead(browser, postponed, lang):
    with watched(browser, postponed.base, java_script_enabled=False) as tab:
        tab.goto(at(postponed, lang, "acme"))
        notice = tab.locator("[data-upcoming-notice]")
        expect(notice.locator("time")).to_have_attribute("datetime", postponed.days["new"], timeout=1000)
