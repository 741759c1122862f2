"""The repository's own content, built as a reader gets it. Every expectation is derived from the sources
(the registry, each file's front matter, the labels), so a writer's new version or new brand keeps these green."""

from __future__ import annotations

import html as html_module
import json
import re
from pathlib import Path

import pytest

from htmltext import loaded_urls, visible_text
from policykit.content import fields_used, load_content, site_languages
from policykit.expansion import INCLUDE, VARIABLE
from policykit.labels import long_date
from policykit.registry import unused_field_problems

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = site_languages(REPO)
CONTENT = load_content(REPO, LANGUAGES)
assert not CONTENT.problems, CONTENT.problems
POLICIES = [(p.lang, p.key) for p in CONTENT.policies]


def prefix(lang: str) -> str:
    return "" if lang == LANGUAGES[0] else f"{lang}/"


def policy(lang: str, key: str):
    return CONTENT.policy(lang, key)


def in_force(built, lang: str, key: str) -> dict:
    """What the built site's policies.json records of the text a policy's own page shows."""
    record = json.loads((built.site / "policies.json").read_text(encoding="utf-8"))
    entry = next(e for e in record["policies"] if (e["language"], f'{e["brand"]}/{e["document"]}') == (lang, key))
    return next(v for v in entry["versions"] if v["slug"] == entry["in_force"])


def variables_used(item) -> set[str]:
    """The registry fields a policy's text uses, in its own file and in the clauses it includes."""
    texts = [item.source.body]
    for line in item.source.body.splitlines():
        if include := INCLUDE.match(line):
            texts.append((REPO / "clauses" / include.group("target")).read_text(encoding="utf-8"))
    return {match.group(1) for text in texts for match in VARIABLE.finditer(text)}


def test_every_policy_of_the_registry_is_published_in_every_language_and_nothing_else(real_built):
    site = real_built.site
    brand_pages = {p.parent.relative_to(site).as_posix() for lang in LANGUAGES
                   for p in (site / prefix(lang)).glob("*/*/index.html") if p.parts[-3] in CONTENT.brands}
    assert brand_pages == {f"{prefix(lang)}{key}" for lang, key in POLICIES}
    assert {key.split("/")[0] for _, key in POLICIES} == set(CONTENT.brands)
    assert {lang for lang, _ in POLICIES} == set(LANGUAGES)


@pytest.mark.parametrize("lang,key", POLICIES)
def test_a_policy_shows_its_title_then_its_effective_date(real_built, lang, key):
    source = policy(lang, key).source
    text = visible_text(real_built.page(f"{prefix(lang)}{key}"))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    labels = CONTENT.labels[lang]
    # The brand's title block, then the title, then the date and what it is.
    assert lines[0].casefold() == policy(lang, key).brand.name.casefold() and lines[1] == source.title
    said = "date_basis_published" if source.meta.get("date_basis") == "published" else "effective_date"
    assert labels[said].format(date=long_date(source.effective_date, labels)) in lines[2]


@pytest.mark.parametrize("lang,key", POLICIES)
def test_every_registry_fact_a_policy_uses_is_on_its_page(real_built, lang, key):
    item = policy(lang, key)
    text = visible_text(real_built.page(f"{prefix(lang)}{key}")).replace("\u00a0", " ")
    values = item.brand.variables(lang)
    for name in variables_used(item):
        assert values[name] in text, f"{name} of {item.brand.slug} is missing from the {lang} page"


@pytest.mark.parametrize("lang,key", POLICIES)
def test_no_template_markup_or_front_matter_reaches_a_reader(real_built, lang, key):
    html = real_built.page(f"{prefix(lang)}{key}")
    text = visible_text(html)
    assert not re.search(r"\{\{|\}\}|\{%|%\}|--8<--|8<", text)
    assert "effective_date" not in text and "party:" not in text


@pytest.mark.parametrize("lang,key", POLICIES)
def test_writers_notes_never_reach_a_reader(real_built, lang, key):
    source = policy(lang, key).source
    notes = re.findall(r"<!--(.*?)-->", source.path.read_text(encoding="utf-8"), re.S)
    html = real_built.page(f"{prefix(lang)}{key}")
    text = in_force(real_built, lang, key)
    recorded = (real_built.site / text["text"]).read_text(encoding="utf-8")
    markdown = (real_built.site / text["markdown"]).read_text(encoding="utf-8")
    for note in notes:
        words = " ".join(note.split()[:6])
        assert words not in html and words not in recorded and words not in markdown, words
    assert "<!--" not in html.split('<article', 1)[1].split("</article>")[0]


@pytest.mark.parametrize("lang,key", POLICIES)
def test_a_translation_names_the_governing_text_and_the_original_does_not_call_itself_one(real_built, lang, key):
    item = policy(lang, key)
    html = real_built.page(f"{prefix(lang)}{key}")
    governing = item.brand.governing_language
    labels = CONTENT.labels[lang]
    notice = re.search(r'<p class="policy-notice policy-translation">(.*?)</p>', html, re.S)
    if lang == governing:
        assert notice is None
        return
    language = labels["languages"][governing]
    assert labels["translation_notice"].format(language=language) in notice.group(1)
    href = re.search(r'href="([^"]+)" hreflang="([a-z]+)"', notice.group(1))
    assert href.group(2) == governing
    target = (real_built.site / prefix(lang) / key / href.group(1)).resolve()
    assert target == (real_built.site / prefix(governing) / key).resolve()


def test_the_governing_texts_are_the_originals_named_by_the_registry(real_built):
    """The site's translations never govern: a policy's governing text exists in the registry's language, and
    every page in another language says it is a translation of it."""
    for lang, key in POLICIES:
        brand = policy(lang, key).brand
        assert brand.governing_language in LANGUAGES
        assert policy(brand.governing_language, key) is not None
        assert not policy(brand.governing_language, key).source.pending_translation


def test_russian_pages_are_russian_with_their_typography(real_built):
    for lang, key in POLICIES:
        if lang != "ru":
            continue
        text = visible_text(real_built.page(f"ru/{key}"))
        assert len(re.findall(r"[а-яА-ЯёЁ]", text)) > 5 * len(re.findall(r"[a-zA-Z]", text)), key
        assert not re.search(r"№ \d|\d (?:лет|года?|дней|дня)\b", text), f"no-break spaces missing in ru/{key}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_lists_every_policy_with_its_effective_date(real_built, lang):
    html = real_built.page(prefix(lang))
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td><a href=\"([^\"]+)\">(.*?)</a></td>\s*<td>(.*?)</td>", html, re.S)
    listed = {href.rstrip("/"): (name, title, date) for name, href, title, date in rows}
    labels = CONTENT.labels[lang]
    for item in (p for p in CONTENT.policies if p.lang == lang):
        name, title, date = listed[item.key]
        assert name == item.brand.name and title == item.source.title
        assert long_date(item.source.effective_date, labels) in html_module.unescape(date)


@pytest.mark.parametrize("lang,key", POLICIES)
def test_section_anchors_are_readable_and_unique(real_built, lang, key):
    html = real_built.page(f"{prefix(lang)}{key}")
    article = html.split("<article", 1)[1].split("</article>")[0]
    ids = re.findall(r'<h[2-6] id="([^"]+)"', article)
    assert ids and len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", anchor) for anchor in ids), ids
    assert not [anchor for anchor in ids if re.fullmatch(r"\d+|_\d+", anchor)], "no bare numbers"


@pytest.mark.parametrize("lang,key", POLICIES)
def test_each_policy_page_says_what_it_is_to_machines(real_built, lang, key):
    source = policy(lang, key).source
    html = real_built.page(f"{prefix(lang)}{key}")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert (data["name"], data["inLanguage"], data["version"]) == (source.title, lang, source.effective_date.isoformat())
    assert data["publisher"]["name"] == policy(lang, key).brand.name
    text = in_force(real_built, lang, key)
    assert text["effective_date"] == source.effective_date.isoformat() and text["title"] == source.title


def test_no_page_loads_anything_from_another_origin_and_each_has_a_content_security_policy(real_built):
    pages = list(real_built.site.glob("**/*.html"))
    assert len(pages) >= 2 * len(POLICIES)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for url in loaded_urls(html):
            assert not re.match(r"^(https?:)?//", url), f"{page.relative_to(real_built.site)} loads {url}"
        if "<head" in html and "url=" not in html[:600]:
            assert 'http-equiv="Content-Security-Policy"' in html, page
    for css in real_built.site.glob("**/*.css"):
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css.name


def contact_fields(lang: str) -> set[str]:
    """The kinds of contact detail a page can show: one shared clause each, clauses/<lang>/contact-<field>.md."""
    return {path.stem.removeprefix("contact-") for path in (REPO / "clauses" / lang).glob("contact-*.md")}


@pytest.mark.parametrize("lang,key", POLICIES)
def test_every_contact_detail_of_the_registry_is_on_the_page_under_the_brands_contact_details(real_built, lang, key):
    item = policy(lang, key)
    values = item.brand.variables(lang)
    has = sorted(contact_fields(lang) & set(values))
    includes = [m.group("target") for line in item.source.body.splitlines() if (m := INCLUDE.match(line))]
    html = real_built.page(f"{prefix(lang)}{key}")
    article = html.split("<article", 1)[1].split("</article>")[0]
    if not has:
        assert not [target for target in includes if "contact" in target] and 'id="contact-details"' not in article
        return
    assert sorted(t for t in includes if "contact" in t) == sorted([f"{lang}/contacts.md",
                                                                    *(f"{lang}/contact-{f}.md" for f in has)])
    heading, block = article.split('id="contact-details"', 1)[1].split("</h2>", 1)
    clause = (REPO / "clauses" / lang / "contacts.md").read_text(encoding="utf-8")
    words = VARIABLE.sub(lambda m: values[m.group(1)], clause).lstrip("# ").split("{#")[0].strip()
    assert re.sub(r"<[^>]+>|¶", "", heading.split(">", 1)[1]).replace("\u00a0", " ").strip() == words
    block = re.sub(r"<[^>]+>", " ", block).replace("\u00a0", " ").replace("&nbsp;", " ")
    for field in has:
        assert values[field] in block, f"{field} of {item.brand.slug} missing from its {lang} contact details"


def test_every_registry_fact_is_stated_by_some_page_of_its_brand():
    """A fact no page uses has no source on this site (policy check reports it to writers)."""
    assert unused_field_problems(CONTENT.paths.registry, REPO, CONTENT.brands, fields_used(CONTENT)) == []


AUDIT = (REPO / "content" / "AUDIT.md").read_text(encoding="utf-8")
GAP_NOTE = re.compile(r"<!--\s*Writers: gap in the source:.*?-->", re.S)


def audit_records_supplied_words(brand) -> bool:
    """Whether content/AUDIT.md lists words supplied for gaps in this brand's source ("None." if not)."""
    section = AUDIT.split(f"\n## {brand.name} (", 1)[1].split("\n## ", 1)[0]
    listed = section.split("### Words supplied for gaps", 1)[1].split("\n### ", 1)[0].strip()
    return not listed.startswith("None")


@pytest.mark.parametrize("lang,key", POLICIES)
def test_supplied_words_are_in_brackets_under_the_notice_where_the_audit_records_them(real_built, lang, key):
    item = policy(lang, key)
    body = item.source.body
    includes = [m.group("target") for line in body.splitlines() if (m := INCLUDE.match(line))]
    notice = (REPO / "clauses" / lang / "supplied-words.md").read_text(encoding="utf-8").strip()
    shown = notice.strip("*").replace("\\[", "[").replace("\\]", "]")
    text = visible_text(real_built.page(f"{prefix(lang)}{key}")).replace("\u00a0", " ")
    if not audit_records_supplied_words(item.brand):
        assert f"{lang}/supplied-words.md" not in includes and "\\[" not in body and shown not in text
        return
    assert includes[0] == f"{lang}/supplied-words.md", "the notice comes first"
    assert shown in text
    gaps = list(GAP_NOTE.finditer(body))
    assert gaps, "each gap has its writers' note"
    for gap in gaps:
        after = body[gap.end():]
        stretch = re.split(r"<!--|\n#", after, maxsplit=1)[0]  # up to the next note or heading
        assert "\\[" in stretch, f"no bracketed words after the note at: {gap.group()[:80]}"
    supplied = re.findall(r"\\\[(.+?)\\\]", body)
    for words in supplied:
        filled = VARIABLE.sub(lambda m: item.brand.variables(lang)[m.group(1)], words)
        assert f"[{filled}]" in text


def audit_date_bases() -> dict[str, str]:
    """Each policy's date basis as content/AUDIT.md records it ("stated" or "published"), by its English file."""
    audit = (REPO / "content" / "AUDIT.md").read_text(encoding="utf-8")
    section = audit.split("## Dates and contacts", 1)[1].split("\n## ", 1)[0]
    bases = {}
    for row in section.splitlines():
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if len(cells) >= 3 and (file := re.search(r"`(docs/[^`]+\.md)`", cells[0])):
            bases[file.group(1)] = "published" if cells[2].startswith("first published here") else "stated"
    return bases


@pytest.mark.parametrize("lang,key", POLICIES)
def test_a_date_no_source_states_is_said_to_be_the_day_of_publication_here(real_built, lang, key):
    source = policy(lang, key).source
    basis = source.meta.get("date_basis", "stated")
    assert audit_date_bases()[f"docs/{LANGUAGES[0]}/{key}.md"] == basis, "AUDIT and the front matter disagree"
    labels = CONTENT.labels[lang]
    page = visible_text(real_built.page(f"{prefix(lang)}{key}")).replace("\u00a0", " ")
    published = labels["date_basis_published"].format(date=long_date(source.effective_date, labels)).replace("\u00a0", " ")
    stated = labels["effective_date"].format(date=long_date(source.effective_date, labels)).replace("\u00a0", " ")
    assert (published in page) == (basis == "published") and (stated in page) == (basis == "stated")
    html = real_built.page(f"{prefix(lang)}{key}")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ("datePublished" in data) == (basis == "published")
    assert in_force(real_built, lang, key)["date_basis"] == basis
