"""Section anchors: readable, transliterated, and stable when sections are renumbered."""

from __future__ import annotations

import re

import pytest

from policykit.anchors import slugify
from policykit.markdown_dialect import render


def heading_ids(markdown: str) -> list[str]:
    return re.findall(r'<h[1-6] id="([^"]*)"', render(markdown))


@pytest.mark.parametrize("title,anchor", [
    ("Передача данных", "peredacha-dannykh"),
    ("Права субъекта персональных данных", "prava-subekta-personalnykh-dannykh"),  # no "personal-nykh"
    ("Съезд и объём", "sezd-i-obem"),
    ("Хранение и защита информации", "khranenie-i-zashchita-informatsii"),
    ("Überblick & Straße", "uberblick-strasse"),
    ("Children’s privacy", "childrens-privacy"),
    ("Who is responsible?", "who-is-responsible"),
    ("  Data — «retention»  ", "data-retention"),
])
def test_anchors_are_latin_lower_case_and_hyphenated(title, anchor):
    assert slugify(title) == anchor


@pytest.mark.parametrize("title,anchor", [
    ("6. Children", "children"),
    ("6 Children", "children"),
    ("1.1. Scope", "scope"),
    ("2.2.1 Cookies", "cookies"),
    ("a. Account information", "account-information"),
    ("b) Payment information", "payment-information"),
    ("а) Сведения об аккаунте", "svedeniya-ob-akkaunte"),  # a Cyrillic letter
    ("IV. Remedies", "remedies"),
    ("xii) Miscellaneous", "miscellaneous"),
    ("4. Передача данных", "peredacha-dannykh"),
])
def test_the_leading_section_number_or_letter_is_not_part_of_the_anchor(title, anchor):
    assert slugify(title) == anchor


@pytest.mark.parametrize("title,anchor", [
    ("6", "6"),
    ("1.1.", "1-1"),
    ("a.", "a"),
])
def test_a_heading_that_is_only_a_number_keeps_it(title, anchor):
    assert slugify(title) == anchor


@pytest.mark.parametrize("title,anchor", [
    ("I am a heading", "i-am-a-heading"),  # a letter is a section letter only with its "." or ")"
    ("A guide to cookies", "a-guide-to-cookies"),
    ("Ivan's rights", "ivans-rights"),
    ("10-year retention", "10-year-retention"),
    ("Civil. Rights", "civil-rights"),  # not a Roman numeral
])
def test_words_that_start_like_a_section_number_are_kept(title, anchor):
    assert slugify(title) == anchor


def test_the_separator_is_the_one_toc_asks_for():
    assert slugify("3. Data transfers", "_") == "data_transfers"


def test_renumbering_a_section_does_not_move_its_anchor():
    assert heading_ids("## 6. Children\n") == heading_ids("## 7. Children\n") == ["children"]


def test_toc_gives_the_heading_text_without_markup_or_entities():
    assert heading_ids("## 3. Cookies &amp; *tracking*\n") == ["cookies-tracking"]


def test_an_explicit_id_is_respected():
    assert heading_ids("## 6. Children {#kids}\n\n## 4. Передача данных {#transfers}\n") == ["kids", "transfers"]


def test_two_headings_with_the_same_title_still_get_distinct_anchors():
    ids = heading_ids("## 1. Contact\n\n## 2. Contact\n")
    assert len(set(ids)) == 2 and ids[0] == "contact"
