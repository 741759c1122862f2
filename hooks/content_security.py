"""A Content-Security-Policy on every page (GitHub Pages sends no headers): scripts only from the site and the
theme's own inline scripts, nothing loaded from elsewhere (policykit/content_security.py).

Not under `mkdocs serve`: its live reload adds an inline script to each page as it serves it, after every hook.
"""

from __future__ import annotations

from importlib.metadata import version

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from policykit.content_security import add_policy


class ContentSecurity:
    """Whether this MkDocs command serves the pages itself (and adds its own script to them)."""

    def __init__(self) -> None:
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Last of all page events: the policy hashes the inline scripts of the finished page.
    @event_priority(-1000)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return output if self.serving else _covered(output, page.file.src_uri)

    @event_priority(-1000)
    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        return output if self.serving or not template_name.endswith(".html") else _covered(output, template_name)


def _covered(output: str, shown_as: str) -> str:
    """The page with its policy; a page the policy cannot cover stops the build, saying which and why."""
    try:
        return add_policy(output)
    except ValueError as error:
        raise PluginError(f"{shown_as}: {error}. The theme's templates write the page's head (mkdocs-material "
                          f"{version('mkdocs-material')} is installed, overrides/ adds to it): adapt overrides/ or "
                          "install the version requirements.txt pins.") from None


_hooks = ContentSecurity()
on_startup = _hooks.on_startup
on_post_page = _hooks.on_post_page
on_post_template = _hooks.on_post_template
