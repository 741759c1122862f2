"""Real sources' Markdown made ready for the site (policykit/source_markdown.py): what each repair writes, and the
source line the report names."""

from __future__ import annotations

import pytest

from policykit.source_markdown import prepare


@pytest.mark.parametrize("source,body,report", [
    ('<a name="contact"></a>\n## Contact us\n\nWrite to us.\n', "## Contact us {#contact}\n\nWrite to us.\n",
     'line 1: the anchor <a name="contact"> is the id of the heading it marks ({#contact})'),
    ('## <a name="rights"></a>Your rights\n', "## Your rights {#rights}\n", "line 1: the anchor"),
    ('See the <a name="x.1"></a>list.\n', 'See the <a id="x.1"></a>list.\n',
     'line 1: the anchor <a name="x.1"> is written with id='),
    ("Intro.\n\n<!-- a note\nover lines -->\n\nText.\n", "Intro.\n\nText.\n",
     "lines 3–4: left out an HTML comment"),
    ("```\n<!-- shown -->\n{{ shown }}\n```\n", "```\n<!-- shown -->\n{{ shown }}\n```\n", None),
    ("Text {% include x.md %} here.\n", "Text \\{% include x.md %\\} here.\n",
     "line 1: WARNING: {% include x.md %} is kept as visible text: a Liquid tag"),
    ("Intro.\n\nOld title\n=========\n\nText.\n", "Intro.\n\n# Old title\n\nText.\n",
     'lines 3–4: the heading "Old title" underlined with === is written # Old title'),
    ("Text.\n\n<!-- never closed\n\nMore.\n", "Text.\n",
     "line 3: an HTML comment is never closed"),
    ("See [the French text](add link) and [ours]( https://example.org/a).\n",
     "See \\[the French text\\](add link) and [ours]( https://example.org/a).\n",
     "line 1: a [text](address) GitHub shows as written, not as a link"),
    ("Saved from a browser: [here](about:blank), [\\[email protected\\]](about:blank).\n",
     "Saved from a browser: here, \\[email protected\\].\n",
     "line 1: the link to about:blank is left out"),
    ("Our map: ![Offices](https://cdn.example.org/map.png)\n", "Our map: [Offices](https://cdn.example.org/map.png)\n",
     "line 1: the image https://cdn.example.org/map.png (from another site) is a link to it instead"),
])
def test_a_repair_keeps_what_the_source_shows_and_names_its_line(source, body, report):
    prepared = prepare("---\ntitle: T\n---\n" + source, language="en", variables={}, link_base=None)
    assert prepared.body == body
    shifted = report and report.replace("line 1:", "line 4:").replace("line 3:", "line 6:").replace(
        "lines 3–4:", "lines 6–7:")  # the front matter's three lines come first in the source
    assert (shifted is None and not prepared.report) or any(line.startswith(shifted) for line in prepared.report), \
        prepared.report


def test_a_heading_that_opens_the_text_is_its_title_whatever_its_level():
    """Open Terms Archive records often open with the document's name as a level-2 heading (underlined with ---)."""
    prepared = prepare("ACME PRIVACY POLICY\n-------------------\n\nText.\n\n## Data\n\nMore.\n", language="en",
                       variables={}, link_base=None)
    assert prepared.title == "ACME PRIVACY POLICY" and prepared.body.startswith("Text.") and "## Data" in prepared.body
    later = prepare("Intro.\n\n## Data\n\nMore.\n", language="en", variables={}, link_base=None)
    assert later.title is None and "## Data" in later.body
