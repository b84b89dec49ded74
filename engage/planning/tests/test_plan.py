"""The plan's pages: add, change, drop, link the activity that delivered it, slippage, plan
against actual; their bad input; and other offices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from engage.planning.models import PlanItem, PlanStatus
from engage.planning.services import next_month
from engage.planning.tests.factories import activity, places, plan_item

pytestmark = pytest.mark.django_db


def this_month() -> dt.date:
    return timezone.localdate().replace(day=1)


def month_text(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def entry(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Youth council visit in Nuneaton",
        "month": month_text(next_month(timezone.localdate())),
        "activity_type": "youth_council",
        "channel": "in_person",
        "audiences": ["young_people"],
        "budget": "£1,250.50",
        "purpose": "Hear from young people about safety in the town centre.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_add_puts_the_item_in_the_plan(officer_client, office, officer):
    north = places(office)["north"]
    response = officer_client.post(reverse("planning:add"), entry(area=str(north.pk)))
    item = PlanItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    assert (item.month, item.budget, item.area, item.owner) == (
        next_month(timezone.localdate()),
        Decimal("1250.50"),
        north,
        None,
    )
    assert item.history.get().history_user == officer
    page = officer_client.get(reverse("planning:plan")).content.decode()
    assert "Youth council visit in Nuneaton" in page
    assert "£1,250.50" in page


def test_a_month_already_past_is_refused_and_nothing_typed_is_lost(officer_client, office):
    last_month = this_month() - dt.timedelta(days=1)
    response = officer_client.post(reverse("planning:add"), entry(month=month_text(last_month)))
    page = response.content.decode()
    assert response.status_code == 200
    assert PlanItem.objects.count() == 0
    expected = (
        f"{last_month:%B %Y} has already passed: plan for {this_month():%B %Y} or a later month"
    )
    assert expected in page
    assert "govuk-error-summary" in page
    assert 'value="Youth council visit in Nuneaton"' in page
    assert "Hear from young people about safety" in page


def test_a_negative_budget_is_refused_with_what_to_fix(officer_client, office):
    page = officer_client.post(reverse("planning:add"), entry(budget="-50")).content.decode()
    assert PlanItem.objects.count() == 0
    assert "The budget cannot be negative: enter £0 or more" in page
    assert 'value="-50"' in page


def test_an_area_of_another_office_is_refused(officer_client, office, other_office):
    theirs = places(other_office)["north"]
    page = officer_client.post(reverse("planning:add"), entry(area=str(theirs.pk))).content.decode()
    assert PlanItem.objects.count() == 0
    assert "Choose an area of this office from the list" in page


def test_editing_an_old_item_keeps_its_month_but_refuses_moving_it_to_another_past_one(
    officer_client, office
):
    old = this_month() - relativedelta(months=2)
    item = plan_item(office, old)
    url = reverse("planning:edit", args=[item.pk])
    response = officer_client.post(url, entry(month=month_text(old), title="Renamed"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.month) == ("Renamed", old)
    earlier = old - relativedelta(months=1)
    page = officer_client.post(url, entry(month=month_text(earlier))).content.decode()
    assert "has already passed" in page
    item.refresh_from_db()
    assert item.month == old


def test_slippage_is_shown_on_the_plan_and_plan_against_actual(officer_client, office):
    two_ago = this_month() - relativedelta(months=2)
    plan_item(office, two_ago, title="Rural crime meeting")
    delivered = plan_item(office, two_ago, title="Older people's lunch club")
    delivered.activity = activity(office, two_ago + dt.timedelta(days=3), None, 20)
    delivered.status = PlanStatus.DONE
    delivered.save()
    page = officer_client.get(reverse("planning:plan")).content.decode()
    assert "1 item has slipped" in page
    assert "2 months late" in page
    actual = officer_client.get(reverse("planning:actual")).content.decode()
    assert "Rural crime meeting" in actual
    assert "2 months late" in actual
    assert "Delivered" in actual


def test_link_the_activity_that_delivered_it(officer_client, office):
    north = places(office)["north"]
    item = plan_item(office, this_month(), area=north)
    near = activity(office, timezone.localdate(), north, 30, title="Youth council, Northtown")
    far = activity(
        office, timezone.localdate() - dt.timedelta(days=200), north, 30, title="Long ago"
    )
    page = officer_client.get(reverse("planning:link", args=[item.pk])).content.decode()
    assert "Youth council, Northtown" in page
    assert "Long ago" not in page
    response = officer_client.post(reverse("planning:link", args=[item.pk]), {"activity": near.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.activity, item.status) == (near, PlanStatus.DONE)
    assert far.plan_items.count() == 0


def test_link_refuses_another_offices_activity(officer_client, office, other_office):
    item = plan_item(office, this_month())
    theirs = activity(other_office, timezone.localdate(), None, 5)
    page = officer_client.post(reverse("planning:link", args=[item.pk]), {"activity": theirs.pk})
    assert "Choose an activity from the list" in page.content.decode()
    item.refresh_from_db()
    assert item.activity is None


def test_drop_keeps_the_item_out_of_the_totals(officer_client, office):
    item = plan_item(office, next_month(timezone.localdate()), budget=Decimal("300"))
    plan_item(office, next_month(timezone.localdate()), title="Stays", budget=Decimal("200"))
    officer_client.post(reverse("planning:drop", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == PlanStatus.DROPPED
    page = officer_client.get(reverse("planning:plan")).content.decode()
    assert "1 item, budget £200" in page
    officer_client.post(reverse("planning:restore", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == PlanStatus.PLANNED


def test_a_financial_year_shows_april_to_march(officer_client, office):
    plan_item(office, dt.date(2027, 3, 1), title="March item")
    plan_item(office, dt.date(2027, 4, 1), title="Next year's item")
    page = officer_client.get(reverse("planning:plan") + "?year=2026").content.decode()
    assert "April 2026 to March 2027" in page
    assert "March item" in page
    assert "Next year&#x27;s item" not in page and "Next year's item" not in page


def test_another_offices_user_gets_404(client, office, other_officer):
    item = plan_item(office, this_month())
    client.force_login(other_officer)
    for name in ("item", "edit", "link"):
        assert client.get(reverse(f"planning:{name}", args=[item.pk])).status_code == 404
    for name in ("drop", "restore", "unlink"):
        assert client.post(reverse(f"planning:{name}", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.status == PlanStatus.PLANNED


def test_an_analyst_reads_the_plan_but_cannot_change_it(client, office, analyst):
    item = plan_item(office, this_month())
    client.force_login(analyst)
    assert client.get(reverse("planning:plan")).status_code == 200
    assert client.get(reverse("planning:gaps")).status_code == 200
    assert client.get(reverse("planning:add")).status_code == 403
    assert client.post(reverse("planning:drop", args=[item.pk])).status_code == 403
