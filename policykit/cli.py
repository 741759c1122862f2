"""The `policy` command: the tools of writers and publishers, each a thin layer over policykit.

    policy check [FILE ...]                    the content checks, without a build (what pre-commit runs)
    policy review [--base REF|latest] [--head REF] [--markdown]
    policy new-brand SLUG --name NAME [--governing-language en] [--date YYYY-MM-DD]
    policy new-version BRAND DATE
    policy import BRAND (--git REPOSITORY --path FILE [--commits A,B] | --folder DIR) [--dates …] [--summary N=…]
                  [--variables FILE] [--link-base URL] [--publish]
    policy publish [--date YYYY-MM-DD] [--name NAME] [--future] [--push] [--remote origin] [--signing-key PATH]
    policy push [--remote origin]
    policy refresh [--today YYYY-MM-DD] [--push] [--remote origin] [--signing-key PATH]   (also: policy promote)
    policy verify [--site DIR [--publishers FILE]] [--page FILE_OR_FOLDER]   (offline: what was online when)

It works on the repository around the current folder (the nearest folder with a mkdocs.yml). Every
failure is one message saying what to do, and exit status 1; a command-line mistake, exit status 2.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from policykit.problems import PolicyError, ReportedError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args, _repository() if getattr(args, "repository", True) else None)
    except ReportedError as error:  # the one family of errors a person is told; anything else is a bug
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted; nothing was published.", file=sys.stderr)
        return 130


class CommandError(ReportedError):
    """What stopped a command, in the words of the person who ran it."""


def _repository() -> Path:
    here = Path.cwd().resolve()
    for folder in [here, *here.parents]:
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise CommandError(f"{here} is not inside the policy site (no mkdocs.yml here or above): run the command in the "
                       "repository's folder.")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-12-01") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy", description="Tools for the privacy-policy site.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="the content checks, without a build")
    check.add_argument("files", nargs="*", help="only report problems of these files (every problem if none)")
    check.set_defaults(run=_check)

    review = commands.add_parser("review", help="every policy text a change touches, as readers will see it")
    review.add_argument("--base", help="what to compare with: a branch, tag or commit, or `latest` (the release in "
                                       "force); default: main")
    review.add_argument("--head", help="the branch, tag or commit to review; default: the working tree")
    review.add_argument("--markdown", action="store_true", help="write Markdown, for a pull request")
    review.set_defaults(run=_review)

    brand = commands.add_parser("new-brand", help="add a brand and its policy in every language")
    brand.add_argument("slug", help="the brand's folder name: lower-case letters, digits and hyphens")
    brand.add_argument("--name", required=True, help="the brand's name as readers see it")
    brand.add_argument("--governing-language", default="en", help="the language of the original text (default: en)")
    brand.add_argument("--date", type=_date, default=datetime.date.today(), help="the first effective date")
    brand.set_defaults(run=_new_brand)

    version = commands.add_parser("new-version", help="start a new version of a brand's policy")
    version.add_argument("brand", help="the brand's slug (its folder name in docs/<language>/)")
    version.add_argument("date", type=_date, help="the new effective date, YYYY-MM-DD")
    version.set_defaults(run=_new_version)

    importing = commands.add_parser("import", help="bring in a policy written elsewhere, with its whole history")
    importing.add_argument("brand", help="the brand's slug (in data/brands.yml already: see new-brand)")
    source = importing.add_mutually_exclusive_group(required=True)
    source.add_argument("--git", metavar="REPOSITORY", help="a git repository holding the policy's history: a folder "
                                                           "(bare or not) or an address git can clone")
    source.add_argument("--folder", type=Path, help="a folder of the policy's revisions, one file each, named by date")
    importing.add_argument("--path", help="with --git: the policy's file in that repository (its renames are followed)")
    importing.add_argument("--commits", help="with --git: only these commits, oldest first, separated by commas")
    importing.add_argument("--dates", help="effective dates, YYYY-MM-DD, where the texts do not state them: "
                                           "REVISION=DATE,… (REVISION: its number in the report, its commit or "
                                           "file), or one per revision, oldest first")
    importing.add_argument("--summary", action="append", metavar="REVISION=TEXT",
                           help="what changed in a revision, instead of the generated summary (repeatable)")
    importing.add_argument("--variables", type=Path, metavar="FILE",
                           help="a YAML file with the values of the source's {{ variables }} (Jekyll/Liquid)")
    importing.add_argument("--link-base", help="the address of the site the text was written for, to which links "
                                               "starting with / belong (e.g. https://docs.github.com)")
    importing.add_argument("--publish", action="store_true",
                           help="publish the imported history as one release, every text at its own address")
    importing.add_argument("--signing-key", type=Path, metavar="PATH", help=SIGNING_KEY_HELP)
    importing.set_defaults(run=_import)

    publish = commands.add_parser("publish", help="publish the last commit as a release on gh-pages")
    publish.add_argument("--date", type=_date, help="the release date (default: the day --name begins with, or today)")
    publish.add_argument("--name", help="the release's name, YYYY-MM-DD or YYYY-MM-DD-2 (refused if it exists)")
    publish.add_argument("--future", action="store_true", help="allow a release date more than a day after today")
    publish.add_argument("--push", action="store_true", help="push gh-pages to the remote afterwards")
    publish.add_argument("--remote", default="origin", help="the remote to push to (default: origin)")
    publish.add_argument("--signing-key", type=Path, metavar="PATH", help=SIGNING_KEY_HELP)
    publish.set_defaults(run=_publish)

    pushing = commands.add_parser("push", help="push gh-pages to the remote (refused for a local site address)")
    pushing.add_argument("--remote", default="origin", help="the remote, or its address (default: origin)")
    pushing.set_defaults(run=_push)

    refresh = commands.add_parser("refresh", aliases=["promote"],
                                  help="publish the statuses of today when a version took effect or a correction's "
                                       "day came (the scheduled job runs it daily)")
    refresh.add_argument("--today", type=_date, default=datetime.date.today(), help="the day (default: today)")
    refresh.add_argument("--push", action="store_true", help="push gh-pages to the remote after a publication")
    refresh.add_argument("--remote", default="origin", help="the remote to push to (default: origin)")
    refresh.add_argument("--signing-key", type=Path, metavar="PATH", help=SIGNING_KEY_HELP)
    refresh.set_defaults(run=_refresh)

    verify = commands.add_parser("verify", help="check the published releases offline (signatures, chain, the site "
                                                "as the newest release left it), or which release published a page")
    verify.add_argument("--site", type=Path, metavar="DIR", help="a downloaded copy of the site (a wget --mirror "
                                                                 "folder, a gh-pages checkout) instead of gh-pages")
    verify.add_argument("--page", type=Path, metavar="FILE_OR_FOLDER",
                        help="a downloaded page (index.html, policy.txt, policy.md, policy.pdf, or its folder): which "
                             "signed release published exactly these bytes, and when")
    verify.add_argument("--publishers", type=Path, metavar="FILE",
                        help="with --site: the allowed signers to trust (default: the copy's own publishers.txt; give "
                             "the repository's data/publishers, or a copy you trust, to prove who signed)")
    verify.set_defaults(run=_verify, repository=False)
    return parser


SIGNING_KEY_HELP = ("the publisher's private SSH key that signs the release (default: git config user.signingkey); "
                    "its public key must be in data/publishers")


def _check(args, repo: Path) -> int:
    from policykit.content import fields_used, load_content, site_languages
    from policykit.registry import unused_field_problems
    from policykit.text_checks import analyse, text_problems

    changed = {Path(name).as_posix() for name in args.files}
    try:
        content = load_content(repo, site_languages(repo))
        analyses = {(p.lang, p.key): analyse(p, content) for p in content.policies if not p.source.pending_translation}
        found = [*content.problems, *text_problems(content, analyses),
                 *unused_field_problems(content.paths.registry, repo, content.brands, fields_used(content))]
    except PolicyError as error:
        found = error.problems
    if problems := [p for p in found if _concerns(p.path, changed)]:
        print(PolicyError(problems), file=sys.stderr)
        return 1
    return 0


def _concerns(path: str, changed: set[str]) -> bool:
    """Whether a problem is one for the files being committed: every problem when no files are named or a shared
    clause changed (it reaches every page that includes it); a problem in data/ always (every page depends on it)."""
    if not changed or any(name.startswith("clauses/") for name in changed):
        return True
    return path in changed or path.startswith("data/")


def _review(args, repo: Path) -> int:
    from policykit.review import ReviewError, review

    try:
        report, ok = review(repo, args.base, args.head, args.markdown)
    except ReviewError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    print(report, end="")
    return 0 if ok else 1


def _new_brand(args, repo: Path) -> int:
    from policykit.content import ContentPaths
    from policykit.scaffold import new_brand

    written = new_brand(ContentPaths(repo), args.slug, args.name, args.governing_language, args.date)
    print("Added:\n" + "\n".join(f"  {path.relative_to(repo)}" for path in written))
    print(f"Next: in data/brands.yml give {args.slug} its legal entity and the facts its policy states "
          "(website, email, phone, address, minimum_age); write the policy in every language; "
          "preview with `make serve`.")
    return 0


def _new_version(args, repo: Path) -> int:
    from policykit.content import ContentPaths
    from policykit.scaffold import new_version

    made = new_version(ContentPaths(repo), args.brand, args.date, datetime.date.today())
    print(f"The effective date is now {args.date.isoformat()} in:\n"
          + "\n".join(f"  {path.relative_to(repo)}" for path in made.pages))
    if made.changes:
        print("Also changed:\n" + "\n".join(f"  {change}" for change in made.changes))
    print("Next: make the change in every language (and in shared clauses or data/brands.yml if that is where "
          "it belongs); write what changed in `summary:` in each file's front matter; check it with `make review`; "
          "a future date is announced to readers when it is published.")
    return 0


def _import(args, repo: Path) -> int:
    from policykit.importing import import_history

    if args.git and not args.path:
        raise CommandError("--git needs --path: the policy's file in that repository.")
    for line in import_history(repo, args.brand, git_repository=args.git, path=args.path,
                               commits=args.commits.split(",") if args.commits else None, folder=args.folder,
                               dates=args.dates.split(",") if args.dates else None, summaries=args.summary,
                               variables=args.variables, link_base=args.link_base, publish=args.publish,
                               today=datetime.date.today(), signing_key=args.signing_key):
        print(line)
    return 0


def _publish(args, repo: Path) -> int:
    from policykit.pages_deploy import shown_remote
    from policykit.publishing import publish
    from policykit.releases import release_day

    day = args.date or (release_day(args.name) if args.name else datetime.date.today())
    publication = publish(repo, day, args.name, args.remote if args.push else None, future=args.future,
                          signing_key=args.signing_key)
    print(f"Published release {publication.release} to gh-pages: the site as of {publication.day.isoformat()}, "
          f"{publication.changed_files} files changed.")
    print(f"Pushed gh-pages to {shown_remote(args.remote)}." if args.push else
          "Not pushed: run with --push to publish it online, or `make releases` to look at it locally.")
    return 0


def _push(args, repo: Path) -> int:
    from policykit.publishing import push_pages

    print(push_pages(repo, args.remote))
    return 0


def _refresh(args, repo: Path) -> int:
    from policykit.publishing import refresh

    print(refresh(repo, args.today, args.remote if args.push else None, signing_key=args.signing_key))
    return 0


def _verify(args, repo: None) -> int:
    from policykit import evidence

    if args.site is not None:
        if not args.site.is_dir():
            raise CommandError(f"{args.site} is not a folder: give the folder of the downloaded site with --site.")
        trusted = _read(args.publishers) if args.publishers else None
        state = evidence.folder_state(args.site, trusted)
        where = f"the copy in {args.site}"
        signers = (f"the allowed signers in {args.publishers}" if args.publishers else
                   f"the copy's own publishers.txt (it proves the releases consistent with it; to prove who signed, "
                   "compare the key fingerprints below with keys you trust, or give --publishers FILE)")
    else:
        if args.publishers:
            raise CommandError("--publishers goes with --site: in the repository, data/publishers of the last commit "
                               "is used.")
        state = evidence.repository_state(_repository())
        where, signers = "gh-pages", "data/publishers of the last commit"
    if not state.releases:
        raise CommandError(f"{where} holds no release folder (YYYY-MM-DD/ with release-manifest.json): download the "
                           "release folders too (wget --mirror does not find them by itself: fetch versions.json and "
                           "each <release>/release-manifest.json, .sig and policies.json), or check a gh-pages checkout.")
    report = evidence.check(state, partial=args.site is not None)
    if args.page is None:
        print(f"Checking {where} against {signers}.")
        print("\n".join(evidence.describe(report)))
        if report.intact:
            print(f"Verified: all {len(report.releases)} releases are intact.")
        return 0 if report.intact else 1
    files = evidence.page_files(args.page)
    if not files:
        raise CommandError(f"{args.page} has no index.html, policy.txt, policy.md or policy.pdf: give a downloaded page "
                           "or its folder.")
    if not report.intact:
        print(f"Warning: {where} is not as published; only its intact, signed releases count as evidence:")
        print("\n".join(f"  {line}" for line in evidence.describe(report)))
    found_all = True
    for file in files:
        publications = evidence.published_by(state, report, _read(file))
        if not publications:
            found_all = False
            print(f"{file}: no signed release ever published these bytes: this copy is not what was published "
                  "(changed after download, or never online).")
            continue
        first = publications[0]
        print(f"{file}: first published by release {first.release} on {first.day.isoformat()} (source commit "
              f"{first.source}) as /{', /'.join(first.paths)}; listed by "
              f"{len(publications)} release{'s' if len(publications) > 1 else ''}: "
              f"{', '.join(p.release for p in publications)}" + _until(state.releases, publications[-1].release) + ".")
    return 0 if found_all else 1


def _until(releases: list[str], last: str) -> str:
    """When bytes stopped being published: the release after the last one that listed them."""
    later = releases[releases.index(last) + 1:]
    return f"; no longer published from release {later[0]} on" if later else "; still published by the newest release"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path} cannot be read: {error.strerror}.") from None


if __name__ == "__main__":
    sys.exit(main())
