"""The one reader of the gh-pages branch, the publisher's record: which commit to read, its releases and what
each recorded (for a build's history and change guard), its state as a whole (for every publish's proofs), and its
files. Only git is used: changing gh-pages is policykit/pages_deploy.py's, through mike."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from policykit.git import GitError, GitFiles, is_ancestor, is_repository, is_shallow, resolve, tree
from policykit.problems import PolicyError, Problem
from policykit.published import PAGES_BRANCH, RECORD, VERSIONS_FILE, Published, add_release_record
from policykit.releases import (MANIFEST, RELEASE_NAME, ManifestInfo, ReleaseError, chain_problems,
                                gone_problems, manifest_info, manifest_problems, release_order, site_problems)
from policykit.signing import PUBLISHERS, SIGNATURE, publishers, signature_problems


@dataclass
class PagesState:
    """What a gh-pages commit holds, read with one tree listing."""

    commit: str | None
    releases: list[str] = field(default_factory=list)  # folders named as releases, oldest first
    listed: list[str] = field(default_factory=list)  # the releases versions.json lists
    aliases: dict[str, str] = field(default_factory=dict)
    trees: dict[str, str] = field(default_factory=dict)  # release -> git tree id
    files: dict[str, dict[str, str]] = field(default_factory=dict)  # release -> path -> blob id
    manifests: dict[str, bytes] = field(default_factory=dict)
    site: dict[str, str] = field(default_factory=dict)  # the site's root: path -> blob id (releases aside)
    signatures: dict[str, bytes] = field(default_factory=dict)  # release -> its manifest's signature
    publishers: bytes | None = None  # the allowed signers the signatures are checked against

    @property
    def newest(self) -> str | None:
        return self.releases[-1] if self.releases else None

    def info(self, release: str) -> ManifestInfo | None:
        data = self.manifests.get(release)
        return manifest_info(data) if data is not None else None


def pages_base(repo: Path) -> str | None:
    """The gh-pages commit to publish on: the local branch, else origin's, else none yet. A local gh-pages that
    does not contain origin's (rewound, a release deleted, or behind) is refused: releases are only ever added."""
    local, remote = resolve(repo, f"refs/heads/{PAGES_BRANCH}"), resolve(repo, f"refs/remotes/origin/{PAGES_BRANCH}")
    if local and remote and not is_ancestor(repo, remote, local):
        raise ReleaseError(f"the local {PAGES_BRANCH} ({local[:12]}) does not contain origin's ({remote[:12]}): it was "
                           "rewound or a release was deleted, or origin has releases this repository has not taken. "
                           f"Nothing was published. Fetch and fast-forward (git fetch origin, then git merge-base "
                           f"--is-ancestor {PAGES_BRANCH} origin/{PAGES_BRANCH} && git branch -f {PAGES_BRANCH} "
                           f"origin/{PAGES_BRANCH}); if the local {PAGES_BRANCH} has releases origin lacks, report it: a "
                           "published release is never removed.")
    return local or remote


def read_state(repo: Path, commit: str | None) -> PagesState:
    state = PagesState(commit, publishers=publishers(repo))
    if commit is None:
        return state
    state.trees = _release_trees(tree(repo, commit))
    state.releases = list(state.trees)
    for path, (kind, object_id) in tree(repo, commit, recursive=True).items():
        release, _, inner = path.partition("/")
        if kind != "blob":
            continue
        if release in state.trees:
            if inner not in (MANIFEST, SIGNATURE):  # the signature, made after the manifest, is checked as such
                state.files.setdefault(release, {})[inner] = object_id
        elif path != VERSIONS_FILE:
            state.site[path] = object_id
    with GitFiles(repo, commit) as files:
        for release in state.releases:
            if (data := files.read(f"{release}/{MANIFEST}")) is not None:
                state.manifests[release] = data
            if (data := files.read(f"{release}/{SIGNATURE}")) is not None:
                state.signatures[release] = data
        listing = files.read(VERSIONS_FILE)
    try:
        for info in json.loads(listing) if listing else []:
            state.listed.append(info["version"])
            for alias in info.get("aliases", []):
                state.aliases[alias] = info["version"]
    except (ValueError, KeyError, TypeError):
        raise ReleaseError(f"{PAGES_BRANCH}:{VERSIONS_FILE} cannot be read: someone changed it by hand. Restore it "
                           f"from its history (git log {PAGES_BRANCH} -- {VERSIONS_FILE}), then publish again.") from None
    return state


def verify(state: PagesState) -> None:
    """Every release folder matches its own manifest, every signature verifies against the allowed signers (and
    none after the first is missing), the manifests chain, and versions.json lists them all."""
    problems = []
    for release in state.releases:
        problems += manifest_problems(release, state.manifests.get(release), state.files.get(release, {}))
    problems += signature_problems(state.releases, state.manifests, state.signatures, state.publishers)[1].values()
    problems += chain_problems(state.manifests) + gone_problems(state.manifests)
    problems += site_problems(state.manifests, state.site, state.newest)
    problems += [f"{VERSIONS_FILE} does not list release {release}, which gh-pages holds" for release in state.releases
                 if release not in state.listed]
    if problems:
        shown = "\n  ".join(problems[:20]) + (f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else "")
        raise ReleaseError(f"the published releases are not as they were published, so nothing was published:\n  "
                           f"{shown}\nRestore gh-pages from its history (git log {PAGES_BRANCH}) and {PUBLISHERS} (git log "
                           f"-- {PUBLISHERS}), or report it: a published release is never changed.")


def pages_commit(repo: Path, pinned: str | None) -> str | None:
    """The gh-pages commit to read: the pinned one, the local branch, origin's, or none (nothing published)."""
    if pinned:
        if resolve(repo, pinned) is None:
            raise PolicyError([Problem("mkdocs.yml", None, f"the gh-pages commit {pinned} does not exist here.",
                                       "fetch gh-pages (git fetch origin gh-pages:gh-pages), or leave "
                                       "extra.policies.pages_commit empty.")])
        return pinned
    if not is_repository(repo):
        return None
    for ref in (f"refs/heads/{PAGES_BRANCH}", f"refs/remotes/origin/{PAGES_BRANCH}"):
        if commit := resolve(repo, ref):
            return commit
    if is_shallow(repo):
        raise PolicyError([Problem(
            str(repo), None,
            f"this is a shallow clone without the {PAGES_BRANCH} branch, so the published versions "
            "(history, redlines, the change check) cannot be read.",
            f"fetch them: `git fetch --unshallow origin && git fetch origin {PAGES_BRANCH}:{PAGES_BRANCH}` "
            "(in GitHub Actions: actions/checkout with `fetch-depth: 0`).")])
    return None


def release_folders(repo: Path, commit: str) -> list[str]:
    """Every folder of a gh-pages commit named as a release, oldest first, whatever versions.json says."""
    try:
        entries = tree(repo, commit)
    except GitError as error:
        raise PolicyError([Problem(PAGES_BRANCH, None, f"the published releases cannot be read: {error}",
                                   "fetch gh-pages again: git fetch origin gh-pages:gh-pages.")]) from None
    return list(_release_trees(entries))


def _release_trees(entries: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The folders of a gh-pages root listing named as releases (name -> git tree id), oldest first."""
    releases = {name: object_id for name, (kind, object_id) in entries.items()
                if kind == "tree" and RELEASE_NAME.match(name)}
    return {name: releases[name] for name in sorted(releases, key=release_order)}


def read_published(repo: Path, commit: str | None) -> Published:
    """Every release on the gh-pages commit and the versions each one showed; the caller closes `.files`."""
    if commit is None:
        return Published(None)
    files = GitFiles(repo, commit)
    published = Published(commit, files)
    try:
        for release in release_folders(repo, commit):
            if (record := files.read(f"{release}/{RECORD}")) is not None:  # else a folder that is not a policy release
                add_release_record(published, release, record)
    except BaseException:
        files.close()
        raise
    return published


def pages_files(repo: Path, commit: str, paths: list[str]) -> dict[str, bytes]:
    """Files every publication writes, read at one gh-pages commit: a missing one is refused."""
    found = {}
    with GitFiles(repo, commit) as files:  # one git process however many are read
        for path in paths:
            data = files.read(path)
            if data is None:
                raise ReleaseError(f"gh-pages has no {path}, which every publication writes: restore gh-pages from its "
                                   f"history (git log {PAGES_BRANCH}), or report it to a developer.")
            found[path] = data
    return found


def folder_files(repo: Path, commit: str, folder: str) -> list[str]:
    """The paths of the files under a folder of a gh-pages commit, relative to it."""
    return [path for path, (kind, _) in tree(repo, commit, folder, recursive=True).items() if kind == "blob"]
