"""What reaches a page's head from writers' fields, labels and the site's configuration is text, never markup:
MkDocs renders templates with autoescape off, so overrides/main.html escapes every such value. The fixture site
gets quotes, ampersands, apostrophes and line breaks (and, where the field allows them, < and >) in each of them,
shaped as an attack (a meta refresh to another site), and Chromium loads its pages."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from browser import serving
from conftest import build_site
from fixture_site import make_site

pytestmark = pytest.mark.browser

# Closes an attribute and opens a meta refresh if written into the head unescaped.
ATTACK = '" http-equiv="refresh" content="0;url=https://evil.example/" data-x="'
TEXT = f"Q {ATTACK} & 'a'\nline"  # a field's value: no < or >, which plain-text fields refuse
MARKUP = '</title><meta http-equiv="refresh" content="0;url=https://evil.example/"><script>alert(1)</script>'
# The site's name (mkdocs.yml, and each language's in static-i18n's settings) reaches Material's header and navigation
# partials, which print it unescaped in places: quotes, <, & and markup in it must stay text everywhere.
SITE_NAME = f'Q {ATTACK} & <b>bold</b> &amp; {MARKUP}'


def folded(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hostile_head(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("head") / "src")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    for key, value in (("site_name", SITE_NAME), ("site_description", TEXT)):  # both languages' (static-i18n's)
        config = re.sub(rf"^(\s*){key}: .*$", lambda m: f"{m.group(1)}{key}: {json.dumps(value)}", config, flags=re.M)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    brands = yaml.safe_load((root / "data/brands.yml").read_text(encoding="utf-8"))
    brands["acme"]["name"] = folded(TEXT)  # a registry value is one line
    (root / "data/brands.yml").write_text(yaml.safe_dump(brands, allow_unicode=True), encoding="utf-8")
    labels = yaml.safe_load((root / "data/labels.yml").read_text(encoding="utf-8"))
    for lang in ("en", "ru"):
        labels[lang]["meta_description"] = TEXT + " {title} {brand} {date}"
        labels[lang]["page_title"] = TEXT + " {title} {date}"
        labels[lang]["heading_link"] = TEXT
        policy = root / "docs" / lang / "acme" / "privacy.md"
        policy.write_text(re.sub(r"^title: .*$", lambda _: f"title: {json.dumps(TEXT)}\nsummary: {json.dumps(TEXT)}",
                                 policy.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
        (root / "docs" / lang / "index.md").write_text(
            f"---\ntitle: {json.dumps(TEXT)}\ndescription: {json.dumps(TEXT)}\n---\n\n# Home\n\nText.\n", encoding="utf-8")
    (root / "data/labels.yml").write_text(yaml.safe_dump(labels, allow_unicode=True), encoding="utf-8")
    result = build_site(root)
    assert result.returncode == 0, result.output[-3000:]
    with serving(result.site) as base:
        yield base


@pytest.mark.parametrize("path", ["", "acme/privacy/", "ru/", "ru/acme/privacy/", "globex/privacy/"])
def test_a_hostile_value_in_the_head_stays_text(browser, hostile_head, path):
    context = browser.new_context()
    tab = context.new_page()
    navigations = []
    tab.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == tab.main_frame else None)
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())  # nothing leaves the machine
    tab.goto(hostile_head + path)
    tab.wait_for_timeout(1500)  # a meta refresh of 0 s fires by then
    head = tab.evaluate("""() => ({
        url: location.href,
        title: document.title,
        refresh: document.querySelectorAll('meta[http-equiv]:not([http-equiv=Content-Security-Policy]), base').length,
        descriptions: [...document.head.querySelectorAll('meta[name=description]')].map(m => m.content),
        metas: [...document.head.querySelectorAll('meta')].map(m => m.name || m.getAttribute('charset') || m.getAttribute('property')),
        scripts: [...document.querySelectorAll('script:not([src])')].map(s => [s.type, s.textContent]),
        jsonld: [...document.head.querySelectorAll('script[type="application/ld+json"]')].map(s => JSON.parse(s.textContent)),
        names: [...document.querySelectorAll('.md-header__topic .md-ellipsis, .md-nav__title')].map(e => e.textContent),
        logos: [...document.querySelectorAll('.md-logo')].map(a => [a.title, a.getAttribute('aria-label')]),
        marked: document.querySelectorAll('body b, body meta, body title, [data-x]').length,
    })""")
    context.close()
    assert navigations == [hostile_head + path] and head["url"] == hostile_head + path, "the page stays where it is"
    assert head["refresh"] == 0 and dialogs == []
    assert len(head["descriptions"]) == 1 and folded(TEXT) in folded(head["descriptions"][0])
    assert folded(TEXT) in folded(head["title"]), "the title is the text as written"
    assert folded(SITE_NAME) in folded(head["title"]), "the site's name in the tab's title, as written"
    assert head["names"] and all(folded(SITE_NAME) in folded(name) for name in head["names"][:1]), head["names"]
    assert any(folded(SITE_NAME) == folded(name) for name in head["names"][1:]), "the navigation's title too"
    assert head["logos"] and all(title == label == SITE_NAME for title, label in head["logos"]), head["logos"]
    assert head["marked"] == 0, "nothing of the site's name became markup in the page"
    assert sorted(filter(None, head["metas"])) == sorted(["utf-8", "viewport", "description", "generator"]
                                                        + (["robots"] if "robots" in head["metas"] else []))
    assert not any("alert(" in text for _, text in head["scripts"])
    for document in head["jsonld"]:  # parsed as JSON in the page; Acme's title is the hostile one
        assert folded(TEXT) in folded(document["name"]) or "acme" not in path
