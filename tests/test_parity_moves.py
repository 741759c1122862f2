"""Facts a translation has in other sections than its governing text: each paired with the nearest, in n·log n."""

from __future__ import annotations

from policykit.parity import _nearest_taken, differences


def test_each_takes_the_nearest_section_left_the_one_before_on_a_tie():
    # sections of the other side's facts, sorted: indexes 0..4
    sections = [1, 1, 4, 7, 7]
    assert _nearest_taken([3], sections) == {2}  # 4 is nearer than 1
    assert _nearest_taken([5, 5], sections) == {2, 3}  # 4, then 7 (the first of its run: from below)
    assert _nearest_taken([2, 2, 2], sections) == {0, 1, 2}  # 1 (its last, then the one before), then 4
    assert _nearest_taken([8], [4, 12]) == {0}  # a tie: the section before


def test_many_facts_moved_to_another_section_are_all_paired():
    en = "## One\n\n" + "Kept 5 years.\n\n" * 3000 + "## Two\n\nNothing.\n"
    ru = "## Один\n\nНичего.\n\n## Два\n\n" + "Хранится 5 лет.\n\n" * 3000
    assert differences({"en": en, "ru": ru}, "en") == []
    assert [finding.line for finding in differences({"en": en, "ru": ru + "Ещё 5.\n"}, "en")] == [6007]
