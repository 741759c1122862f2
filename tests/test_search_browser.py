"""Search as a reader uses it (issue 21 item 3, issue 23 item 8), in Chromium on a published fixture site: the index
is fetched when the reader searches, not with the page; results come from the text in force first, and earlier and
upcoming texts are found too, each marked with its status and dates; a word in Latin letters is found in its
singular and plural alike, on Russian pages («файлы cookie») as on English ones.

The site is the fixture's (tests/fixture_site.py) with sentences of this module's own, published three times:
Acme's first text (with a sentence its second text drops) superseded by its second, Globex's second text announced
ahead of its date. Nothing here reads the live content."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

from browser import export_branch, free_port, serve
from conftest import REPO
from fixture_site import FIRST_EFFECTIVE, make_site, new_version, policy_file
from gitrepo import day, make_repo

pytestmark = pytest.mark.browser
LABELS = yaml.safe_load((REPO / "data" / "labels.yml").read_text(encoding="utf-8"))

# Sentences this module adds to the fixture's policies, after their section on children.
ADDED = {
    ("acme", "en"): "We keep cookies for a year. Our newsletter archive is public.",
    ("acme", "ru"): "Оператор хранит cookies не дольше года. Архив рассылки Оператора открыт.",
    ("globex", "en"): "The service sets one cookie. It names its partner companies.",
    ("globex", "ru"): "Сервис использует один файл cookie. Оператор называет свои партнёрские компании.",
}
# In Acme's first text only: its second drops it.
DROPPED = {"en": "Our newsletter archive is public.", "ru": "Архив рассылки Оператора открыт."}
# In Globex's upcoming text only.
UPCOMING = {"en": "Analytics partners are listed on request.", "ru": "Список партнёров по аналитике выдаётся по запросу."}


def with_sentences(root: Path) -> Path:
    make_site(root)
    for (brand, lang), sentence in ADDED.items():
        path = policy_file(root, lang, brand)
        path.write_text(path.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    return root


def change(root: Path, lang: str, brand: str, old: str, new: str) -> None:
    path = policy_file(root, lang, brand)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    repo = make_repo(folder / "repo", site=with_sentences)
    first, second, announced = day(-60), day(-30), day(-5)
    upcoming = datetime.date.today() + datetime.timedelta(days=10)
    results = [repo.publish("--date", first, site_url=base)]
    new_version(repo.root, "acme", datetime.date.fromisoformat(second))
    for lang in ("en", "ru"):
        change(repo.root, lang, "acme", " " + DROPPED[lang], "")
    repo.commit("Acme: logs kept 5 years, no newsletter archive")
    results.append(repo.publish("--date", second, site_url=base))
    new_version(repo.root, "globex", upcoming)
    for lang in ("en", "ru"):
        change(repo.root, lang, "globex", ADDED[("globex", lang)], f"{ADDED[('globex', lang)]} {UPCOMING[lang]}")
    repo.commit("Globex: logs kept 5 years, analytics partners, from a later day")
    results.append(repo.publish("--date", announced, site_url=base))
    for result in results:
        assert result.returncode == 0, result.stdout + result.stderr
    server = serve(export_branch(repo.root, "gh-pages", folder / "pages"), port)
    yield base, {"first": FIRST_EFFECTIVE.isoformat(), "second": second, "upcoming": upcoming.isoformat()}
    server.shutdown()


@pytest.fixture
def tab(browser):
    context = browser.new_context()
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def search(tab, query: str) -> list[dict]:
    """Type a query as a reader does; the results: each page's address and the marks shown with it."""
    field = tab.locator("input.md-search__input")
    if not field.evaluate("f => f === document.activeElement"):
        tab.keyboard.press("s")  # Material's shortcut focuses the search field
    # Material empties the list when a result arrives: a stale item of ours says it has not yet.
    tab.evaluate("document.querySelector('.md-search-result__list').append(Object.assign("
                 "document.createElement('li'), {id: 'stale-result'}))")
    field.fill(query)
    field.press("End")  # Material reads the query on keyup
    tab.locator("#stale-result").wait_for(state="detached")
    return tab.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(item => ({
        href: item.querySelector('a').getAttribute('href').split('?')[0],
        marks: [...item.querySelector('a').querySelectorAll('.md-tag')].map(tag => tag.textContent.trim())}))""")


def opened(tab, base: str, lang: str, path: str = "") -> str:
    """The language's page at `path` opened in the tab until the network is idle; the language's address prefix."""
    prefix = "ru/" if lang == "ru" else ""
    tab.goto(f"{base}{prefix}{path}", wait_until="networkidle")
    return prefix


def addresses(results: list[dict], base: str) -> list[str]:
    return [r["href"].removeprefix(base) for r in results]


@pytest.mark.parametrize("path", ["", "acme/privacy/", "ru/globex/privacy/"])
def test_a_page_view_fetches_no_search_index_until_the_reader_searches(tab, site, path):
    base, _ = site
    tab.goto(base + path, wait_until="networkidle")
    index = [url for url in tab.requests if "/search/" in url and not url.endswith("search_index.json")]
    assert index == [], "no page file of the index before a search"
    assert not [url for url in tab.requests if "/lunr/" in url], "nor lunr's language files"
    lang = "ru" if path.startswith("ru/") else "en"
    results = search(tab, "Acme")
    assert results, "the search finds pages once the reader types"
    assert any(url.endswith(f"/search/shards-{lang}.json") for url in tab.requests)
    fetched = [url for url in tab.requests if "/search/pages/" in url]
    assert fetched and all(("/search/pages/ru/" in url) == (lang == "ru") for url in fetched), \
        "only the page's language's files"


@pytest.mark.parametrize("path", ["acme/privacy/", "ru/globex/privacy/", "acme/privacy/{first}/"])
def test_a_policy_page_fetches_its_own_policys_data_only(tab, site, path):
    """Its versions.json, never the whole site's policies.json (which grows with every brand)."""
    base, days = site
    tab.goto(base + path.format(**days), wait_until="networkidle")
    data = [url.removeprefix(base) for url in tab.requests if url.endswith(".json")]
    policy = path.split("/privacy/")[0] + "/privacy/"
    assert f"{policy}versions.json" in data and not [url for url in data if url.endswith("policies.json")], data


def test_while_the_first_search_loads_its_index_it_says_so(tab, site):
    base, _ = site
    held = []
    tab.route("**/search/shards-en.json", lambda route: held.append(route))  # answered when the test says
    served = tab.goto(f"{base}acme/privacy/", wait_until="networkidle").text()
    # The theme's words for a search that is not ready, as the page was served.
    loading = re.search(r'class="md-search-result__meta">\s*([^<]*?)\s*<', served).group(1)
    meta = tab.locator(".md-search-result__meta")
    assert loading and meta.text_content().strip() != loading, "Material says a reader may type"
    tab.keyboard.press("s")
    tab.keyboard.type("Acme")
    tab.wait_for_timeout(300)
    assert held, "the first query asks for the index"
    assert meta.text_content().strip() == loading, "not \"Type to start searching\" after the reader typed"
    held[0].continue_()
    tab.locator(".md-search-result__item").first.wait_for()
    assert meta.text_content().strip() != loading


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_text_in_force_comes_first_and_the_earlier_text_is_found_marked(tab, site, lang):
    base, days = site
    prefix = opened(tab, base, lang, "acme/privacy/")
    labels = LABELS[lang]
    results = search(tab, ADDED[("acme", lang)].split(".")[0])  # in both of Acme's texts
    found = addresses(results, base)
    assert f"{prefix}acme/privacy/" in found and f"{prefix}acme/privacy/{days['first']}/" in found, found
    assert found.index(f"{prefix}acme/privacy/") < found.index(f"{prefix}acme/privacy/{days['first']}/")
    first_in_force = [i for i, r in enumerate(results) if not r["marks"]]
    marked = [i for i, r in enumerate(results) if r["marks"]]
    assert max(first_in_force) < min(marked), "every text in force before every other text"
    earlier = results[found.index(f"{prefix}acme/privacy/{days['first']}/")]
    assert earlier["marks"][0] == labels["status_names"]["superseded"]
    assert days["first"][:4] in earlier["marks"][1] and days["second"][:4] in earlier["marks"][1]
    assert f"{prefix}acme/privacy/{days['second']}/" not in found, "the text in force is found at its policy's address"


# A word only Acme's first text has, and one only Globex's upcoming text has.
ONLY_EARLIER = {"en": "newsletter", "ru": "рассылки"}
ONLY_UPCOMING = {"en": "analytics", "ru": "аналитика"}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_word_only_an_earlier_or_upcoming_text_has_is_found_with_its_status(tab, site, lang):
    base, days = site
    prefix = opened(tab, base, lang)
    labels = LABELS[lang]
    assert ONLY_EARLIER[lang] in DROPPED[lang].lower() and ONLY_UPCOMING[lang][:-1] in UPCOMING[lang].lower()
    earlier = search(tab, ONLY_EARLIER[lang])
    assert addresses(earlier, base) == [f"{prefix}acme/privacy/{days['first']}/"], earlier
    assert earlier[0]["marks"][0] == labels["status_names"]["superseded"]
    upcoming = search(tab, ONLY_UPCOMING[lang])
    assert addresses(upcoming, base) == [f"{prefix}globex/privacy/{days['upcoming']}/"], upcoming
    assert upcoming[0]["marks"][0] == labels["status_names"]["upcoming"]
    assert days["upcoming"][:4] in upcoming[0]["marks"][1]


# Latin words in either form find both forms, in every language (the table of cases): query, the brands found.
LATIN = [
    ("en", "cookies", {"acme", "globex"}),  # the texts say "cookies" (Acme) and "cookie" (Globex)
    ("en", "cookie", {"acme", "globex"}),
    ("en", "company", {"globex"}),  # "companies"
    ("ru", "cookies", {"acme", "globex"}),  # «cookies» (Acme), «файл cookie» (Globex)
    ("ru", "cookie", {"acme", "globex"}),
    ("ru", "Cookies", {"acme", "globex"}),
    ("ru", "партнёрская", {"globex"}),  # «партнёрские»: a Russian word by its stem
]


@pytest.mark.parametrize("lang,query,brands", LATIN)
def test_a_word_is_found_in_its_other_forms(tab, site, lang, query, brands):
    base, _ = site
    prefix = opened(tab, base, lang)
    found = addresses(search(tab, query), base)
    policies = {address.removeprefix(prefix).split("/")[0] for address in found if not any(
        part[:1].isdigit() for part in address.split("/"))}
    assert policies == brands, found
    assert all(address.startswith(prefix) and ("/ru/" not in f"/{address}") == (lang == "en") for address in found)
