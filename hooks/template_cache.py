"""The theme's templates compiled once, not at every build: Jinja's own bytecode cache, kept in Jinja's private
per-user folder in the system's temporary directory. Compiling Material's templates was about a third of a small
site's build, paid again by every `mkdocs serve` rebuild and both languages of every build.

Every build of this site makes the same Environment (MkDocs' theme settings), so code compiled by one build is
valid for the next; Jinja compiles a template again when its source, its file or Jinja itself changes.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files


# Before any hook or plugin can render a template with this environment.
@event_priority(100)
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    try:
        env.bytecode_cache = FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        pass  # no private temporary folder: the templates are compiled as MkDocs does, the site is the same
    return env
