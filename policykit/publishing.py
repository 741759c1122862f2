"""The publisher's commands: publish what main holds as a release, refresh statuses when a date comes, push.

A publication builds a committed tree (a worktree of a commit, never the working folder) once, with the release
settings in a configuration that inherits mkdocs.yml, as of its day. Its pages go to the site's root (every text
at its dated address, each policy's own address showing the text in force); its record (policies.json and a
manifest of the release folder and of the whole root, chained to the manifest before) goes into a release folder
by mike. Both land on gh-pages in one compare-and-swap (policykit/gh_pages.py), which proves every earlier release
and every recorded text unchanged.
"""

from __future__ import annotations

import datetime
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from policykit.content import load_content, site_languages
from policykit.gh_pages import PagesState, folder_files, pages_base, pages_files, read_published, read_state, verify
from policykit.git import GitError, git, resolve, worktree
from policykit.history import imported_problem, notice_problem
from policykit.problems import PolicyError
from policykit.pdf import PDF_FILE, PdfError, page_pdf
from policykit.pages_deploy import changing, push, shown_remote
from policykit.published import RECORD, TEXT_FILE
from policykit.release_files import redirect_page
from policykit.releases import (LATEST, MANIFEST, NEXT, ReleaseError, blob_id, check_not_ahead, manifest, plan,
                                status_changes)
from policykit.settings import is_local
from policykit.site_build import strict_build
from policykit.signing import PUBLISHED_PUBLISHERS, SIGNATURE, Signer


@dataclass(frozen=True)
class Publication:
    release: str
    day: datetime.date
    changed_files: int  # files of the site's root this publication wrote or changed


def publish(repo: Path, day: datetime.date, name: str | None = None, push_to: str | None = None, *,
            source: str | None = None, today: datetime.date | None = None, future: bool = False,
            signing_key: Path | None = None) -> Publication:
    """Publish a commit (the last one, or `source`) as of `day`, its manifest signed with `signing_key` (default:
    git's user.signingkey). Nothing is published (and gh-pages stays where it was) unless every step succeeds."""
    head = source or _committed_head(repo)
    signer = Signer(repo, signing_key)  # policykit/signing.py: refused before anything is built
    check_not_ahead(day, today or datetime.date.today(), future)
    base = pages_base(repo)
    state = _state(repo, base)
    verify(state)
    with worktree(repo, head) as checkout:
        release = plan(day, set(state.releases), name)
        _check_notice(checkout, base, day)
        with tempfile.TemporaryDirectory(prefix="policy-sites-") as folder:
            site, record = Path(folder) / "site", Path(folder) / "record"
            _build(checkout, release, day, base, site)
            if push_to is not None:
                _refuse_local_address(site)
            _add_pdfs(site, state.site)
            files = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
            legacy = [alias for alias in (LATEST, NEXT) if alias in state.aliases]
            files.update(_legacy_redirects(repo, base, legacy))
            files[".nojekyll"] = b""  # mike writes it too: GitHub Pages serves the files as they are
            files[PUBLISHED_PUBLISHERS] = signer.allowed  # the keys that sign, for readers to check with
            after = {path: blob for path, blob in state.site.items() if path.split("/")[0] not in legacy}
            written = {path: data for path, data in files.items() if after.get(path) != blob_id(data)}
            after.update({path: blob_id(data) for path, data in files.items()})
            record.mkdir()
            (record / RECORD).write_bytes(files[RECORD])
            previous = (state.newest, state.manifests[state.newest]) if state.newest in state.manifests else None
            (record / MANIFEST).write_bytes(manifest(release, day, head, {RECORD: files[RECORD]}, after, previous))
            (record / SIGNATURE).write_bytes(signer.sign((record / MANIFEST).read_bytes()))
            with changing(repo, base) as pages:
                for alias in legacy:
                    pages.drop_alias(alias, f"`{alias}` leads to the site's root from now on")
                pages.deploy(record, release, f"Release {release} of {head[:12]}, as of {day.isoformat()}")
                pages.add_files(written, f"Release {release}: the site as of {day.isoformat()} "
                                         f"({len(written)} files changed)")
    if push_to is not None:
        push(repo, push_to)
    return Publication(release, day, len(written))


def push_pages(repo: Path, remote: str) -> str:
    """Push gh-pages, unless a release records an address that works only on this computer."""
    base = pages_base(repo)
    state = _state(repo, base)
    if not state.releases:
        raise ReleaseError("nothing is published yet: there is no release on gh-pages to push.")
    verify(state)
    assert base is not None  # a release is published, so gh-pages exists
    for record in pages_files(repo, base, [f"{release}/{RECORD}" for release in state.releases]).values():
        _refuse_local(json.loads(record)["site_url"])
    push(repo, remote)
    return f"Pushed gh-pages (newest release {state.newest}) to {shown_remote(remote)}."


def refresh(repo: Path, today: datetime.date, push_to: str | None = None, signing_key: Path | None = None) -> str:
    """Publish the newest release's commit again as of today when a text's status changed since (a version took
    effect, a correction's day came), so that every page states it without script; say what happened."""
    base = pages_base(repo)
    state = _state(repo, base)
    verify(state)
    info = state.info(state.newest) if state.newest else None
    if info is None:
        return "Nothing to refresh: no release with dated addresses is published yet (publish one first)."
    if resolve(repo, f"{info.source}^{{commit}}") is None:
        raise ReleaseError(f"release {state.newest} was built from commit {info.source}, which this repository does "
                           "not have: fetch the whole history (git fetch --unshallow origin), then run it again.")
    assert base is not None
    record = json.loads(pages_files(repo, base, [RECORD])[RECORD])
    dates = [datetime.date.fromisoformat(d) for policy in record["policies"] for text in policy["versions"]
             for d in (text["effective_date"], text.get("corrected_on")) if d]
    changes = status_changes(info.day, today, dates)
    if not changes:
        later = sorted(d for d in dates if d > today)
        coming = f"; the next change of status is on {later[0].isoformat()}" if later else ""
        return f"Nothing to refresh: no status changed since release {state.newest} ({info.day.isoformat()}){coming}."
    publication = publish(repo, today, push_to=push_to, source=info.source, today=today, signing_key=signing_key)
    return (f"Published release {publication.release}: the statuses as of {today.isoformat()} (changed on "
            f"{', '.join(d.isoformat() for d in changes)}), {publication.changed_files} files changed.")


def _committed_head(repo: Path) -> str:
    try:
        changed = git(repo, "status", "--porcelain", "--untracked-files=no")
    except GitError as error:
        raise ReleaseError(f"{repo} is not a git repository with a commit to publish ({error}).") from None
    if changed:
        raise ReleaseError("the working tree has uncommitted changes: commit them first, so that every release is "
                           "the text of a commit (publishing builds the last commit, not the files on disk).")
    head = resolve(repo, "HEAD")
    if head is None:
        raise ReleaseError("there is no commit to publish yet: commit the site first.")
    return head


def _state(repo: Path, base: str | None) -> PagesState:
    try:
        return read_state(repo, base)
    except GitError as error:
        raise ReleaseError(f"gh-pages cannot be read: {error}") from None


def _check_notice(source: Path, base: str | None, day: datetime.date) -> None:
    """New versions published with less notice than their brand promises are refused."""
    try:
        content = load_content(source, site_languages(source))
        if content.problems:
            raise PolicyError(list(content.problems))
        published = read_published(source, base)
    except PolicyError as error:
        raise ReleaseError(str(error)) from None
    try:
        problems = []
        for policy in content.policies:
            known = [v for v in published.of(policy.lang, policy.key) if not v.withdrawn]
            previous = max(known, key=lambda v: v.order, default=None)
            source_file = policy.source
            new = previous is None or source_file.effective_date > previous.effective_date
            refused = imported_problem(source_file.effective_date, list(published.of(policy.lang, policy.key)), day,
                                       source_file.shown_as, source_file.line_of("imported_from")) \
                if new and "imported_from" in source_file.meta else None
            problems += [refused] if refused else []
            if problem := notice_problem(source_file.effective_date, previous, policy.brand.notice_days,
                                         policy.brand.name, source_file.shown_as, source_file.line_of("effective_date"),
                                         day, imported=refused is None and "imported_from" in source_file.meta):
                problems.append(problem)
        if problems:
            raise ReleaseError(str(PolicyError(problems)))
    finally:
        if published.files:
            published.files.close()


def _build(source: Path, release: str, day: datetime.date, pages_commit: str | None, site: Path) -> None:
    """The strict build of one release, with its settings, reading history from the gh-pages it will go on."""
    said = strict_build(source, site, {"release": release, "as_of": day.isoformat(), "pages_commit": pages_commit or ""})
    if said is not None:
        raise ReleaseError(f"release {release} did not build, so nothing was published:\n{said}")


def _add_pdfs(site: Path, published: dict[str, str]) -> None:
    """A PDF of every text that has none on gh-pages yet, beside its recorded text: made once, then kept (its hash
    is in every later manifest, as the recorded text's is)."""
    for text in sorted(site.glob(f"**/{TEXT_FILE}")):
        folder = text.parent.relative_to(site).as_posix() + "/"
        if f"{folder}{PDF_FILE}" not in published:
            try:
                (text.parent / PDF_FILE).write_bytes(page_pdf(site, folder))
            except PdfError as error:
                raise ReleaseError(f"the PDF of {folder} could not be made, so nothing was published: {error}") from None


def _legacy_redirects(repo: Path, base: str | None, aliases: list[str]) -> dict[str, bytes]:
    """Format-1 alias folders (`latest/`, `next/`) become, once, redirects to the same page at the site's root,
    where the text in force always is: every address they gave out keeps answering."""
    pages = {}
    for alias in aliases:
        assert base is not None
        for path in folder_files(repo, base, alias):
            if path.endswith("index.html"):
                inner = path.removesuffix("index.html")
                target = "../" * len(PurePosixPath(alias, inner).parts) + inner
                pages[f"{alias}/{path}"] = redirect_page(target).encode()
    return pages


def _refuse_local_address(site: Path) -> None:
    _refuse_local(json.loads((site / RECORD).read_text(encoding="utf-8"))["site_url"])


def _refuse_local(site_url: str) -> None:
    """A release records its site's address forever: putting one online with a preview address is refused."""
    if is_local(site_url):
        raise ReleaseError(f"--push would publish releases whose permanent addresses point at {site_url}, which works "
                           "only on this computer. Set SITE_URL to the site's public address (for example "
                           "SITE_URL=https://example.org/policies/) and publish again.")

