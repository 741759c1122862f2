"""The brand registry: one YAML file with every brand's facts, read and checked once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from policykit.contrast import HEX_COLOUR, MINIMUM, WHITE, darker, ratio
from policykit.problems import PolicyError, Problem, display_path
from policykit.sanitizer import plain_text_problem
from policykit.yamlfile import LoadedYaml, load_data_file

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LOGO_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # a file of the brand's folder, not a path
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
REQUIRED = ("name", "governing_language", "notice_days")
# Fields with a meaning for the site itself, and their bounds; every other field is a plain fact for the text.
WHOLE_NUMBERS = {"notice_days": 3650, "minimum_age": 120, "minimum_age_eu": 120}
NOT_VARIABLES = ("placeholder", "withdrawn", "accent", "logo")  # about the brand's pages, never written in a text
# A logo is a bitmap, recognised by its bytes (Pillow): an SVG is a program that a browser runs and WeasyPrint reads,
# and one from a brand's designers is not checked here, so it is refused.
LOGO_FORMATS = ("PNG", "JPEG", "WEBP")  # as Pillow names them
LOGO_MAX_BYTES = 500_000  # a logo shown at the height of a line; larger slows every policy page
LOGO_MAX_SIDE = 4000


@dataclass(frozen=True)
class Logo:
    """A brand's logo as published: its address from the site's root and its size in pixels (the page reserves its
    room from these, so nothing moves when it loads)."""

    address: str  # e.g. "acme/logo.png": the file in the brand's folder of the site's first language
    width: int
    height: int


@dataclass(frozen=True)
class Brand:
    slug: str
    name: str
    governing_language: str
    notice_days: int
    placeholder: bool
    withdrawn: tuple[str, ...]  # documents published once and withdrawn since, e.g. ("privacy",)
    # Every fact as written in the registry; a per-language fact is a {lang: value} mapping.
    fields: dict
    # The brand's colour on its pages (the title block above the policy), "#rrggbb" readable on white; None: the
    # site's own.
    accent: str | None = None
    logo: Logo | None = None  # shown in its title block, with its name as the image's text

    def variables(self, lang: str) -> dict[str, str]:
        """The values that {{ field }} takes in a text of this language."""
        return {key: str(value[lang] if isinstance(value, dict) else value) for key, value in self.fields.items()}


def load_registry(path: Path, languages: list[str], root: Path, docs: Path) -> dict[str, Brand]:
    """Read and check the registry; raise PolicyError naming every problem found. A brand's logo is read from its
    folder in `docs` for the site's first language (languages[0]), which the site publishes at its root."""
    loaded, shown_as = load_data_file(path, root, "the brand registry")
    if not isinstance(loaded.data, dict) or not loaded.data:
        raise PolicyError([Problem(shown_as, None, "the registry lists no brands.",
                                   "each brand is a slug followed by a colon and its indented fields.")])
    problems: list[Problem] = []
    brands = {}
    for slug, entry in loaded.data.items():
        brand = _read_brand(str(slug), entry, languages, loaded, shown_as, problems, docs / languages[0], root)
        if brand:
            brands[brand.slug] = brand
    if problems:
        raise PolicyError(problems)
    return brands


def _read_brand(slug, entry, languages, loaded: LoadedYaml, shown_as, problems, published: Path,
                root: Path) -> Brand | None:
    def problem(what: str, fix: str, *key: str) -> None:
        problems.append(Problem(shown_as, loaded.lines.get((slug, *key)), what, fix))

    if not SLUG.match(slug):
        problem(f'the brand slug "{slug}" is not valid.',
                "use lower-case letters, digits and hyphens only, e.g. my-brand.")
        return None
    if not isinstance(entry, dict):
        problem(f'brand "{slug}" has no fields.', "indent its fields (name, governing_language, …) under it.")
        return None
    before = len(problems)
    logo = None
    for key in REQUIRED:
        if key not in entry:
            problem(f'brand "{slug}" has no "{key}".', f"add a line `{key}: …` under {slug}.")
    for key, value in entry.items():
        key = str(key)
        if not FIELD_NAME.match(key):
            problem(f'brand "{slug}" has a field named "{key}".',
                    "field names use lower-case letters, digits and underscores, starting with a letter.", key)
        elif key == "placeholder":
            if not isinstance(value, bool):
                problem(f'brand "{slug}": "placeholder" must be true or false.', "write `placeholder: true`.", key)
        elif key == "withdrawn":
            if not isinstance(value, list) or not all(isinstance(v, str) and SLUG.match(v) for v in value):
                problem(f'brand "{slug}": "withdrawn" must list document names, e.g. [privacy].',
                        "write `withdrawn: [privacy]`: the policies of this brand that are no longer published.", key)
        elif key == "accent":
            _check_accent(problem, slug, value)
        elif key == "logo":
            logo = _read_logo(problem, slug, value, published, root)
        elif key in WHOLE_NUMBERS:
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= WHOLE_NUMBERS[key]:
                problem(f'brand "{slug}": "{key}" must be a whole number from 0 to {WHOLE_NUMBERS[key]}, '
                        f'found "{value}".', f"write it as digits only, e.g. `{key}: 16`.", key)
        elif isinstance(value, dict):
            if sorted(map(str, value)) != sorted(languages):
                problem(f'brand "{slug}": "{key}" gives languages {", ".join(map(str, value))}.',
                        f"give exactly one value per language: {', '.join(languages)}.", key)
            for lang, text in value.items():
                _check_text(problem, slug, key, text, key, str(lang))
        else:
            _check_text(problem, slug, key, value, key)
    language = entry.get("governing_language")
    if "governing_language" in entry and language not in languages:
        problem(f'brand "{slug}": governing_language "{language}" is not a language of this site.',
                f"use one of: {', '.join(languages)}.", "governing_language")
    if len(problems) > before:
        return None
    facts = {str(k): v for k, v in entry.items() if k not in NOT_VARIABLES}
    return Brand(slug=slug, name=str(entry["name"]), governing_language=entry["governing_language"], notice_days=entry["notice_days"],
                 placeholder=entry.get("placeholder", False), withdrawn=tuple(entry.get("withdrawn", ())),
                 fields=facts, accent=entry["accent"].lower() if "accent" in entry else None, logo=logo)


def _check_accent(problem, slug: str, value) -> None:
    """A brand's accent colours the brand's name above its policy: it must read on the page as body text does."""
    if value is None:  # YAML reads `accent: #0b6e4f` as an empty value and a comment
        problem(f'brand "{slug}": "accent" has no value.',
                'write the colour in quotes, e.g. `accent: "#0b6e4f"` (without quotes, # starts a comment).', "accent")
    elif not isinstance(value, str) or not HEX_COLOUR.match(value):
        problem(f'brand "{slug}": "accent" must be a colour written as # and six hexadecimal digits, found "{value}".',
                'write it in quotes, e.g. `accent: "#0b6e4f"`.', "accent")
    elif (measured := ratio(value, WHITE)) < MINIMUM:
        problem(f'brand "{slug}": the accent colour {value} is too light to read on the white page: its contrast '
                f'with white is {measured:.2f}:1, and text needs at least {MINIMUM}:1.',
                f'use a darker shade of it, e.g. `accent: "{darker(value)}"` ({ratio(darker(value), WHITE):.2f}:1).',
                "accent")


def _read_logo(problem, slug: str, value, published: Path, root: Path) -> Logo | None:
    """The logo named in the registry: a PNG, JPEG or WebP file in the brand's folder, checked by its bytes."""
    folder = display_path(published / slug, root)
    if not isinstance(value, str) or not LOGO_FILE_NAME.match(value):
        problem(f'brand "{slug}": "logo" must name an image file in the brand\'s folder ({folder}/), found "{value}".',
                "write the file's name only, e.g. `logo: logo.png`.", "logo")
        return None
    path, shown = published / slug / value, f"{folder}/{value}"
    if not (published / slug).is_dir():
        return None  # a brand without pages (a renamed folder): policykit/content.py says so, and names the folder
    if value.lower().endswith(".svg"):
        problem(f'brand "{slug}": the logo {value} is an SVG drawing, which can run scripts on the site; logos are '
                "PNG, JPEG or WebP images.", "save the logo as a PNG image (most design programs export one), put it "
                f"in {folder}/ and name it after `logo:`.", "logo")
        return None
    if not path.is_file():
        problem(f'brand "{slug}": the logo {shown} does not exist.',
                "put the logo there (a PNG, JPEG or WebP image), or correct its name after `logo:`.", "logo")
        return None
    if (size := path.stat().st_size) > LOGO_MAX_BYTES:
        problem(f'brand "{slug}": the logo {shown} is {size:,} bytes, more than the {LOGO_MAX_BYTES:,} a logo may '
                "have.", "save it smaller: it is shown at the height of a line, a few hundred pixels wide is plenty.",
                "logo")
        return None
    try:
        with Image.open(path) as image:
            kind, (width, height) = image.format, image.size
            image.verify()  # the whole file: a cut-off or damaged image is refused here, not shown broken
    except Image.DecompressionBombError:  # more pixels than Pillow opens at all
        kind, width, height = None, LOGO_MAX_SIDE + 1, LOGO_MAX_SIDE + 1
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind, width, height = None, 0, 0
    if not (width <= LOGO_MAX_SIDE and height <= LOGO_MAX_SIDE):
        problem(f'brand "{slug}": the logo {shown} is larger than {LOGO_MAX_SIDE}×{LOGO_MAX_SIDE} pixels.',
                f"save it at most {LOGO_MAX_SIDE} pixels wide and high (a few hundred is plenty).", "logo")
        return None
    if kind not in LOGO_FORMATS or not (width and height):
        problem(f'brand "{slug}": the logo {shown} is not a PNG, JPEG or WebP image (or the file is damaged).',
                "save the logo again as a PNG (or JPEG, WebP) image from an image program.", "logo")
        return None
    return Logo(f"{slug}/{value}", width, height)


def _check_text(problem, slug: str, key: str, value, *at: str) -> None:
    """A fact is one line of plain text: it is printed into pages, feeds and policies.json."""
    where = f'brand "{slug}": "{".".join(at)}"'
    if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
        problem(f"{where} has no usable value.", "write plain text after the colon, in quotes if it contains a colon.",
                key)
    elif "\n" in str(value):
        problem(f"{where} runs over several lines.", "write the value on one line.", key)
    elif reason := plain_text_problem(str(value)):
        problem(f"{where} {reason}.", "write plain text: no HTML tags or markup.", key)


def unused_field_problems(path: Path, root: Path, brands: dict[str, Brand], used: dict[str, set[str]]) -> list[Problem]:
    """The facts of a brand with pages that none of its pages writes as {{ field }}: a fact no page states has no
    source here, and kept in the registry it is one variable away from a text that never stated it."""
    loaded, shown_as = load_data_file(path, root, "the brand registry")
    return [Problem(shown_as, loaded.lines.get((slug, field)),
                    f'brand "{slug}" has the field "{field}", which none of its pages uses ({{{{ {field} }}}} is in '
                    "none of its policies, nor in a clause they include).",
                    f"remove the field if the brand's source text does not state this fact; if it does, write "
                    f"{{{{ {field} }}}} where it states it.")
            for slug, brand in brands.items() if slug in used
            for field in brand.fields if field not in REQUIRED and field not in used[slug]]
