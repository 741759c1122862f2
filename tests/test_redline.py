"""Redlines (policykit/redline.py): edits as a person marks them, rewrites, moves, context, bounds, renderers."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from policykit.redline import (Piece, compare, first_changed_sentence, render_html, render_markdown,
                               render_terminal, touched_sections)
from policykit.text import readable

REAL_CONTENT = Path(__file__).resolve().parent / "real-content"
OLD_URL, NEW_URL = "/2030-01-15/acme/privacy/", "/2030-01-24/acme/privacy/"

# The labels the renderers print (data/labels.yml carries the site's own wording).
EN = {
    "locale": "en_GB",
    "redline_inserted": "inserted:", "redline_deleted": "deleted:", "redline_end": "(end of change)",
    "redline_unchanged": {"one": "… {count} unchanged paragraph …", "other": "… {count} unchanged paragraphs …"},
    "redline_sections_changed": {"one": "{count} section changed:", "other": "{count} sections changed:"},
    "redline_moved_to": "Moved to “{section}”:", "redline_moved_from": "Moved here from “{section}”:",
    "redline_opening": "Opening text", "redline_restructured": "Structure changed (heading or list level):",
}
RU = {
    "locale": "ru_RU",
    "redline_inserted": "добавлено:", "redline_deleted": "удалено:", "redline_end": "(конец изменения)",
    "redline_unchanged": {"one": "… {count} абзац без изменений …", "few": "… {count} абзаца без изменений …",
                          "many": "… {count} абзацев без изменений …", "other": "… {count} абзаца без изменений …"},
    "redline_sections_changed": {"one": "Изменён {count} раздел:", "few": "Изменены {count} раздела:",
                                 "many": "Изменены {count} разделов:", "other": "Изменены {count} раздела:"},
    "redline_moved_to": "Перенесено в раздел «{section}»:", "redline_moved_from": "Перенесено сюда из раздела «{section}»:",
    "redline_opening": "Вводная часть", "redline_restructured": "Изменена структура (уровень заголовка или списка):",
}


def recorded(text: str, title: str = "Privacy Policy"):
    """A policy's recorded text from its Markdown, rendered as the site renders it."""
    return readable(title, markdown.markdown(text, extensions=["tables", "toc"],
                                             extension_configs={"toc": {"permalink": True}}))


def real(name: str):
    source = (REAL_CONTENT / name).read_text(encoding="utf-8")
    return recorded(re.sub(r"\A---\n.*?\n---\n", "", source, flags=re.S), "GitHub Privacy Statement")


def html_of(old, new, words=EN) -> str:
    return render_html(compare(old.text, new.text), words, OLD_URL, NEW_URL, old.sections, new.sections)


def changes(redline):
    return [block for block in redline.blocks if block.kind != "equal"]


def rebuilt(redline, side: str) -> str:
    """One text back from the redline: the old one from what is not inserted, the new one from what is not
    deleted, each block at its own line."""
    lines = []
    for block in redline.blocks:
        line = block.old if side == "old" else block.new
        if line is None:
            continue
        prefix = block.old_prefix if side == "old" else block.prefix
        dropped = "insert" if side == "old" else "delete"
        lines.append((line, prefix + "".join(p.text for p in block.pieces if p.kind != dropped)))
    assert [line for line, _ in lines] == list(range(len(lines))), "every line once, in reading order"
    return "".join(text + "\n" for _, text in lines)


def test_an_edit_reads_as_a_person_marks_it():
    old = recorded("## 1. Collection\n\nWe collect, request or store your data.\n")
    new = recorded("## 1. Collection\n\nWe collect or store your data.\n")
    redline = compare(old.text, new.text)
    [change] = changes(redline)
    assert change.pieces == (Piece("equal", "We collect"), Piece("delete", ", request"),
                             Piece("equal", " or store your data."))
    assert "We collect[-, request-] or store your data." in render_terminal(redline, EN)


def test_a_rewritten_paragraph_is_one_deletion_and_one_insertion():
    old = recorded("## The short version\n\nOf course, the short version and the Summary below don't tell you "
                   "everything, so please read on for more details.\n")
    new = recorded("## The short version\n\nTo see our Privacy Notice to residents of California, please go to the "
                   "notice or scroll down.\n")
    redline = compare(old.text, new.text)
    marked = [piece for block in changes(redline) for piece in block.pieces]
    assert marked == [Piece("delete", old.text.splitlines()[2]), Piece("insert", new.text.splitlines()[2])]
    html = render_html(redline, EN, OLD_URL, NEW_URL, old.sections, new.sections)
    assert html.count("<del>") == 1 and html.count("<ins>") == 1


def test_in_the_real_rewrite_a_pair_with_little_in_common_is_not_interleaved():
    old, new = real("github-privacy-statement-2020-07-22.md"), real("github-privacy-statement-2022-05-31.md")
    redline = compare(old.text, new.text)
    rewritten = [b for b in redline.blocks if b.kind == "changed" and [p.kind for p in b.pieces] == ["delete", "insert"]]
    assert rewritten, "the real rewrite has block pairs shown as rewritten"
    for block in changes(redline):
        edits = [p for p in block.pieces if p.kind != "equal"]
        kept = [p for p in block.pieces if p.kind == "equal"]
        if block.kind == "changed" and kept:
            words = lambda pieces: sum(len(re.findall(r"[^\W_]+|⟨[^⟩]*⟩", p.text)) for p in pieces)
            runs = sum(1 for k, p in enumerate(block.pieces) if p.kind != "equal"
                       and (k == 0 or block.pieces[k - 1].kind == "equal"))
            total = words(block.pieces) + words(kept)
            assert runs <= 2 or 2 * words(kept) >= total / 2, f"interleaved: {block.pieces}"
        assert edits or block.kind in ("moved_away", "moved_here") or block.old_prefix != block.prefix


SECTIONS = """## 1. Collection

We collect your name and email address when you create an account with us.

We keep server logs for five years to protect the service.

## 2. Sharing

We share data with payment processors only.

## 3. Retention

We delete your account data within ninety days after you close the account.
"""


def test_a_moved_paragraph_is_marked_as_moved_from_and_to_its_sections():
    moved = "We keep server logs for five years to protect the service."
    old = recorded(SECTIONS)
    new = recorded(SECTIONS.replace(moved + "\n\n", "") + "\n" + moved + "\n")
    redline = compare(old.text, new.text)
    away, here = [b for b in redline.blocks if b.kind in ("moved_away", "moved_here")]
    assert (away.kind, here.kind) == ("moved_away", "moved_here")
    assert redline.blocks[away.moved] is here and redline.blocks[here.moved] is away
    assert len(changes(redline)) == 2, "a move is not an unrelated deletion and insertion"
    html = render_html(redline, EN, OLD_URL, NEW_URL, old.sections, new.sections)
    assert f'Moved to “<a href="{NEW_URL}#3-retention">3. Retention</a>”:' in html
    assert f'Moved here from “<a href="{NEW_URL}#1-collection">1. Collection</a>”:' in html
    assert "<del>" not in html and "<ins>" not in html, "moved unchanged: nothing inserted or deleted"


def test_a_paragraph_moved_with_a_small_edit_shows_the_edit_where_it_went():
    moved = "We keep server logs for five years to protect the service."
    old = recorded(SECTIONS)
    new = recorded(SECTIONS.replace(moved + "\n\n", "") + "\n" + moved.replace("five", "six") + "\n")
    redline = compare(old.text, new.text)
    [here] = [b for b in redline.blocks if b.kind == "moved_here"]
    assert [p for p in here.pieces if p.kind != "equal"] == [Piece("delete", "five"), Piece("insert", "six")]
    assert "Moved here from" in render_terminal(redline, EN)
    assert "[-five-]{+six+}" in render_terminal(redline, EN)


NESTED = """Intro text.

## 1. General

General text.

## 2. Use of data

Use text.

### a. Service

We use your data to provide the service.

Unchanged service text.

### b. Analytics

We count visits to each page.

We measure how long pages take to load.

## 3. Old section

This section goes away.
"""


def test_each_change_is_shown_under_its_section_headings_linked_to_them():
    old = recorded(NESTED)
    new = recorded(NESTED.replace("count visits", "count anonymous visits")
                   .replace("how long pages take", "how long each page takes")
                   .replace("## 3. Old section\n\nThis section goes away.\n", ""))
    html = render_html(compare(old.text, new.text), EN, OLD_URL, NEW_URL, old.sections, new.sections)
    where = re.findall(r'<p class="redline-where[^"]*">(.*?)</p>', html)
    assert where == [f'<a href="{NEW_URL}#2-use-of-data">2. Use of data</a>',
                     f'<a href="{NEW_URL}#b-analytics">b. Analytics</a>'], "each heading once, by level"
    assert html.index("b. Analytics</a></p>") < html.index("anonymous")
    summary = html.splitlines()[0]
    assert summary == (f'<p class="redline-sections">2 sections changed: '
                       f'<a href="{NEW_URL}#2-use-of-data">2. Use of data</a>, '
                       f'<a href="{OLD_URL}#3-old-section">3. Old section</a></p>'), "a section gone links to the old version"
    redline = compare(old.text, new.text)
    assert [redline.new[line] if side == "new" else redline.old[line]
            for side, line in touched_sections(redline)] == ["## 2. Use of data", "## 3. Old section"]


def test_a_change_before_the_first_heading_and_in_a_table_row_has_its_context():
    table = "| Data | Kept for |\n|---|---|\n| Logs | 5 years |\n| Backups | 30 days |\n"
    old = recorded("Intro text.\n\n## 1. Retention\n\n" + table)
    new = recorded("Intro text, revised.\n\n## 1. Retention\n\n" + table.replace("30 days", "60 days"))
    html = html_of(old, new)
    assert html.splitlines()[0].startswith('<p class="redline-sections">2 sections changed: Opening text, <a ')
    assert '<p class="redline-where redline-row">| Data | Kept for |</p>' in html, "a row's header row is shown"


def test_unchanged_blocks_collapse_into_a_count():
    paragraphs = [f"Paragraph number {n} stays as it is." for n in range(16)]
    new = list(paragraphs)
    new[12] = "Paragraph number 12 changes now."
    old_text, new_text = (recorded("\n\n".join(p)) for p in (paragraphs, new))
    html = html_of(old_text, new_text)
    # The title and paragraphs 0-11 before the change, paragraphs 13-15 after it.
    assert '<p class="redline-unchanged">… 13 unchanged paragraphs …</p>' in html
    assert '<p class="redline-unchanged">… 3 unchanged paragraphs …</p>' in html


@pytest.mark.parametrize("count, form", [(1, "1 абзац"), (2, "2 абзаца"), (5, "5 абзацев"), (21, "21 абзац"),
                                         (22, "22 абзаца")])
def test_counts_use_the_language_s_plural_forms(count, form):
    kept = [f"Абзац номер {n} остаётся прежним." for n in range(count - 1)]  # and the title
    old = recorded("\n\n".join([*kept, "Последний абзац."]), "Политика")
    new = recorded("\n\n".join([*kept, "Последний абзац изменён."]), "Политика")
    assert f"… {form} без изменений …" in html_of(old, new, RU)


def test_russian_words_are_compared_as_whole_words():
    old = recorded("Оператор обрабатывает персональные данные пользователей сайта.", "Политика")
    new = recorded("Оператор хранит персональные данные клиентов сайта.", "Политика")
    [change] = changes(compare(old.text, new.text))
    assert change.pieces == (Piece("equal", "Оператор "), Piece("delete", "обрабатывает"), Piece("insert", "хранит"),
                             Piece("equal", " персональные данные "), Piece("delete", "пользователей"),
                             Piece("insert", "клиентов"), Piece("equal", " сайта."))
    html = html_of(old, new, RU)
    assert '<del><span class="sr-only">удалено: </span>обрабатывает<span class="sr-only"> (конец изменения)</span></del>' in html


def test_a_changed_link_target_shows_the_old_and_the_new_target():
    old = recorded("Read the [Terms of Service](https://example.com/tos-2019) first.")
    new = recorded("Read the [Terms of Service](https://example.com/tos-2026) first.")
    redline = compare(old.text, new.text)
    [change] = changes(redline)
    assert [p for p in change.pieces if p.kind != "equal"] == [Piece("delete", "⟨https://example.com/tos-2019⟩"),
                                                               Piece("insert", "⟨https://example.com/tos-2026⟩")]
    assert "Terms of Service [-⟨https://example.com/tos-2019⟩-]{+⟨https://example.com/tos-2026⟩+} first." in \
        render_terminal(redline, EN)


def repetitive_paragraph(words: int, changed_every: int | None) -> str:
    sentences = []
    for n in range(words // 10):
        days = 30 + (1 if changed_every and n % changed_every == 0 else 0)
        sentences.append(f"The operator may keep the logs for {days} days at most.")
    return " ".join(sentences)


def test_a_huge_paragraph_falls_back_to_whole_blocks():
    """Bounded by size, never by time: the work of a 30,000-word paragraph is refused before it is done."""
    old = f"# Policy\n## 1. Logs\n{repetitive_paragraph(30_000, None)}\n"
    new = f"# Policy\n## 1. Logs\n{repetitive_paragraph(30_000, 7)}\n"
    assert len(old.split()) > 30_000
    redline = compare(old, new)
    html = render_html(redline, EN, OLD_URL, NEW_URL, [], [])
    [change] = changes(redline)
    assert change.pieces == (Piece("delete", old.splitlines()[2]), Piece("insert", new.splitlines()[2]))
    assert html.count("<del>") == html.count("<ins>") == 1


def test_the_bound_counts_only_what_differs_in_a_long_paragraph():
    old_paragraph = repetitive_paragraph(5_000, None)
    new_paragraph = old_paragraph.replace("30 days", "31 days", 1)
    [change] = changes(compare(f"# P\n{old_paragraph}\n", f"# P\n{new_paragraph}\n"))
    assert [p for p in change.pieces if p.kind != "equal"] == [Piece("delete", "30"), Piece("insert", "31")]


def test_identical_texts_give_an_empty_redline():
    text = recorded(NESTED).text
    redline = compare(text, text)
    assert not redline.changed and changes(redline) == [] and touched_sections(redline) == []
    assert render_html(redline, EN, OLD_URL, NEW_URL, [], []) == ""
    assert render_terminal(redline, EN) == "" and render_markdown(redline, EN) == ""


def test_the_real_rewrite_accounts_for_every_word_of_both_texts():
    old, new = real("github-privacy-statement-2020-07-22.md"), real("github-privacy-statement-2022-05-31.md")
    for before, after in ((old, new), (new, old)):
        redline = compare(before.text, after.text)
        assert rebuilt(redline, "old") == before.text
        assert rebuilt(redline, "new") == after.text
        kinds = {block.kind for block in redline.blocks}
        assert {"equal", "changed", "deleted", "inserted", "moved_away", "moved_here"} <= kinds
        assert compare(before.text, after.text) == redline, "the same redline every time"


def test_a_heading_level_change_is_a_change_of_structure():
    old = recorded("### Summary\n\nText.\n")
    new = recorded("## Summary\n\nText.\n")
    redline = compare(old.text, new.text)
    [change] = changes(redline)
    assert (change.old_prefix, change.prefix, change.pieces) == ("### ", "## ", (Piece("equal", "Summary"),))
    assert "[-### -]{+## +}Summary" in render_terminal(redline, EN)
    assert 'Structure changed (heading or list level):</span> Summary</p>' in html_of(old, new)


def test_markdown_for_a_pull_request_marks_words_and_keeps_spaces_outside_the_marks():
    old = recorded("## 1. Collection\n\nWe collect, request or store *your* data for five years.\n")
    new = recorded("## 1. Collection\n\nWe collect or store your data for six years.\n")
    text = render_markdown(compare(old.text, new.text), EN)
    assert text.splitlines()[0] == "**1 section changed:** 1. Collection"
    assert "#### 1. Collection" in text
    assert "We collect~~, request~~ or store your data for ~~five~~**six** years." in text


def test_html_escapes_the_policy_text():
    old = recorded("Use `<b>` tags & more.")
    new = recorded("Use `<i>` tags & more.")
    html = html_of(old, new)
    assert "&lt;" in html and "<b>" not in html and "&amp; more" in html


@pytest.mark.parametrize("old, new, sentence", [
    ("# T\nOne. Two.\n", "# T\nOne. Three.\n", "Three."),
    ("# T\nOne. Two.\n", "# T\nOne.\n", "Two."),
    ("# T\nOne.\n", "# T\nOne.\n", ""),
])
def test_first_changed_sentence(old, new, sentence):
    assert first_changed_sentence(old, new) == sentence
