"""The Content-Security-Policy of every page: what it allows, the hashes of the page's own scripts, and, in
Chromium, that the real site works under it (zero violations, search included) while an injected script
does not run."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from browser import free_port, serve
from policykit.content_security import add_policy, inline_script_hashes, policy_for

REPO = Path(__file__).resolve().parent.parent
PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>A page</title>
    <script>{head_script}</script>
  </head>
  <body>
    {body}
    <script id="__config" type="application/json">{{"base": "."}}</script>
    <script type="application/ld+json">{{"@type": "WebPage"}}</script>
    <script src="assets/bundle.js"></script>
  </body>
</html>
"""


def page(head_script: str = "window.ran = ['head']", body: str = "") -> str:
    return PAGE.format(head_script=head_script, body=body)


def csp_hash(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def directives(html: str) -> dict[str, list[str]]:
    start = html.index('content="', html.index('http-equiv="Content-Security-Policy"')) + len('content="')
    text = html[start:html.index('"', start)]
    return {name: sources for name, *sources in (part.split() for part in text.split("; "))}


# --- the policy -----------------------------------------------------------------------------------------------

def test_the_policy_follows_meta_charset_and_allows_only_the_site():
    html = add_policy(page())
    assert '<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="' in html
    found = directives(html)
    assert found["default-src"] == ["'none'"]
    assert found["script-src"][0] == "'self'" and all(s.startswith("'sha256-") for s in found["script-src"][1:])
    for name in ("style-src", "font-src", "connect-src", "worker-src", "manifest-src"):
        assert found[name] == ["'self'"], name
    assert found["img-src"] == ["'self'", "data:"]
    for name in ("base-uri", "form-action", "object-src"):
        assert found[name] == ["'none'"], name
    assert not any("unsafe" in source for sources in found.values() for source in sources)


def test_every_inline_script_that_runs_is_hashed_as_the_browser_hashes_it():
    body = ('<script type="module">import("./x.js")</script>'
            '<script type="text/javascript">window.ran.push("typed")</script>'
            '<script data-type="application/json">window.ran.push("data-type is not type")</script>')
    hashes = inline_script_hashes(page(body=body))
    assert hashes == [csp_hash("window.ran = ['head']"), csp_hash('import("./x.js")'),
                      csp_hash('window.ran.push("typed")'), csp_hash('window.ran.push("data-type is not type")')]
    assert [f"'sha256-{h}'" for h in hashes] == directives(add_policy(page(body=body)))["script-src"][1:]


def test_data_blocks_external_scripts_and_comments_need_no_hash():
    # The page also has a JSON block, a JSON-LD block and a script file: only the head script is hashed.
    html = page(body="<!-- <script>window.commented = 1</script> -->")
    assert inline_script_hashes(html) == [csp_hash("window.ran = ['head']")]
    assert policy_for(html).count("'sha256-") == 1


def test_line_ends_are_hashed_as_the_parser_reads_them():
    assert inline_script_hashes(page(head_script="a = 1\r\nb = 2\rc = 3")) == [csp_hash("a = 1\nb = 2\nc = 3")]


def test_the_same_script_twice_is_named_once():
    script = "window.ran = ['head']"
    html = add_policy(page(head_script=script, body=f"<script>{script}</script>"))
    assert directives(html)["script-src"] == ["'self'", f"'sha256-{csp_hash(script)}'"]


@pytest.mark.parametrize("broken, words", [
    (page().replace('<meta charset="utf-8">', ""), 'no <meta charset="utf-8">'),
    (page().replace('<meta charset="utf-8">', '<script>1</script><meta charset="utf-8">'), "before"),
    (page().replace("<title>", '<meta http-equiv="content-security-policy" content="default-src *"><title>'),
     "already has a Content-Security-Policy"),
])
def test_a_page_the_policy_cannot_cover_is_an_error(broken, words):
    with pytest.raises(ValueError, match=words):
        add_policy(broken)


def test_a_page_the_policy_cannot_cover_stops_the_build_naming_the_page():
    """Through the hook, as MkDocs calls it: a build error naming the page, not a traceback."""
    spec = importlib.util.spec_from_file_location("content_security_hook", REPO / "hooks" / "content_security.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    shown = SimpleNamespace(file=SimpleNamespace(src_uri="en/acme/privacy.md"))
    with pytest.raises(PluginError, match=r'^en/acme/privacy.md: the page has no <meta charset="utf-8">'):
        hook.on_post_page(page().replace('<meta charset="utf-8">', ""), page=shown, config=None)
    with pytest.raises(PluginError, match=r"^404.html: .*before"):
        hook.on_post_template(page().replace('<meta charset="utf-8">', '<script>1</script><meta charset="utf-8">'),
                              template_name="404.html", config=None)


def test_a_charset_in_the_body_does_not_count():
    broken = page().replace('<meta charset="utf-8">', "").replace("<body>", '<body><meta charset="utf-8">')
    with pytest.raises(ValueError, match="charset"):
        add_policy(broken)


# --- in Chromium ----------------------------------------------------------------------------------------------

# Every violation the page reports, kept across navigations (a search result opens another page).
RECORD_VIOLATIONS = """document.addEventListener("securitypolicyviolation",
  e => window.reportViolation(`${e.effectiveDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`))"""


def open_recording(browser, url: str):
    """A page at url, recording CSP violations, console errors and every address it requested."""
    context = browser.new_context()
    tab = context.new_page()
    tab.violations, tab.errors, tab.requests, tab.blocked = [], [], [], []
    tab.expose_binding("reportViolation", lambda source, text: tab.violations.append(text))
    tab.add_init_script(RECORD_VIOLATIONS)
    tab.on("console", lambda m: tab.errors.append(f"{m.text} ({m.location.get('url')})") if m.type == "error" else None)
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("request", lambda request: tab.requests.append(request.url))
    # Chromium announces a request that the policy then stops before it leaves: its failure is "csp".
    tab.on("requestfailed", lambda request: tab.blocked.append(request.url) if request.failure == "csp" else None)
    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    return context, tab


@pytest.mark.browser
def test_chromium_runs_hashed_scripts_and_blocks_injected_ones(browser, tmp_path):
    """The policy bites: what add_policy hashed runs; a script, handler, image or <base> added after it does not."""
    port, elsewhere = free_port(), free_port()
    hashed = page(head_script="window.ran = ['head']\r\nwindow.ran.push('crlf')",
                  body="<script>window.ran.push('body')</script>")
    injected = (f'<script>window.ran.push("injected")</script>'
                f'<img src="x.png" onerror="window.ran.push(\'handler\')">'
                f'<img src="http://127.0.0.1:{elsewhere}/pixel.gif">'
                f'<a id="go" href="javascript:window.ran.push(\'link\')">go</a>'
                f'<form action="http://127.0.0.1:{elsewhere}/collect"><button>Send</button></form>')
    with_policy = add_policy(hashed).replace("</body>", injected + "</body>")
    (tmp_path / "index.html").write_bytes(with_policy.encode("utf-8"))  # bytes: the \r\n stays as written
    server = serve(tmp_path, port)
    try:
        context, tab = open_recording(browser, f"http://127.0.0.1:{port}/")
        tab.click("#go")
        tab.evaluate("document.querySelector('form').requestSubmit()")  # a click would wait for the navigation
        tab.wait_for_timeout(300)
        assert tab.evaluate("window.ran") == ["head", "crlf", "body"]
        blocked = " | ".join(tab.violations)
        for directive in ("script-src-elem", "script-src-attr", "img-src", "form-action"):
            assert directive in blocked, (directive, blocked)
        elsewhere_requests = [url for url in tab.requests if f":{elsewhere}/" in url]
        assert elsewhere_requests and elsewhere_requests == tab.blocked, "nothing left for the other address"
        context.close()
    finally:
        server.shutdown()


@pytest.fixture
def served_release(served) -> str:
    """The tests' published fixture site (tests/conftest.py) at the root of gh-pages, where readers read it."""
    return served.base


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "ru/", "acme/privacy/", "ru/acme/privacy/", "acme/privacy/compare/",
                                  "releases/", "no-such-page/", "ru/no-such-page/"])
def test_every_kind_of_page_works_under_its_policy(browser, served_release, path):
    """Home pages, policies and the 404 page in both languages, with search opened and a query typed:
    search runs in a web worker and fetches its index, and must still find pages."""
    url = served_release + path
    context, tab = open_recording(browser, url)
    assert tab.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    # A word the search index surely holds: the title of the first page in the navigation (the home page).
    word = tab.locator(".md-nav--primary .md-nav__link .md-ellipsis").first.text_content().split()[0]
    tab.keyboard.press("/")
    query = tab.locator("input.md-search__input")
    query.fill(word)
    query.press("End")  # Material searches on keyup
    tab.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert tab.locator(".md-search-result__item").count() > 0
    query.press("Enter")  # opens the first result, a page with search highlighting
    tab.wait_for_load_state("networkidle")
    assert tab.url != url
    assert tab.violations == []
    # The 404 page's own status is reported as a failed load of the page itself: that one is expected.
    assert [e for e in tab.errors if not (path.endswith("no-such-page/") and e.endswith(f"({url})"))] == []
    assert [u for u in tab.requests if not u.startswith(served_release) and not u.startswith("data:")] == []
    assert tab.blocked == []
    context.close()
