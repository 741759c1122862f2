"""hooks/template_cache.py keeps the theme's compiled templates between builds: a build that uses them writes
exactly what a build that compiles every template writes."""

from __future__ import annotations

import filecmp

from conftest import build_site
from fixture_site import edit, make_site


def files(site) -> dict:
    return {path.relative_to(site): path for path in site.rglob("*") if path.is_file()}


def test_a_build_from_compiled_templates_writes_the_same_site(tmp_path):
    root = make_site(tmp_path / "site")
    assert build_site(root, site=tmp_path / "first").returncode == 0  # compiles what the cache lacks
    cached = build_site(root, site=tmp_path / "cached")
    edit(root / "mkdocs.yml", "  - hooks/template_cache.py\n", "")
    compiled = build_site(root, site=tmp_path / "compiled")
    assert cached.returncode == compiled.returncode == 0, cached.output + compiled.output
    ours, theirs = files(cached.site), files(compiled.site)
    assert ours.keys() == theirs.keys()
    assert [path for path in ours if not filecmp.cmp(ours[path], theirs[path], shallow=False)] == []
