"""Versions announced ahead of their effective date: what is in force on a date, and notice periods.

A writer merges a new version with a future effective_date. Until that date, a release that is to be
`latest` must still show the version in force: it is rendered from the Markdown (clauses and variables
already filled in) that the release which published that version kept in policy-texts/.
"""

from __future__ import annotations

import dataclasses
import datetime

from policykit.problems import PolicyError, Problem
from policykit.published import Published, PublishedPolicy
from policykit.site import Site
from policykit.sources import PolicySource


def pending(site: Site, as_of: datetime.date) -> list[PolicySource]:
    """Policies whose effective date is after the given day."""
    return [policy for policy in site.policies if policy.effective_date > as_of]


def in_force_version(published: Published, lang: str, key: str, as_of: datetime.date) -> PublishedPolicy | None:
    """The newest published version of a policy that is in force on the day."""
    versions = [p for p in published.of(lang, key) if p.effective_date <= as_of]
    return max(versions, key=lambda p: p.effective_date, default=None)


def site_in_force(site: Site, published: Published, as_of: datetime.date) -> Site:
    """The site as in force on a day: each pending policy replaced by its version in force then."""
    problems, policies = [], []
    for policy in site.policies:
        if policy.effective_date <= as_of:
            policies.append(policy)
            continue
        version = in_force_version(published, policy.lang, policy.key, as_of)
        if version is None or version.markdown is None:
            problems.append(Problem(
                policy.shown_as, None,
                f"this policy takes effect on {policy.effective_date.isoformat()}, and no earlier version of it has "
                f"been published, so the release in force on {as_of.isoformat()} would have no text to show for it.",
                "a policy's first version cannot be announced ahead of its date: give it an effective_date that has "
                "come, or merge it on its effective date."))
            continue
        policies.append(dataclasses.replace(
            policy, meta={**policy.meta, "title": version.title, "effective_date": version.effective_date},
            body=published.read(version.release, version.markdown), in_force_from=version.release))
    if problems:
        raise PolicyError(problems)
    return dataclasses.replace(site, policies=policies)


def notice_problems(site: Site, published: Published, release_day: datetime.date) -> list[Problem]:
    """New versions published with less notice than their brand promises (registry: notice_days)."""
    problems = []
    for policy in site.policies:
        versions = published.of(policy.lang, policy.key)
        if not versions or versions[-1].effective_date == policy.effective_date:
            continue  # a first publication, or no new version
        brand = site.brands[policy.brand]
        earliest = release_day + datetime.timedelta(days=brand.notice_days)
        if policy.effective_date < earliest:
            problems.append(Problem(
                policy.shown_as, None,
                f"{brand.name} promises {brand.notice_days} days' notice of a new version, but this one takes effect "
                f"on {policy.effective_date.isoformat()}, {(policy.effective_date - release_day).days} days after "
                f"this release ({release_day.isoformat()}).",
                f"give it an effective_date on or after {earliest.isoformat()} in every language, or publish later."))
    return problems
