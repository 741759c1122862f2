"""The site's content as a whole: every policy in every language, checked against the registry and clauses.

Everything a writer can get wrong without rendering is found here, before MkDocs writes a single
page, and reported together.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from policykit.clauses import includes_in
from policykit.problems import PolicyError, Problem, display_path
from policykit.registry import Brand, load_registry
from policykit.safety import unsafe_markup
from policykit.sources import PolicySource, find_policy_files, read_policy
from policykit.variables import variables_in


# What a build reads: a copy of these, and nothing else of the repository, builds the same site.
SITE_SOURCES = ("mkdocs.yml", "docs", "clauses", "data", "hooks", "overrides")


def copy_sources(root: Path, destination: Path, names: tuple[str, ...] = SITE_SOURCES) -> Path:
    """Copy files and folders of the repository (by default what a build reads) into another folder."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / name)
    return destination


@dataclass(frozen=True)
class SitePaths:
    """Where the writers' files live; every path is derived from the repository root."""

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


@dataclass(frozen=True)
class Site:
    paths: SitePaths
    languages: list[str]
    brands: dict[str, Brand]
    policies: list[PolicySource]

    def policy(self, lang: str, key: str) -> PolicySource | None:
        return next((p for p in self.policies if p.lang == lang and p.key == key), None)

    def policies_in(self, lang: str) -> list[PolicySource]:
        return [p for p in self.policies if p.lang == lang]


def load_site(paths: SitePaths, languages: list[str]) -> Site:
    """Read the registry and every policy; raise PolicyError listing every problem in the content."""
    brands = load_registry(paths.registry, languages, display_path(paths.registry, paths.root))
    problems: list[Problem] = []
    policies = []
    unreadable = set()  # their other languages are not reported missing: one problem, one message
    for lang, path in find_policy_files(paths.docs, languages):
        result = read_policy(path, lang, paths.root)
        if isinstance(result, list):
            problems.extend(result)
            unreadable.add(f"{path.parent.name}/{path.stem}")
        else:
            policies.append(result)
    problems += _check_brands(policies, brands, paths, {key.split("/")[0] for key in unreadable})
    problems += _check_languages([p for p in policies if p.key not in unreadable], languages, paths)
    clauses = _Clauses(paths)
    for policy in policies:
        if policy.brand in brands:
            problems += _check_text(policy, brands[policy.brand], paths, clauses)
    if problems:
        raise PolicyError(problems)
    return Site(paths, languages, brands, policies)


def _check_brands(policies, brands, paths, brands_with_unreadable) -> list[Problem]:
    problems = []
    known = ", ".join(brands)
    registry = display_path(paths.registry, paths.root)
    for policy in policies:
        if policy.brand not in brands:
            problems.append(Problem(
                policy.shown_as, None, f'the folder "{policy.brand}" is not a brand in {registry}.',
                f"rename the folder to one of the brands ({known}), or add \"{policy.brand}\" to {registry}."))
    with_policies = {p.brand for p in policies} | brands_with_unreadable
    for slug in brands:
        if slug not in with_policies:
            problems.append(Problem(
                registry, None, f'brand "{slug}" has no policy.',
                f"add docs/<language>/{slug}/privacy.md in every language, or remove the brand from the registry."))
    return problems


def _check_languages(policies, languages, paths) -> list[Problem]:
    """Every policy exists in every language with the same effective date: the site never falls back."""
    problems = []
    by_key: dict[str, dict[str, PolicySource]] = {}
    for policy in policies:
        by_key.setdefault(policy.key, {})[policy.lang] = policy
    for key, versions in sorted(by_key.items()):
        present = next(iter(versions.values()))
        for lang in languages:
            if lang not in versions:
                missing = display_path(paths.docs / lang / f"{key}.md", paths.root)
                problems.append(Problem(
                    missing, None, f"this translation is missing: {present.shown_as} has no '{lang}' version.",
                    f"add the translation at {missing}; the site never shows another language in its place."))
        dates = {p.effective_date for p in versions.values()}
        if len(dates) > 1:
            listed = "; ".join(f"{p.shown_as} says {p.effective_date.isoformat()}" for p in versions.values())
            for policy in versions.values():
                problems.append(Problem(
                    policy.shown_as, None, f"the languages disagree on the effective date ({listed}).",
                    "give every language of a policy the same effective_date."))
    return problems


@dataclass(frozen=True)
class _TextFacts:
    """What the checks look for in a text, found once per text: a clause is shared by many pages."""

    unsafe: list[tuple[int, str]]
    variables: list[tuple[int, str]]
    includes: list
    malformed: list[int]


def _facts(text: str) -> _TextFacts:
    includes, malformed = includes_in(text)
    return _TextFacts(unsafe_markup(text), variables_in(text), includes, malformed)


class _Clauses:
    """The shared clauses, each read and analysed once however many pages include it."""

    def __init__(self, paths: SitePaths):
        self.paths = paths
        self._known: dict[Path, tuple[str, _TextFacts] | None] = {}

    def get(self, target: Path) -> tuple[str, _TextFacts] | None:
        if target not in self._known:
            self._known[target] = ((display_path(target, self.paths.root), _facts(target.read_text(encoding="utf-8")))
                                   if target.is_file() else None)
        return self._known[target]


def _check_text(policy: PolicySource, brand: Brand, paths: SitePaths, clauses: _Clauses) -> list[Problem]:
    """Includes, variables and markup of one page and of every clause it includes."""
    defined = brand.variables(policy.lang)
    problems = []
    seen: set[Path] = set()

    def check(facts: _TextFacts, shown_as: str, first_line: int, included_from: str | None) -> None:
        where = f" (included by {included_from})" if included_from else ""
        for line, description in facts.unsafe:
            problems.append(Problem(
                shown_as, first_line + line - 1, f"{description} is not allowed in policy text{where}.",
                "remove it: policies are plain text and Markdown, and nothing on the page may run code."))
        for line, name in facts.variables:
            if name not in defined:
                problems.append(Problem(
                    shown_as, first_line + line - 1,
                    f'{{{{ {name} }}}} is not a field of brand "{brand.slug}" in the registry{where}.',
                    f'add `{name}: …` to {brand.slug} in data/brands.yml, or correct the name '
                    f'(this brand has: {", ".join(sorted(defined))}).'))
        for line in facts.malformed:
            problems.append(Problem(
                shown_as, first_line + line - 1, "this clause include is not written in the accepted form.",
                f'write it on a line of its own as --8<-- "{policy.lang}/clause-name.md".'))
        for include in facts.includes:
            line = first_line + include.line - 1
            target = paths.clauses / include.target
            clause = clauses.get(target) if include.target.startswith(f"{policy.lang}/") else None
            if not include.target.startswith(f"{policy.lang}/"):
                problems.append(Problem(
                    shown_as, line, f'the clause "{include.target}" is not in this page\'s language ({policy.lang}).',
                    f'include the {policy.lang} clause instead: --8<-- "{policy.lang}/{Path(include.target).name}".'))
            elif clause is None:
                available = ", ".join(sorted(p.name for p in (paths.clauses / policy.lang).glob("*.md")))
                problems.append(Problem(
                    shown_as, line, f'the shared clause "{include.target}" does not exist.',
                    f"check the spelling; the {policy.lang} clauses are: {available}."))
            elif target not in seen:
                seen.add(target)
                check(clause[1], clause[0], 1, policy.shown_as)

    check(_facts(policy.body), policy.shown_as, policy.body_first_line, None)
    return problems
