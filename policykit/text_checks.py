"""What a policy's text itself must satisfy, found for every policy at once: Markdown that GitHub and the site
read alike, the page's terminology, translations that carry the facts of their governing text, HTML a legal
text may contain, and links that lead somewhere. Each problem names the file and line a writer edits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policykit.analysis_cache import AnalysisCache
from policykit.build_memo import BuildMemo
from policykit.content import Content, Policy
from policykit.date_lines import date_line_findings
from policykit.links import anchor_findings, link_findings
from policykit.github_markdown import github_differences
from policykit.parity import LangFinding, differences as translation_differences
from policykit.problems import Finding, Problem
from policykit.rendering import Rendered, render_policy
from policykit.sanitizer import Unsafe, find_unsafe
from policykit.site_chrome import RESERVED_IDS
from policykit.terms import check as check_terms
from policykit.text import Readable, Section


@dataclass(frozen=True)
class Analysis:
    """A policy's text rendered, and what the text itself decides of its problems (every check of text_problems
    but the links to other files, which depend on what else exists: those are checked at every build)."""

    rendered: Rendered
    findings: list[Finding]  # GitHub's reading and terms, then date lines and anchors in the page
    links_at: int  # where in `findings` the links' own findings are told (between terms and date lines)
    unsafe: list[Unsafe]  # what the page may not carry


def analyses_data(content: Content) -> dict:
    """The data every analysis reads besides its text, as written (part of each cache key): the terms
    (check_terms), the typography (render_policy) and the site's languages. Read once for all the texts."""
    return {"languages": list(content.languages), "terms": _file_text(content.paths.terms),
            "typography": _file_text(content.paths.typography)}


def analyse(policy: Policy, content: Content, cache: AnalysisCache | None = None,
            data: dict | None = None, memo: BuildMemo | None = None) -> Analysis:
    """A policy's analysis, read from `cache` where the same text was analysed with the same data (`data`, as
    analyses_data gives it) and code, or from `memo` where the previous build of a preview analysed it."""
    inputs = {"markdown": policy.expanded.markdown, "lang": policy.lang, "title": policy.source.title,
              "party": policy.source.meta.get("party"), "effective_date": policy.source.effective_date.isoformat(),
              "imported": "imported_from" in policy.source.meta,
              **(data if data is not None else analyses_data(content))}
    if memo is not None:
        return memo.reuse("text analysis", _memo_key(inputs), lambda: _stored_analysis(policy, content, cache, inputs))
    return _stored_analysis(policy, content, cache, inputs)


def _stored_analysis(policy: Policy, content: Content, cache: AnalysisCache | None, inputs: dict) -> Analysis:
    if cache is None:
        return _analysis(policy, content)
    key = cache.key("text", inputs)
    if (stored := cache.get(key)) is not None:
        try:
            return _from_json(stored)
        except (KeyError, TypeError, ValueError):
            pass  # not an analysis after all: made again below
    analysis = _analysis(policy, content)
    cache.put(key, _to_json(analysis))
    return analysis


def _memo_key(inputs: dict) -> tuple:
    """JSON values as a key of a BuildMemo: lists and objects as tuples."""
    def frozen(value: object) -> object:
        if isinstance(value, dict):
            return tuple((key, frozen(item)) for key, item in sorted(value.items()))
        return tuple(frozen(item) for item in value) if isinstance(value, list) else value
    return tuple((key, frozen(value)) for key, value in sorted(inputs.items()))


def text_problems(content: Content, analyses: dict[tuple[str, str], Analysis],
                  earlier: Sequence[tuple[Policy, Analysis]] = (), cache: AnalysisCache | None = None,
                  memo: BuildMemo | None = None) -> list[Problem]:
    """The problems of every policy's text, and of the earlier texts (`earlier`: an imported history) too."""
    problems = []
    for policy in content.policies:
        if not policy.source.pending_translation:
            problems += _policy_problems(policy, analyses[(policy.lang, policy.key)], content)
    for policy, text in earlier:
        problems += _policy_problems(policy, text, content)
    return problems + _translation_problems(content, cache, memo)


def _analysis(policy: Policy, content: Content) -> Analysis:
    expanded = policy.expanded
    rendered = render_policy(policy, content.typography)
    findings = (github_differences(rendered.markdown, rendered.html)  # typeset: only spaces differ from expanded
                + check_terms(expanded.markdown, policy.lang, policy.source.meta.get("party"), content.terms))
    links_at = len(findings)
    findings += date_line_findings(expanded.markdown, policy.lang, policy.source.effective_date)
    if "imported_from" not in policy.source.meta:  # an imported text keeps its source's own anchors (import report)
        findings += anchor_findings(rendered.recorded.links, rendered.html, expanded.line_containing)
    return Analysis(rendered, findings, links_at, find_unsafe(rendered.html, reserved_ids=RESERVED_IDS))


def _policy_problems(policy: Policy, analysis: Analysis, content: Content) -> list[Problem]:
    expanded, rendered = policy.expanded, analysis.rendered
    links = link_findings(rendered.recorded.links, f"{policy.lang}/{policy.key}.md", content.paths.docs,
                          expanded.line_containing)
    findings = analysis.findings[:analysis.links_at] + links + analysis.findings[analysis.links_at:]
    problems = [expanded.problem(f.line, f.what, f.fix) for f in findings]
    for unsafe in analysis.unsafe:
        line = expanded.line_containing(unsafe.hint)
        problems.append(expanded.problem(line, unsafe.what, unsafe.fix) if line else
                        Problem(policy.source.shown_as, None, unsafe.what, unsafe.fix))
    return problems


def _file_text(path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _to_json(analysis: Analysis) -> dict:
    rendered = analysis.rendered
    return {"markdown": rendered.markdown, "html": rendered.html, "headings": rendered.headings,
            "text": rendered.recorded.text, "sections": [list(s) for s in rendered.recorded.sections],
            "links": rendered.recorded.links, "findings": [[f.line, f.what, f.fix] for f in analysis.findings],
            "links_at": analysis.links_at,
            "unsafe": [[u.what, u.hint, u.fix] for u in analysis.unsafe]}


def _from_json(value: object) -> Analysis:
    if not isinstance(value, dict):
        raise TypeError(value)
    recorded = Readable(str(value["text"]), [Section(int(level), str(title), anchor if anchor is None else str(anchor))
                                             for level, title, anchor in value["sections"]],
                        [str(link) for link in value["links"]])
    rendered = Rendered(str(value["markdown"]), str(value["html"]), recorded, list(value["headings"]))
    return Analysis(rendered, [Finding(int(line), str(what), str(fix)) for line, what, fix in value["findings"]],
                    int(value["links_at"]),
                    [Unsafe(str(what), str(hint), str(fix)) for what, hint, fix in value["unsafe"]])


def _translation_problems(content: Content, cache: AnalysisCache | None, memo: BuildMemo | None) -> list[Problem]:
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
        texts = {lang: p.expanded.markdown for lang, p in ready.items()}
        found = (_translation_differences(texts, governing, cache) if memo is None else
                 memo.reuse("translation facts", _memo_key({"texts": texts, "governing": governing}),
                            lambda: _translation_differences(texts, governing, cache)))
        for finding in found:
            problems.append(ready[finding.lang].expanded.problem(finding.line, finding.what, finding.fix))
    return problems


def _translation_differences(texts: dict[str, str], governing: str, cache: AnalysisCache | None) -> list[LangFinding]:
    """parity.differences, read from `cache` where the same texts were compared by the same code."""
    if cache is None:
        return translation_differences(texts, governing)
    key = cache.key("translations", {"texts": texts, "governing": governing})
    stored = cache.get(key)
    try:
        if isinstance(stored, list):
            return [LangFinding(str(lang), int(line), str(what), str(fix)) for lang, line, what, fix in stored]
    except (TypeError, ValueError):
        pass  # not findings after all: compared again below
    found = translation_differences(texts, governing)
    cache.put(key, [[f.lang, f.line, f.what, f.fix] for f in found])
    return found
