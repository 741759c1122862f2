"""Temporary git repositories holding a site, and publishing from them as a publisher does (`policy publish`)."""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from fixture_site import make_site

POLICY = str(Path(sys.executable).parent / "policy")
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "NO_MKDOCS_2_WARNING": "1"}


def day(offset: int) -> str:
    """A day counted from today (negative: in the past), as YYYY-MM-DD: tests never fix dates in the past."""
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


@dataclass
class Repo:
    root: Path

    def git(self, *args: str) -> str:
        result = subprocess.run(["git", *args], cwd=self.root, env={**os.environ, **GIT_ENV},
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def policy(self, *args: str, site_url: str | None = None) -> subprocess.CompletedProcess:
        env = {**os.environ, **GIT_ENV, **({"SITE_URL": site_url} if site_url else {})}
        return subprocess.run([POLICY, *args], cwd=self.root, env=env, capture_output=True, text=True)

    def publish(self, *args: str, site_url: str | None = None) -> subprocess.CompletedProcess:
        return self.policy("publish", *args, site_url=site_url)

    @contextlib.contextmanager
    def kept(self):
        """Whatever happens inside, main, the working tree and gh-pages are as before afterwards: tests that
        publish or edit do not depend on each other's order."""
        head, pages = self.git("rev-parse", "HEAD").strip(), self.pages_head()
        try:
            yield
        finally:
            self.git("reset", "-q", "--hard", head)
            self.git("clean", "-q", "-fd")
            if pages:
                self.git("update-ref", "refs/heads/gh-pages", pages)

    def pages_head(self) -> str | None:
        result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages"],
                                cwd=self.root, capture_output=True, text=True)
        return result.stdout.strip() or None

    def show(self, path: str, ref: str = "gh-pages") -> str:
        return self.git("show", f"{ref}:{path}")

    def files(self, ref: str = "gh-pages") -> dict[str, str]:
        """Every file of gh-pages at `ref` (path -> blob id): identical maps mean identical bytes."""
        listing = self.git("ls-tree", "-r", ref)
        return {line.split("\t")[1]: line.split()[2] for line in listing.splitlines()}

    def root_files(self, ref: str = "gh-pages") -> dict[str, str]:
        """The site readers read: every file of gh-pages at `ref` outside the release folders and mike's list."""
        return {path: blob for path, blob in self.files(ref).items()
                if not RELEASE_FOLDER.match(path) and path != "versions.json"}

    def release_files(self, release: str, ref: str = "gh-pages") -> dict[str, str]:
        """Every file of a published release's folder (path inside the release -> blob id)."""
        return {path.removeprefix(f"{release}/"): blob for path, blob in self.files(ref).items()
                if path.startswith(f"{release}/")}

    def versions(self) -> list[dict]:
        return json.loads(self.show("versions.json"))

    def record(self, ref: str = "gh-pages") -> dict:
        """The root's policies.json as gh-pages held it at `ref` (a commit of gh-pages, after some publication)."""
        return json.loads(self.show("policies.json", ref))

    def release_record(self, release: str) -> dict:
        return json.loads(self.show(f"{release}/policies.json"))

    def manifest(self, release: str) -> dict:
        return json.loads(self.show(f"{release}/release-manifest.json"))

    def page(self, path: str, ref: str = "gh-pages") -> str:
        """A page of the site at the root, as gh-pages held it at `ref`: `acme/privacy/`, `ru/acme/privacy/<date>/`."""
        return self.show(f"{path}index.html", ref)


RELEASE_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}(?:-\d+)?/")


def status(html: str) -> str:
    """A page's data-policy-status: in-force, superseded, upcoming, corrected or withdrawn."""
    return re.search(r'id="policy-status"[^>]*data-policy-status="([a-z-]+)"', html).group(1)


def published_name(result: subprocess.CompletedProcess) -> str:
    """The release a `policy publish` or `policy refresh` made, from what it said."""
    return re.search(r"release (\d{4}-\d{2}-\d{2}(?:-\d+)?)", result.stdout).group(1)

def make_key(folder: Path, name: str = "publisher") -> Path:
    """A throwaway ed25519 key (no passphrase): its private key's path; the public key is beside it (.pub)."""
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


def signer_line(key: Path, principal: str = "publisher@example.org") -> str:
    """The allowed-signers line of a key, as the publisher adds it to data/publishers."""
    return f'{principal} namespaces="policy-release" {key.with_suffix(".pub").read_text().strip()}\n'


def make_repo(path: Path, site=make_site) -> Repo:
    """The fixture site in a new git repository whose publisher's key (outside it) signs every release: listed in
    data/publishers and set as git's user.signingkey, as a publisher sets it up."""
    repo = Repo(site(path))
    key = make_key(path.parent / f"{path.name}-keys")
    (repo.root / "data" / "publishers").write_text(signer_line(key), encoding="utf-8")
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.signingkey", str(key))
    repo.commit("The site")
    return repo
