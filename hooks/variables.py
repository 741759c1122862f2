"""Fill in {{ field }} brand variables after shared clauses are expanded, so clauses can use them too."""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from policykit.problems import PolicyError, Problem
from policykit.variables import UndefinedVariable, substitute
from site_context import current_site, expanded_sources, policy_of


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # static-i18n runs on_config again for each language with the same config: add the extension once.
    if not any(isinstance(ext, BrandVariables) for ext in config.markdown_extensions):
        config.markdown_extensions.append(BrandVariables())
    _extension(config).expanded = expanded_sources(config)
    return config


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    policy = policy_of(page, config)
    extension = _extension(config)
    if policy is None:
        extension.page = None
    else:
        values = current_site(config).brands[policy.brand].variables(policy.lang)
        extension.page = (policy.shown_as, values, (policy.lang, policy.key))
    return markdown


def _extension(config: MkDocsConfig) -> BrandVariables:
    return next(ext for ext in config.markdown_extensions if isinstance(ext, BrandVariables))


# A Markdown extension, because snippets are expanded inside the Markdown render, after on_page_markdown.
class BrandVariables(Extension):
    page: tuple[str, dict[str, str], tuple[str, str]] | None = None
    # The policy text as readers get it, clauses and variables filled in; each release keeps a copy.
    # Set by on_config to the build's shared dict (site_context.expanded_sources).
    expanded: dict[tuple[str, str], str]

    def extendMarkdown(self, md: Markdown) -> None:
        # pymdownx.snippets runs at priority 32; below it, the clause text is already in place.
        md.preprocessors.register(_Substitute(md, self), "brand_variables", 31)


class _Substitute(Preprocessor):
    def __init__(self, md: Markdown, extension: BrandVariables):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        if self.extension.page is None:
            return lines
        shown_as, values, policy = self.extension.page
        try:
            text = substitute("\n".join(lines), values)
            self.extension.expanded[policy] = text
            return text.split("\n")
        except UndefinedVariable as error:  # the content checks report this first; a last line of defence
            raise PluginError(str(PolicyError([Problem(
                shown_as, None, f"{{{{ {error.name} }}}} has no value for this brand.",
                f"add `{error.name}: …` to the brand in data/brands.yml, or correct the name.")]))) from None
