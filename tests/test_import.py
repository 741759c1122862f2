"""Importing a policy written elsewhere with its whole history.

GitHub's privacy statement as github/site-policy recorded it (tests/real-content/, CC0: every commit that touched
the file, with its date, replayed into a git bundle), imported from a bare repository; an Open Terms Archive-shaped
repository built here (Setext title, dates in several forms, a same-day correction, an identical re-recording, a
rename); the two real revisions as a folder of dated files, published. Every imported text must be its source's text
as an independent GitHub-flavoured renderer (markdown-it-py) shows it, block for block, after the documented repairs.
"""

from __future__ import annotations

import datetime
import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from gitrepo import GIT_ENV, Repo, day, make_repo
from policykit.import_plan import CORRECTION, POSTPONED, SKIPPED, VERSION, SourceRevision, plan_import
from policykit.importing import revisions_from_git
from policykit.source_markdown import prepare

REAL = Path(__file__).resolve().parent / "real-content"
BUNDLE = REAL / "github-privacy-statement-history.bundle"
STATEMENT = "Policies/github-privacy-statement.md"
REVISIONS = sorted(REAL.glob("github-privacy-statement-2*.md"))
DATES = [re.search(r"(\d{4}-\d{2}-\d{2})", p.name).group(1) for p in REVISIONS]
BASE = "https://docs.github.com"


# --- the oracle: GitHub's reading of a text, block by block -------------------------------------------------------

def blocks(markdown: str, link_base: str | None = None) -> list[tuple]:
    """What a reader sees, block by block, as markdown-it (CommonMark + GFM tables) renders it: where the block
    sits, its text with whitespace folded, its links. Comments show nothing; a heading's {#id} is its anchor."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    found, open_tags = [], []
    for token in parser.parse(markdown):
        if token.nesting == 1:
            open_tags.append(token.tag)
        elif token.nesting == -1:
            open_tags.pop()
        elif token.type == "inline":
            rendered = parser.renderer.renderInline(token.children, parser.options, {})
            links = tuple(f"{link_base}{href}" if link_base and href.startswith("/") else href
                          for href in re.findall(r'href="([^"]*)"', rendered))
            text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())
            if open_tags and open_tags[-1][0] == "h":
                text = re.sub(r"\s*\{#[\w-]+\}$", "", text)
            if text or links:
                found.append((tuple(open_tags), text, links))
        elif token.type in ("fence", "code_block"):
            found.append((tuple(open_tags), "code", "\n".join(line.rstrip() for line in
                                                              token.content.rstrip("\n").split("\n"))))
        elif token.type == "html_block" and re.sub(r"<!--.*?-->", "", token.content, flags=re.S).strip():
            found.append((tuple(open_tags), "html", " ".join(token.content.split())))
    return found


def source_after_repairs(text: str, report: list[str], variables: dict[str, str] | None = None) -> str:
    """The source's body with the documented repairs that change what GitHub shows: the lines the report says were
    left out (the date line, the title heading), Liquid variables given a value. The report names source lines."""
    lines = text.replace("\r\n", "\n").split("\n")
    for entry in report:
        if match := re.match(r'line (\d+): left out the line "(.*)": the site states', entry):
            assert lines[int(match.group(1)) - 1].strip() == match.group(2), entry
            lines[int(match.group(1)) - 1] = ""
        elif match := re.match(r'line (\d+): the heading "(.*)" is the policy\'s title', entry):
            number = int(match.group(1))
            assert match.group(2) in lines[number - 1], entry
            lines[number - 1] = ""
            if re.fullmatch(r"=+\s*", lines[number]):  # a Setext title goes with its underline
                lines[number] = ""
        elif match := re.match(r"lines? (\d+)(?:–\d+)?: left out an HTML comment", entry):
            assert "<!--" in lines[int(match.group(1)) - 1], entry
    body = "\n".join(lines)
    if body.startswith("---\n"):
        end = body.find("\n---\n", 3)
        body = "\n" * body[:end + 5].count("\n") + body[end + 5:]
    for name, value in (variables or {}).items():
        body = re.sub(r"\{\{\s*" + re.escape(name) + r"\s*\}\}", value, body)
    return body


def written_texts(repo: Repo, brand: str, ref: str = "HEAD") -> list[tuple[dict, str]]:
    """Every text an import wrote, oldest first: the earlier ones (content/history/), then the policy's file."""
    folder = f"content/history/en/{brand}/privacy"
    earlier = sorted(p for p in repo.git("ls-tree", "--name-only", f"{ref}:{folder}").split())
    return [written_body(repo.git("show", f"{ref}:{folder}/{name}")) for name in earlier] + [
        written_body(repo.git("show", f"{ref}:docs/en/{brand}/privacy.md"))]


def written_body(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


# --- GitHub's privacy statement, its whole history, from a bare repository ---------------------------------------

@pytest.fixture(scope="module")
def site_policy(tmp_path_factory) -> Path:
    """A bare repository holding the statement's history, as github/site-policy does (CC0)."""
    bare = tmp_path_factory.mktemp("source") / "site-policy.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(BUNDLE), str(bare)], check=True, capture_output=True)
    return bare


@pytest.fixture(scope="module")
def planned(site_policy):
    read, ignored = revisions_from_git(str(site_policy), STATEMENT, None)
    revisions = [SourceRevision(number, r.source, r.key, r.recorded_on,
                                prepare(r.text, language="en", variables={}, link_base=BASE), r.problem)
                 for number, r in enumerate(read, start=1)]
    return read, ignored, plan_import(revisions, {}, {}, "en")


def git_log(bare: Path, *args: str) -> list[str]:
    return subprocess.run(["git", "log", *args], cwd=bare, capture_output=True, text=True, check=True).stdout.split()


def stated(text: str) -> datetime.date:
    """The date the statement states, read here independently: "Effective date: **May 25, 2018**"."""
    written = re.search(r"^Effective date: \**([A-Z][a-z]+ \d{1,2}, \d{4})\**\s*$", text, re.M).group(1)
    return datetime.datetime.strptime(written, "%B %d, %Y").date()


def test_every_revision_of_the_history_is_read_and_the_move_away_ignored(site_policy, planned):
    read, ignored, plan = planned
    touching = git_log(site_policy, "--format=%H", "--", STATEMENT)
    deleting = git_log(site_policy, "--format=%H", "--diff-filter=D", "--", STATEMENT)
    assert len(plan) == len(read) == len(touching) - len(deleting)
    assert len(ignored) == len(deleting) == 1 and "moves it away" in ignored[0]
    assert [p.revision.recorded_on for p in plan] == sorted(p.revision.recorded_on for p in plan)


def test_each_revision_has_its_place_in_the_history(planned):
    read, _, plan = planned
    shown = [p for p in plan if p.kind in (VERSION, CORRECTION)]
    versions = [p for p in shown if p.kind == VERSION]
    for entry, revision in zip(plan, read):
        assert entry.stated_date == stated(revision.text), "25 of the revisions write it in bold"
        assert entry.effective_date == entry.stated_date and entry.date_source == "stated"
    assert [v.effective_date for v in versions] == sorted({v.effective_date for v in versions})
    for before, entry in zip(shown, shown[1:]):
        if entry.kind == CORRECTION:
            assert entry.effective_date == before.effective_date and entry.fingerprint != before.fingerprint
            assert entry.corrected_on == entry.recorded_on and entry.correction.startswith("Corrected: ")
        else:
            assert entry.effective_date > before.effective_date and entry.summary.startswith("Sections ")
    for entry in (p for p in plan if p.kind == SKIPPED):
        kept = [p for p in shown if p.revision.number < entry.revision.number]
        assert ("identical" in entry.reason and entry.fingerprint == kept[-1].fingerprint
                or "again (a correction undone)" in entry.reason and any(
                    p.fingerprint == entry.fingerprint and p.effective_date == entry.effective_date for p in kept)
                or "earlier effective date" in entry.reason and entry.effective_date < kept[-1].effective_date
                or "only its stated date changed" in entry.reason), entry.reason
    assert {p.kind for p in plan} == {VERSION, CORRECTION, POSTPONED, SKIPPED}


def test_an_announcement_replaced_before_its_day_is_postponed(planned):
    """Found from the recorded dates alone: a stated date whose revisions were all replaced, before that day came,
    by a revision stating a later one."""
    read, _, plan = planned
    dated = [(r.recorded_on, stated(r.text)) for r in read]
    announced = {date for index, (recorded, date) in enumerate(dated)
                 if recorded < date and (after := next((d for d in dated[index + 1:] if d[1] != date), None))
                 and after[1] > date and after[0] < date}
    postponed = [p for p in plan if p.kind == POSTPONED]
    assert announced and {p.effective_date for p in postponed} == announced
    replacing = [p for p in plan if p.replaces_announcement]
    assert {p.replaces_announcement for p in replacing} == announced
    for entry in replacing:
        assert entry.kind == VERSION and entry.recorded_on < entry.replaces_announcement < entry.effective_date


@pytest.fixture(scope="module")
def imported(site_policy, planned, tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("import") / "site")
    assert repo.policy("new-brand", "github", "--name", "GitHub").returncode == 0
    repo.commit("GitHub")
    result = repo.policy("import", "github", "--git", str(site_policy), "--path", STATEMENT, "--link-base", BASE)
    return repo, result


def test_the_whole_history_is_imported_with_a_report_kept_in_the_repository(imported, planned, site_policy):
    repo, result = imported
    _, _, plan = planned
    assert result.returncode == 0, result.stdout + result.stderr
    count = {kind: sum(p.kind == kind for p in plan) for kind in (VERSION, CORRECTION, POSTPONED, SKIPPED)}
    assert (f"{len(plan)} revisions, oldest first. {count[VERSION]} became versions, {count[CORRECTION]} corrections; "
            f"{count[POSTPONED]} were announcements postponed before they took effect; {count[SKIPPED]} were "
            "skipped.") in result.stdout
    log = repo.git("log", "--format=%s").splitlines()
    # One commit: every version, correction and postponed announcement, and the report.
    written = count[VERSION] + count[CORRECTION] + count[POSTPONED]
    assert log[0] == f"Import the github policy: {written} texts from {site_policy}, {STATEMENT}"
    assert not any(line.startswith("Import the github policy") for line in log[1:])
    report = next((repo.root / "content/imports").glob("github-*.md")).read_text(encoding="utf-8")
    assert report.strip() in result.stdout and len(written_texts(repo, "github")) == written
    assert "Traceback" not in result.stderr
    assert "WARNING: {{ site.data.variables.contact.contact_privacy }} is kept as visible text" in report
    assert "GitHub shows these lines as code, because they are indented by 4 spaces after a list" in report


def test_every_imported_text_is_its_source_as_github_shows_it(imported, site_policy, planned):
    repo, _ = imported
    _, _, plan = planned
    by_source = {p.revision.source: p for p in plan}
    texts = written_texts(repo, "github")
    assert len(texts) == sum(p.kind in (VERSION, CORRECTION, POSTPONED) for p in plan)
    for meta, body in texts:
        entry = by_source[meta["imported_from"]]
        source = subprocess.run(["git", "cat-file", "blob", f"{entry.revision.key}:{STATEMENT}"], cwd=site_policy,
                                capture_output=True, text=True, check=True).stdout
        assert blocks(body) == blocks(source_after_repairs(source, entry.report), BASE), entry.revision.source
        assert str(meta["effective_date"]) == entry.effective_date.isoformat()
        assert meta.get("corrected_on") == (entry.corrected_on and entry.corrected_on.isoformat())
        assert meta.get("replaces_announcement") == (entry.replaces_announcement and
                                                     entry.replaces_announcement.isoformat())


# --- an Open Terms Archive repository ----------------------------------------------------------------------------

OTA_PATH, OTA_RENAMED = "Acme/Privacy Policy.md", "Acme/Privacy Notice.md"
# The part every revision shares (so that git sees the rename as one: most of the text moves with the name).
RIGHTS = ("\n\nYour rights\n-----------\n\n" + "You may ask us for a copy of the data we hold about you, have it "
          "corrected or deleted, and object to how we use it. " * 6 + "\n")
OTA = [  # (recorded on, path, text): one commit per recorded change, as Open Terms Archive records them
    ("2024-01-10T09:00:00+00:00", OTA_PATH, "Privacy Policy\n==============\n\nEffective date: **January 8, 2024**\n\n"
     "Who we are\n----------\n\nAcme Ltd runs the service.\n\nWhat we collect\n---------------\n\n* your name\n"
     "* your e-mail address\n"),
    ("2024-03-01T08:00:00+00:00", OTA_PATH, "Privacy Policy\n==============\n\nLast updated: 02.03.2024\n\n"
     "Who we are\n----------\n\nAcme Ltd runs the servise.\n\nWhat we collect\n---------------\n\n* your name\n"
     "* your e-mail address\n* your phone number\n"),
    ("2024-03-01T17:00:00+00:00", OTA_PATH, "Privacy Policy\n==============\n\nLast updated: 02.03.2024\n\n"
     "Who we are\n----------\n\nAcme Ltd runs the service.\n\nWhat we collect\n---------------\n\n* your name\n"
     "* your e-mail address\n* your phone number\n"),
    ("2024-04-01T08:00:00+00:00", OTA_PATH, "Privacy Policy\n==============\n\nLast updated: 02.03.2024\n\n"
     "Who we are\n----------\n\nAcme Ltd runs   the service.\n\nWhat we collect\n---------------\n\n* your name\n"
     "* your e-mail address\n* your phone number\n"),
    ("2024-05-06T08:00:00+00:00", OTA_RENAMED, "Privacy Notice\n==============\n\n<!-- recorded by a robot\n"
     "over two lines -->\n\nWho we are\n----------\n\nAcme Ltd runs the service. Write to {{ contact.email }}.\n\n"
     "<a name=\"collect\"></a>\n\nWhat we collect\n---------------\n\n* your name\n* your phone number\n\n"
     "See [above](#collect). Ask {{ contact.desk }}. To export your data:\n\n    curl https://acme.example/export\n"),
    ("2024-06-03T08:00:00+00:00", OTA_RENAMED, "Privacy Notice\n==============\n\nThis Privacy Notice applies from "
     "June 15, 2024. The previous version applies until then.\n\nWho we are\n----------\n\nAcme Ltd runs the service."
     "\n\nWhat we collect\n---------------\n\n* your name\n"),
]


def ota_repository(folder: Path, bare: bool) -> Path:
    work = folder / "acme-versions"
    work.mkdir(parents=True)
    run = lambda *args, **env: subprocess.run(["git", *args], cwd=work, check=True, capture_output=True,  # noqa: E731
                                              env={**os.environ, **GIT_ENV, **env})
    run("init", "-q", "-b", "main")
    for recorded, path, text in OTA:
        text += RIGHTS
        if not (work / path).exists() and path == OTA_RENAMED:
            run("mv", OTA_PATH, OTA_RENAMED)
        (work / path).parent.mkdir(exist_ok=True)
        (work / path).write_text(text, encoding="utf-8")
        run("add", "-A")
        run("commit", "-q", "-m", f"Record new changes of Acme {Path(path).stem}", GIT_COMMITTER_DATE=recorded,
            GIT_AUTHOR_DATE=recorded)
    if not bare:
        return work
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(folder / "acme-versions.git")], check=True)
    return folder / "acme-versions.git"


def test_an_open_terms_archive_history_is_imported_as_it_was_recorded(tmp_path):
    repo = make_repo(tmp_path / "site")
    assert repo.policy("new-brand", "wingmate", "--name", "Wingmate").returncode == 0
    repo.commit("Wingmate")
    source = ota_repository(tmp_path, bare=False)
    (tmp_path / "variables.yml").write_text("contact:\n  email: privacy@acme.example\n", encoding="utf-8")
    result = repo.policy("import", "wingmate", "--git", str(source), "--path", OTA_RENAMED,
                         "--variables", str(tmp_path / "variables.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "6 revisions, oldest first. 4 became versions, 1 corrections; 0 were announcements postponed" in out
    assert re.search(r"#3 acme-versions@\w+:Acme/Privacy Policy.md, recorded on 2024-03-01: CORRECTION", out)
    assert "- Correction (2024-03-01): Corrected: sections changed: Who we are." in out
    assert re.search(r"#4 .*: SKIPPED\n- Its text is identical to #3's", out)
    assert "- A new version, recorded on 2024-05-06; the text states no effective date." in out
    assert "- A new version, effective 2024-06-15 (stated in the text)." in out
    assert 'line 1: the heading "Privacy Notice" is the policy\'s title' in out
    assert "lines 1–2: the heading \"Who we are\" underlined with --- is written ## Who we are" not in out
    assert "lines 7–8: the heading \"Who we are\" underlined with --- is written ## Who we are" in out
    assert "lines 4–5: left out an HTML comment" in out
    assert 'line 10: {{ contact.email }} is "privacy@acme.example" (from --variables)' in out
    assert "line 20: WARNING: {{ contact.desk }} is kept as visible text" in out
    assert 'line 12: the anchor <a name="collect"> is the id of the heading it marks ({#collect})' in out
    assert "line 22: GitHub shows these lines as code, because they are indented by 4 spaces; written as" in out
    versions = {meta["imported_from"]: (meta, body) for meta, body in written_texts(repo, "wingmate")}
    metas = [meta for meta, _ in versions.values()]
    assert [m["title"] for m in metas] == ["Privacy Policy"] * 3 + ["Privacy Notice"] * 2
    assert [str(m["effective_date"]) for m in metas] == ["2024-01-08", "2024-03-02", "2024-03-02", "2024-05-06",
                                                          "2024-06-15"]
    assert metas[2]["corrected_on"] == "2024-03-01" and "summary" not in metas[0]
    assert metas[1]["summary"] == "Sections changed: Who we are; What we collect."
    report = result.stdout.split("\n## ")
    for (_, path, text), (meta, body) in zip([OTA[0], OTA[1], OTA[2], OTA[4], OTA[5]], versions.values()):
        entry = next(part for part in report if meta["imported_from"] in part.split("\n")[0])
        lines = [line[2:] for line in entry.split("\n") if line.startswith("- line")]
        assert meta["imported_from"].endswith(path)
        repaired = source_after_repairs(text + RIGHTS, lines, {"contact.email": "privacy@acme.example"})
        assert blocks(body) == blocks(repaired)
    assert "## What we collect {#collect}" in versions[metas[3]["imported_from"]][1]


def test_an_ambiguous_date_is_asked_for_and_can_be_given_for_one_revision(tmp_path):
    repo = make_repo(tmp_path / "site")
    assert repo.policy("new-brand", "wingmate", "--name", "Wingmate").returncode == 0
    repo.commit("Wingmate")
    source = ota_repository(tmp_path, bare=True)
    subprocess.run(["git", "clone", "-q", str(source), str(tmp_path / "work")], check=True)
    work = Repo(tmp_path / "work")
    (tmp_path / "work" / OTA_RENAMED).write_text(OTA[-1][2].replace(
        "This Privacy Notice applies from June 15, 2024.", "Last updated: 07/08/2024"), encoding="utf-8")
    work.commit("Record new changes of Acme Privacy Notice")
    work.git("push", "-q", "origin", "main")
    args = ["import", "wingmate", "--git", str(source), "--path", OTA_RENAMED]
    refused = repo.policy(*args)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "#7 acme-versions@" in refused.stderr
    assert ('line 4 "Last updated: 07/08/2024 The previous version applies until then.": "07/08/2024" could be '
            "7 August 2024 (day first) or 8 July 2024 (month first), and nothing in the text says which: give its "
            "date with --dates 7=YYYY-MM-DD.") in refused.stderr
    accepted = repo.policy(*args, "--dates", "7=2024-08-07", "--summary", "7=We collect less.")
    assert accepted.returncode == 0, accepted.stderr
    assert "- A new version, effective 2024-08-07 (given with --dates)." in accepted.stdout
    assert "- Summary: We collect less." in accepted.stdout


def test_a_revision_that_is_not_text_is_skipped_with_a_message(tmp_path):
    repo = make_repo(tmp_path / "site")
    assert repo.policy("new-brand", "wingmate", "--name", "Wingmate").returncode == 0
    repo.commit("Wingmate")
    source = ota_repository(tmp_path, bare=False)
    (source / OTA_RENAMED).write_bytes("Privacy Notice\n==============\n\nCaf\xe9\n".encode("latin-1"))
    Repo(source).commit("Record new changes in Latin-1")
    result = repo.policy("import", "wingmate", "--git", str(source), "--path", OTA_RENAMED)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert re.search(r"#7 .*: SKIPPED\n- It is not UTF-8 text \(line 4, byte 0xe9\)", result.stdout)


# --- a folder of dated files, published ----------------------------------------------------------------------------

def test_a_folder_of_dated_files_is_imported_and_published(tmp_path):
    repo = make_repo(tmp_path / "site")
    assert repo.publish("--date", day(-1)).returncode == 0
    assert repo.policy("new-brand", "github", "--name", "GitHub").returncode == 0
    repo.commit("GitHub")
    folder = tmp_path / "revisions"
    folder.mkdir()
    for revision, date in zip(REVISIONS, DATES):
        shutil.copy(revision, folder / f"{date}.md")
    result = repo.policy("import", "github", "--folder", str(folder), "--link-base", BASE, "--publish")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Published as release ") == 1, "the whole history is one release"
    assert "- Summary: Sections changed: " in result.stdout
    record = repo.record()
    texts = next(p for p in record["policies"] if (p["brand"], p["language"]) == ("github", "en"))["versions"]
    assert [t["effective_date"] for t in texts] == sorted(DATES)
    assert {t["first_release"] for t in texts} == {repo.versions()[0]["version"]}
    assert all(t["imported_from"] for t in texts), "the record says where each imported text came from"
    for text in texts:
        assert repo.page(text["path"]) and repo.show(text["text"])


@pytest.mark.parametrize("args,message", [
    (["import", "nobody", "--folder", "."], '"nobody" is not a brand'),
    (["import", "acme", "--git", "."], "--git needs --path"),
    (["import", "acme", "--folder", "empty"], "holds no Markdown"),
    (["import", "acme", "--folder", "revisions", "--dates", "2020-01-01"], 'names no single revision'),
    (["import", "acme", "--folder", "revisions", "--dates", "1=2020-13-01"], "is not a date"),
    (["import", "acme", "--git", "https://nowhere.invalid/x.git", "--path", "p.md"], "git cannot clone it"),
])
def test_an_import_that_cannot_be_made_says_why_and_changes_nothing(tmp_path, args, message):
    repo = make_repo(tmp_path / "site")
    (repo.root.parent / "empty").mkdir()
    (repo.root.parent / "revisions").mkdir()
    for revision, date in zip(REVISIONS, DATES):
        shutil.copy(revision, repo.root.parent / "revisions" / f"{date}.md")
    head = repo.git("rev-parse", "HEAD")
    result = repo.policy(*[a if a not in ("empty", "revisions") else str(repo.root.parent / a) for a in args])
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert repo.git("rev-parse", "HEAD") == head


def refused_commit(said: str) -> str:
    return re.search(r"\(revision #\d+, line \d+ of [\w-]+@(\w+):", said).group(1)


def test_a_history_that_does_not_build_changes_nothing_names_the_source_line_and_goes_through_once_fixed(tmp_path):
    """Atomic: a revision the site cannot publish (here a link to a page of a site that is not this one) stops the
    whole import before anything is written or committed, at the revision and the source's own line; given what
    it needs, the same command imports everything."""
    repo = make_repo(tmp_path / "site")
    assert repo.policy("new-brand", "wingmate", "--name", "Wingmate").returncode == 0
    repo.commit("Wingmate")
    source = ota_repository(tmp_path, bare=False)
    broken = "\n\nSee [our other policy](other.md) for the rest.\n"
    (source / OTA_RENAMED).write_text(OTA[-1][2] + RIGHTS + broken, encoding="utf-8")
    Repo(source).commit("Record new changes of Acme Privacy Notice")
    head, status = repo.git("rev-parse", "HEAD"), repo.git("status", "--porcelain", "--untracked-files=all")
    args = ["import", "wingmate", "--git", str(source), "--path", OTA_RENAMED, "--publish"]
    refused = repo.policy(*args)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    line = (OTA[-1][2] + RIGHTS + broken).split("\n").index("See [our other policy](other.md) for the rest.") + 1
    assert "the imported history does not build, so nothing was imported" in refused.stderr
    assert re.search(rf"\(revision #7, line {line} of acme-versions@\w+:{re.escape(OTA_RENAMED)}\)", refused.stderr)
    assert "“other.md” leads to no page or file of this site" in refused.stderr
    assert repo.git("rev-parse", "HEAD") == head, "nothing committed"
    assert repo.git("status", "--porcelain", "--untracked-files=all") == status, "no file left behind"
    assert repo.pages_head() is None, "nothing published"
    # As the message says: the revision left out with --commits (a source's history cannot be fixed).
    commits = Repo(source).git("log", "--reverse", "--format=%H").split()
    assert refused_commit(refused.stderr) == commits[-1][:7]
    accepted = repo.policy(*args, "--commits", ",".join(commits[:-1]))
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert accepted.stdout.count("Published as release ") == 1
