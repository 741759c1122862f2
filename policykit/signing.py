"""Signing release manifests with the publisher's SSH key, and checking those signatures, with git's own tool:
`ssh-keygen -Y sign` / `-Y verify` / `-Y find-principals` (OpenSSH 8.2 or later; no other dependency).

The keys allowed to sign are the repository's `data/publishers`, in ssh-keygen's allowed_signers format
(`<principal> namespaces="policy-release" <key>`), read from the last commit; every publication also puts a copy
at the site's root as `publishers.txt`. Every failure is a SigningError (a ReleaseError: nothing was published)
carrying ssh-keygen's own words.
"""

from __future__ import annotations

import datetime
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from policykit.git import GitError, git
from policykit.releases import MANIFEST, ReleaseError, manifest_info, release_day, release_order

NAMESPACE = "policy-release"
SIGNATURE = f"{MANIFEST}.sig"  # beside the manifest, in the release folder
PUBLISHERS = "data/publishers"  # in the repository: the allowed signers
PUBLISHED_PUBLISHERS = "publishers.txt"  # at the site's root: the same file, as readers can download it
HOW_TO_CREATE = (f"create a key once (ssh-keygen -t ed25519 -f ~/.ssh/policy-release), add its line to {PUBLISHERS}: "
                 f'`you@example.org namespaces="{NAMESPACE}" ` followed by the contents of ~/.ssh/policy-release.pub, '
                 "commit it, and publish with --signing-key ~/.ssh/policy-release (or set it once: git config "
                 "user.signingkey ~/.ssh/policy-release)")


class SigningError(ReleaseError):
    """A manifest could not be signed or a signature could not be checked; the message says why and what to do."""


@dataclass(frozen=True)
class Checked:
    """A signature that ssh-keygen found good: by whom, with which key (ssh-keygen's own sentence)."""

    principal: str
    said: str


def publishers(repo: Path) -> bytes | None:
    """The allowed signers of the repository's last commit, or None when it has none."""
    try:
        return git(repo, "show", f"HEAD:{PUBLISHERS}").encode() + b"\n"
    except GitError:
        return None


def signing_key(repo: Path, option: Path | None) -> Path:
    """The private key to sign with: --signing-key, else git's own `user.signingkey` when it is a key file."""
    if option is None:
        try:
            configured = git(repo, "config", "--get", "user.signingkey")
        except GitError:
            configured = ""
        if not configured:
            raise SigningError("no signing key: every release is signed with the publisher's SSH key. Publish with "
                               "--signing-key PATH (your private key, e.g. ~/.ssh/policy-release), or set it once "
                               "with git config user.signingkey PATH; without a key yet, " + HOW_TO_CREATE + ".")
        if configured.startswith("key::") or not configured.strip():
            raise SigningError(f"git's user.signingkey is a literal key ({configured[:20]}…), not a key file: publish "
                               "with --signing-key PATH (the private key's file).")
        option = Path(configured)
    key = option.expanduser()
    try:
        key.read_bytes()
    except OSError as error:
        raise SigningError(f"the signing key {key} cannot be read ({error.strerror}): give the file of your private SSH "
                           "key with --signing-key PATH (or git config user.signingkey PATH).") from None
    return key


class Signer:
    """The publisher's key, checked to be one of the allowed signers before anything is built."""

    def __init__(self, repo: Path, key: Path | None):
        allowed = publishers(repo)
        if allowed is None:
            raise SigningError(f"this repository has no {PUBLISHERS} (the publishers' keys), so a release could not "
                               f"be signed and nothing was published: {HOW_TO_CREATE}.")
        self.allowed, self.key = allowed, signing_key(repo, key)
        probe = b"policy-release signing key check\n"
        found = find_principals(self.allowed, self.sign_bytes(probe))
        if not found:
            raise SigningError(f"the key {self.key} is not in {PUBLISHERS}, so nothing was published: publish with a "
                               f"key listed there, or (if you are a publisher) add its line to {PUBLISHERS}: "
                               f'`you@example.org namespaces="{NAMESPACE}" ` followed by the contents of '
                               f"{self.key}.pub, and commit it.")
        self.principal = found[0]

    def sign_bytes(self, data: bytes) -> bytes:
        result = _ssh_keygen(["-Y", "sign", "-n", NAMESPACE, "-f", str(self.key), "-"], data)
        if result.returncode != 0 or not result.stdout.startswith(b"-----BEGIN SSH SIGNATURE-----"):
            raise SigningError(f"ssh-keygen could not sign with {self.key}, so nothing was published: {_said(result)}")
        return result.stdout

    def sign(self, manifest: bytes) -> bytes:
        """The signature of a manifest, checked against the allowed signers before it is used."""
        signature = self.sign_bytes(manifest)
        if isinstance(checked := check(manifest, signature, self.allowed), str):
            raise SigningError(f"the signature just made does not verify, so nothing was published: {checked}")
        return signature


def find_principals(allowed: bytes, signature: bytes, day: datetime.date | None = None) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="policy-signers-") as folder:
        allowed_file, signature_file = Path(folder) / "allowed_signers", Path(folder) / "signature"
        allowed_file.write_bytes(allowed)
        signature_file.write_bytes(signature)
        result = _ssh_keygen(["-Y", "find-principals", "-s", str(signature_file), "-f", str(allowed_file),
                              "-n", NAMESPACE, *_at(day)])
    return result.stdout.decode(errors="replace").split() if result.returncode == 0 else []


def check(data: bytes, signature: bytes, allowed: bytes, day: datetime.date | None = None) -> Checked | str:
    """Whether `signature` is a good signature of `data` by one of the allowed signers, in the release namespace,
    as of `day` (the release's: a retired key, kept with valid-before="YYYYMMDD", still proves the releases it
    signed before): who signed it, or ssh-keygen's reason why not."""
    principals = find_principals(allowed, signature, day)
    if not principals:
        return "it was not made by any key of the allowed signers"
    with tempfile.TemporaryDirectory(prefix="policy-signers-") as folder:
        allowed_file, signature_file = Path(folder) / "allowed_signers", Path(folder) / "signature"
        allowed_file.write_bytes(allowed)
        signature_file.write_bytes(signature)
        result = _ssh_keygen(["-Y", "verify", "-f", str(allowed_file), "-I", principals[0], "-n", NAMESPACE,
                              "-s", str(signature_file), *_at(day)], data)
    if result.returncode != 0:
        return f"ssh-keygen: {_said(result)}"
    return Checked(principals[0], result.stdout.decode(errors="replace").strip())


def _at(day: datetime.date | None) -> list[str]:
    return [f"-Overify-time={day.strftime('%Y%m%d')}"] if day else []


def _ssh_keygen(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["ssh-keygen", *args], input=data if data is not None else b"", capture_output=True)
    except FileNotFoundError:
        raise SigningError("ssh-keygen is not installed (or not on PATH): install OpenSSH (8.2 or later) and try "
                           "again.") from None


def _said(result: subprocess.CompletedProcess) -> str:
    lines = [line for line in (result.stderr + result.stdout).decode(errors="replace").splitlines()
             if line.strip() and not line.startswith("Signing data on standard input")]
    return " ".join(lines) or f"exit status {result.returncode}"


def signature_problems(releases: list[str], manifests: dict[str, bytes], signatures: dict[str, bytes],
                       allowed: bytes | None) -> tuple[dict[str, Checked | None], dict[str, str]]:
    """Each release's signature, checked as of its day: who signed it (None: published before signing began), and
    what is wrong. A release may be unsigned only if no release before it was signed and it did not publish
    publishers.txt (what every signed publication does): deleting signatures does not make releases "old"."""
    checked: dict[str, Checked | None] = {}
    problems: dict[str, str] = {}  # release -> what is wrong with its signature
    signed_before = None
    for release in sorted(releases, key=release_order):
        manifest, signature = manifests.get(release), signatures.get(release)
        if signature is None:
            checked[release] = None
            info = manifest_info(manifest) if manifest is not None else None
            if signed_before is not None:
                problems[release] = (f"release {release} is not signed, though release {signed_before} before it "
                                     "was: every release after the first signed one must be signed")
            elif info is not None and PUBLISHED_PUBLISHERS in info.site:
                problems[release] = (f"release {release} has lost its signature ({release}/{SIGNATURE}): it was "
                                     "published signed (it published publishers.txt)")
            continue
        signed_before = release
        if manifest is None:
            continue  # reported with the release's files
        if allowed is None:
            problems[release] = (f"release {release} is signed, but there are no allowed signers to check it "
                                 f"against ({PUBLISHERS} in the repository's last commit, {PUBLISHED_PUBLISHERS} on "
                                 "the site)")
            continue
        result = check(manifest, signature, allowed, release_day(release))
        if isinstance(result, str):
            problems[release] = f"the signature of release {release} does not verify: {result}"
        else:
            checked[release] = result
    return checked, problems
