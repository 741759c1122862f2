"""Everything a version consists of is in its fingerprint (format 2), and a published version keeps it: the files it
links to, its summary, its explicit anchors (and the next version keeps them, or an alias), and the site's statements
about it (labels that state law: changed only by a declared correction of the site's wording, listed in each
affected policy's history). A version recorded under format 1 is read and recorded again under format 2. A renamed
policy file keeps every address it had. Each test publishes real releases of the fixture site."""

from __future__ import annotations

import dataclasses
import datetime
import re
import struct
import zlib

import pytest

from policykit.published import record_version
from policykit.record import FileDigests, republished, unchanged_problems, with_parts
from policykit.text import FINGERPRINT_FORMAT, Parts, version_fingerprint

from fixture_site import FIRST_EFFECTIVE, RETENTION, edit, new_version, policy_file, write
from gitrepo import day, make_repo, status

D = datetime.date.fromisoformat
R1, R2 = day(-20), day(-10)
FIRST = FIRST_EFFECTIVE.isoformat()  # the first version's effective date: its address


def png(red: int) -> bytes:
    """A real one-pixel PNG of its own colour (docs/ takes only real images)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes([0, red, 0, 0]))) + chunk(b"IEND", b""))


FIGURE = {"en": "![How data flows](flows.png)", "ru": "![Как передаются данные](flows.png)"}
ANCHOR = {"en": ("## 5. Children", "## 5. Children {#children}"), "ru": ("## 5. Дети", "## 5. Дети {#children}")}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Acme's policy with a figure and an explicit anchor, published (R1), then a new version with a summary (R2)."""
    repo = make_repo(tmp_path_factory.mktemp("record") / "repo")
    edit(repo.root / "data" / "brands.yml", "notice_days: 10", "notice_days: 0")
    for lang in ("en", "ru"):
        (repo.root / "docs" / lang / "acme" / "flows.png").write_bytes(png(200))
        edit(policy_file(repo.root, lang, "acme"), ANCHOR[lang][0], ANCHOR[lang][1])
        edit(policy_file(repo.root, lang, "acme"), "\n## 3.", f"\n{FIGURE[lang]}\n\n## 3.")
    repo.commit("Acme's policy with a figure and an anchor")
    for release, change in ((R1, None), (R2, RETENTION)):
        if change:
            new_version(repo.root, "acme", D(R2), change=change)
            repo.commit("Acme keeps visit logs for 5 years")
        result = repo.publish("--date", release)
        assert result.returncode == 0, result.stdout + result.stderr
    return repo


def refused(repo, message: str) -> str:
    repo.commit("The change")
    result = repo.publish("--date", day(-1))
    assert result.returncode == 1, result.stdout
    assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
    return result.stderr


def acme_version(repo, lang: str = "en", effective: str = R2) -> dict:
    policy = next(p for p in repo.record()["policies"] if p["brand"] == "acme" and p["language"] == lang)
    return next(v for v in policy["versions"] if v["effective_date"] == effective)


def test_a_version_is_recorded_with_everything_its_fingerprint_covers(published):
    recorded = acme_version(published)
    assert recorded["fingerprint_format"] == FINGERPRINT_FORMAT == 2
    assert recorded["files"] == {"en/acme/flows.png": __import__("hashlib").sha256(png(200)).hexdigest()}
    assert recorded["anchors"] == ["children"] and recorded["summary"]
    parts = Parts(recorded["sha256"], recorded["summary"], tuple(recorded["anchors"]),
                  tuple(recorded["files"].items()), recorded["statements"])
    assert version_fingerprint(parts) == recorded["fingerprint"], "the fingerprint is recomputable from its record"
    assert published.record()["statements"]["en"]["effective_date"] == "Effective date: {date}"


def test_an_images_bytes_replaced_under_its_name_are_refused(published):
    repo = published
    with repo.kept():
        (repo.root / "docs/en/acme/flows.png").write_bytes(png(10))
        said = refused(repo, "docs/en/acme/flows.png: this file has other bytes")
        assert "A new file needs a new name" in said


def test_a_new_image_under_a_new_name_is_a_declared_correction(published):
    repo = published
    with repo.kept():
        for lang in ("en", "ru"):
            (repo.root / "docs" / lang / "acme" / "flows-2.png").write_bytes(png(10))
            edit(policy_file(repo.root, lang, "acme"), "(flows.png)", "(flows-2.png)")
            edit(policy_file(repo.root, lang, "acme"), "---\n\n", "correction: A legible copy of the figure.\n---\n\n")
        repo.commit("A legible figure")
        result = repo.publish("--date", day(-1))
        assert result.returncode == 0, result.stderr
        corrected = next(v for v in next(p for p in repo.record()["policies"] if p["brand"] == "acme"
                                         and p["language"] == "en")["versions"] if v["corrected_on"])
        assert list(corrected["files"]) == ["en/acme/flows-2.png"]
        assert acme_version(repo)["files"] == {"en/acme/flows.png": __import__("hashlib").sha256(png(200)).hexdigest()}


def test_a_published_summary_rewritten_is_refused(published):
    repo = published
    with repo.kept():
        edit(policy_file(repo.root, "en", "acme"), "summary: Visit logs are kept for 5 years.",
             "summary: Nothing important changed.")
        said = refused(repo, "the summary of the published version of")
        assert "Nothing important changed." in said and "docs/en/acme/privacy.md:" in said


def test_an_anchor_renamed_in_a_published_version_is_refused(published):
    repo = published
    with repo.kept():
        edit(policy_file(repo.root, "en", "acme"), "{#children}", "{#minors}")
        refused(repo, "the anchors of the published version of")


def test_the_next_version_keeps_every_anchor_or_an_alias(published):
    repo = published
    with repo.kept():
        change = {"en": ("{#children}", "{#minors}"), "ru": ("{#children}", "{#minors}")}
        new_version(repo.root, "acme", D(day(-1)), change=change,
                    summary={"en": "Children are minors now.", "ru": "Дети теперь несовершеннолетние."})
        said = refused(repo, "the anchor(s) #children of the version of")
        assert '<a id="children"></a>' in said
        for lang in ("en", "ru"):
            edit(policy_file(repo.root, lang, "acme"), "{#minors}", '{#minors}\n\n<a id="children"></a>')
        repo.commit("An alias kept")
        result = repo.publish("--date", day(-1))
        assert result.returncode == 0, result.stderr
        assert 'id="children"' in repo.page(f"acme/privacy/{day(-1)}/"), "the cited anchor still resolves"


def test_a_label_that_states_law_is_refused_unless_its_correction_is_declared(published):
    repo = published
    with repo.kept():
        edit(repo.root / "data/labels.yml", 'effective_date: "Effective date: {date}"',
             'effective_date: "In force since: {date}"')
        said = refused(repo, "the label en.effective_date states law")
        assert re.search(r"data/labels.yml:\d+: the label en.effective_date", said), said
        assert "data/wording-corrections.yml" in said and "- labels: [en.effective_date]" in said
        write(repo.root / "data/wording-corrections.yml",
              "corrections:\n  - labels: [en.effective_date]\n    note: the date line says when the version applies\n")
        repo.commit("Declared")
        result = repo.publish("--date", day(-1))
        assert result.returncode == 0, result.stderr
        page = repo.page("acme/privacy/")
        assert "In force since:" in page and "the date line says when the version applies" in page
        assert "the date line says when the version applies" in repo.page(f"acme/privacy/{FIRST}/")
        assert "the date line says" not in repo.page("ru/acme/privacy/"), "Russian pages state what they did"
        assert repo.record()["wording_corrections"] == [{"day": day(-1), "labels": ["en.effective_date"],
                                                        "note": "the date line says when the version applies"}]
        assert acme_version(repo)["statements"] != acme_version(repo, "ru")["statements"]
        again = repo.publish("--date", day(0))
        assert again.returncode == 0, "a published correction stays declared, and is not published twice"
        assert len(repo.record()["wording_corrections"]) == 1


def test_a_declared_correction_of_an_unchanged_label_is_refused(published):
    repo = published
    with repo.kept():
        write(repo.root / "data/wording-corrections.yml", "corrections:\n  - labels: [en.effective_date]\n"
                                                         "    note: nothing\n")
        refused(repo, "data/wording-corrections.yml:1: this correction names en.effective_date, whose wording is the "
                      "one published")


def test_a_version_recorded_under_format_1_is_read_and_recorded_under_format_2(tmp_path):
    """Format 1 recorded the text's fingerprint only: it is read, and given its parts from its record and from what
    the build publishes (CONTRIBUTING.md, "Upgrading dependencies and the recorded form")."""
    docs = tmp_path / "docs"
    (docs / "en" / "acme").mkdir(parents=True)
    (docs / "en" / "acme" / "flows.png").write_bytes(png(1))
    policy = {"language": "en", "brand": "acme", "document": "privacy"}
    entry = {"effective_date": "2020-01-01", "title": "T", "sha256": "ab" * 32, "governing_language": "en",
             "translation": "complete", "first_release": "2021-01-01", "path": "acme/privacy/2020-01-01/",
             "text": "acme/privacy/2020-01-01/policy.txt", "markdown": "acme/privacy/2020-01-01/policy.md",
             "summary": "S"}
    old = record_version(policy, entry)
    assert old.fingerprint_format == 1 and old.parts is None
    text, markdown = "# T\nSee [⟨flows.png⟩] and the terms ⟨https://example.org/terms⟩\n", "## A {#kept}\n"
    new, problems = republished(old, text, markdown, FileDigests(docs), "s" * 64, "docs/en/acme/privacy.md")
    assert not problems and new.fingerprint_format == 2
    assert new.anchors == ("kept",) and [path for path, _ in new.files] == ["en/acme/flows.png"]
    assert new.fingerprint == version_fingerprint(new.parts)
    with pytest.raises(ValueError, match="fingerprint format 3"):
        record_version(policy, {**entry, "fingerprint_format": 3})
    assert with_parts(old, (), (), "s" * 64).fingerprint != new.fingerprint


def test_a_renamed_policy_file_keeps_every_address_it_had(published):
    """Its texts keep their dated addresses (and their recorded texts); its earlier policy address, which would
    otherwise keep the last page published there (a text shown as in force forever), leads to its new one."""
    repo = published
    with repo.kept():
        before = {path: blob for path, blob in repo.root_files().items() if "acme/privacy/" in path}
        for lang in ("en", "ru"):
            old = policy_file(repo.root, lang, "acme")
            old.rename(old.with_name("personal-data.md"))
            edit(old.with_name("personal-data.md"), "---\n\n", "renamed_from: privacy\n---\n\n")
        repo.commit("Acme's policy under a new name")
        result = repo.publish("--date", day(-1))
        assert result.returncode == 0, result.stderr
        after = repo.root_files()
        assert set(before) <= set(after), "every file at an earlier address is still there"
        assert all(after[p] == blob for p, blob in before.items() if p.endswith(("policy.txt", "policy.md")))
        for address in (f"acme/privacy/{FIRST}/", f"acme/privacy/{R2}/", f"ru/acme/privacy/{FIRST}/"):
            assert "Link to this version:" in repo.page(address) or "Постоянная ссылка" in repo.page(address)
        for prefix in ("", "ru/"):
            assert 'url=../personal-data/"' in repo.page(f"{prefix}acme/privacy/"), "the policy's old address leads on"
            assert repo.page(f"{prefix}acme/personal-data/")


def test_a_summary_typeset_otherwise_is_the_same_summary():
    """data/typography.yml may change where no-break spaces go: a summary's words are what a reader reads."""
    entry = {"effective_date": "2020-01-01", "title": "T", "sha256": "ab" * 32, "governing_language": "en",
             "translation": "complete", "first_release": "2021-01-01", "path": "p/", "text": "t", "markdown": "m",
             "summary": "Logs are kept for 5\u00a0years."}
    published = record_version({"language": "en", "brand": "acme", "document": "privacy"}, entry)
    retyped = dataclasses.replace(published, summary="Logs are kept for 5 years.")
    assert unchanged_problems(published, retyped, "docs/en/acme/privacy.md", 3, imported=False) == []
    reworded = dataclasses.replace(published, summary="Logs are kept for 6 years.")
    assert unchanged_problems(published, reworded, "docs/en/acme/privacy.md", 3, imported=False)


def english_first(repo, russian_change: tuple[str, str]):
    """A new version committed in English, its Russian translation (with `russian_change`) not ready yet: the Russian
    file, and its text once ready."""
    new_version(repo.root, "acme", D(day(-1)), change={"en": ("We collect:", "We gather:"), "ru": russian_change},
                summary={"en": "Wording.", "ru": "Формулировка."})
    russian = policy_file(repo.root, "ru", "acme")
    ready = russian.read_text(encoding="utf-8")
    russian.write_text(ready.split("\n---\n")[0] + "\ntranslation: pending\n---\n", encoding="utf-8")
    repo.commit("English first")
    return russian, ready


def test_a_translation_published_as_not_ready_is_completed_at_an_address_of_its_own(published):
    """What was published as a pending translation stays as it was; its completed text, under the same date, is a
    text of that version at its own address, as a correction is, with the site's note in the history."""
    repo = published
    with repo.kept():
        russian, ready = english_first(repo, ("Оператор собирает:", "Оператор получает:"))
        assert repo.publish("--date", day(-1)).returncode == 0
        pending = repo.files()
        russian.write_text(ready, encoding="utf-8")
        repo.commit("The Russian translation is ready")
        result = repo.publish("--date", day(0))
        assert result.returncode == 0, result.stdout + result.stderr
        at_pending = f"ru/acme/privacy/{day(-1)}/"
        assert {path: blob for path, blob in repo.files().items() if path.startswith(at_pending + "policy.")} == \
            {path: blob for path, blob in pending.items() if path.startswith(at_pending + "policy.")}
        completed = f"ru/acme/privacy/{day(-1)}-corrected-{day(0)}/"
        assert "Оператор получает:" in repo.show(completed + "policy.txt")
        assert "Оператор получает:" in repo.page("ru/acme/privacy/")
        assert "Перевод, опубликованный как ещё не готовый, завершён." in repo.page(completed)
        assert status(repo.page(at_pending)) == "corrected"


def test_a_translation_not_ready_yet_brings_its_anchors_later(published):
    """A pending translation has no text of its own (its readers are sent to the governing text): the anchors of the
    version before are not asked of it."""
    repo = published
    with repo.kept():
        english_first(repo, ("Оператор собирает:", "Оператор собирает:"))
        result = repo.publish("--date", day(-1))
        assert result.returncode == 0, result.stderr
