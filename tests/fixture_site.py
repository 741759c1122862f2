"""A small synthetic policy site the tests make for themselves: two brands, two languages, a shared clause and
brand variables, with the repository's own build (mkdocs.yml, hooks, overrides, assets, labels, typography).

Tests of releases, checks, review and publishing run on it, so a writer's edit of the real content never
breaks them; tests of the real content derive their expectations from its sources instead.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
# The build, as the repository has it; the content is the fixture's own.
BUILD_SOURCES = ("mkdocs.yml", "hooks", "overrides", "docs/assets", "data/labels.yml", "data/typography.yml", "templates")
TODAY = datetime.date.today()
FIRST_EFFECTIVE = TODAY - datetime.timedelta(days=400)

BRANDS = {
    "acme": {"name": "Acme", "legal_entity": {"en": "Acme Ltd", "ru": "ООО «Акме»"},
             "minimum_age": 16, "governing_language": "en", "notice_days": 0, "logo": "logo.png"},
    "globex": {"name": "Globex", "legal_entity": {"en": "Globex LLC", "ru": "ООО «Глобекс»"},
               "minimum_age": 14, "governing_language": "en", "notice_days": 10},
}

TERMS = {
    "ru": {"terms": [{"use": "персональные данные", "not": ["личн* данн*"]}],
           "parties": [{"name": "Оператор", "forms": ["Оператор*"]}, {"name": "мы", "forms": ["мы", "нас", "нам", "наш*"]}]},
    "en": {"terms": [], "parties": []},
}

CLAUSE = {
    "en": "{{ legal_entity }} does not sell personal data to anyone.\n",
    "ru": "Оператор не продаёт персональные данные.\n",
}

POLICY = {
    "en": """---
title: {name} Privacy Policy
effective_date: {date}
---

## 1. General information

This policy explains how {{{{ legal_entity }}}} processes the personal data of the users of {{{{ name }}}}.

## 2. Data we collect

We collect:

- your e-mail address;
- the pages you visit.

## 3. Retention

We keep the log of your visits for 3 years.

## 4. Disclosure

--8<-- "en/no-sale.md"

We disclose data to courts only where the law requires it.

## 5. Children

We do not collect data of persons under {{{{ minimum_age }}}}.

## 6. Contact

Read the [terms of service](https://{brand}.example/terms).
""",
    "ru": """---
title: Политика конфиденциальности {name}
effective_date: {date}
party: Оператор
---

## 1. Общие положения

Настоящая политика описывает, как {{{{ legal_entity }}}} (далее — Оператор) обрабатывает персональные данные пользователей {{{{ name }}}}.

## 2. Собираемые данные

Оператор собирает:

- адрес электронной почты;
- посещённые страницы.

## 3. Хранение

Оператор хранит журнал посещений в течение 3 лет.

## 4. Передача данных

--8<-- "ru/no-sale.md"

Оператор передаёт данные суду только в случаях, предусмотренных законом.

## 5. Дети

Оператор не собирает данные лиц младше {{{{ minimum_age }}}} лет.

## 6. Контакты

Ознакомьтесь с [условиями использования](https://{brand}.example/terms).
""",
}

HOME = {
    "en": "---\ntitle: Privacy policies\n---\n\n# Privacy policies\n\nThe privacy policies of our brands.\n",
    "ru": "---\ntitle: Политики конфиденциальности\n---\n\n# Политики конфиденциальности\n\nПолитики наших брендов.\n",
}

# The tests' usual change of a policy, in both languages: logs kept 5 years instead of 3.
RETENTION = {"en": ("for 3 years", "for 5 years"), "ru": ("в течение 3 лет", "в течение 5 лет")}
SUMMARY = {"en": "Visit logs are kept for 5 years.", "ru": "Журнал посещений хранится 5 лет."}


def make_site(root: Path) -> Path:
    """Write the fixture site into `root` (created) and return it."""
    for name in BUILD_SOURCES:
        source, target = REPO / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    write(root / "data" / "brands.yml", yaml.safe_dump(BRANDS, allow_unicode=True, sort_keys=False))
    for slug, brand in BRANDS.items():
        if "logo" in brand:
            write_logo(root / "docs" / "en" / slug / brand["logo"])
    write(root / "data" / "terms.yml", yaml.safe_dump(TERMS, allow_unicode=True, sort_keys=False))
    for lang in ("en", "ru"):
        write(root / "docs" / lang / "index.md", HOME[lang])
        write(root / "clauses" / lang / "no-sale.md", CLAUSE[lang])
        for slug, brand in BRANDS.items():
            write(root / "docs" / lang / slug / "privacy.md",
                  POLICY[lang].format(name=brand["name"], date=FIRST_EFFECTIVE.isoformat(), brand=slug))
    return root


LOGO_SIZE = (180, 48)  # wider than high, as most logos are


def write_logo(path: Path, size: tuple[int, int] = LOGO_SIZE, kind: str = "PNG") -> None:
    """A brand's logo, as a designer would hand it over: a bitmap with a transparent background (the same bytes on
    every run)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((2, 2, size[1] - 2, size[1] - 2), fill=(122, 31, 92, 255))
    draw.rectangle((size[1] + 6, size[1] // 3, size[0] - 4, 2 * size[1] // 3), fill=(40, 40, 40, 255))
    path.parent.mkdir(parents=True, exist_ok=True)
    (image.convert("RGB") if kind == "JPEG" else image).save(path, kind)  # JPEG has no transparency


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def policy_file(root: Path, lang: str, brand: str) -> Path:
    return root / "docs" / lang / brand / "privacy.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_version(root: Path, brand: str, effective: datetime.date, change: dict | None = RETENTION,
                summary: dict | None = SUMMARY) -> None:
    """A new version as a writer makes it: a change in every language, a later date, a summary."""
    for lang in ("en", "ru"):
        path = policy_file(root, lang, brand)
        text = path.read_text(encoding="utf-8")
        front, body = text.split("\n---\n", 1)
        lines = [line for line in front.split("\n") if not line.startswith(("effective_date:", "summary:"))]
        lines.append(f"effective_date: {effective.isoformat()}")
        if summary:
            lines.append(f"summary: {summary[lang]}")
        if change:
            old, new = change[lang]
            assert old in body, f"{old!r} is not in {path}"
            body = body.replace(old, new, 1)
        path.write_text("\n".join(lines) + "\n---\n" + body, encoding="utf-8")
