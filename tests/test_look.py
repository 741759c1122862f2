"""How the site looks to a reader of law (issue 23): each status at a glance and never by colour alone, a brand's
accent from the registry (refused, with the measured ratio and a darker shade, when it would not read on the
page), a phone's width, print, and axe-core on what changed.

A fixture site of the module's own (tests/fixture_site.py, Acme with an accent) built as a preview, and `served`
(conftest) where a text needs a permanent address and a redline. Nothing here reads the live content.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from browser import serving
from conftest import build_site
from fixture_site import BRANDS, LOGO_SIZE, make_site, write, write_logo
from policykit.contrast import SLATE_BACKGROUND, WHITE, ratio
from policykit.problems import PolicyError
from policykit.registry import load_registry

REPO = Path(__file__).resolve().parent.parent
LABELS = yaml.safe_load((REPO / "data" / "labels.yml").read_text(encoding="utf-8"))
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STATUSES = ["in-force", "superseded", "upcoming", "corrected", "withdrawn"]
ACCENT = "#7a1f5c"  # Acme's, in this module's site


# --- the registry: a brand's accent and logo ----------------------------------------------------------------------

def registry(tmp_path: Path, **fields) -> Path:
    """data/brands.yml with Acme's entry and `fields`, Acme's logo in its folder as the fixture site has it."""
    brands = {"acme": {**BRANDS["acme"], **fields}}
    path = tmp_path / "data" / "brands.yml"
    write(path, yaml.safe_dump(brands, allow_unicode=True, sort_keys=False))
    write_logo(tmp_path / "docs" / "en" / "acme" / BRANDS["acme"]["logo"])
    return path


def load(tmp_path: Path, **fields) -> dict:
    return load_registry(registry(tmp_path, **fields), ["en", "ru"], tmp_path, tmp_path / "docs")


def refusal(tmp_path: Path, **fields) -> str:
    with pytest.raises(PolicyError) as raised:
        load(tmp_path, **fields)
    return str(raised.value)


def test_a_readable_accent_is_the_brands_and_no_variable(tmp_path):
    brand = load(tmp_path, accent="#0B5394")["acme"]
    assert brand.accent == "#0b5394"
    assert "accent" not in brand.variables("en"), "a colour is never written into a text"


def test_a_light_accent_is_refused_with_its_ratio_and_a_darker_shade(tmp_path):
    message = refusal(tmp_path, accent="#f5c518")  # a yellow: 1.6:1 on white
    assert 'brand "acme": the accent colour #f5c518 is too light' in message
    assert f"{ratio('#f5c518', WHITE):.2f}:1" in message and "4.5:1" in message
    suggested = message.split('accent: "')[1][:7]
    assert ratio(suggested, WHITE) >= 4.5, "the suggested shade reads on white"
    assert suggested[1:3] <= "f5", "darker, not another colour"


@pytest.mark.parametrize("accent, says", [
    (None, "# starts a comment"),  # `accent: #0b6e4f` unquoted is an empty value in YAML
    ("blue", "six hexadecimal digits"),
    ("#12345", "six hexadecimal digits"),
])
def test_an_accent_that_is_no_colour_is_refused_with_how_to_write_it(tmp_path, accent, says):
    assert says in refusal(tmp_path, accent=accent)


@pytest.mark.parametrize("kind, suffix", [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_a_bitmap_logo_in_the_brands_folder_is_read_with_its_size(tmp_path, kind, suffix):
    write_logo(tmp_path / "docs" / "en" / "acme" / f"mark.{suffix}", (300, 100), kind)
    brand = load(tmp_path, logo=f"mark.{suffix}")["acme"]
    assert (brand.logo.address, brand.logo.width, brand.logo.height) == (f"acme/mark.{suffix}", 300, 100)
    assert "logo" not in brand.variables("en"), "a file name is never written into a text"


def _logo_line(tmp_path: Path) -> int:
    lines = (tmp_path / "data" / "brands.yml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith("logo:"))


@pytest.mark.parametrize("name, content, says", [
    ("missing.png", None, "the logo docs/en/acme/missing.png does not exist"),
    ("mark.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "is an SVG drawing"),
    ("mark.png", b"<html><script>alert(1)</script></html>", "is not a PNG, JPEG or WebP image"),
    ("mark.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "is not a PNG, JPEG or WebP image"),  # cut off
    ("mark.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "is not a PNG, JPEG or WebP image"),
    ("../globex/logo.png", None, "must name an image file in the brand's folder (docs/en/acme/)"),
])
def test_a_logo_that_is_missing_or_no_bitmap_is_refused_at_its_line(tmp_path, name, content, says):
    if content is not None:
        write_bytes = tmp_path / "docs" / "en" / "acme" / name
        write_bytes.parent.mkdir(parents=True, exist_ok=True)
        write_bytes.write_bytes(content)
    message = refusal(tmp_path, logo=name)
    assert says in message
    assert f"data/brands.yml:{_logo_line(tmp_path)}:" in message, message


def test_a_missing_logo_stops_the_build_with_the_registrys_line(fixture_root):
    (fixture_root / "docs" / "en" / "acme" / BRANDS["acme"]["logo"]).unlink()
    built = build_site(fixture_root)
    assert built.returncode != 0
    assert f"data/brands.yml:{_logo_line(fixture_root)}:" in built.output and "does not exist" in built.output
    assert "Traceback" not in built.output
    assert not (built.site / "acme" / "privacy" / "index.html").exists(), "nothing published"


# --- the module's own site ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("look") / "src")
    brands = {**BRANDS, "acme": {**BRANDS["acme"], "accent": ACCENT}}
    write(root / "data" / "brands.yml", yaml.safe_dump(brands, allow_unicode=True, sort_keys=False))
    built = build_site(root)
    assert built.returncode == 0, built.output
    with serving(built.site) as base:
        yield base, built


def test_the_brands_accent_is_written_for_its_title_block(site):
    _, built = site
    css = (built.site / "assets" / "brands.css").read_text(encoding="utf-8")
    assert f'.policy-brand[data-brand="acme"] {{ --policy-accent: {ACCENT}; }}' in css
    slate = css.split('[data-md-color-scheme="slate"] .policy-brand[data-brand="acme"] { --policy-accent: ')[1][:7]
    assert ratio(slate, SLATE_BACKGROUND) >= 4.5, "a shade of it that reads on the dark scheme"
    assert "globex" not in css, "a brand without an accent keeps the site's colour"
    dated = [p.parent.relative_to(built.site).as_posix() for p in built.site.glob("**/acme/privacy/20*/policy.txt")]
    for address in ("acme/privacy", "ru/acme/privacy", *dated):  # one design for every language, on every page
        page = built.page(address)
        block = re.search(r'<div class="policy-brand" data-brand="acme">(.*?)</div>', page)
        assert block and page.index('class="policy-brand"') < page.index('id="policy-title"'), address
        # The name said once to a screen reader: by the logo's text, not again by the name written beside it.
        logo = re.fullmatch(r'<img class="policy-brand-logo" src="([^"]+)" width="(\d+)" height="(\d+)" alt="Acme">'
                            r'<span class="policy-brand-name" aria-hidden="true">Acme</span>', block[1])
        assert logo, f"{address}: the logo, with its size and the brand's name: {block[1]}"
        assert (int(logo[2]), int(logo[3])) == LOGO_SIZE, "its room kept before it loads"
        shown = (built.site / address / logo[1]).resolve()
        assert shown.read_bytes() == (built.site / "acme" / BRANDS["acme"]["logo"]).read_bytes(), address
    globex = built.page("globex/privacy")
    assert ('<p class="policy-brand" data-brand="globex"><span class="policy-brand-name">Globex</span></p>'
            in globex), "a brand without a logo has its name alone"


@pytest.fixture
def tab(browser):
    """A tab that lets axe-core's own script in (the site's Content-Security-Policy would refuse it)."""
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def status_look(tab, status: str) -> dict:
    """What a status looks like where the page states it: the status box and a history item, set to `status`."""
    return tab.evaluate("""status => {
        const box = document.getElementById("policy-status"), item = document.querySelector("ol.policy-versions li")
        box.dataset.policyStatus = status; item.dataset.status = status
        const look = (element, pseudo) => {
            const style = getComputedStyle(element, pseudo)
            return {border: style.borderLeftColor, background: style.backgroundColor, colour: style.backgroundColor,
                    icon: style.maskImage || style.webkitMaskImage, content: style.content, display: style.display}
        }
        return {box: look(box), icon: look(box, "::before"), item: look(item, "::before"),
                text: box.textContent.trim()}
    }""", status)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_each_status_has_its_own_colour_and_icon_and_keeps_its_words(tab, site, lang):
    base, _ = site
    tab.goto(f"{base}{'' if lang == 'en' else 'ru/'}acme/privacy/", wait_until="networkidle")
    looks = {status: status_look(tab, status) for status in STATUSES}
    for part, prop in (("box", "border"), ("box", "background"), ("icon", "colour"), ("icon", "icon"),
                       ("item", "icon"), ("item", "colour")):
        values = {status: looks[status][part][prop] for status in STATUSES}
        assert len(set(values.values())) == len(STATUSES), f"every status has its own {part} {prop}: {values}"
    for status, look in looks.items():
        assert look["icon"]["display"] != "none" and look["icon"]["icon"].startswith("url("), \
            f"{status}: an icon of its own shape, not colour alone"
        assert look["item"]["icon"] == look["icon"]["icon"], f"{status}: the same icon in the history as in the box"
        assert look["text"], f"{status}: the box keeps its words"
    # Text on the tint stays readable, whatever the status (computed colours are rgb(…)).
    text = _hex(tab.evaluate("getComputedStyle(document.getElementById('policy-status')).color"))
    for status, look in looks.items():
        assert ratio(text, _hex(look["box"]["background"])) >= 4.5, status
        assert ratio(_hex(look["icon"]["colour"]), _hex(look["box"]["background"])) >= 3, f"{status}: the icon shows"


def _hex(css: str) -> str:
    """rgb(…) or rgba(…) on white, as #rrggbb."""
    parts = [float(p) for p in css[css.index("(") + 1:-1].replace("/", ",").replace(" ", ",").split(",") if p]
    r, g, b = parts[:3]
    alpha = parts[3] if len(parts) > 3 else 1
    return "#" + "".join(f"{round(c * alpha + 255 * (1 - alpha)):02x}" for c in (r, g, b))


@pytest.mark.browser
def test_the_home_tables_status_has_its_colour_and_icon_beside_its_name(tab, site):
    base, _ = site
    tab.goto(base, wait_until="networkidle")
    cell = tab.locator('[id^="home-status-in-force-acme-"]')
    expect(cell).to_have_text(LABELS["en"]["status_names"]["in-force"])
    look = cell.evaluate("c => [getComputedStyle(c).color, getComputedStyle(c, '::before').maskImage]")
    assert look[1].startswith("url("), "an icon, not colour alone"
    assert ratio(_hex(look[0]), WHITE) >= 4.5
    assert tab.title() == "Privacy policies", "the home tab names the site once"


@pytest.mark.browser
def test_the_title_block_is_in_the_brands_accent(tab, site):
    base, _ = site
    for brand, colour in (("acme", ACCENT), ("globex", None)):
        tab.goto(f"{base}{brand}/privacy/", wait_until="networkidle")
        block = tab.locator(".policy-brand")
        expect(block).to_have_text(BRANDS[brand]["name"])
        shown = _hex(block.evaluate("b => getComputedStyle(b).color"))
        if colour:
            assert shown == colour
        else:
            assert shown != ACCENT, "another brand keeps the site's colour"
        assert ratio(shown, WHITE) >= 4.5


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_logo_shows_in_both_colour_schemes_at_its_own_proportions(tab, site, scheme):
    base, _ = site
    for prefix in ("", "ru/"):
        tab.goto(f"{base}{prefix}acme/privacy/", wait_until="networkidle")
        tab.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        logo = tab.locator(".policy-brand .policy-brand-logo")
        expect(logo).to_be_visible()
        expect(logo).to_have_attribute("alt", BRANDS["acme"]["name"])
        shown = logo.evaluate("""i => { const s = getComputedStyle(i)
            return {loaded: i.complete && i.naturalWidth, width: parseFloat(s.width), height: parseFloat(s.height),
                    backdrop: s.backgroundColor} }""")
        assert shown["loaded"] == LOGO_SIZE[0], "the image itself, loaded from the site"
        assert abs(shown["width"] / shown["height"] - LOGO_SIZE[0] / LOGO_SIZE[1]) < 0.02, "not stretched"
        assert 30 <= shown["height"] <= 48, "the height of a line or two, not the image's own"
        if scheme == "slate":  # a logo drawn for white stays readable on the dark page
            assert _hex(shown["backdrop"]) == "#ffffff"
        block = tab.locator(".policy-brand").bounding_box()
        title = tab.locator("#policy-title").bounding_box()
        assert block["y"] + block["height"] <= title["y"], "above the title"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "ru/", "acme/privacy/", "ru/acme/privacy/", "globex/privacy/compare/"])
def test_nothing_overflows_a_phones_width_and_the_site_name_is_whole(browser, site, path):
    base, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    tab = context.new_page()
    tab.goto(base + path, wait_until="networkidle")
    assert tab.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), "no sideways scrolling"
    name = tab.locator(".md-header__title .md-header__topic:first-child .md-ellipsis")
    assert name.evaluate("n => n.scrollWidth <= n.clientWidth && n.scrollHeight <= n.clientHeight + 1"), \
        "the site's name is not cut off"
    box, header = name.bounding_box(), tab.locator(".md-header").bounding_box()
    assert box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"], "inside the header"
    h1 = tab.locator("h1").first
    assert h1.evaluate("h => parseFloat(getComputedStyle(h).fontSize)") <= 26, "a title in a phone's size"
    context.close()


@pytest.mark.browser
def test_the_sidebar_names_the_site_once_and_there_is_no_previous_next_footer(tab, site):
    base, _ = site
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(f"{base}acme/privacy/", wait_until="networkidle")
    sidebar = tab.locator(".md-sidebar--primary").inner_text()
    assert sidebar.count("Privacy policies") == 1, sidebar
    assert tab.locator(".md-footer__link").count() == 0, "no Previous/Next from one brand's policy to another's"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "ru/", "acme/privacy/", "ru/globex/privacy/"])
def test_axe_finds_nothing_on_each_status(tab, site, path):
    base, _ = site
    tab.goto(base + path, wait_until="networkidle")
    tab.wait_for_timeout(300)
    tab.add_script_tag(path=str(AXE))
    for status in STATUSES if "privacy" in path else [None]:
        if status:
            status_look(tab, status)
            tab.evaluate("document.querySelector('.policy-picker').open = true")
        result = tab.evaluate("axe.run(document, {runOnly: {type: 'tag', values: %s}})" % WCAG)
        found = [f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})" for v in result["violations"]]
        assert found == [], status


# --- print: on a published text with a redline -----------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_print_shows_the_address_once_the_day_and_the_redline_and_no_control(browser, served, lang):
    context = browser.new_context(java_script_enabled=True)
    tab = context.new_page()
    prefix = "" if lang == "en" else "ru/"
    tab.goto(f"{served.base}{prefix}acme/privacy/", wait_until="networkidle")
    tab.evaluate("dispatchEvent(new Event('beforeprint'))")
    tab.evaluate("document.getElementById('what-changed').open = false")  # open by CSS alone, not by the script
    tab.emulate_media(media="print")
    expect(tab.locator(".redline-change").first).to_be_visible()
    for control in (".policy-copy", ".policy-picker", ".policy-as-of", ".policy-compare-link", ".policy-bookmark",
                    '.policy-meta a[href="#what-changed"]', ".policy-meta-sep"):
        for element in tab.locator(control).all():
            expect(element).to_be_hidden()
    url = tab.locator(".policy-permalink a, .policy-permalink").first.inner_text()
    address = url.split(": ", 1)[1].strip()
    visible = tab.evaluate("document.body.innerText")
    assert visible.count(address) == 1, "the permanent address printed once"
    printed = tab.locator(".policy-printed")
    expect(printed).to_be_visible()
    assert printed.locator("time").get_attribute("datetime") == tab.evaluate(
        "(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]"
        ".map(n => String(n).padStart(2, '0')).join('-') })()"), "the reader's own day"
    assert LABELS[lang]["bookmark_printed_on"].split("{date}")[0].strip() in printed.inner_text()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("script", [True, False])
def test_arriving_at_what_changed_the_redline_is_open_and_closes_when_the_reader_closes_it(browser, served, script):
    context = browser.new_context(java_script_enabled=script)
    tab = context.new_page()
    tab.goto(f"{served.base}acme/privacy/#what-changed", wait_until="networkidle")
    change = tab.locator(".redline-change").first
    expect(change).to_be_visible()
    if script:
        expect(tab.locator("#what-changed")).to_have_attribute("open", "")
        assert "policy-at-what-changed" not in tab.evaluate("document.documentElement.className"), "the mark lifted"
        tab.locator("#what-changed > summary").click()
        expect(change).to_be_hidden()
    context.close()


@pytest.mark.browser
def test_the_redline_prints_open_without_script(browser, served):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{served.base}acme/privacy/", wait_until="networkidle")
    assert tab.locator("details.policy-redline").get_attribute("open") is None, "closed on the screen"
    tab.emulate_media(media="print")
    expect(tab.locator(".redline-change").first).to_be_visible()
    expect(tab.locator(".policy-printed")).to_be_hidden()  # no script: no day, and no empty line
    context.close()


# --- PDF of each dated page ---------------------------------------------------------------------------------------

def _words(text: str) -> str:
    return " ".join(text.split())


def _pdfa_identification(reader) -> tuple[str, str] | None:
    """The PDF/A part and conformance level its XMP metadata declares (pdfaid:part, pdfaid:conformance, as
    attributes or elements of an rdf:Description), or None."""
    from xml.etree import ElementTree

    pdfaid = "{http://www.aiim.org/pdfa/ns/id/}"
    metadata = reader.trailer["/Root"].get("/Metadata")
    if metadata is None:
        return None
    xmp = ElementTree.fromstring(metadata.get_object().get_data())
    found = {}
    for element in xmp.iter():
        for name in ("part", "conformance"):
            if (value := element.get(pdfaid + name)) is not None:
                found[name] = value
        if element.tag.startswith(pdfaid):
            found[element.tag[len(pdfaid):]] = (element.text or "").strip()
    return (found["part"], found["conformance"]) if {"part", "conformance"} <= found.keys() else None


def test_each_texts_pdf_is_pdfa_carries_its_recorded_text_and_is_reproducible(site, tmp_path):
    import io

    from pypdf import PdfReader

    from policykit.pdf import page_pdf

    _, built = site
    again = build_site(built.site.parent, site=tmp_path / "again")  # the same sources built a second time
    assert again.returncode == 0, again.output
    dated = sorted(p.parent for p in built.site.glob("**/privacy/20*/policy.txt"))
    assert len(dated) == 4, "each brand's text in each language"
    for folder in dated:
        path = folder.relative_to(built.site).as_posix() + "/"
        pdf = page_pdf(built.site, path)
        assert pdf == page_pdf(again.site, path), f"{path}: the same bytes from another build"
        reader = PdfReader(io.BytesIO(pdf))
        assert "/CreationDate" not in reader.metadata and "/ModDate" not in reader.metadata
        assert _pdfa_identification(reader) == ("2", "B"), f"{path}: identified as PDF/A-2b in its XMP metadata"
        logos = [image.image.size for image in reader.pages[0].images]
        assert logos == ([LOGO_SIZE] if path.split("/")[-4] == "acme" else []), f"{path}: its brand's logo, read"
        intents = reader.trailer["/Root"]["/OutputIntents"]
        assert [intent.get_object()["/S"] for intent in intents] == ["/GTS_PDFA1"], "its colours defined for PDF/A"
        printed = _words(" ".join(page.extract_text() for page in reader.pages))
        recorded = (folder / "policy.txt").read_text(encoding="utf-8")
        for line in recorded.splitlines():
            block = _words(re.sub(r"^(#+|-|\d+\.) ", "", line))
            assert block in printed, f"{path}: {block!r} is in its PDF"
