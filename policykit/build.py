"""One build of the site, in every language: the checked content, what was published, and what this build
shows for each policy. Engine-neutral: the site engine (MkDocs, through hooks/policies.py) asks it for each
page's Markdown, hands back the HTML it rendered, and writes the files it returns.

Everything that can stop a build is found when the Build is made, before a page is written: content
problems, the change guard, translation parity. What the Build records of a policy (its text, fingerprint,
sections, links) comes from its own rendering of the expanded Markdown, never from the theme's HTML.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import PurePosixPath

from policykit import site_chrome
from policykit.content import Content, Policy, load_content
from policykit.expansion import Expanded, Origin
from policykit.history import Dated, change_of, guard_problems, in_force_on, timeline, with_version
from policykit.parity import section_changes
from policykit.problems import PolicyError, Problem
from policykit.published import RECORD, RECORD_FORMAT, Published, Section, Version, pages_commit, read_published
from policykit.redline import compare, first_changed_sentence, render_html
from policykit.release_files import atom_feed, record_entry, versions_entry
from policykit.rendering import Rendered, render_policy
from policykit.sanitizer import clean, find_unsafe
from policykit.settings import BuildSettings
from policykit.source_files import read_source
from policykit.text import fingerprint
from policykit.text_checks import text_problems
from policykit.typography import apply as typeset

PENDING, COMPLETE = "pending", "complete"
RELEASES_PAGE = "en/releases.md"


@dataclass(frozen=True)
class PolicyPage:
    """What one policy page shows: a version, its history, and what changed since the version before."""

    policy: Policy
    version: Version
    markdown: str  # what the engine renders
    source: Expanded  # where each line of `markdown` was written
    text: str  # the recorded text of `version`
    history: list[Dated]  # the versions up to this one, oldest first
    previous: Version | None  # the version before this one
    redline: str | None  # HTML of what changed since `previous`
    new: bool  # a version no release has published yet
    upcoming: Version | None = None  # the version announced to replace this one, published in the `next` release


class Build:
    def __init__(self, settings: BuildSettings):
        self.settings = settings
        self.content: Content = load_content(settings.root, list(settings.languages))
        commit = pages_commit(settings.root, settings.pages_commit)
        published = read_published(settings.root, commit)
        self._all_versions: dict[tuple[str, str], list[Version]] = {}  # every version each policy has, this build's too
        try:
            self.pages = self._policy_pages(published)
            self._compared = {_compare_page(src): page for src, page in self.pages.items()}
        finally:
            if published.files:
                published.files.close()
        self.not_found: dict[str, str] = {}

    # --- what the engine asks, page by page ---------------------------------------------------------------

    def policy_page(self, src_path: str) -> PolicyPage | None:
        """The policy a page file shows ("en/scandoc/privacy.md", relative to docs/), or None."""
        return self.pages.get(src_path)

    def generated_pages(self, lang: str) -> dict[str, str]:
        """Pages of a language the site makes itself, by file ("en/scandoc/privacy/compare.md") and Markdown: for each
        policy, the page that compares any two of its versions in the reader's browser."""
        pages = {_compare_page(src): site_chrome.compare_markdown(page.version, self.content.labels[lang])
                 for src, page in self.pages.items() if page.version.lang == lang}
        if lang == self.settings.default_language:  # for publishers: the site's releases, not in readers' way
            pages[RELEASES_PAGE] = site_chrome.releases_markdown(self.content.labels[lang])
        return pages

    def page_markdown(self, src_path: str, markdown: str) -> str:
        """The Markdown the engine renders: a policy's expanded text, a home page with its list of policies."""
        if page := self.pages.get(src_path):
            return page.markdown
        lang = PurePosixPath(src_path).parts[0]
        if src_path == f"{lang}/index.md":
            return markdown + site_chrome.home_table(self._shown_in(lang), self.content.labels[lang])
        return markdown

    def page_html(self, src_path: str, html: str) -> str:
        """The published HTML of a page's content: checked against what a legal text may contain (every page,
        not only policies), then framed by the site's own parts (title, status, history, redline)."""
        if src_path == RELEASES_PAGE:
            site_root = "../../" if self.settings.release else None
            return site_chrome.releases_page(self.content.labels[self.settings.default_language], site_root)
        if compared := self._compared.get(src_path):  # the site's own page: nothing of a writer's in it
            context = self._context(compared)  # the compare page is one folder below its policy's page
            context = dataclasses.replace(context, site_root="../" + context.site_root,
                                          permanent_link=context.permanent_link and "../" + context.permanent_link)
            return site_chrome.compare_page(compared, context, self.content.labels[compared.version.lang])
        page = self.pages.get(src_path)
        # A policy's text was checked on policykit's own rendering of it (text_checks); every other page is checked
        # here. Whatever the page, what is published is cleaned by the same allowlist.
        if page is None and (unsafe := find_unsafe(html, reserved_ids=site_chrome.RESERVED_IDS)):
            raise PolicyError([_unsafe_problem(self._page_source(src_path), item) for item in unsafe])
        lang = PurePosixPath(src_path).parts[0]
        html = site_chrome.heading_links(clean(html, reserved_ids=site_chrome.RESERVED_IDS), self.content.labels[lang])
        if page is not None:
            return site_chrome.policy_page(page, self._context(page), self.content.labels[lang], html)
        if src_path == f"{lang}/index.md":
            prefix = self._prefix(lang)
            site_root = "../" * (len(PurePosixPath(prefix).parts) + 1) if self.settings.release else None
            return html + site_chrome.upcoming_list(self.content.labels[lang], lang, prefix, site_root)
        return html

    def _page_source(self, src_path: str) -> Expanded:
        """A page that is not a policy, line by line as written (for naming the line of a problem)."""
        path = self.content.paths.docs / src_path
        text = read_source(path, self.settings.root)
        shown = self.content.paths.shown(path)
        return Expanded(text, tuple(Origin(shown, n) for n in range(1, text.count("\n") + 2)))

    def page_meta(self, src_path: str, engine_url: str) -> site_chrome.PageMeta:
        """What the page's head and the language switcher say: canonical address, description, tab title."""
        page = self.pages.get(src_path)
        lang = PurePosixPath(src_path).parts[0]
        return site_chrome.page_meta(page, self._context(page) if page else None, engine_url, lang,
                                     self.settings, self.content.labels)

    @property
    def pending_translations(self) -> list[str]:
        """The policy files whose translation of this version is not ready yet (readers see the governing text's
        link instead)."""
        return sorted(page.policy.source.shown_as for page in self.pages.values() if page.version.translation == PENDING)

    def keep_not_found(self, lang: str, html: str) -> None:
        """The engine writes one 404 page per language over the same file: each is kept for the end."""
        self.not_found[lang] = html

    # --- what the engine writes once, after every language -------------------------------------------------

    def release_files(self) -> dict[str, str]:
        """policies.json, every policy's recorded text and Markdown, the 404 pages and a feed per language."""
        files = {}
        entries = []
        for page in sorted(self.pages.values(), key=lambda p: (p.version.key, p.version.lang)):
            files[page.version.text_file] = page.text
            files[page.version.markdown_file] = page.markdown
            entries.append(record_entry(page.version, self._permanent_url(page.version), page.policy))
        record = {"format_version": RECORD_FORMAT, "release": self.settings.release, "site_url": self.settings.site_url,
                  "policies": entries, "versions": self._versions_entries()}
        files[RECORD] = json.dumps(record, ensure_ascii=False, indent=1) + "\n"
        for lang in self.settings.languages:
            prefix = self._prefix(lang)
            labels = self.content.labels[lang]
            versions = [(p.version, self._all_versions[(lang, p.version.key)]) for p in self.pages.values()
                        if p.version.lang == lang]
            files[f"{prefix}feed.xml"] = atom_feed(lang, self.settings, prefix, versions, labels,
                                                   self._permanent_url)
            if lang in self.not_found:
                files[f"{prefix}404.html"] = self.not_found[lang]
        return files

    # --- how the pages are made -----------------------------------------------------------------------------

    def _policy_pages(self, published: Published) -> dict[str, PolicyPage]:
        rendered = {(p.lang, p.key): render_policy(p, self.content.typography) for p in self.content.policies
                    if not p.source.pending_translation}
        problems: list[Problem] = [*self.content.problems, *text_problems(self.content, rendered)]
        pages = {}
        for policy in self.content.policies:
            try:
                pages[f"{policy.lang}/{policy.key}.md"] = self._page(policy, published, rendered.get((policy.lang, policy.key)))
            except PolicyError as error:
                problems += error.problems
        problems += self._missing_policies(published)
        problems += self._section_parity(pages.values(), published)
        if problems:
            raise PolicyError(problems)
        return pages

    def _page(self, policy: Policy, published: Published, rendered: Rendered | None) -> PolicyPage:
        source, lang, key = policy.source, policy.lang, policy.key
        known = published.of(lang, key)
        if renamed_from := source.meta.get("renamed_from"):  # the same policy under a new name: its history goes on
            known = [dataclasses.replace(v, key=key) for v in published.of(lang, f"{policy.brand.slug}/{renamed_from}")]
            known += published.of(lang, key)
        as_of = self.settings.as_of
        new, upcoming = False, None
        if as_of and source.effective_date > as_of:
            version = in_force_on(known, as_of)
            if version is None:
                raise PolicyError([Problem(
                    source.shown_as, source.line_of("effective_date"),
                    f"this policy takes effect on {source.effective_date.isoformat()}, and no earlier version of it "
                    f"has been published, so the release in force on {as_of.isoformat()} would have no text to show.",
                    "a policy's first version cannot be announced ahead of its date: give it an effective_date that "
                    "has come, or merge it on its effective date.")])
            markdown, text = published.markdown(version), published.text(version)
            shown = f"gh-pages:{version.first_release}/{version.markdown_file}"
            origins = Expanded(markdown, tuple(Origin(shown, n) for n in range(1, markdown.count("\n") + 2)))
            known = [v for v in known if v.effective_date <= as_of]
            if self.settings.next_release:  # said on the page as it is built, not only once the browser asks
                upcoming = dataclasses.replace(self._version(policy, rendered)[0],
                                               first_release=self.settings.next_release)
        else:
            version, markdown, text = self._version(policy, rendered)
            origins = policy.expanded
            change = change_of(known, version)
            new = not change.unchanged
            first = next((v.first_release for v in known if v.identity == version.identity), self.settings.release)
            version = dataclasses.replace(version, first_release=first)
            if new and change.previous is not None:
                old = published.text(change.previous)
                sentence = first_changed_sentence(old, text)
                line = origins.line_containing(_words(sentence)) if sentence else None
                problems = guard_problems(change, version, source.shown_as, policy.brand.name, sentence,
                                          origins.origin(line).line if line else source.line_of("effective_date"),
                                          source.line_of("summary"))
                if problems:
                    raise PolicyError(problems)
        versions = with_version(known, version)
        self._all_versions[(lang, key)] = sorted({v.identity: v for v in [*known, version]}.values(),
                                                 key=lambda v: v.effective_date)
        history = timeline(versions)
        previous = history[-2].version if len(history) > 1 else None
        redline = None
        if previous is not None and previous.translation == COMPLETE and version.translation == COMPLETE:
            old_text = published.text(previous)
            redline = render_html(compare(old_text, text), self.content.labels[lang],
                                  self._link(version, previous), "", previous.sections, version.sections)
        return PolicyPage(policy, version, markdown, origins, text, history, previous, redline, new, upcoming)

    def _version(self, policy: Policy, rendered: Rendered | None) -> tuple[Version, str, str]:
        """This build's version of a policy, the Markdown readers get and its recorded text (a translation not
        ready yet has its title only)."""
        source, lang = policy.source, policy.lang
        prefix = self._prefix(lang)
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
            translation=PENDING if source.pending_translation else COMPLETE, first_release=None,
            path=f"{prefix}{policy.key}/", text_file=f"policy-texts/{lang}/{policy.key}.txt",
            markdown_file=f"policy-texts/{lang}/{policy.key}.md",
            sections=tuple(Section(s.level, s.title, s.anchor) for s in sections), links=tuple(links))
        return version, markdown, text

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
            if self.settings.as_of and all(v.effective_date > self.settings.as_of for v in versions):
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
            by_key.setdefault(page.version.key, []).append(page)
        problems = []
        for versions in by_key.values():
            ready = [p for p in versions if p.new and p.previous is not None
                     and p.version.translation == COMPLETE and p.previous.translation == COMPLETE]
            if len(ready) < 2:
                continue
            before = {p.version.lang: published.markdown(p.previous) for p in ready}
            after = {p.version.lang: p.markdown for p in ready}
            for finding in section_changes(before, after):
                page = next(p for p in ready if p.version.lang == finding.lang)
                problems.append(page.source.problem(finding.line, finding.what, finding.fix))
        return problems

    # --- helpers --------------------------------------------------------------------------------------------

    def _context(self, page: PolicyPage) -> site_chrome.PageContext:
        policy = page.policy
        governing = policy.brand.governing_language
        other = {lang: self.pages[f"{lang}/{policy.key}.md"].version.path for lang in self.settings.languages
                 if f"{lang}/{policy.key}.md" in self.pages}
        return site_chrome.PageContext(
            brand=policy.brand, permanent_url=self._permanent_url(page.version),
            permanent_link=self._link(page.version, page.version) if page.version.first_release else None,
            links={v.identity: self._link(page.version, v)
                   for v in [*(d.version for d in page.history), *filter(None, [page.upcoming])]},
            governing_path=other.get(governing), governing_language=governing, site_root=self._site_root(page.version),
            release_root="../" * len(PurePosixPath(page.version.path).parts),
            release=self.settings.release, as_of=self.settings.as_of)

    def _link(self, here: Version, there: Version) -> str:
        """A link from the page of one version to the permanent page of another: releases are sibling folders,
        and the link is the same in every release, so an unchanged page stays byte-identical."""
        if there.first_release is None:
            return "./" if there is here else ""
        return f"{self._site_root(here)}{there.first_release}/{there.path}"

    def _site_root(self, version: Version) -> str:
        depth = len(PurePosixPath(version.path).parts) + (1 if self.settings.release else 0)
        return "../" * depth

    def _permanent_url(self, version: Version) -> str | None:
        if version.first_release is None:
            return None
        return f"{self.settings.site_url}{version.first_release}/{version.path}"

    def _versions_entries(self) -> dict[str, list[dict]]:
        return {f"{lang}/{key}": [versions_entry(d, self._permanent_url(d.version)) for d in timeline(versions)]
                for (lang, key), versions in sorted(self._all_versions.items())}

    def _shown_in(self, lang: str) -> list[tuple[Policy, Version]]:
        return [(p.policy, p.version) for p in self.pages.values() if p.version.lang == lang]

    def _prefix(self, lang: str) -> str:
        return "" if lang == self.settings.default_language else f"{lang}/"


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
