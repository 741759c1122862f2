"""What one build is asked to do, as declared in mkdocs.yml (`extra.policies`), checked before anything is read.

A preview leaves the settings empty; publishing builds each release with a configuration file that
inherits mkdocs.yml and fills them in (policykit/gh_pages.py), so no setting travels in the environment.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from policykit.releases import RELEASE_NAME
from policykit.problems import ReportedError

COMMIT = re.compile(r"^[0-9a-f]{7,64}$")


class SettingsError(ReportedError):
    """A setting with a value the build cannot use; the message is one line."""


@dataclass(frozen=True)
class BuildSettings:
    root: Path  # the repository: the folder of mkdocs.yml
    languages: tuple[str, ...]  # default first
    site_url: str  # the published site's root address, ending in "/"
    release: str | None  # the release being built; None for a preview
    as_of: datetime.date | None  # the day whose statuses the site shows (a release's day); None: today
    pages_commit: str | None  # the gh-pages commit to read published versions from; None: find it
    analysis_cache: Path | None = None  # the folder where analyses are remembered between builds; None: nowhere

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def day(self) -> datetime.date:
        return self.as_of or datetime.date.today()


SETTINGS = ("release", "as_of", "pages_commit", "analysis_cache")


def parse_settings(root: Path, languages: list[str], site_url: str | None, values: object, config_file: str) -> BuildSettings:
    """Check the declared settings: `values` is the configuration's `extra.policies`."""
    where = f"{config_file}: extra.policies"
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise SettingsError(f"{where} must be a list of settings ({', '.join(SETTINGS)}), each on its own line.")
    if unknown := sorted(set(map(str, values)) - set(SETTINGS)):
        raise SettingsError(f"{where} has an unknown setting {unknown[0]!r}; the settings are {', '.join(SETTINGS)}.")
    release = _release_name(values, "release", where)
    as_of_text = _text(values, "as_of", where)
    try:
        as_of = datetime.date.fromisoformat(as_of_text) if as_of_text else None
    except ValueError:
        raise SettingsError(f"{where}.as_of {as_of_text!r} is not a date: write YYYY-MM-DD, for example 2026-12-01, "
                            "or leave it empty.") from None
    commit = _text(values, "pages_commit", where)
    if commit and not COMMIT.match(commit):
        raise SettingsError(f"{where}.pages_commit {commit!r} is not a commit id: give the hexadecimal id of a "
                            "gh-pages commit, or leave it empty to read the gh-pages branch.")
    cache = _text(values, "analysis_cache", where)
    if cache and (Path(cache).is_absolute() or ".." in Path(cache).parts):
        raise SettingsError(f"{where}.analysis_cache {cache!r} must be a folder inside the project, written relative "
                            "to mkdocs.yml (e.g. .cache/policykit), or left empty to remember nothing.")
    return BuildSettings(root, tuple(languages), site_root(site_url), release or None, as_of, commit or None,
                         root / cache if cache else None)


def _release_name(values: dict, name: str, where: str) -> str:
    text = _text(values, name, where)
    if text and not RELEASE_NAME.match(text):
        raise SettingsError(f"{where}.{name} {text!r} is not a release name: write YYYY-MM-DD, or YYYY-MM-DD-2 "
                            "for a second release that day, or leave it empty.")
    return text


def site_root(site_url: str | None) -> str:
    """The site's address with exactly one trailing slash; it must be an absolute http(s) address."""
    parts = urlsplit(site_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"mkdocs.yml: site_url {site_url!r} is not an http(s) address: set SITE_URL to the "
                            "site's address, e.g. https://example.org/policies/.")
    assert site_url is not None  # no address has no scheme: refused above
    return site_url.rstrip("/") + "/"


def is_local(site_url: str) -> bool:
    """Whether an address only works on this machine or its network (a preview address, never one to publish):
    a localhost name, or a loopback, unspecified, link-local or private address however it is written."""
    host = (urlsplit(site_url).hostname or "").rstrip(".")  # "localhost." is the same name as "localhost"
    if host == "localhost" or host.endswith(".localhost"):  # RFC 6761: every such name is this machine
        return True
    address = _ip_address(host)
    if address is None:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:  # [::ffff:127.0.0.1]
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified or address.is_link_local or address.is_private


def _ip_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host stands for when it is written as one, in any form a browser accepts: besides the
    usual forms, IPv4 shorthand (127.1, 2130706433, 0x7f.1, octal 0177.0.0.1), which inet_aton reads as
    browsers do; None for a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return None


def _text(values: dict, key: str, where: str) -> str:
    value = values.get(key)
    if value is None:
        return ""
    if isinstance(value, datetime.date):  # YAML reads an unquoted 2026-12-01 as a date
        return value.isoformat()
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise SettingsError(f"{where}.{key} must be written as text, in quotes.")
    return str(value).strip()
