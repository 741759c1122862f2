"""What readers' browsers make of published pages (docs/assets/javascripts/policy.js): each version's status
on the reader's day, the versions published after a page, the upcoming ones, the link to a version, "what was
in force on a date", the redline, any two versions compared; with JavaScript off and in a preview too.

Published sites are served as GitHub Pages serves gh-pages: `served` (conftest: Acme's first version
superseded, Globex's second announced ahead of its day) and, for comparisons, a site of the module's own whose
Acme policy has three versions. Expected words come from data/labels.yml, dates as the page writes them.
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

from browser import export_branch, free_port, serve
from conftest import Served
from fixture_site import FIRST_EFFECTIVE, SUMMARY, new_version
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


# --- status ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_a_superseded_version_says_until_when_and_links_to_the_version_in_force(reader, served, lang):
    w = words(lang)
    reader.goto(f"{served.base}{served.releases['first']}/{prefix(lang)}acme/privacy/")
    status = reader.locator("#policy-status")
    expect(status).to_have_attribute("data-policy-status", "superseded")
    start, end = dates(reader, lang, served.days["first"], served.days["acme_second"])
    expect(status).to_have_text(sentence(w["status_superseded"], start=start, end=end) + " "
                                + w["status_superseded_link"])
    assert href(status.get_by_role("link")) == f"{served.base}{served.releases['second']}/{prefix(lang)}acme/privacy/"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("release", ["first", "announced"])
def test_a_version_in_force_says_since_when_in_every_release(reader, served, lang, release):
    """Globex's first version is in force: its page reads so in its first release and in `latest` alike."""
    reader.goto(f"{served.base}{served.releases[release]}/{prefix(lang)}globex/privacy/")
    status = reader.locator("#policy-status")
    expect(status).to_have_attribute("data-policy-status", "in-force")
    [start] = dates(reader, lang, served.days["first"])
    expect(status).to_have_text(sentence(words(lang)["status_in_force"], date=start))


@pytest.mark.parametrize("lang", LANGS)
def test_an_upcoming_version_says_when_it_takes_effect_and_which_applies_until_then(reader, served, lang):
    reader.goto(f"{served.base}next/{prefix(lang)}globex/privacy/")
    status = reader.locator("#policy-status")
    expect(status).to_have_attribute("data-policy-status", "upcoming")
    new, previous = dates(reader, lang, served.days["globex_upcoming"], served.days["first"])
    expect(status).to_have_text(sentence(words(lang)["status_upcoming"], date=new, previous=previous))
    assert href(status.get_by_role("link")) == f"{served.base}{served.releases['first']}/{prefix(lang)}globex/privacy/"
    expect(reader.locator("[data-upcoming-notice]")).to_be_hidden()


@pytest.mark.parametrize("lang", LANGS)
def test_the_version_in_force_announces_the_upcoming_one_on_latest(reader, served, lang):
    w = words(lang)
    reader.goto(f"{served.base}latest/{prefix(lang)}globex/privacy/")
    notice = reader.locator("[data-upcoming-notice]")
    expect(notice).to_be_visible()
    [when] = dates(reader, lang, served.days["globex_upcoming"])
    expect(notice).to_have_text(f"{sentence(w['upcoming_notice'], date=when)} {w['upcoming_read']} · "
                                f"{w['upcoming_changes']}")
    new = f"{served.base}{served.releases['next']}/{prefix(lang)}globex/privacy/"
    assert href(notice.get_by_role("link", name=w["upcoming_read"])) == new
    assert href(notice.get_by_role("link", name=w["upcoming_changes"])) == new + "#what-changed"
    reader.goto(f"{served.base}latest/{prefix(lang)}acme/privacy/")
    script_ran(reader)
    expect(reader.locator("[data-upcoming-notice]")).to_be_hidden()


@pytest.mark.parametrize("lang", LANGS)
def test_on_its_day_a_version_is_in_force_though_next_is_not_promoted_yet(reader, served, lang):
    """The status follows the reader's calendar, not the aliases: on Globex's new day, `latest` still holds the
    version before, which now reads as superseded, and the new version in `next` reads as in force."""
    reader.clock.set_fixed_time(datetime.datetime.fromisoformat(f"{served.days['globex_upcoming']}T09:00"))
    reader.goto(f"{served.base}latest/{prefix(lang)}globex/privacy/")
    status = reader.locator("#policy-status")
    expect(status).to_have_attribute("data-policy-status", "superseded")
    new = f"{served.base}{served.releases['next']}/{prefix(lang)}globex/privacy/"
    assert href(status.get_by_role("link")) == new
    expect(reader.locator("[data-upcoming-notice]")).to_be_hidden()
    reader.goto(new)
    expect(reader.locator("#policy-status")).to_have_attribute("data-policy-status", "in-force")
    [start] = dates(reader, lang, served.days["globex_upcoming"])
    expect(reader.locator("#policy-status")).to_have_text(sentence(words(lang)["status_in_force"], date=start))


# --- picker and history -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_picker_and_the_history_gain_the_versions_published_after_the_page(reader, served, lang):
    """Acme's first page was published alone; its reader sees the second version, in force, listed above it."""
    w = words(lang)
    reader.goto(f"{served.base}{served.releases['first']}/{prefix(lang)}acme/privacy/")
    script_ran(reader)
    first, second = dates(reader, lang, served.days["first"], served.days["acme_second"])
    picker = reader.locator(".policy-picker")
    expect(picker.locator("summary")).to_have_text(plural(w["versions_count"], 2, lang))
    items = picker.locator("li")
    expect(items).to_have_count(2)
    assert [i.get_attribute("data-effective") for i in items.all()] == [served.days["acme_second"], served.days["first"]]
    expect(items.nth(0)).to_have_text(w["range_from"].format(start=second))
    expect(items.nth(1)).to_have_text(w["range_from_until"].format(start=first, end=second))
    later = f"{served.base}{served.releases['second']}/{prefix(lang)}acme/privacy/"
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
    reader.goto(f"{served.base}{served.releases['first']}/{prefix(lang)}globex/privacy/")
    script_ran(reader)
    [upcoming] = dates(reader, lang, served.days["globex_upcoming"])
    expect(reader.locator(".policy-picker li").first).to_have_text(w["range_upcoming"].format(start=upcoming))
    expect(reader.locator("ol.policy-versions > li").first).to_contain_text(
        f"{w['range_from'].format(start=upcoming)} — {w['history_upcoming']}")


# --- the link to this version -------------------------------------------------------------------------------

def test_the_bookmark_link_leads_to_the_page_of_exactly_that_version(reader, served):
    """`latest` shows Acme's second version; its link leads to the release that first published it."""
    reader.goto(f"{served.base}latest/acme/privacy/")
    script_ran(reader)
    permanent = f"{served.base}{served.releases['second']}/acme/privacy/"
    bookmark = reader.locator('.policy-bookmark a[rel="bookmark"]')
    expect(bookmark).to_have_text(permanent)
    shown = reader.locator("#policy-page").text_content(), text(reader.locator("article"))
    bookmark.click()
    reader.wait_for_url(permanent)
    script_ran(reader)
    assert (reader.locator("#policy-page").text_content(), text(reader.locator("article"))) == shown


def test_the_copy_button_copies_the_permanent_address_by_keyboard(reader, served):
    reader.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.base.rstrip("/"))
    reader.goto(f"{served.base}{served.releases['first']}/acme/privacy/")
    button = reader.locator(".policy-copy")
    expect(button).to_be_visible()
    button.focus()
    reader.keyboard.press("Enter")
    expect(reader.locator(".policy-copy-result")).to_have_text(words("en")["bookmark_copied"])
    assert reader.evaluate("navigator.clipboard.readText()") == f"{served.base}{served.releases['first']}/acme/privacy/"


# --- what was in force on a date ----------------------------------------------------------------------------

def as_of_cases(served):
    before = (FIRST_EFFECTIVE - datetime.timedelta(days=1)).isoformat()
    between, after = day(-100), day(400)
    first, second, latest = served.releases["first"], served.releases["second"], "latest"
    return {  # start page, asked date -> the page the reader ends on, the notice's label
        "before the first version": (f"{second}/{{p}}acme/privacy/", before, f"{second}/{{p}}acme/privacy/", "as_of_none"),
        "between versions": (f"{second}/{{p}}acme/privacy/", between, f"{first}/{{p}}acme/privacy/", "as_of_found"),
        "after the last": (f"{first}/{{p}}acme/privacy/", after, f"{second}/{{p}}acme/privacy/", "as_of_found"),
        "not a date": (f"{first}/{{p}}acme/privacy/", "2025-02-30", f"{first}/{{p}}acme/privacy/", "as_of_invalid"),
        "via latest, an earlier version": (f"{latest}/{{p}}acme/privacy/", between, f"{first}/{{p}}acme/privacy/",
                                           "as_of_found"),
        "via latest, the version it shows": (f"{latest}/{{p}}acme/privacy/", day(0), f"{second}/{{p}}acme/privacy/",
                                             "as_of_found"),
        "an upcoming version": (f"{latest}/{{p}}globex/privacy/", after, f"{served.releases['next']}/{{p}}globex/privacy/",
                                "as_of_found"),
    }


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", ["before the first version", "between versions", "after the last", "not a date",
                                  "via latest, an earlier version", "via latest, the version it shows",
                                  "an upcoming version"])
def test_as_of_takes_the_reader_to_the_version_in_force_that_day(reader, served, lang, case):
    start, asked, end, label = as_of_cases(served)[case]
    reader.goto(f"{served.base}{start.format(p=prefix(lang))}?as-of={asked}#retention")
    notice = reader.locator(".policy-as-of-notice")
    expect(notice).to_be_visible()
    landed = f"{served.base}{end.format(p=prefix(lang))}"
    if label == "as_of_found":
        assert reader.url == f"{landed}?in-force-on={asked}#retention"
    else:
        assert reader.url.split("?")[0] == landed.replace("latest/", f"{served.releases['announced']}/")
    values = {"value": asked}
    if label != "as_of_invalid":
        values["date"], values["first"] = dates(reader, lang, asked, served.days["first"])
    expect(notice).to_have_text(sentence(words(lang)[label], **values))


@pytest.mark.parametrize("lang", LANGS)
def test_as_of_never_repeats_the_text_of_the_address(reader, served, lang):
    """?as-of= comes from a link anyone can write: the site's own notice repeats no text of it (here a right-to-left
    override and a sentence), only a value shaped as a date."""
    asked = "\u202eCall +1 555 0100 now, or lose your account"
    reader.goto(f"{served.base}{served.releases['first']}/{prefix(lang)}acme/privacy/?as-of={quote(asked)}")
    notice = reader.locator(".policy-as-of-notice")
    expect(notice).to_have_text(sentence(words(lang)["as_of_invalid"], value="…"))
    assert "555" not in notice.text_content() and "\u202e" not in notice.text_content()


@pytest.mark.parametrize("lang", LANGS)
def test_the_historys_date_field_answers_and_leads_to_the_version_of_that_day(reader, served, lang):
    w = words(lang)
    reader.goto(f"{served.base}{served.releases['second']}/{prefix(lang)}acme/privacy/")
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
    reader.wait_for_url(f"{served.base}{served.releases['first']}/{prefix(lang)}acme/privacy/?in-force-on={between}")
    [asked] = dates(reader, lang, between)
    expect(reader.locator(".policy-as-of-notice")).to_have_text(sentence(w["as_of_found"], date=asked))
    expect(reader.locator("#as-of-date")).to_have_value(between)
    reader.go_back()
    reader.wait_for_url(f"{served.base}{served.releases['second']}/{prefix(lang)}acme/privacy/")


# --- the redline --------------------------------------------------------------------------------------------

def test_the_redline_opens_at_what_changed_by_link_and_keyboard_and_for_printing(reader, served):
    page_url = f"{served.base}{served.releases['second']}/acme/privacy/"
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

@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_lists_upcoming_versions(reader, served, lang):
    w = words(lang)
    reader.goto(f"{served.base}latest/{prefix(lang)}")
    upcoming = reader.locator("[data-upcoming-list]")
    expect(upcoming).to_be_visible()
    expect(upcoming.locator("li")).to_have_count(1)
    [when] = dates(reader, lang, served.days["globex_upcoming"])
    title = served.repo.record(served.releases["next"])["versions"][f"{lang}/globex/privacy"][-1]["title"]
    expect(upcoming.locator("li")).to_have_text(f"{title}: {sentence(w['upcoming_item'], date=when)} "
                                                f"{w['upcoming_changes']}")
    new = f"{served.base}{served.releases['next']}/{prefix(lang)}globex/privacy/"
    assert href(upcoming.get_by_role("link", name=title)) == new
    assert href(upcoming.get_by_role("link", name=w["upcoming_changes"])) == new + "#what-changed"
    expect(reader.locator(".policy-earlier-release")).to_have_count(0)


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_of_an_earlier_release_says_so(reader, served, lang):
    w = words(lang)
    reader.goto(f"{served.base}{served.releases['second']}/{prefix(lang)}")
    notice = reader.locator(".policy-earlier-release")
    expect(notice).to_have_text(f"{w['release_earlier']} {w['release_current_link']}")
    notice.get_by_role("link").click()
    reader.wait_for_url(f"{served.base}{served.releases['announced']}/{prefix(lang)}")
    expect(reader.locator("[data-upcoming-list]")).to_be_visible()
    expect(reader.locator(".policy-earlier-release")).to_have_count(0)


# --- comparing any two versions -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_compare_pages_data_leads_to_the_site_root(three, lang):
    """What the compare page's script builds every address on (policykit/site_chrome.py writes it)."""
    page = f"{three.releases['third']}/{prefix(lang)}acme/privacy/compare/"
    found = re.search(r'<script type="application/json" id="policy-page">(.*?)</script>', three.repo.page(
        three.releases["third"], f"{prefix(lang)}acme/privacy/compare/"))
    site_root = json.loads(found.group(1))["site_root"]
    assert posixpath.normpath(posixpath.join(page, site_root)) == ".", (
        f"from {page}, site_root {site_root!r} does not lead to the site's root")


def compare_url(site: Served, lang: str, **choice: str) -> str:
    query = "&".join(f"{k}={site.days[v]}" for k, v in choice.items())
    return f"{site.base}{site.releases['third']}/{prefix(lang)}acme/privacy/compare/" + (f"?{query}" if query else "")


def server_redline(site: Served, lang: str, old: str, new: str) -> str:
    """The build's redline of two versions' recorded texts, read from gh-pages, linked as the compare page
    links: to each version's permanent page, relative to the compare page."""
    versions = site.repo.record(site.releases["third"])["versions"][f"{lang}/acme/privacy"]
    before, after = (next(v for v in versions if v["effective_date"] == site.days[d]) for d in (old, new))
    up = "../" * len(PurePosixPath(site.releases["third"], prefix(lang), "acme/privacy/compare").parts)
    return render_html(compare(site.repo.show(before["text"]), site.repo.show(after["text"])), words(lang),
                       f"{up}{before['release']}/{before['path']}", f"{up}{after['release']}/{after['path']}",
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
        permanent = f"{three.base}{three.releases['third']}/{prefix(lang)}acme/privacy/#"
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
        tab.route("**/policy-texts/**", lambda route: route.abort())
        tab.goto(compare_url(three, "ru", **{"from": "first", "to": "third"}))
        expect(tab.locator(".policy-compare-result")).to_have_text(words("ru")["compare_failed"])


@pytest.mark.parametrize("lang", LANGS)
def test_a_policy_page_links_to_its_compare_page(browser, three, lang):
    with watched(browser, three.base) as tab:
        tab.goto(f"{three.base}{three.releases['first']}/{prefix(lang)}acme/privacy/")
        link = tab.locator(".policy-compare-link a")
        expect(link).to_be_visible()
        expect(link).to_have_text(words(lang)["compare_link"])
        expect(tab.locator(".policy-picker li")).to_have_count(3)
        link.click()
        tab.wait_for_url(f"{three.base}{three.releases['first']}/{prefix(lang)}acme/privacy/compare/")
        expect(tab.locator("#compare-from option")).to_have_count(3)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["{third}/{p}acme/privacy/compare/?from={v1}&to={v3}",
                                  "{first}/{p}acme/privacy/?in-force-on={v1}"])
def test_readable_on_a_390_pixel_wide_screen(browser, three, lang, path):
    with watched(browser, three.base, viewport={"width": 390, "height": 844}) as tab:
        tab.goto(three.base + path.format(third=three.releases["third"], first=three.releases["first"], p=prefix(lang),
                                          v1=three.days["first"], v3=three.days["third"]))
        expect(tab.locator(".policy-compare-redline, .policy-as-of-notice")).to_be_visible()
        every_state(tab)
        assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


# --- without JavaScript, and in a preview -------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_a_page_states_its_start_and_links_to_the_version_in_force(browser, served, lang):
    # `latest/`'s redirect page names no icon, so Chromium asks for /favicon.ico, which the site does not have.
    with watched(browser, served.base, console_may_err=True, java_script_enabled=False) as tab:
        tab.goto(f"{served.base}{served.releases['first']}/{prefix(lang)}acme/privacy/")
        status = tab.locator("#policy-status")
        expect(status.locator("time")).to_have_attribute("datetime", served.days["first"])
        expect(status).to_contain_text(words(lang)["status_took_effect"].split("{date}")[0])
        status.get_by_role("link", name=words(lang)["status_current_link"]).click()
        # `latest/` is a redirect page; without JavaScript its <meta refresh> leads to the release in force.
        tab.wait_for_url(f"{served.base}{served.releases['announced']}/{prefix(lang)}acme/privacy/")
        expect(tab.locator(".policy-meta time").first).to_have_attribute("datetime", served.days["acme_second"])
        tab.goto(f"{served.base}{served.releases['first']}/{prefix(lang)}acme/privacy/compare/")
        expect(tab.locator("noscript p")).to_be_visible()
        assert text(tab.locator("noscript p")) == words(lang)["compare_noscript"]


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_version_in_force_announces_the_upcoming_one(browser, served, lang):
    """The release in force is built knowing what `next` announces, so the notice is in the page itself: it is
    there without script, and nothing moves when the script fills it in."""
    w = words(lang)
    with watched(browser, served.base, java_script_enabled=False) as tab:
        tab.goto(f"{served.base}{served.releases['announced']}/{prefix(lang)}globex/privacy/")
        notice = tab.locator("[data-upcoming-notice]")
        expect(notice).to_be_visible()
        expect(notice.locator("time")).to_have_attribute("datetime", served.days["globex_upcoming"])
        expect(notice).to_contain_text(w["upcoming_notice"].split("{date}")[0])
        new = f"{served.base}{served.releases['next']}/{prefix(lang)}globex/privacy/"
        assert href(notice.get_by_role("link", name=w["upcoming_read"])) == new
        assert href(notice.get_by_role("link", name=w["upcoming_changes"])) == new + "#what-changed"
        tab.goto(f"{served.base}{served.releases['announced']}/{prefix(lang)}acme/privacy/")
        expect(tab.locator("[data-upcoming-notice]")).to_be_hidden()


@pytest.fixture(scope="module")
def preview(fixture_built):
    """The fixture site as `mkdocs build` (and `mkdocs serve`) makes it: no release, no versions.json."""
    port = free_port()
    server = serve(fixture_built.site, port)
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()


@pytest.mark.parametrize("path", ["", "ru/", "acme/privacy/", "ru/globex/privacy/", "acme/privacy/compare/"])
def test_a_preview_works_without_published_data_and_logs_no_error(browser, preview, path):
    lang = "ru" if path.startswith("ru/") else "en"
    with watched(browser, preview) as tab:  # which fails on any error in the console
        asked = []
        tab.on("request", lambda request: asked.append(request.url))
        tab.goto(preview + path, wait_until="networkidle")
        if "compare" in path:
            expect(tab.locator(".policy-compare-result")).to_have_text(words(lang)["compare_failed"])
        elif "privacy" in path:
            status = tab.locator("#policy-status")
            expect(status).to_have_attribute("data-policy-status", "in-force")
            expect(status).to_contain_text(words(lang)["status_took_effect"].split("{date}")[0])
        assert not [url for url in asked if url.endswith(("versions.json", "policies.json"))]


# --- accessibility ------------------------------------------------------------------------------------------

def every_state(tab) -> None:
    """Open what a reader may open: the picker, the redline."""
    for summary in tab.locator(".policy-picker summary, .policy-redline summary").all():
        summary.click()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["superseded, as of a date", "in force, upcoming announced", "upcoming, not a date",
                                  "home", "earlier home"])
def test_no_axe_violations_on_served_pages(reader, served, lang, kind):
    paths = {"superseded, as of a date": f"{served.releases['first']}/{{p}}acme/privacy/?in-force-on={day(-100)}",
             "in force, upcoming announced": "latest/{p}globex/privacy/",
             "upcoming, not a date": "next/{p}globex/privacy/?as-of=soon",
             "home": "latest/{p}", "earlier home": f"{served.releases['first']}/{{p}}"}
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
