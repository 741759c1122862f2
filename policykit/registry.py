"""The brand registry: one YAML file with every brand's facts, read and checked once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from policykit.problems import Problem, PolicyError
from policykit.yamlfile import LoadedYaml, load_yaml

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
REQUIRED = ("name", "governing_language", "notice_days")
# Fields with a meaning for the site itself; every other field is a plain fact for the text.
WHOLE_NUMBERS = ("notice_days", "minimum_age", "minimum_age_eu")


@dataclass(frozen=True)
class Brand:
    slug: str
    name: str
    governing_language: str
    notice_days: int
    placeholder: bool
    # Every field as written in the registry; a per-language field is a {lang: value} mapping.
    fields: dict

    def variables(self, lang: str) -> dict[str, str]:
        """The values that {{ field }} takes in a text of this language."""
        values = {}
        for key, value in self.fields.items():
            if isinstance(value, dict):
                value = value[lang]
            values[key] = str(value)
        return values


def load_registry(path: Path, languages: list[str], shown_as: str) -> dict[str, Brand]:
    """Read and check the registry; raise PolicyError naming every problem found."""
    if not path.is_file():
        raise PolicyError([Problem(shown_as, None, "the brand registry is missing.",
                                   "restore data/brands.yml from the main branch.")])
    loaded = load_yaml(path.read_text(encoding="utf-8"), shown_as)
    if isinstance(loaded, Problem):
        raise PolicyError([loaded])
    if not isinstance(loaded.data, dict) or not loaded.data:
        raise PolicyError([Problem(shown_as, None, "the registry lists no brands.",
                                   "each brand is a slug followed by a colon and its indented fields.")])
    problems: list[Problem] = []
    brands = {}
    for slug, entry in loaded.data.items():
        brand = _read_brand(str(slug), entry, languages, loaded, shown_as, problems)
        if brand:
            brands[brand.slug] = brand
    if problems:
        raise PolicyError(problems)
    return brands


def _read_brand(slug, entry, languages, loaded: LoadedYaml, shown_as, problems) -> Brand | None:
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
    for key in REQUIRED:
        if key not in entry:
            problem(f'brand "{slug}" has no "{key}".', f"add a line `{key}: …` under {slug}.")
    for key, value in entry.items():
        if not FIELD_NAME.match(str(key)):
            problem(f'brand "{slug}" has a field named "{key}".',
                    "field names use lower-case letters, digits and underscores, starting with a letter.", str(key))
        elif isinstance(value, dict):
            if sorted(map(str, value)) != sorted(languages):
                problem(f'brand "{slug}": "{key}" gives languages {", ".join(map(str, value))}.',
                        f"give exactly one value per language: {', '.join(languages)}.", str(key))
            elif not all(isinstance(v, (str, int)) and str(v).strip() for v in value.values()):
                problem(f'brand "{slug}": "{key}" has an empty or nested value.',
                        "write plain text after each language code.", str(key))
        elif key == "placeholder":
            if not isinstance(value, bool):
                problem(f'brand "{slug}": "placeholder" must be true or false.', "write `placeholder: true`.", key)
        elif key in WHOLE_NUMBERS:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                problem(f'brand "{slug}": "{key}" must be a whole number, found "{value}".',
                        f"write it as digits only, e.g. `{key}: 16`.", key)
        elif not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
            problem(f'brand "{slug}": "{key}" has no usable value.',
                    "write plain text after the colon, in quotes if it contains a colon.", str(key))
    language = entry.get("governing_language")
    if "governing_language" in entry and language not in languages:
        problem(f'brand "{slug}": governing_language "{language}" is not a language of this site.',
                f"use one of: {', '.join(languages)}.", "governing_language")
    if len(problems) > before:
        return None
    fields = {str(k): v for k, v in entry.items() if k != "placeholder"}
    return Brand(slug=slug, name=str(entry["name"]), governing_language=language,
                 notice_days=entry["notice_days"], placeholder=entry.get("placeholder", False), fields=fields)
