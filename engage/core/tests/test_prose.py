"""The `prose` filter: what an officer typed, shown as paragraphs and lists, always escaped."""

from engage.core.templatetags.engage import prose


def test_lines_starting_with_a_dash_become_a_list_after_the_paragraph():
    text = "We asked:\n- How much would you pay?\n- How safe do you feel?\n\nIt ran for four weeks."
    assert prose(text) == (
        '<p class="govuk-body">We asked:</p>'
        '<ul class="govuk-list govuk-list--bullet"><li>How much would you pay?</li>'
        "<li>How safe do you feel?</li></ul>"
        '<p class="govuk-body">It ran for four weeks.</p>'
    )


def test_single_line_breaks_are_kept_inside_a_paragraph():
    assert prose("Line one\r\nLine two") == '<p class="govuk-body">Line one<br>Line two</p>'


def test_what_people_wrote_is_escaped():
    html = prose("<script>alert(1)</script>\n- <b>bold</b> & more")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<li>&lt;b&gt;bold&lt;/b&gt; &amp; more</li>" in html


def test_nothing_gives_nothing():
    assert prose("") == ""
    assert prose("\n\n  \n") == ""


def test_times_are_written_the_gov_uk_way():
    import datetime as dt

    from django.utils import translation

    from engage.core.templatetags.engage import uktime

    assert [uktime(dt.time(h, m)) for h, m in [(18, 0), (18, 30), (10, 0), (12, 0), (0, 15)]] == [
        "6pm",
        "6:30pm",
        "10am",
        "midday",
        "12:15am",
    ]
    with translation.override("cy"):
        assert uktime(dt.time(18, 30)) == "18:30"
