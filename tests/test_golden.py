"""Golden recorded texts: real policies (tests/real-content/: GitHub's privacy statement, the two revisions kept as
files and every revision of its history bundle) rendered by the site's own chain (source_markdown.prepare, then
rendering.render_policy: typography, the Markdown dialect, text.readable), each compared with its recorded text
and fingerprint committed under tests/golden/.

A dependency upgrade (Python-Markdown, pymdown-extensions, babel…) or a code change that moves one character of a
recorded text fails here, naming the text, the line and the character, before any release records it. When the
change is meant, CONTRIBUTING.md ("Upgrading dependencies and the recorded form") says how to migrate;
`python tests/test_golden.py --update` rewrites the golden files, for review in the same commit.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest

from policykit.importing import revisions_from_git
from policykit.rendering import render_policy
from policykit.source_markdown import prepare
from policykit.text import FINGERPRINT_FORMAT, fingerprint
from policykit.typography import load_rules

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
REAL = HERE / "real-content"
BUNDLE = REAL / "github-privacy-statement-history.bundle"
STATEMENT = "Policies/github-privacy-statement.md"
GOLDEN = HERE / "golden"
FINGERPRINTS = GOLDEN / "fingerprints.json"
LINK_BASE = "https://docs.github.com"  # the statement's site-relative links, as an import gives them


@cache
def real_texts() -> dict[str, str]:
    """Every real text by a stable name: the files by their own name, the bundle's revisions by date and commit."""
    files = sorted(REAL.glob("github-privacy-statement-2*.md"))
    texts = {path.stem: path.read_text(encoding="utf-8") for path in files}
    with tempfile.TemporaryDirectory(prefix="golden-") as folder:
        subprocess.run(["git", "clone", "-q", "--bare", str(BUNDLE), folder], check=True, capture_output=True)
        revisions, _ = revisions_from_git(folder, STATEMENT, None)
    for revision in revisions:
        assert revision.text is not None, revision.problem
        texts[f"history-{revision.recorded_on}-{revision.key[:7]}"] = revision.text
    return texts


def recorded(source: str) -> str:
    """A real text's recorded text, as the site records a policy of that Markdown."""
    prepared = prepare(source, language="en", variables={}, link_base=LINK_BASE)
    policy = SimpleNamespace(expanded=SimpleNamespace(markdown=prepared.body), lang="en",
                             source=SimpleNamespace(title=prepared.title or "Privacy Statement"))
    rules = load_rules(REPO / "data" / "typography.yml", ["en", "ru"], REPO)
    return render_policy(policy, rules).recorded.text  # type: ignore[arg-type]


def first_difference(name: str, golden: str, now: str) -> str:
    """Where a recorded text moved: its line, its column and the two characters, in a developer's words."""
    old_lines, new_lines = golden.split("\n"), now.split("\n")
    for number, (old, new) in enumerate(zip(old_lines, new_lines), start=1):
        if old != new:
            column = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
            was, is_ = (repr(line[column]) if column < len(line) else "the end of the line" for line in (old, new))
            return (f"the recorded text of {name} changed at line {number}, column {column + 1}: {was} became {is_}.\n"
                    f"  golden: {old[max(0, column - 40):column + 40]!r}\n"
                    f"  now:    {new[max(0, column - 40):column + 40]!r}")
    return (f"the recorded text of {name} changed in length: {len(old_lines)} lines golden, {len(new_lines)} now "
            "(the rest is the same).")


HOW = ("If a dependency upgrade or a code change is meant to change the recorded form, follow CONTRIBUTING.md, "
       "\"Upgrading dependencies and the recorded form\" (python tests/test_golden.py --update, and a new "
       "fingerprint format); otherwise undo the change.")


@pytest.mark.parametrize("name", sorted(real_texts()))
def test_a_real_texts_recorded_form_is_its_golden_one(name):
    now = recorded(real_texts()[name])
    golden = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    assert now == golden, f"{first_difference(name, golden, now)}\n{HOW}"
    pinned = json.loads(FINGERPRINTS.read_text(encoding="utf-8"))
    assert pinned["fingerprint_format"] == FINGERPRINT_FORMAT, HOW
    assert fingerprint(now) == pinned["texts"][name], f"the text fingerprint of {name} changed. {HOW}"


def test_every_golden_file_is_a_real_text():
    """A golden file whose text left tests/real-content/ would pin nothing."""
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(real_texts())
    assert sorted(json.loads(FINGERPRINTS.read_text(encoding="utf-8"))["texts"]) == sorted(real_texts())


def test_the_difference_names_the_text_the_line_and_the_character():
    said = first_difference("example", "# T\nThe data\u00a0we keep.\n", "# T\nThe data&nbsp;we keep.\n")
    assert "example" in said and "line 2, column 9" in said and "'\\xa0' became '&'" in said


def update() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for old in GOLDEN.glob("*.txt"):
        old.unlink()
    texts = {name: recorded(source) for name, source in real_texts().items()}
    for name, text in texts.items():
        (GOLDEN / f"{name}.txt").write_text(text, encoding="utf-8")
    FINGERPRINTS.write_text(json.dumps({"fingerprint_format": FINGERPRINT_FORMAT,
                                        "texts": {name: fingerprint(text) for name, text in sorted(texts.items())}},
                                       indent=1) + "\n", encoding="utf-8")
    print(f"{len(texts)} golden recorded texts written to {GOLDEN.relative_to(REPO)}/")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_golden.py --update   (rewrites tests/golden/ from the real texts)")
    update()
