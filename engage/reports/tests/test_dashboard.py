"""The dashboard: its figures, each chart with its table, the filters, and who may see it."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engage.accounts.models import User
from engage.reports.tests.figures_data import build_small_office

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")
Q1 = {"period": "custom", "start": "1/4/2025", "end": "30/06/2025"}


@pytest.fixture
def small(office, officer, commissioner):
    return build_small_office(office, officer=officer, commissioner=commissioner)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _headline(html: str, label: str) -> str:
    found = re.search(
        rf'<dt class="reports-headline__label">{re.escape(label)}</dt>'
        r'<dd class="reports-headline__number">([^<]*)</dd>',
        html,
    )
    assert found, label
    return found[1]


def test_dashboard_shows_the_figures(officer_client, small):
    html = officer_client.get(URL, Q1).content.decode()
    assert "1 April 2025 to 30 June 2025" in html
    assert _headline(html, "Activities held") == "5"
    assert _headline(html, "People reached") == "1,200"
    assert _headline(html, "Cost per person reached") == "£1.79"
    assert _headline(html, "Average feedback rating (1 to 5)") == "4.0"
    assert _headline(html, "Consultation responses") == "3"
    assert _headline(html, "Concerns raised") == "4"
    assert _headline(html, "Decisions published") == "1"
    assert _headline(html, "Alert subscribers") == "2"
    text = _text(html)
    assert "Cost £280.00" in text
    assert "8.0 hours" in text
    assert "4 concerns were raised; 3 fed a published decision." in text
    assert "Anti-social behaviour 2 4 1" in text
    assert "2 surgeries were held, and 3 people were seen." in text
    assert "1 alert was sent (2 messages)." in text
    assert "Precept 2026 1 March 2025 – 30 April 2025 2 1 Published" in text
    assert "Decision PCC/2025/001: Decision PCC/2025/001 (9 May 2025)" in text


def test_each_chart_is_a_figure_with_its_table(officer_client, small):
    html = officer_client.get(URL, Q1).content.decode()
    figures = re.findall(r'<figure class="reports-figure".*?</figure>', html, re.S)
    assert len(figures) == 3
    for figure, caption in zip(
        figures,
        ["People reached by month", "People reached by channel", "People reached by district"],
        strict=True,
    ):
        assert f">{caption}</figcaption>" in figure
        assert '<svg class="engage-chart" role="img"' in figure
        assert "<title" in figure
        assert "<table" in figure and '<th scope="col"' in figure
        assert " style=" not in figure  # the CSP allows no inline style
    month = _text(figures[0])
    assert "Apr 2025 1 40" in month and "May 2025 2 160" in month and "Jun 2025 2 1,000" in month
    assert "Total 5 1,200" in month
    district = _text(figures[2])
    assert "Rugby 3 100" in district and "Not in one district 1 1,000" in district


def test_the_area_filter_changes_the_figures(officer_client, small):
    html = officer_client.get(URL, {**Q1, "area": small.rugby.pk}).content.decode()
    assert "Rugby and the areas inside it" in html
    assert _headline(html, "Activities held") == "3"
    assert _headline(html, "People reached") == "100"
    assert _headline(html, "Cost per person reached") == "£5.00"
    assert "Decisions and “you said, we did” pages are the whole office’s" in html


def test_the_period_filter_changes_the_figures(officer_client, small):
    july = {"period": "custom", "start": "1/7/2025", "end": "31/7/2025"}
    html = officer_client.get(URL, july).content.decode()
    assert _headline(html, "Activities held") == "1"
    assert _headline(html, "People reached") == "500"


def test_named_periods(officer_client, small):
    for choice in ("this_quarter", "last_quarter", "year_to_date", "last_12_months"):
        response = officer_client.get(URL, {"period": choice})
        assert response.status_code == 200
        assert 'reports-headlines"' in response.content.decode(), choice
    assert "Quarter " in officer_client.get(URL).content.decode()


def test_dates_typed_without_choosing_custom_are_used(officer_client, small):
    html = officer_client.get(URL, {"start": "2025-04-01", "end": "2025-06-30"}).content.decode()
    assert _headline(html, "People reached") == "1,200"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("30/6/2025", "1/4/2025", "The “to” date must be on or after the “from” date"),
        ("31/2/2025", "30/6/2025", "Enter a real date, like 27 3 2026 or 27/03/2026"),
        ("soon", "30/6/2025", "Enter a real date, like 27 3 2026 or 27/03/2026"),
        ("", "30/6/2025", "Enter the date the period starts, like 1 4 2026"),
    ],
)
def test_a_bad_date_range_says_what_to_fix_and_keeps_what_was_typed(
    officer_client, small, start, end, message
):
    response = officer_client.get(URL, {"period": "custom", "start": start, "end": end})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert message in html
    assert f'value="{start}"' in html
    assert f'value="{end}"' in html
    assert 'reports-headlines"' not in html
    assert "Correct the dates above to see the figures." in html


def test_an_unknown_area_says_so(officer_client, small, other_office):
    html = officer_client.get(URL, {**Q1, "area": "99999"}).content.decode()
    assert "Choose an area from the list" in html


def test_every_member_may_see_it(client, small, cast):
    for user in cast.values():
        client.force_login(user)
        assert client.get(URL, Q1).status_code == 200


def test_another_office_sees_its_own_figures_only(client, small, other_officer):
    client.force_login(other_officer)
    html = client.get(URL, Q1).content.decode()
    assert _headline(html, "Activities held") == "0"
    # Our areas are not even offered.
    assert "Rugby" not in html
    assert client.get(URL, {**Q1, "area": small.rugby.pk}).status_code == 200
    assert (
        "Choose an area from the list"
        in client.get(URL, {**Q1, "area": small.rugby.pk}).content.decode()
    )


def test_someone_with_no_office_is_refused(client, small):
    nobody = User.objects.create_user("nobody@example.org", "x" * 20)
    client.force_login(nobody)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("reports:reports")).status_code == 403


def test_signed_out_goes_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_the_dashboard_makes_a_fixed_number_of_queries(officer_client, small):
    officer_client.get(URL, Q1)  # warm the chart cache and the session
    with CaptureQueriesContext(connection) as first:
        officer_client.get(URL, {**Q1, "area": small.rugby.pk})
    from engage.reports.tests.test_figures import figures_data_more

    for i in range(20):
        figures_data_more(small, i)
    with CaptureQueriesContext(connection) as second:
        officer_client.get(URL, {**Q1, "area": small.rugby.pk})
    assert len(first) == len(second)


def test_the_dashboard_in_welsh(officer_client, small):
    officer_client.cookies["django_language"] = "cy"
    response = officer_client.get(URL, Q1)
    assert response.status_code == 200
    assert '<html lang="cy"' in response.content.decode()


def test_a_financial_quarter_links_to_its_report(officer_client, small):
    html = officer_client.get(URL, Q1).content.decode()
    assert 'href="/reports/panel/2025-26/q1.pdf"' in html
    year = {"period": "custom", "start": "1/4/2025", "end": "31/3/2026"}
    assert 'href="/reports/annual/2025-26.pdf"' in officer_client.get(URL, year).content.decode()
    july = {"period": "custom", "start": "1/7/2025", "end": "31/7/2025"}
    assert (
        "Download the report of this period" not in officer_client.get(URL, july).content.decode()
    )
