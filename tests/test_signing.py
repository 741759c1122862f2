"""Evidence-grade releases: every manifest signed with the publisher's SSH key (ssh-keygen -Y sign), checked at
every publication against data/publishers; a gh-pages that does not contain origin's refused; `policy verify` on
gh-pages, on a downloaded copy of the site, and on a downloaded page (which release published these bytes)."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

import pytest

from fixture_site import edit, new_version
from gitrepo import GIT_ENV, POLICY, day, make_key, make_repo, signer_line

from policykit.pages_deploy import CandidateBranch
from policykit.publishing import publish
from policykit.releases import ReleaseError
from policykit.signing import SIGNATURE

R1, R2 = day(-3), day(-1)
D = datetime.date.fromisoformat


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    """Two signed releases: the site, then a new version of Acme's policy. The repository, a throwaway key that
    is not a publisher's, and the dated folder of Acme's text first published by R1."""
    base = tmp_path_factory.mktemp("signing")
    repo = make_repo(base / "repo")
    edit(repo.root / "data" / "brands.yml", "notice_days: 10", "notice_days: 0")
    repo.commit("No notice periods in this scenario")
    for date in (R1, R2):
        if date == R2:
            new_version(repo.root, "acme", D(R2))
            repo.commit("Acme keeps visit logs for 5 years")
        result = repo.publish("--date", date)
        assert result.returncode == 0, result.stdout + result.stderr
    first_text = sorted(p for p in repo.root_files() if p.startswith("acme/privacy/") and p.endswith("/policy.txt")
                        and R2 not in p)[0]
    return repo, make_key(base / "stranger"), first_text.removesuffix("policy.txt")


def copy_of_site(repo, folder: Path) -> Path:
    """The published site as a reader can download it: a plain copy of gh-pages's files."""
    folder.mkdir()
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=repo.root, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def verify(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([POLICY, "verify", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, capture_output=True,
                          text=True)


def test_each_release_is_signed_and_the_keys_are_published(signed):
    repo, _, _ = signed
    assert repo.show("publishers.txt") == (repo.root / "data" / "publishers").read_text(encoding="utf-8")
    for release in (R1, R2):
        assert sorted(repo.release_files(release)) == ["policies.json", "release-manifest.json", SIGNATURE]
        assert SIGNATURE not in repo.manifest(release)["files"], "the signature, made after it, is not listed"
        # Anyone can check it with ssh-keygen alone, from the published files.
        folder = repo.root.parent / f"check-{release}"
        folder.mkdir(exist_ok=True)
        (folder / "allowed").write_text(repo.show("publishers.txt"))
        (folder / "sig").write_text(repo.show(f"{release}/{SIGNATURE}"))
        result = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(folder / "allowed"), "-I",
                                 "publisher@example.org", "-n", "policy-release", "-s", str(folder / "sig")],
                                input=repo.show(f"{release}/release-manifest.json").encode(), capture_output=True)
        assert result.returncode == 0, result.stderr
    assert "publishers.txt" in repo.manifest(R2)["site"]


def test_verify_in_the_repository_prints_each_release(signed):
    repo, _, _ = signed
    result = repo.policy("verify")
    assert result.returncode == 0, result.stdout + result.stderr
    source = repo.manifest(R2)["source"]
    for release in (R1, R2):
        line = next(line for line in result.stdout.splitlines() if line.startswith(f"Release {release}:"))
        assert f"published {release}" in line and "; intact; signed by publisher@example.org" in line
        assert repo.manifest(release)["source"] in line
    assert source in result.stdout and f"is as release {R2} left it" in result.stdout
    assert "Verified: all 2 releases are intact." in result.stdout


def test_verify_site_passes_on_a_gh_pages_checkout(signed, tmp_path):
    """A lawyer's checkout of gh-pages (here a git worktree, whose .git is a file) is the site, git's own files aside."""
    repo, _, _ = signed
    repo.git("worktree", "add", "--detach", str(tmp_path / "checkout"), "gh-pages")
    try:
        result = verify("--site", str(tmp_path / "checkout"), cwd=tmp_path)
    finally:
        repo.git("worktree", "remove", "--force", str(tmp_path / "checkout"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "was added" not in result.stdout


def test_verify_site_passes_on_a_copy_and_names_a_tampered_page(signed, tmp_path):
    repo, _, folder = signed
    site = copy_of_site(repo, tmp_path / "site")
    result = verify("--site", str(site), cwd=tmp_path)  # outside any repository: offline, from the copy alone
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Release {R1}:" in result.stdout and f"Release {R2}:" in result.stdout
    page = site / "acme" / "privacy" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>We sell your data.</p></main>"))
    result = verify("--site", str(site), cwd=tmp_path)
    assert result.returncode == 1
    assert f"acme/privacy/index.html was changed after release {R2} published it" in result.stdout
    text = site / folder / "policy.txt"
    text.write_bytes(text.read_bytes() + b"\nOne more purpose.\n")
    result = verify("--site", str(site), cwd=tmp_path)
    assert f"{folder}policy.txt, a recorded text published by release {R1}, was changed or removed" in result.stdout


def test_a_copy_signed_with_other_keys_is_not_trusted_with_the_publishers_file(signed, tmp_path):
    """Someone who rewrites the site can put their own publishers.txt beside it; --publishers with the
    repository's file (or one the lawyer trusts) shows every signature as not the publisher's."""
    repo, stranger, _ = signed
    site = copy_of_site(repo, tmp_path / "site")
    trusted = tmp_path / "trusted"
    trusted.write_text(signer_line(stranger))
    result = verify("--site", str(site), "--publishers", str(trusted), cwd=tmp_path)
    assert result.returncode == 1
    assert f"the signature of release {R1} does not verify: it was not made by any key of the allowed signers" \
        in result.stdout


def test_verify_page_names_the_release_that_first_published_it(signed, tmp_path):
    repo, _, folder = signed
    site = copy_of_site(repo, tmp_path / "site")
    downloaded = tmp_path / "policy.txt"  # saved by a reader, anywhere, under any name
    downloaded.write_bytes((site / folder / "policy.txt").read_bytes())
    result = verify("--page", str(downloaded), "--site", str(site), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (f"first published by release {R1} on {R1} (source commit {repo.manifest(R1)['source']}) as /{folder}"
            f"policy.txt; listed by 2 releases: {R1}, {R2}; still published by the newest release.") in result.stdout
    result = verify("--page", str(site / folder), "--site", str(site), cwd=tmp_path)  # the page's folder
    assert result.returncode == 0, result.stdout
    assert result.stdout.count(f"first published by release {R1}") == 3, "its recorded texts and PDF, kept"
    assert f"index.html: first published by release {R2} on {R2}" in result.stdout, "superseded since R2"
    then = tmp_path / "index.html"  # the page as a reader saved it while R1 was the newest release
    first = repo.git("log", "--format=%H", "-1", f"--grep=Release {R1}:", "gh-pages").strip()
    then.write_bytes(subprocess.run(["git", "show", f"{first}:{folder}index.html"], cwd=repo.root,
                                    capture_output=True, check=True).stdout)
    result = verify("--page", str(then), "--site", str(site), cwd=tmp_path)
    assert f"first published by release {R1} on {R1}" in result.stdout and f"listed by 1 release: {R1}; no longer published from release {R2} on." in result.stdout
    result = repo.policy("verify", "--page", str(downloaded))  # in the repository: against gh-pages
    assert result.returncode == 0 and f"first published by release {R1} on {R1}" in result.stdout


def test_verify_page_says_no_release_published_a_tampered_copy(signed, tmp_path):
    repo, _, folder = signed
    site = copy_of_site(repo, tmp_path / "site")
    tampered = tmp_path / "policy.txt"
    tampered.write_bytes((site / folder / "policy.txt").read_bytes().replace(b"data", b"dada", 1))
    result = verify("--page", str(tampered), "--site", str(site), cwd=tmp_path)
    assert result.returncode == 1
    assert "no signed release ever published these bytes" in result.stdout


def test_a_key_not_in_the_allowed_signers_is_refused(signed):
    repo, stranger, _ = signed
    with repo.kept():
        before = repo.pages_head()
        result = repo.publish("--date", R2, "--signing-key", str(stranger))
        assert result.returncode == 1
        assert f"the key {stranger} is not in data/publishers, so nothing was published" in result.stderr
        assert repo.pages_head() == before


def test_a_missing_key_or_allowed_signers_file_is_refused(signed, tmp_path):
    repo, _, _ = signed
    with repo.kept():
        result = repo.publish("--date", R2, "--signing-key", str(tmp_path / "no-such-key"))
        assert result.returncode == 1 and "cannot be read" in result.stderr and "--signing-key PATH" in result.stderr
        repo.git("config", "--unset", "user.signingkey")
        try:
            result = repo.publish("--date", R2)
            assert result.returncode == 1 and "no signing key" in result.stderr
        finally:
            repo.git("config", "user.signingkey", str(repo.root.parent / "repo-keys" / "publisher"))
        repo.git("rm", "-q", "data/publishers")
        repo.commit("No publishers")
        result = repo.publish("--date", R2)
        assert result.returncode == 1
        assert "has no data/publishers" in result.stderr and "ssh-keygen -t ed25519" in result.stderr


def publish_in_process(repo, monkeypatch, on_deploy) -> str:
    """Publish from this process, `on_deploy` changing the release folder just before mike deploys it: what
    refused it."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    deploy = CandidateBranch.deploy

    def changed_deploy(self, record_dir, release, message):
        on_deploy(Path(record_dir))
        deploy(self, record_dir, release, message)

    monkeypatch.setattr(CandidateBranch, "deploy", changed_deploy)
    before = repo.pages_head()
    with pytest.raises(ReleaseError) as error:
        publish(repo.root, D(R2), today=D(R2))
    assert repo.pages_head() == before, "gh-pages did not move"
    return str(error.value)


def test_an_unsigned_new_release_is_refused(signed, monkeypatch):
    """Once releases are signed, one without a signature (an older policykit, a hand-made folder) is refused."""
    repo, _, _ = signed
    with repo.kept():
        said = publish_in_process(repo, monkeypatch, lambda folder: (folder / SIGNATURE).unlink())
    assert f"release {R2}-2 is not signed, though release {R2} before it was" in said


def test_a_new_release_signed_by_another_key_is_refused(signed, monkeypatch):
    repo, stranger, _ = signed

    def resign(folder: Path) -> None:
        (folder / SIGNATURE).unlink()
        subprocess.run(["ssh-keygen", "-q", "-Y", "sign", "-n", "policy-release", "-f", str(stranger),
                        str(folder / "release-manifest.json")], check=True, capture_output=True)

    with repo.kept():
        said = publish_in_process(repo, monkeypatch, resign)
    assert f"the signature of release {R2}-2 does not verify: it was not made by any key of the allowed signers" in said


def test_a_rewound_gh_pages_is_refused(signed):
    """origin's gh-pages is ahead of the local one (a release deleted or gh-pages rewound locally): refused."""
    repo, _, _ = signed
    with repo.kept():
        ahead = repo.pages_head()
        first = repo.git("log", "--format=%H", "-1", f"--grep=Release {R1}:", "gh-pages").strip()
        repo.git("update-ref", "refs/remotes/origin/gh-pages", ahead)
        repo.git("update-ref", "refs/heads/gh-pages", first)
        try:
            result = repo.publish("--date", R2)
            assert result.returncode == 1
            assert "does not contain origin's" in result.stderr and "a published release is never removed" in result.stderr
            assert repo.pages_head() == first
            assert repo.policy("verify").returncode == 1
        finally:
            repo.git("update-ref", "-d", "refs/remotes/origin/gh-pages")


def test_a_deleted_release_is_named(signed, tmp_path):
    repo, _, _ = signed
    site = copy_of_site(repo, tmp_path / "site")
    subprocess.run(["rm", "-r", str(site / R1)], check=True)
    result = verify("--site", str(site), cwd=tmp_path)
    assert result.returncode == 1
    assert f"release {R1} is gone: release {R2} recorded it as the release before it" in result.stdout
