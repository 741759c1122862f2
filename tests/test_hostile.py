"""The hostile corpus (tests/hostile/, README there), case by case, against a real build of the fixture site:
each input is rejected with its message (and nothing is built), or neutralized in the built HTML, or, for
ordinary writing that only looks dangerous, accepted as written. Files given to `policy import` are imported
into the fixture site as a git repository, and refused with their message."""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import pytest
import yaml

from conftest import build_site
from fixture_site import make_site
from gitrepo import make_repo

CORPUS = Path(__file__).parent / "hostile"
BRAND = "acme"
RU_BODY = "Оператор уважает вашу конфиденциальность.\n"
# The page's own data, and the brand's logo from the registry (site_chrome._title_block; its alt text, the brand's
# name, is checked as every other name is): neither is what writers' content became.
OWN_DATA = re.compile(r'<script type="application/json" id="policy-page">.*?</script>'
                      r'|<img class="policy-brand-logo" src="[^"<>]*" width="\d+" height="\d+" alt="', re.S)
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==")
IMPORTS = ("import-file", "import-link")  # places that are files given to `policy import --folder`


def cases(imported: bool = False) -> list:
    return [pytest.param(case, id=f"{path.stem}:{case['name']}") for path in sorted(CORPUS.glob("*.yml"))
            for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
            if (case["place"] in IMPORTS) == imported]


def payload(case: dict) -> bytes:
    if case.get("encoding") == "base64":
        return base64.b64decode(case["payload"])
    text = case["payload"]
    for marker, (piece, times) in (case.get("expand") or {}).items():
        text = text.replace(marker, piece * times)
    return text.encode("utf-8")


def both_policies(root: Path) -> list[Path]:
    return [root / "docs" / lang / BRAND / "privacy.md" for lang in ("en", "ru")]


def place(root: Path, case: dict) -> None:
    """Put the case's payload where it says, as a writer (or an attacker with a pull request) would."""
    where = case["place"]
    if where == "registry-value":  # a value as YAML reads it: text, or a number
        registry = root / "data" / "brands.yml"
        brands = yaml.safe_load(registry.read_text(encoding="utf-8"))
        current, value = brands[BRAND].get(case["field"]), case["payload"]
        brands[BRAND][case["field"]] = {"en": value, "ru": value} if isinstance(current, dict) else value
        registry.write_text(yaml.safe_dump(brands, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return
    data = payload(case)
    text = data.decode("utf-8", errors="surrogateescape")
    if where == "policy-body":
        for path in both_policies(root):
            path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8", errors="surrogateescape")
    elif where == "clause":
        for lang, path in zip(("en", "ru"), both_policies(root)):
            (root / "clauses" / lang / "hostile.md").write_bytes(data)
            path.write_text(path.read_text(encoding="utf-8") + f'\n--8<-- "{lang}/hostile.md"\n', encoding="utf-8")
    elif where == "home-page":
        index = root / "docs" / "en" / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8", errors="surrogateescape")
    elif where == "other-page":
        (root / "docs" / "en" / "hostile.md").write_bytes(data)
    elif where == "title":
        for path in both_policies(root):
            path.write_text(re.sub(r"^title: .*$", lambda _: "title: " + yaml.safe_dump(text, allow_unicode=True,
                                   width=10**6).strip().removesuffix("\n..."), path.read_text(encoding="utf-8"),
                                   count=1, flags=re.M), encoding="utf-8")
    elif where == "label":
        labels = root / "data" / "labels.yml"
        words = yaml.safe_load(labels.read_text(encoding="utf-8"))
        words["en"][case["field"]] = text
        labels.write_text(yaml.safe_dump(words, allow_unicode=True, sort_keys=False), encoding="utf-8")
    elif where == "front-matter":
        english, russian = both_policies(root)
        english.write_bytes(data)
        if date := re.search(rb"effective_date:\s*([0-9-]+)", data):  # the translation follows, so only English is tested
            russian.write_text(f"---\ntitle: Политика\neffective_date: {date.group(1).decode()}\nparty: Оператор\n---\n\n"
                               + RU_BODY, encoding="utf-8")
    elif where == "data-file":
        target = root / case["file"]
        target.write_bytes(target.read_bytes() + data if case["how"] == "append" else data)
    elif where == "symlink":
        link = root / case["link"]
        link.parent.mkdir(parents=True, exist_ok=True)
        link.unlink(missing_ok=True)  # a link in place of the repository's own file
        os.symlink(text, link)
        if case.get("uses"):
            for lang, path in zip(("en", "ru"), both_policies(root)):
                path.write_text(path.read_text(encoding="utf-8") + "\n" + case["uses"].replace("en/", f"{lang}/") + "\n",
                                encoding="utf-8")
    else:
        raise AssertionError(f"unknown place {where!r}")


def written(site: Path) -> str:
    """What writers' content becomes in the built site: the content of every page (the theme around it is
    the site's own)."""
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html")
             if p.name != "404.html"] if site.exists() else []
    content = "\n".join(page.split("<article", 1)[1].split("</article>", 1)[0] for page in pages if "<article" in page)
    return OWN_DATA.sub("", content)


@pytest.mark.parametrize("case", cases())
def test_a_hostile_input_is_refused_or_made_harmless(tmp_path, case):
    root = make_site(tmp_path / "site-src")
    for name in case.get("files", []):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(PIXEL if name.endswith(".png") else b"")  # docs/ takes only real images
    place(root, case)
    result = build_site(root)
    assert "Traceback" not in result.output, result.output[-3000:]
    html = written(result.site)
    if case["expect"] == "rejected":
        assert result.returncode != 0, f"the build accepted it:\n{result.output[-2000:]}"
        assert case["message"].lower() in result.output.lower(), result.output[-3000:]
        assert "How to fix:" in result.output or "Error" in result.output
        assert not result.site.exists(), "nothing is built"
    else:
        assert result.returncode == 0, result.output[-3000:]
        for absent in case.get("absent", []):
            assert absent not in html, f"{absent!r} reached the built site"
        for present in case.get("present", []):
            assert present in html, f"{present!r} is missing from the built site"


@pytest.mark.parametrize("case", cases(imported=True))
def test_a_hostile_file_given_to_policy_import_is_refused(tmp_path, case):
    repo = make_repo(tmp_path / "site")
    folder = tmp_path / "revisions"
    folder.mkdir()
    revision = folder / "2020-01-01.md"
    if case["place"] == "import-link":
        target = folder / case["payload"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(case["target"], encoding="utf-8")
        os.symlink(case["payload"], revision)
    else:
        revision.write_bytes(payload(case))
    head = repo.git("rev-parse", "HEAD")
    result = repo.policy("import", BRAND, "--folder", str(folder), "--dates", "2020-01-01")
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert case["expect"] == "rejected" and result.returncode != 0, result.stdout + result.stderr
    assert case["message"].lower() in result.stderr.lower(), result.stderr
    assert repo.git("rev-parse", "HEAD") == head, "nothing is imported"
