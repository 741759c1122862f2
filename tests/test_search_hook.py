"""hooks/search.py rewrites what Material writes: where that is not found, the build fails and says why (a site
whose search would find nothing, or every language's pages, is never published)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("search_hook", REPO / "hooks" / "search.py")
search = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(search)

MATERIAL_PAGE = ('<script id="__config" type="application/json">{"base": "..", "search": '
                 '"../assets/javascripts/workers/search.a7633da7.min.js", "tags": null}</script>')


def config(lang: str, site_dir: Path | None = None, building: bool = False) -> SimpleNamespace:
    languages = [SimpleNamespace(locale="en", default=True), SimpleNamespace(locale="ru", default=False)]
    i18n = SimpleNamespace(current_language=lang, building=building, config=SimpleNamespace(languages=languages))
    return SimpleNamespace(plugins={"i18n": i18n}, site_dir=str(site_dir))


def page(src_uri: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri))


def test_each_language_searches_its_own_pages():
    english = search.on_post_page(MATERIAL_PAGE, page=page("en/acme/privacy.md"), config=config("en"))
    assert ('"search": "../assets/javascripts/workers/language-search.js?worker=search.a7633da7.min.js&lang=en"'
            in english)
    russian = search.on_post_template(MATERIAL_PAGE, template_name="404.html", config=config("ru"))
    assert '"search": "../assets/javascripts/workers/language-search.js?worker=search.a7633da7.min.js&lang=ru"' in russian


@pytest.mark.parametrize("output", [
    "<html><body>no config at all</body></html>",
    MATERIAL_PAGE.replace("workers/search.a7633da7.min.js", "search-worker.js"),  # a renamed worker
])
def test_a_page_without_the_worker_address_fails_the_build_naming_the_page(output):
    with pytest.raises(PluginError) as failed:
        search.on_post_page(output, page=page("ru/acme/privacy.md"), config=config("ru"))
    assert "ru/acme/privacy.md has no search worker address" in str(failed.value)
    assert "Material's output has changed (mkdocs-material " in str(failed.value)
    with pytest.raises(PluginError, match="404.html has no search worker address"):
        search.on_post_template(output, template_name="404.html", config=config("en"))


def test_other_templates_are_left_alone():
    assert search.on_post_template("<urlset/>", template_name="sitemap.xml", config=config("en")) == "<urlset/>"


def test_the_index_is_split_into_a_file_per_page_listed_per_language(tmp_path):
    """What every page view fetches (search_index.json) is the configuration alone: its size does not grow with the
    site. The worker fetches its language's list and page files when the reader searches."""
    index = tmp_path / search.INDEX
    index.parent.mkdir(parents=True)
    docs = [{"location": "", "title": "Home", "text": ""}, {"location": "ru/acme/privacy/#1", "title": "1", "text": ""},
            {"location": "rules/", "title": "Rules", "text": ""}]  # "ru" begins the name, not the folder
    index.write_text(json.dumps({"config": {"lang": ["en", "ru"]}, "docs": docs}), encoding="utf-8")
    search.on_post_build(config=config("en", tmp_path))
    assert json.loads(index.read_text(encoding="utf-8")) == {"config": {"lang": ["en", "ru"]}, "docs": []}
    assert json.loads((index.parent / "shards-en.json").read_text(encoding="utf-8")) == [
        "pages/index.json", "pages/rules/index.json"]
    assert json.loads((index.parent / "shards-ru.json").read_text(encoding="utf-8")) == ["pages/ru/acme/privacy/index.json"]
    assert json.loads((index.parent / "pages/ru/acme/privacy/index.json").read_text(encoding="utf-8")) == [docs[1]]


@pytest.mark.parametrize("written", [None, "not json", json.dumps({"docs": []}), json.dumps({"config": {}, "items": []}),
                                     json.dumps({"config": {}, "docs": [{"url": "x/"}]})])
def test_an_index_of_another_form_fails_the_build_saying_so(tmp_path, written):
    index = tmp_path / search.INDEX
    if written is not None:
        index.parent.mkdir(parents=True)
        index.write_text(written, encoding="utf-8")
    with pytest.raises(PluginError, match="is not the search index hooks/search.py splits"):
        search.on_post_build(config=config("en", tmp_path))


def test_search_stems_every_language_of_the_site():
    """mkdocs.yml lists the site's languages for search itself (static-i18n's search settings are off): a language
    added to the site and not to search would be searched without its word forms."""
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    assert sorted(config.plugins["material/search"].config.lang) == sorted(
        lang.locale for lang in config.plugins["i18n"].config.languages)


def test_a_preview_without_materials_search_fails_saying_so():
    """A preview (`mkdocs serve --dirty`) keeps the index whole by telling Material's search it is not dirty."""
    shards = search.SearchShards()
    shards.on_startup(command="serve", dirty=True)
    with pytest.raises(PluginError, match=r"material/search\) is not among the plugins"):
        shards.on_config(config("en"))
