"""The site's content as a whole: the registry, the site's words and rules, and every policy in every
language, read strictly, checked against each other and expanded. What is wrong in a policy's text itself
(policykit/text_checks.py) is found next, on this model, before the engine writes a single page.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from policykit.build_memo import BuildMemo, folder_digest
from policykit.expansion import INCLUDE, VARIABLE, Clauses, Expanded, expand, markup_only_in_policies
from policykit.labels import load_labels
from policykit.markdown_dialect import nesting_findings
from policykit.problems import PolicyError, Problem, display_path
from policykit.registry import Brand, load_registry
from policykit.sanitizer import plain_text_problem
from policykit.repository_files import content_file_problems, linked_paths, read_source
from policykit.policy_file import PolicySource, find_policy_files, read_policy, split_front_matter
from policykit.terms import Terms, load_terms
from policykit.typography import Rules, load_rules
from policykit.yamlfile import LoadedYaml, load_yaml

# What a build reads, relative to the repository; a copy of these builds the same site.
SITE_SOURCES = ("mkdocs.yml", "docs", "clauses", "data", "overrides", "hooks")
PAGE_FIELDS = ("title", "description")  # the front matter of a page that is not a policy
DEVELOPERS_FOLDERS = ("assets",)  # folders of docs/ that hold the site's own code (scripts, styles), not content
NOTE = re.compile(r"<!--.*?(?:--!?>|$)", re.S)  # a writers' note, closed or not


def copy_sources(root: Path, destination: Path, names: tuple[str, ...] = SITE_SOURCES) -> Path:
    """Copy files and folders of the repository (by default what a build reads) into another folder."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination


@dataclass(frozen=True)
class ContentPaths:
    """Where the writers' files live, all derived from the repository root."""

    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def clauses(self) -> Path:
        return self.root / "clauses"

    @property
    def registry(self) -> Path:
        return self.root / "data" / "brands.yml"

    @property
    def labels(self) -> Path:
        return self.root / "data" / "labels.yml"

    @property
    def terms(self) -> Path:
        return self.root / "data" / "terms.yml"

    @property
    def typography(self) -> Path:
        return self.root / "data" / "typography.yml"

    @property
    def history(self) -> Path:
        """Earlier texts of a policy not published yet, oldest first (an imported history):
        content/history/<lang>/<brand>/<policy>/<NNN>-<date>.md."""
        return self.root / "content" / "history"

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)


@dataclass(frozen=True)
class Policy:
    """A policy in one language, checked: its source and its expanded Markdown."""

    source: PolicySource
    brand: Brand
    expanded: Expanded

    @property
    def key(self) -> str:
        return self.source.key

    @property
    def lang(self) -> str:
        return self.source.lang


@dataclass(frozen=True)
class Content:
    paths: ContentPaths
    languages: tuple[str, ...]  # default first
    brands: dict[str, Brand]
    labels: dict[str, dict]
    terms: Terms
    typography: Rules
    policies: tuple[Policy, ...]  # every policy that could be read and expanded
    problems: tuple[Problem, ...]  # what is wrong in the files, found while reading them
    history: tuple[Policy, ...] = ()  # earlier texts not published yet (content/history/), oldest first per policy

    def earlier_texts(self, lang: str, key: str) -> list[Policy]:
        return [p for p in self.history if p.lang == lang and p.key == key]

    def policy(self, lang: str, key: str) -> Policy | None:
        return next((p for p in self.policies if p.lang == lang and p.key == key), None)


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: MkDocs' own tags (!ENV, !!python/name) are read as nothing."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_languages(root: Path) -> list[str]:
    """The site's languages, default first, as mkdocs.yml configures them for static-i18n (tools outside a
    build read them here; the build gets them from MkDocs)."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = plugin["i18n"].get("languages") or []
            return [lang["locale"] for lang in sorted(languages, key=lambda lang: not lang.get("default"))]
    raise PolicyError([Problem("mkdocs.yml", None, "the i18n plugin and its languages are not configured.",
                               "restore the plugins section of mkdocs.yml from the main branch.")])


def load_content(root: Path, languages: list[str], memo: BuildMemo | None = None) -> Content:
    """Read and check everything writers edit. Problems in policy files are kept in `problems`, so that the checks
    of the texts can run on the rest and a writer gets every problem at once; a PolicyError is raised only when the
    site's own data (registry, labels, terms, typography) or a linked path makes reading impossible. With `memo`,
    a policy file or expansion an earlier build made from the same bytes is reused."""
    paths = ContentPaths(root)
    linked = linked_paths(root, [paths.docs, paths.clauses, root / "data", root / "overrides"])
    if linked:
        raise PolicyError(linked)
    if not_content := content_file_problems(paths.docs, root, own=DEVELOPERS_FOLDERS):
        raise PolicyError(not_content)
    brands = load_registry(paths.registry, languages, root, paths.docs)
    labels = load_labels(paths.labels, languages, root)
    terms = load_terms(paths.terms, languages, root)
    typography = load_rules(paths.typography, languages, root)
    problems: list[Problem] = []
    sources = []
    unreadable = set()  # their other languages are not reported missing: one problem, one message
    for lang, path in find_policy_files(paths.docs, languages):
        try:
            sources.append(_read_policy(memo, path, lang, root))
        except PolicyError as error:
            problems += error.problems
            unreadable.add(f"{path.parent.name}/{path.stem}")
    problems += _brand_problems(sources, brands, paths, {key.split("/")[0] for key in unreadable})
    problems += _language_problems([s for s in sources if s.key not in unreadable], languages, paths)
    problems += _other_page_problems(paths, languages)
    clauses = Clauses(paths.clauses, root)
    clauses_digest = folder_digest(paths.clauses) if memo is not None else ""
    history_sources = []
    for lang in languages:
        for path in sorted((paths.history / lang).glob("*/*/*.md")):
            try:
                history_sources.append(_read_policy(memo, path, lang, root, brand=path.parent.parent.name,
                                                    name=path.parent.name))
            except PolicyError as error:
                problems += error.problems
    present = {s.key for s in sources}
    for source in history_sources:
        if source.key not in present:
            problems.append(Problem(source.shown_as, None, f"this earlier text belongs to no policy: there is no "
                                    f"docs/{source.lang}/{source.key}.md.", "move it to the folder of its policy, or "
                                    "remove it (an imported history is written by `policy import`)."))
    policies: list[Policy] = []
    history: list[Policy] = []
    for source, kept in [*((s, policies) for s in sources),
                         *((s, history) for s in history_sources if s.key in present)]:
        if source.brand not in brands:
            continue
        brand = brands[source.brand]
        try:
            expanded, too_deep = _expanded(memo, source, brand, clauses, clauses_digest)
        except PolicyError as error:
            problems += error.problems
            continue
        if too_deep:  # left out: rendering it would crash the build
            problems += [expanded.problem(f.line, f.what, f.fix) for f in too_deep]
            continue
        kept.append(Policy(source, brand, expanded))
    return Content(paths, tuple(languages), brands, labels, terms, typography, tuple(policies), tuple(problems),
                   tuple(history))


def _read_policy(memo: BuildMemo | None, path: Path, lang: str, root: Path, brand: str | None = None,
                 name: str | None = None) -> PolicySource:
    if memo is None:
        return read_policy(path, lang, root, brand=brand, name=name)
    return memo.reuse("policy file", (str(path), lang, brand, name, path.read_bytes()),
                      lambda: read_policy(path, lang, root, brand=brand, name=name))


def _expanded(memo: BuildMemo | None, source: PolicySource, brand: Brand, clauses: Clauses,
              clauses_digest: str) -> tuple[Expanded, list]:
    """A policy's expanded Markdown, and how it nests deeper than the site renders (a PolicyError: problems)."""
    def expanded_and_nesting() -> tuple[Expanded, list]:
        expanded = expand(source.body, source.shown_as, source.body_first_line, source.lang,
                          brand.variables(source.lang), brand.slug, clauses)
        return expanded, nesting_findings(expanded.markdown)

    if memo is None:
        return expanded_and_nesting()
    inputs = (source.body, source.shown_as, source.body_first_line, source.lang,
              tuple(sorted(brand.variables(source.lang).items())), brand.slug, clauses_digest)
    return memo.reuse("expansion", inputs, expanded_and_nesting)


def fields_used(content: Content) -> dict[str, set[str]]:
    """The registry fields each brand's pages write as {{ field }}, in their own text or in a clause they include;
    a field named only in a writers' note is not used."""
    clauses = Clauses(content.paths.clauses, content.paths.root)
    used: dict[str, set[str]] = {}
    for policy in content.policies:
        body = policy.source.body.split("\n")
        included = [text for line in body if (include := INCLUDE.match(line))
                    for text, _ in clauses.lines(include.group("target")) or []]
        text = NOTE.sub("", "\n".join(body + included))
        used.setdefault(policy.brand.slug, set()).update(match.group(1) for match in VARIABLE.finditer(text))
    return used


def _brand_problems(sources, brands, paths: ContentPaths, brands_with_unreadable) -> list[Problem]:
    problems = []
    registry = paths.shown(paths.registry)
    for source in sources:
        if source.brand not in brands:
            problems.append(Problem(
                source.shown_as, None, f'the folder "{source.brand}" is not a brand in {registry}.',
                f"rename the folder to one of the brands ({', '.join(brands)}), or add \"{source.brand}\" to {registry}."))
    with_policies = {s.brand for s in sources} | brands_with_unreadable
    for slug, brand in brands.items():
        if slug not in with_policies and not brand.withdrawn:
            problems.append(Problem(
                registry, None, f'brand "{slug}" has no policy.',
                f"add docs/<language>/{slug}/privacy.md in every language, or remove the brand from the registry."))
    return problems


def _language_problems(sources, languages, paths: ContentPaths) -> list[Problem]:
    """Every policy exists in every language with the same effective date: the site never falls back."""
    problems = []
    by_key: dict[str, dict[str, PolicySource]] = {}
    for source in sources:
        by_key.setdefault(source.key, {})[source.lang] = source
    for key, versions in sorted(by_key.items()):
        present = next(iter(versions.values()))
        for lang in languages:
            if lang not in versions:
                missing = paths.shown(paths.docs / lang / f"{key}.md")
                problems.append(Problem(
                    missing, None, f"this translation is missing: {present.shown_as} has no '{lang}' version.",
                    f"add the translation at {missing} (while it is not ready: its title, the effective_date and "
                    "`translation: pending`); the site never shows another language in its place."))
        if len({s.effective_date for s in versions.values()}) > 1:
            listed = "; ".join(f"{s.shown_as} says {s.effective_date.isoformat()}" for s in versions.values())
            problems += [Problem(s.shown_as, s.line_of("effective_date"),
                                 f"the languages disagree on the effective date ({listed}).",
                                 "give every language of a policy the same effective_date.") for s in versions.values()]
    return problems


def _other_page_problems(paths: ContentPaths, languages) -> list[Problem]:
    """Home pages and any other page outside the brand folders: plain Markdown, no brand markup."""
    problems = []
    for lang in languages:
        for path in sorted((paths.docs / lang).glob("*.md")):
            shown = paths.shown(path)
            try:
                text = read_source(path, paths.root)
                front, body, first = split_front_matter(text, shown) if text.startswith("---") else ([], text.split("\n"), 1)
            except PolicyError as error:
                problems += error.problems
                continue
            # MkDocs reads this block for the page's title: the same strict YAML as every writer's file.
            loaded = load_yaml("\n".join(front), shown, first_line=2)
            problems += [loaded] if isinstance(loaded, Problem) else _page_field_problems(loaded, shown)
            problems += markup_only_in_policies("\n".join(body), shown, first)
            problems += [Problem(shown, first + f.line - 1, f.what, f.fix) for f in nesting_findings("\n".join(body))]
    return problems


def _page_field_problems(loaded: LoadedYaml, shown: str) -> list[Problem]:
    """A page's front matter holds its title and description, as plain text: any other field would choose what
    the theme does with the page (MkDocs' `template`, Material's `hide`), and markup would reach the page's head."""
    fields = loaded.data if isinstance(loaded.data, dict) else {}
    problems = []
    for key, value in fields.items():
        line = loaded.lines.get((str(key),))
        if key not in PAGE_FIELDS:
            problems.append(Problem(shown, line, f'"{key}" is not a front-matter field of a page.',
                                    f"the fields are {' and '.join(PAGE_FIELDS)}; remove the line."))
        elif not isinstance(value, str) or not value.strip():
            problems.append(Problem(shown, line, f'"{key}" needs a value: plain text after the colon.',
                                    f"write `{key}: …` with its text, in quotes if it contains a colon."))
        elif reason := plain_text_problem(value):
            problems.append(Problem(shown, line, f'"{key}" {reason}.', "write plain text: no HTML or markup."))
    return problems
