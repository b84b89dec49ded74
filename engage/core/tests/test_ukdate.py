import datetime as dt

from django.template import Context, Template

from engage.core.templatetags.engage import ukdate


def test_a_date_is_the_london_date_of_the_moment():
    # 00:30 on 4 June in London is 23:30 on 3 June in UTC.
    moment = dt.datetime(2026, 6, 3, 23, 30, tzinfo=dt.UTC)
    assert ukdate(moment) == "4 June 2026"
    rendered = Template("{% load engage %}{{ when|ukdate }}").render(Context({"when": moment}))
    assert rendered == "4 June 2026"


def test_a_plain_date_is_shown_as_it_is():
    assert ukdate(dt.date(2026, 12, 25)) == "25 December 2026"
    assert ukdate(None) == ""
