"""What a policy's text itself must satisfy, found for every policy at once: Markdown that GitHub and the site
read alike, the page's terminology, translations that carry the facts of their governing text, HTML a legal
text may contain, and links that lead somewhere. Each problem names the file and line a writer edits."""

from __future__ import annotations

from collections.abc import Sequence

from policykit.content import Content, Policy
from policykit.date_lines import date_line_findings
from policykit.links import anchor_findings, link_findings
from policykit.github_markdown import github_differences
from policykit.parity import differences as translation_differences
from policykit.problems import Problem
from policykit.rendering import Rendered
from policykit.sanitizer import find_unsafe
from policykit.site_chrome import RESERVED_IDS
from policykit.terms import check as check_terms


def text_problems(content: Content, rendered: dict[tuple[str, str], Rendered],
                  earlier: Sequence[tuple[Policy, Rendered]] = ()) -> list[Problem]:
    """The problems of every policy's text, and of the earlier texts (`earlier`: an imported history) too."""
    problems = []
    for policy in content.policies:
        if not policy.source.pending_translation:
            problems += _policy_problems(policy, rendered[(policy.lang, policy.key)], content)
    for policy, text in earlier:
        problems += _policy_problems(policy, text, content)
    return problems + _translation_problems(content)


def _policy_problems(policy: Policy, rendered: Rendered, content: Content) -> list[Problem]:
    expanded = policy.expanded
    findings = (github_differences(rendered.markdown, rendered.html)  # typeset: only spaces differ from expanded
                + check_terms(expanded.markdown, policy.lang, policy.source.meta.get("party"), content.terms)
                + link_findings(rendered.recorded.links, f"{policy.lang}/{policy.key}.md", content.paths.docs,
                                expanded.line_containing)
                + date_line_findings(expanded.markdown, policy.lang, policy.source.effective_date))
    if "imported_from" not in policy.source.meta:  # an imported text keeps its source's own anchors (import report)
        findings += anchor_findings(rendered.recorded.links, rendered.html, expanded.line_containing)
    problems = [expanded.problem(f.line, f.what, f.fix) for f in findings]
    for unsafe in find_unsafe(rendered.html, reserved_ids=RESERVED_IDS):
        line = expanded.line_containing(unsafe.hint)
        problems.append(expanded.problem(line, unsafe.what, unsafe.fix) if line else
                        Problem(policy.source.shown_as, None, unsafe.what, unsafe.fix))
    return problems


def _translation_problems(content: Content) -> list[Problem]:
    """Each translation carries the facts of its governing text: numbers, dates, addresses, links, citations."""
    problems = []
    by_key: dict[str, dict[str, Policy]] = {}
    for policy in content.policies:
        by_key.setdefault(policy.key, {})[policy.lang] = policy
    for versions in by_key.values():
        governing = next(iter(versions.values())).brand.governing_language
        if governing not in versions:
            continue
        original = versions[governing].source
        if original.pending_translation:
            problems.append(Problem(original.shown_as, original.line_of("translation"), "the governing text of a "
                                    "policy cannot be a pending translation: it is the original.",
                                    "remove `translation: pending` from this file."))
            continue
        ready = {lang: p for lang, p in versions.items() if not p.source.pending_translation}
        for finding in translation_differences({lang: p.expanded.markdown for lang, p in ready.items()}, governing):
            problems.append(ready[finding.lang].expanded.problem(finding.line, finding.what, finding.fix))
    return problems
