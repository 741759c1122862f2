"""One build of the site, in every language: the checked content, what was published, and what this build
shows for each policy. Engine-neutral: the site engine (MkDocs, through hooks/policies.py) asks it for each
page's Markdown, hands back the HTML it rendered, and writes the files it returns.

Everything that can stop a build is found when the Build is made, before a page is written: content
problems, the change guard, translation parity. What the Build records of a policy (its text, fingerprint,
sections, links) comes from its own rendering of the expanded Markdown, never from the theme's HTML.
"""

from __future__ import annotations

import dataclasses
import datetime
import html as html_module
import json
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from policykit import site_chrome
from policykit.content import Content, Policy, load_content
from policykit.expansion import Expanded, Origin
from policykit.markdown_dialect import render
from policykit.history import (CORRECTION, UNCHANGED, Dated, Declared, fact_problem, imported_problem, next_text,
                               previous_text, shown_at_policy_address, text_change, timeline)
from policykit.parity import section_changes
from policykit.problems import PolicyError, Problem
from policykit.gh_pages import pages_commit, read_published
from policykit.published import (MARKDOWN_FILE, RECORD, RECORD_FORMAT, TEXT_FILE, Published, Section, Version,
                                  WordingCorrection)
from policykit.reader_text import NotAPolicyPage, engine_link, final_page_problem, policy_part
from policykit.record import (WORDING_CORRECTIONS, FileDigests, anchor_problems, explicit_anchors, linked_files,
                              load_wording_corrections, republished, site_statements, unchanged_problems, with_parts,
                              wording_problems)
from policykit.redline import compare, first_changed_sentence, render_html
from policykit.release_files import atom_feed, policy_entry, redirect_page
from policykit.analysis_cache import AnalysisCache, clone_secret
from policykit.build_memo import BuildMemo, Made, digest
from policykit.rendering import Rendered
from policykit.sanitizer import clean, find_unsafe
from policykit.settings import BuildSettings
from policykit.repository_files import read_source
from policykit.text import Section as TextSection, fingerprint, statements_fingerprint
from policykit.text_checks import analyse, analyses_data, text_problems
from policykit.typography import apply as typeset
from policykit.yamlfile import load_data_file

PENDING, COMPLETE = "pending", "complete"
# What the engine writes into a page as it is (reader_text.engine_link leaves it so, and the engine checks nothing
# of it): an address with a scheme, or a place in the same page. Any other target makes the engine render the page.
KEPT_BY_ENGINE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:|#")
LINK_TARGET = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
FIRST_HEADING = re.compile(r"<h1[\s>]", re.I)
RELEASES_PAGE = "en/releases.md"
HOME_TABLE = "policykit-home-table"  # where a preview's home page has its list of policies (page_html)
ENGINE_LINK = re.compile(r"\]\(([^()\s]+)\.md\)")  # a link to a policy's file, which the engine writes as its address
POLICY_VERSIONS = "versions.json"  # beside each policy's page: its texts, for readers' browsers
PART_MARK = re.compile(r'"\\u0000(\w+) (\d+)"')  # where _json sets a part in place


@dataclass(frozen=True)
class PolicyPage:
    """What one policy page shows: one text, its history, and what changed since the text before. The same text
    has a page at its own dated address and, while it is the one in force, at its policy's address."""

    policy: Policy
    version: Version
    markdown: str  # what the engine renders
    source: Expanded  # where each line of `markdown` was written
    text: str  # the recorded text of `version`
    history: list[Dated]  # the texts up to this one, oldest first
    previous: Version | None  # the text its redline compares with
    redline: str | None  # HTML of what changed since `previous`
    new: bool  # a text no release has published yet
    address: str  # the page's own path from the site's root
    day: datetime.date  # the day its statuses are shown for
    successor: Dated | None = None  # the text after it (a correction, or the next version), which decides its status
    rendered: Rendered | None = None  # policykit's own rendering of `markdown`, if this build made one

    @property
    def dated(self) -> Dated:
        return next(d for d in self.history if d.version is self.version)

    @property
    def status(self) -> str:
        return self.dated.status(self.day)

    @property
    def at_policy_address(self) -> bool:
        return self.address != self.version.path


@dataclass(frozen=True)
class GeneratedPage:
    markdown: str
    address: str  # its path from the site's root, e.g. "ru/scandoc/privacy/2019-07-14/"


@dataclass(frozen=True)
class _Text:
    """A text a build shows: a published one read back, or this build's own."""

    version: Version
    markdown: str  # what the engine renders
    source: Expanded
    text: str
    new: bool
    recorded_markdown: str  # what is kept beside the page: for a published text, as it was first recorded
    rendered: Rendered | None = None  # policykit's own rendering of `markdown`, if this build made one


class Build:
    """`memo`: what the previous build of the same preview made, reused where its inputs are the same."""

    def __init__(self, settings: BuildSettings, memo: BuildMemo | None = None):
        self.settings = settings
        self.memo = memo
        if memo is not None:
            memo.begin()
        self.cache = (AnalysisCache(folder, clone_secret(settings.root, folder))
                      if (folder := settings.analysis_cache) else None)
        self.content: Content = load_content(settings.root, list(settings.languages), memo)
        commit = pages_commit(settings.root, settings.pages_commit)
        published = read_published(settings.root, commit)
        self._texts: dict[tuple[str, str], list[_Text]] = {}  # every text of each policy, oldest first
        self.statements = site_statements(self.content.labels)  # what the site states about every version
        self._statement_hashes = {lang: statements_fingerprint(said) for lang, said in self.statements.items()}
        self._file_digests = FileDigests(self.content.paths.docs)
        self.wording_corrections: list[WordingCorrection] = []
        try:
            self.pages = self._policy_pages(published)
        finally:
            if published.files:
                published.files.close()
        self._compared = {_compare_page(src): page for src, page in self.pages.items() if page.at_policy_address}
        self.not_found: dict[str, str] = {}
        self.final_pages_checked: set[str] = set()  # the policy pages whose finished HTML was checked
        # A text's dated page and its policy's page show it alike: what one of them needs is kept for the other.
        self._published_html: dict[tuple[str, str], str] = {}  # (engine's HTML, language): the cleaned HTML
        self._faithful_parts: set[str] = set()  # hashes of (title, text HTML, record) that readers get as recorded
        self._own_renderings: dict[str, Rendered | None] = {}  # own_rendering's answer for each page asked
        self._page_keys: dict[str, str] = {}  # page_key's answer for each page asked (and for each language)

    # --- what the engine asks, page by page ---------------------------------------------------------------

    def policy_page(self, src_path: str) -> PolicyPage | None:
        """The policy page a file shows ("en/scandoc/privacy.md", "en/scandoc/privacy@2019-07-14.md"), or None."""
        return self.pages.get(src_path)

    def generated_pages(self, lang: str) -> dict[str, GeneratedPage]:
        """Pages of a language the site makes itself, by file: every text's page at its dated address (its file
        "en/scandoc/privacy@2019-07-14.md" sits beside the policy's, so that its relative links lead where the
        policy's do), and for each policy the page that compares any two of its texts in the reader's browser."""
        pages = {src: GeneratedPage(page.markdown, page.address) for src, page in self.pages.items()
                 if page.version.lang == lang and not page.at_policy_address}
        pages.update({src: GeneratedPage(site_chrome.compare_markdown(page.version, self.content.labels[lang]),
                                         f"{page.address}compare/")
                      for src, page in self._compared.items() if page.version.lang == lang})
        if lang == self.settings.default_language:  # for publishers: the site's releases, not in readers' way
            pages[RELEASES_PAGE] = GeneratedPage(site_chrome.releases_markdown(self.content.labels[lang]), "releases/")
        return pages

    def own_rendering(self, src_path: str) -> Rendered | None:
        """policykit's rendering of a page's text where the engine's would be the same HTML, so that the engine need
        not render it again: a text with no link or image the engine rewrites or checks (every target an address
        with a scheme, or a place in the page) and no first-level heading (the engine would take the page's title
        from it). Otherwise None, and the engine renders the page's Markdown."""
        if src_path not in self._own_renderings:
            page = self.pages.get(src_path)
            rendered = page.rendered if page is not None else None
            if rendered is not None and (FIRST_HEADING.search(rendered.html) or not all(
                    KEPT_BY_ENGINE.match(target) for target in _link_targets(rendered.html))):
                rendered = None
            self._own_renderings[src_path] = rendered
        return self._own_renderings[src_path]

    def page_markdown(self, src_path: str, markdown: str) -> str:
        """The Markdown the engine renders: a policy's expanded text, a home page with its list of policies."""
        if page := self.pages.get(src_path):
            return page.markdown
        lang = PurePosixPath(src_path).parts[0]
        if src_path == f"{lang}/index.md":
            if self.memo is not None:  # a preview: page_html sets the list in, row by row (_home_table_html)
                return f"{markdown}\n\n{HOME_TABLE}\n"
            return markdown + site_chrome.home_table(self._shown_in(lang), self.content.labels[lang],
                                                     self.settings.day)
        return markdown

    def page_html(self, src_path: str, html: str) -> str:
        """The published HTML of a page's content: checked against what a legal text may contain (every page,
        not only policies), then framed by the site's own parts (title, status, history, redline)."""
        if src_path == RELEASES_PAGE:
            return site_chrome.releases_page(self.content.labels[self.settings.default_language])
        if compared := self._compared.get(src_path):  # the site's own page: nothing of a writer's in it
            address = f"{compared.address}compare/"
            return site_chrome.compare_page(compared, self._context(compared, address),
                                            self.content.labels[compared.version.lang])
        page = self.pages.get(src_path)
        # A policy's text was checked on policykit's own rendering of it (text_checks); every other page is checked
        # here. Whatever the page, what is published is cleaned by the same allowlist.
        if page is None and (unsafe := find_unsafe(html, reserved_ids=site_chrome.RESERVED_IDS)):
            raise PolicyError([_unsafe_problem(self._page_source(src_path), item) for item in unsafe])
        if self.memo is not None and src_path == f"{PurePosixPath(src_path).parts[0]}/index.md":
            html = html.replace(f"<p>{HOME_TABLE}</p>", self._home_table_html(PurePosixPath(src_path).parts[0]), 1)
        if (own := self.own_rendering(src_path)) is not None:
            html = own.html
        lang = PurePosixPath(src_path).parts[0]
        if (published := self._published_html.get((html, lang))) is None:
            published = site_chrome.heading_links(clean(html, reserved_ids=site_chrome.RESERVED_IDS),
                                                  self.content.labels[lang])
            if page is not None:
                self._published_html[(html, lang)] = published
        html = published
        if page is not None:
            return site_chrome.policy_page(page, self._context(page), self.content.labels[lang], html)
        if src_path == f"{lang}/index.md":
            labels = self.content.labels[lang]
            return (site_chrome.with_home_filter(html, self._shown_in(lang), labels)
                    + site_chrome.upcoming_list(labels, lang, self._prefix(lang)))
        return html

    def _home_table_html(self, lang: str) -> str:
        """The HTML the engine renders from the home page's list of policies (site_chrome.home_table), made row by
        row in a preview, where a save changes a row or two of hundreds: each row is rendered alone in the site's
        dialect (markdown_dialect; a table's rows are rendered one by one), its link as the engine writes it (a
        policy's address, relative to the home page), and kept for the next rebuild (BuildMemo)."""
        header, rows = _table_lines(site_chrome.home_table(self._shown_in(lang), self.content.labels[lang],
                                                           self.settings.day))
        parts = [self._reuse("home table row", (header, row), lambda: _rendered_row(header, row)) for row in rows]
        if not parts:
            return ""
        return parts[0][0] + "".join(row for _, row, _ in parts) + parts[0][2]

    def _page_source(self, src_path: str) -> Expanded:
        """A page that is not a policy, line by line as written (for naming the line of a problem)."""
        path = self.content.paths.docs / src_path
        text = read_source(path, self.settings.root)
        shown = self.content.paths.shown(path)
        return Expanded(text, tuple(Origin(shown, n) for n in range(1, text.count("\n") + 2)))

    def check_final_page(self, src_path: str, html: str) -> None:
        """A policy page as the theme wrote it gives readers exactly the recorded text of the version it shows
        (policykit/reader_text.py): every policy page, at its policy's address and its dated one."""
        page = self.pages.get(src_path)
        if page is None:
            return
        self.final_pages_checked.add(src_path)
        # Where the engine writes every link as recorded (own_rendering), what readers get depends on the policy's
        # part of the page alone: the same part was already read for the text's other page.
        try:
            part = digest(*policy_part(html), page.text) if self.own_rendering(src_path) is not None else None
        except NotAPolicyPage:
            part = None
        if part is not None and part in self._faithful_parts:
            return
        prefix = self._prefix(page.version.lang)
        if (problem := final_page_problem(page.source, page.text, html,
                                          lambda target: engine_link(target, src_path, page.address, prefix))):
            raise PolicyError([problem])
        if part is not None:
            self._faithful_parts.add(part)

    def check_every_final_page(self) -> None:
        """After a whole build: no policy page was written without its check (an engine that skipped it)."""
        if missed := sorted(set(self.pages) - self.final_pages_checked):
            raise PolicyError([Problem(self.pages[src].policy.source.shown_as, None,
                                       f"its page {self.pages[src].address} was written without the check that "
                                       "readers get its recorded text.", "build the whole site (not --dirty), with "
                                       "hooks/policies.py in mkdocs.yml.") for src in missed])

    def page_meta(self, src_path: str, engine_url: str) -> site_chrome.PageMeta:
        """What the page's head and the language switcher say: canonical address, description, tab title."""
        page = self.pages.get(src_path)
        lang = PurePosixPath(src_path).parts[0]
        return site_chrome.page_meta(page, self._context(page) if page else None, engine_url, lang,
                                     self.settings, self.content.labels)

    def excluded_from_search(self, src_path: str) -> bool:
        """The dated page of the text its policy's page shows repeats that page: search finds the policy's page."""
        page = self.pages.get(src_path)
        if page is None or page.at_policy_address:
            return False
        shown = self.pages.get(f"{page.version.lang}/{page.version.key}.md")
        return shown is not None and shown.version.identity == page.version.identity

    def search_marks(self, src_path: str) -> list[str]:
        """What search shows beside a page's results: for another text than the one its policy's page shows (a
        superseded, corrected or upcoming version's dated page), its status and dates; nothing for other pages."""
        page = self.pages.get(src_path)
        if page is None or page.at_policy_address or self.excluded_from_search(src_path):
            return []
        return site_chrome.search_marks(page, self.content.labels[page.version.lang])

    def page_key(self, src_path: str) -> str:
        """A hash of everything this build gives the engine for a page: its Markdown (policykit's rendering of it,
        and whether the engine is handed that, follow from it), its text, history, statuses, redline, the addresses
        of the texts it links to, its brand and front matter, its search marks, and what every page of its language
        shows (the site's address, the day, the labels, the wording corrections). Two builds giving a page the same
        key give the engine the same page. A file it does not know is keyed by its bytes."""
        if (known := self._page_keys.get(src_path)) is not None:
            return known
        lang = PurePosixPath(src_path).parts[0]
        if (common := self._page_keys.get(lang)) is None:  # what every page of the language shows
            common = self._page_keys[lang] = digest(
                self.settings.site_url, self.settings.day.isoformat(), self.settings.release or "",
                repr(self.settings.languages), repr(self.wording_corrections),
                json.dumps(self.content.labels[lang], ensure_ascii=False, sort_keys=True, default=str))
        if page := self.pages.get(src_path):
            key = digest(common, "policy", src_path, page.markdown, page.text, page.redline or "",
                         repr((page.version, page.history, page.previous, page.successor, page.new, page.address,
                               page.policy.brand, page.policy.source.meta, self.search_marks(src_path),
                               self.excluded_from_search(src_path))))
        elif compared := self._compared.get(src_path):
            key = digest(common, "compare", src_path, self.page_key(_policy_src(compared)))
        elif src_path == RELEASES_PAGE:
            key = digest(common, "releases")
        else:
            source = (self.content.paths.docs / src_path).read_bytes().decode("utf-8", "replace")
            shown = ([self.page_key(_policy_src(p)) for p in self._shown_in(lang)]
                     if src_path == f"{lang}/index.md" else [])
            key = digest(common, "page", src_path, source, *shown)
        self._page_keys[src_path] = key
        return key

    @property
    def pending_translations(self) -> list[str]:
        """The policy files whose translation of this version is not ready yet (readers see the governing text's
        link instead)."""
        return sorted(page.policy.source.shown_as for page in self.pages.values()
                      if page.at_policy_address and page.version.translation == PENDING)

    def keep_not_found(self, lang: str, html: str) -> None:
        """The engine writes one 404 page per language over the same file: each is kept for the end."""
        self.not_found[lang] = html

    # --- what the engine writes once, after every language -------------------------------------------------

    def release_files(self) -> dict[str, str]:
        """policies.json (every text of every policy), each policy's versions.json, every text's recorded text and
        Markdown beside its page, the 404 pages and a feed per language."""
        files = {}
        policies = []
        content_policies = {(p.lang, p.key): p for p in self.content.policies}
        for (lang, key), texts in sorted(self._texts.items()):
            policy = content_policies[(lang, key)]  # texts are kept for the content's own policies only
            for text in texts:
                files[f"{text.version.path}{TEXT_FILE}"] = text.text
                files[f"{text.version.path}{MARKDOWN_FILE}"] = text.recorded_markdown
            entry = policy_entry(policy, [t.version for t in texts], self.settings.site_url, self.settings.day,
                                 f"{self._prefix(lang)}{key}/")
            inputs = repr(entry)  # an entry is JSON values: its repr says all of it
            policies.append(self._reuse("policy entry", inputs, lambda: _json(entry)))
            files[f"{self._prefix(lang)}{key}/{POLICY_VERSIONS}"] = self._reuse("versions.json", inputs, lambda: (
                _json({"format_version": RECORD_FORMAT, **entry}) + "\n"))
            renamed_from = policy.source.meta.get("renamed_from")
            if renamed_from and (lang, f"{policy.brand.slug}/{renamed_from}") not in content_policies:
                # Its earlier address leads to it (unless a policy of that name is published there again).
                files[f"{self._prefix(lang)}{policy.brand.slug}/{renamed_from}/index.html"] = redirect_page(
                    f"../{policy.source.name}/")
        record = {"format_version": RECORD_FORMAT, "release": self.settings.release, "day": self.settings.day.isoformat(),
                  "site_url": self.settings.site_url, "policies": policies, "statements": self.statements,
                  "wording_corrections": [{"day": c.day.isoformat() if c.day else None, "labels": list(c.labels),
                                           "note": c.note} for c in self.wording_corrections]}
        files[RECORD] = _json(record, parts_at=("policies",)) + "\n"
        for lang in self.settings.languages:
            prefix = self._prefix(lang)
            labels = self.content.labels[lang]
            versions = [[t.version for t in texts]
                        for (text_lang, _), texts in self._texts.items() if text_lang == lang]
            files[f"{prefix}feed.xml"] = atom_feed(lang, self.settings, prefix, versions, labels)
            if lang in self.not_found:
                files[f"{prefix}404.html"] = self.not_found[lang]
        return files

    # --- how the pages are made -----------------------------------------------------------------------------

    def _policy_pages(self, published: Published) -> dict[str, PolicyPage]:
        data = analyses_data(self.content)
        analyses = {(p.lang, p.key): analyse(p, self.content, self.cache, data, self.memo)
                    for p in self.content.policies if not p.source.pending_translation}
        earlier = [(p, analyse(p, self.content, self.cache, data, self.memo)) for p in self.content.history]
        problems: list[Problem] = [*self.content.problems,
                                   *text_problems(self.content, analyses, earlier, self.cache, self.memo),
                                   *self._wording_problems(published)]
        rendered = {key: analysis.rendered for key, analysis in analyses.items()}
        if self.cache is not None and (self.memo is None or self.memo.builds == 1):  # once per preview is enough
            self.cache.prune()
        earlier_of: dict[tuple[str, str], list[tuple[Policy, Rendered]]] = {}
        for text_policy, analysis in earlier:  # oldest first, as content/history/ sorts them
            earlier_of.setdefault((text_policy.lang, text_policy.key), []).append((text_policy, analysis.rendered))
        pages: dict[str, PolicyPage] = {}
        for policy in self.content.policies:
            try:
                texts = self._published_texts(policy, published)
                for text_policy, earlier_text in earlier_of.get((policy.lang, policy.key), []):
                    texts = self._with_text(texts, text_policy, earlier_text)
                texts = self._with_text(texts, policy, rendered.get((policy.lang, policy.key)))
            except PolicyError as error:
                problems += error.problems
                continue
            self._texts[(policy.lang, policy.key)] = texts
            pages.update(self._pages_of(policy, texts))
        problems += self._missing_policies(published)
        problems += self._section_parity(pages.values(), published)
        if problems:
            raise PolicyError(problems)
        return pages

    def _published_texts(self, policy: Policy, published: Published) -> list[_Text]:
        """The texts of a policy that releases published (under its earlier name too), oldest first."""
        known = list(published.of(policy.lang, policy.key))
        if renamed_from := policy.source.meta.get("renamed_from"):  # the same policy under a new name
            known = [dataclasses.replace(v, key=policy.key)
                     for v in published.of(policy.lang, f"{policy.brand.slug}/{renamed_from}")] + known
        texts, problems = [], []
        for version in known:
            # What a gh-pages commit holds never changes: a preview reads each text of it once.
            recorded, text, origins = self._reuse(
                "published text", (published.commit, version.markdown_file, version.text_file),
                lambda: _published_text(published, version))
            version, found = republished(version, text, recorded, self._file_digests,
                                         self._statement_hashes[version.lang], policy.source.shown_as)
            problems += found
            texts.append(_Text(version, recorded, origins, text, False, recorded))
        if problems:
            raise PolicyError(problems)
        return texts

    def _wording_problems(self, published: Published) -> list[Problem]:
        """The site's statements as published, or changed by a declared correction (policykit/record.py)."""
        data = self.content.paths.labels.parent
        try:
            declared = load_wording_corrections(data, self.settings.root)
        except PolicyError as error:
            return error.problems
        shown_as = self.content.paths.shown(data / WORDING_CORRECTIONS)
        labels, labels_file = load_data_file(self.content.paths.labels, self.settings.root, "the site's words")
        self.wording_corrections, problems = wording_problems(
            self.statements, published.statements, published.wording_corrections, declared, self.settings.day,
            shown_as, labels, labels_file)
        return problems

    def _with_text(self, texts: list[_Text], policy: Policy, rendered: Rendered | None) -> list[_Text]:
        """The texts with a writer's one (the policy's file, or an earlier text of an imported history) after the
        change guard: unchanged, a new version, or a declared correction; an announcement it replaces withdrawn."""
        source = policy.source
        version, markdown, text = self._version(policy, rendered)
        day = self.settings.day
        live = [t for t in texts if not t.version.withdrawn]
        newest = max(live, key=lambda t: t.version.order, default=None)
        sentence = (self._reuse("first changed sentence", (newest.text, text),
                                lambda: first_changed_sentence(newest.text, text)) if newest is not None else "")
        line = policy.expanded.line_containing(_words(sentence)) if sentence else None
        declared = Declared(
            correction=source.correction, replaces_announcement=source.meta.get("replaces_announcement"),
            shown_as=source.shown_as, brand_name=policy.brand.name,
            line=policy.expanded.origin(line).line if line else source.line_of("effective_date"),
            summary_line=source.line_of("summary"), correction_line=source.line_of("correction"),
            replaces_line=source.line_of("replaces_announcement"), imported="imported_from" in source.meta)
        published = [t.version for t in texts if not t.new]
        refused = imported_problem(version.effective_date, published, day, source.shown_as,
                                   source.line_of("imported_from")) if declared.imported else None
        imported = declared.imported  # recorded as it happened: its days are not this release's
        change, problems = text_change([t.version for t in texts], version, declared,
                                       datetime.date.min if imported else day, sentence)
        if refused is not None and change.kind != UNCHANGED:
            # The front matter says history, the dates say a new text of this site's: held to every rule.
            declared, imported = dataclasses.replace(declared, imported=False), False
            change, problems = text_change([t.version for t in texts], version, declared, day, sentence)
            problems.append(refused)
        as_published = next((t.version for t in texts if t.version.identity == version.identity), None)
        if as_published is not None:  # (a translation completed under its date is no text published before)
            problems += unchanged_problems(as_published, version, source.shown_as, declared.summary_line, imported)
        elif change.previous is not None and not imported:  # an imported history is recorded as it happened
            problems += anchor_problems(change.previous, version, source.shown_as)
        if change.kind == CORRECTION and not problems and change.previous is not None:
            corrected = next(t for t in texts if t.version.identity == change.previous.identity)
            completed = corrected.version.translation == PENDING  # a pending translation has no facts to keep
            # The rule on facts binds this site's own corrections; imported ones are recorded as they were.
            if not imported and not completed and (fact := fact_problem(corrected.text, text, declared)) is not None:
                problems.append(fact)
            note = source.correction or (self.content.labels[policy.lang]["correction_translation_completed"]
                                         if completed else None)
            version = self._at_own_address(dataclasses.replace(
                version, corrected_on=source.meta.get("corrected_on") or day, correction=note))
        elif source.correction is not None and change.kind == UNCHANGED and not problems and not imported:
            problems.append(Problem(source.shown_as, declared.correction_line,
                                    "`correction:` is declared, but the text is the one already published.",
                                    "remove the `correction:` line: a correction is published once."))
        if problems:
            raise PolicyError(problems)
        withdrawn = {v.identity for v in change.withdrawn}
        texts = [dataclasses.replace(t, version=dataclasses.replace(t.version, replaced_on=day,
                                                                    replaced_by=version.effective_date))
                 if t.version.identity in withdrawn else t for t in texts]
        if change.kind != UNCHANGED:
            texts.append(_Text(version, markdown, policy.expanded, text, True, markdown, rendered))
        elif not texts[same := next(i for i, t in enumerate(texts) if t.version.identity == version.identity)].new:
            # A published text (perhaps re-wrapped): its problems are named in the writer's file.
            texts[same] = dataclasses.replace(texts[same], markdown=markdown, source=policy.expanded,
                                              rendered=rendered)
        return sorted(texts, key=lambda t: t.version.order)

    def _pages_of(self, policy: Policy, texts: list[_Text]) -> dict[str, PolicyPage]:
        """A page for every text at its dated address, and the policy's own page (the text in force today)."""
        versions = [t.version for t in texts]
        history = timeline(versions)
        day = self.settings.day
        lang, key = policy.lang, policy.key
        by_identity = {t.version.identity: t for t in texts}
        pages = {}
        for i, dated in enumerate(history):
            own = by_identity[dated.version.identity]
            previous = previous_text(versions, own.version)
            redline = None
            if previous is not None and previous.translation == COMPLETE and own.version.translation == COMPLETE:
                before = by_identity[previous.identity]
                redline = render_html(compare(before.text, own.text), self.content.labels[lang],
                                      site_chrome.PREVIOUS_PAGE, "", previous.sections, own.version.sections)
            after = next_text(versions, own.version)
            successor = next((d for d in history if d.version is after), None)
            page = PolicyPage(policy, own.version, own.markdown, own.source, own.text, history[:i + 1], previous,
                              redline, own.new, own.version.path, day, successor, own.rendered)
            pages[f"{lang}/{key}@{own.version.slug}.md"] = page
        shown = shown_at_policy_address(versions, day)
        if shown is not None:
            dated_page = pages[f"{lang}/{key}@{shown.slug}.md"]
            pages[f"{lang}/{key}.md"] = dataclasses.replace(dated_page, history=history,
                                                           address=f"{self._prefix(lang)}{key}/")
        return pages

    def _version(self, policy: Policy, rendered: Rendered | None) -> tuple[Version, str, str]:
        """This build's text of a policy, the Markdown readers get and its recorded text (a translation not ready
        yet has its title only)."""
        source, lang = policy.source, policy.lang
        sections: Sequence[TextSection]
        links: Sequence[str]
        if rendered is None:
            markdown, text, sections, links = "", f"# {source.title}\n", (), ()
        else:
            markdown, text = rendered.markdown, rendered.recorded.text
            sections, links = rendered.recorded.sections, rendered.recorded.links
        version = Version(
            lang=lang, key=policy.key, effective_date=source.effective_date, title=source.title,
            sha256=fingerprint(text), governing_language=policy.brand.governing_language,
            # The summary is shown beside the text (history, redline, feeds), so it is typeset as the text is.
            summary=source.summary and typeset(source.summary, lang, self.content.typography),
            translation=PENDING if source.pending_translation else COMPLETE, first_release=self.settings.release,
            date_basis=source.meta.get("date_basis", "stated"), imported_from=source.meta.get("imported_from"),
            path="", text_file="", markdown_file="",
            sections=tuple(Section(s.level, s.title, s.anchor) for s in sections), links=tuple(links))
        version = with_parts(version, explicit_anchors(markdown),
                             linked_files(self._file_digests, lang, policy.key, text),
                             self._statement_hashes[lang])
        return self._at_own_address(version), markdown, text

    def _at_own_address(self, version: Version) -> Version:
        path = f"{self._prefix(version.lang)}{version.key}/{version.slug}/"
        return dataclasses.replace(version, path=path, text_file=f"{path}{TEXT_FILE}",
                                   markdown_file=f"{path}{MARKDOWN_FILE}")

    def _missing_policies(self, published: Published) -> list[Problem]:
        """A published policy that is gone from the content is renamed or withdrawn, explicitly."""
        present = {(p.lang, p.key) for p in self.content.policies}
        renamed = {(p.lang, f"{p.brand.slug}/{p.source.meta['renamed_from']}") for p in self.content.policies
                   if p.source.meta.get("renamed_from")}
        withdrawn = {f"{slug}/{doc}" for slug, brand in self.content.brands.items() for doc in brand.withdrawn}
        problems = []
        for (lang, key), versions in sorted(published.versions.items()):
            if (lang, key) in present or (lang, key) in renamed or key in withdrawn:
                continue
            brand, document = key.split("/")
            problems.append(Problem(
                f"docs/{lang}/{key}.md", None,
                f"this policy was published (release {versions[-1].first_release}) and its file is gone.",
                f"if it was renamed, add `renamed_from: {document}` to the front matter of the new file; if the "
                f"policy is withdrawn, add `withdrawn: [{document}]` to {brand} in data/brands.yml."))
        return problems

    def _section_parity(self, pages, published: Published) -> list[Problem]:
        """In a new version, a section that changed in one language changed in every translation too."""
        by_key: dict[str, list[PolicyPage]] = {}
        for page in pages:
            if page.new and not page.at_policy_address:
                by_key.setdefault(page.version.key, []).append(page)
        problems = []
        for versions in by_key.values():
            ready = [p for p in versions if p.previous is not None
                     and p.version.translation == COMPLETE and p.previous.translation == COMPLETE]
            if len(ready) < 2:
                continue
            before = {}
            for p in ready:
                assert p.previous is not None  # `ready` holds the pages that have one
                before[p.version.lang] = next(t.recorded_markdown for t in self._texts[(p.version.lang, p.version.key)]
                                              if t.version.identity == p.previous.identity)
            after = {p.version.lang: p.markdown for p in ready}
            for finding in section_changes(before, after):
                page = next(p for p in ready if p.version.lang == finding.lang)
                problems.append(page.source.problem(finding.line, finding.what, finding.fix))
        return problems

    # --- helpers --------------------------------------------------------------------------------------------

    def _reuse(self, kind: str, inputs: Hashable, make: Callable[[], Made]) -> Made:
        """What `make` gives, or what the previous build of a preview made from the same `inputs` (BuildMemo)."""
        return make() if self.memo is None else self.memo.reuse(kind, inputs, make)

    def _context(self, page: PolicyPage, address: str | None = None) -> site_chrome.PageContext:
        """Where a page is (`address`: its own, or the compare page's) and where the pages it links to are."""
        policy = page.policy
        address = address or page.address
        governing = policy.brand.governing_language
        governing_page = f"{self._prefix(governing)}{policy.key}/"
        if not page.at_policy_address:
            governing_page += f"{page.version.effective_date.isoformat()}/"
        published = page.version.first_release is not None
        known = [d.version for d in page.history] + ([page.successor.version] if page.successor else [])
        return site_chrome.PageContext(
            brand=policy.brand, permanent_url=f"{self.settings.site_url}{page.version.path}" if published else None,
            permanent_link=site_chrome.relative_link(address, page.version.path) if published else None,
            links={v.identity: site_chrome.relative_link(address, v.path) for v in known},
            policy_link=site_chrome.relative_link(address, f"{self._prefix(policy.lang)}{policy.key}/"),
            governing_link=site_chrome.relative_link(address, governing_page) if governing != policy.lang else None,
            governing_language=governing, site_root=site_chrome.relative_link(address, ""), day=self.settings.day,
            wording_corrections=tuple(c for c in self.wording_corrections
                                      if any(label.startswith(f"{policy.lang}.") for label in c.labels)))

    def _shown_in(self, lang: str) -> list[PolicyPage]:
        return [p for p in self.pages.values() if p.version.lang == lang and p.at_policy_address]

    def _prefix(self, lang: str) -> str:
        return "" if lang == self.settings.default_language else f"{lang}/"


def _published_text(published: Published, version: Version) -> tuple[str, str, Expanded]:
    """A published version's Markdown as recorded, its recorded text, and where each line of the Markdown is."""
    markdown, shown = published.markdown(version), f"gh-pages:{version.markdown_file}"
    return (markdown, published.text(version),
            Expanded(markdown, tuple(Origin(shown, n) for n in range(1, markdown.count("\n") + 2))))


def _json(value: dict, parts_at: tuple[str, ...] = ()) -> str:
    """`value` as the release's JSON files write it (json.dumps, indent 1). The lists under `parts_at` hold JSON
    texts of their items (each as this function writes it), set in place: an item is not encoded again."""
    parts = {key: value[key] for key in parts_at}
    text = json.dumps({**value, **{key: [f"\x00{key} {i}" for i in range(len(items))] for key, items in parts.items()}},
                      ensure_ascii=False, indent=1)
    # An item of a list of the top-level object is indented by two levels; a JSON text has no raw newline in its
    # strings, so its lines are its structure. "\u0000" comes from no other value: the sources' control characters
    # are refused (repository_files).
    return PART_MARK.sub(lambda mark: parts[mark[1]][int(mark[2])].replace("\n", "\n  "), text) if parts else text


def _table_lines(markdown: str) -> tuple[str, list[str]]:
    """A Markdown table's head (its header and delimiter lines) and its rows."""
    lines = markdown.strip("\n").split("\n")
    return "\n".join(lines[:2]), lines[2:]


def _rendered_row(header: str, row: str) -> tuple[str, str, str]:
    """The HTML of a table of one row, cut in three: before the row, the row, after it."""
    html = render(header + "\n" + ENGINE_LINK.sub(r"](\1/)", row))
    start, end = html.index("<tbody>\n") + len("<tbody>\n"), html.rindex("</tbody>")
    return html[:start], html[start:end], html[end:]


def _link_targets(html: str) -> list[str]:
    """Every link and image target in the HTML, however its attribute is written."""
    return [html_module.unescape(next(value for value in found.groups() if value is not None)).strip()
            for found in LINK_TARGET.finditer(html)]


def _policy_src(page: PolicyPage) -> str:
    """The file of the policy page of a text at its policy's address, e.g. "en/scandoc/privacy.md"."""
    return f"{page.version.lang}/{page.version.key}.md"


def _compare_page(src_path: str) -> str:
    return src_path.removesuffix(".md") + "/compare.md"


def _words(sentence: str) -> str:
    """The first few words of a recorded sentence, as they are likely written in the Markdown too."""
    return " ".join(sentence.replace("⟨", " ").split()[:4])


def _unsafe_problem(where: Expanded, item) -> Problem:
    """Something the page may not carry, at the line of the writer's file where it was written."""
    line = where.line_containing(item.hint)
    if line is None:
        return Problem(where.origins[0].path, None, item.what, item.fix)
    return where.problem(line, item.what, item.fix)
