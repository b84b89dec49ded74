"""The office's taxonomy of themes: add, rename, retire, bring back and merge."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from engage.engagements.models import (
    ComplaintThemeCount,
    Concern,
    ConcernSource,
    ConcernTheme,
)
from engage.engagements.services.concerns import ensure_default_themes, record_concern
from engage.engagements.services.themes import merge_themes

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(office, officer):
    ensure_default_themes(office, by=officer)
    return {t.name: t for t in ConcernTheme.objects.for_office(office)}


def _concern(office, officer, theme, summary):
    return record_concern(
        office,
        summary=summary,
        theme=theme,
        source=ConcernSource.CORRESPONDENCE,
        raised_on=dt.date(2026, 2, 10),
        by=officer,
    )


def test_first_visit_gives_the_default_themes(officer_client, office):
    page = officer_client.get(reverse("engagements:themes")).content.decode()
    assert ConcernTheme.objects.for_office(office).count() == 15
    for name in ("Anti-social behaviour", "Violence against women and girls", "Response times"):
        assert name in page


def test_themes_list_counts_concerns(officer_client, office, officer, themes):
    for n in range(3):
        _concern(office, officer, themes["Burglary"], f"Sheds broken into, street {n}")
    response = officer_client.get(reverse("engagements:themes"))
    burglary = next(t for t in response.context["themes"] if t.name == "Burglary")
    assert burglary.concern_count == 3
    assert f"?theme={themes['Burglary'].pk}" in response.content.decode()


def test_add_theme(officer_client, office):
    response = officer_client.post(
        reverse("engagements:themes"),
        {"name": "  Fly-tipping  ", "description": "Rubbish dumped on verges and lanes"},
    )
    assert response.status_code == 302
    theme = ConcernTheme.objects.get(office=office, name="Fly-tipping")
    assert theme.is_active and theme.description == "Rubbish dumped on verges and lanes"


def test_add_theme_with_a_taken_name_is_refused(officer_client, themes):
    response = officer_client.post(reverse("engagements:themes"), {"name": "burglary"})
    assert response.status_code == 400
    assert "There is already a theme called “burglary”" in response.content.decode()


def test_rename_theme_keeps_its_concerns_and_records_history(
    officer_client, office, officer, themes
):
    theme = themes["Road safety and speeding"]
    concern = _concern(office, officer, theme, "Speeding on the B4429")
    response = officer_client.post(
        reverse("engagements:theme_edit", args=[theme.pk]),
        {"name": "Roads and speeding", "description": "Speeding, parking, dangerous driving"},
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.theme.name == "Roads and speeding"
    page = officer_client.get(reverse("engagements:theme_edit", args=[theme.pk])).content.decode()
    assert "Road safety and speeding" in page  # the old name, in the history
    assert "Olivia Okafor" in page


def test_retire_theme_keeps_it_on_old_concerns_and_stops_offering_it(
    officer_client, office, officer, themes
):
    theme = themes["Cyberbullying and online harm"]
    concern = _concern(office, officer, theme, "Bullying in a school group chat")
    officer_client.post(reverse("engagements:theme_retire", args=[theme.pk]))
    theme.refresh_from_db()
    assert not theme.is_active
    concern.refresh_from_db()
    assert concern.theme == theme
    assert "Retired theme" in officer_client.get(concern.get_absolute_url()).content.decode()
    form = officer_client.get(reverse("engagements:concern_create")).content.decode()
    assert "Cyberbullying and online harm" not in form
    # And back again.
    officer_client.post(reverse("engagements:theme_retire", args=[theme.pk]))
    theme.refresh_from_db()
    assert theme.is_active


def test_merge_moves_concerns_and_complaint_counts_and_deletes_the_theme(
    officer_client, office, officer, themes
):
    source, into = themes["Scams and fraud"], themes["Other"]
    concerns = [_concern(office, officer, source, f"Doorstep trader {n}") for n in range(2)]
    _concern(office, officer, into, "Something else")
    march, april = dt.date(2026, 3, 1), dt.date(2026, 4, 1)
    ComplaintThemeCount.objects.create(office=office, theme=source, month=march, count=4)
    ComplaintThemeCount.objects.create(office=office, theme=source, month=april, count=2)
    ComplaintThemeCount.objects.create(office=office, theme=into, month=march, count=5)

    response = officer_client.post(
        reverse("engagements:theme_merge", args=[source.pk]), {"into": into.pk}
    )

    assert response.status_code == 302
    assert not ConcernTheme.objects.filter(pk=source.pk).exists()
    assert Concern.objects.filter(theme=into).count() == 3
    counts = dict(ComplaintThemeCount.objects.filter(theme=into).values_list("month", "count"))
    assert counts == {march: 9, april: 2}
    messages = officer_client.get(reverse("engagements:themes")).content.decode()
    assert "2 concerns" in messages
    history = concerns[0].history.first()
    assert history.history_change_reason == "Theme “Scams and fraud” merged into “Other”"
    assert history.history_user == officer
    into_page = officer_client.get(reverse("engagements:theme_edit", args=[into.pk]))
    assert "Scams and fraud" in into_page.content.decode()


def test_merge_without_a_target_is_refused(officer_client, themes):
    response = officer_client.post(
        reverse("engagements:theme_merge", args=[themes["Drugs"].pk]), {"into": ""}
    )
    assert response.status_code == 400
    assert "Choose the theme to merge it into" in response.content.decode()


def test_merge_into_another_offices_theme_is_refused(
    officer_client, themes, other_office, other_officer
):
    ensure_default_themes(other_office, by=other_officer)
    theirs = ConcernTheme.objects.get(office=other_office, name="Drugs")
    response = officer_client.post(
        reverse("engagements:theme_merge", args=[themes["Drugs"].pk]), {"into": theirs.pk}
    )
    assert response.status_code == 400
    assert ConcernTheme.objects.filter(pk=themes["Drugs"].pk).exists()


def test_merge_service_refuses_a_theme_into_itself(themes, officer):
    with pytest.raises(ValueError):
        merge_themes(themes["Drugs"], themes["Drugs"], by=officer)


def test_analyst_may_not_manage_themes(client, analyst, themes):
    client.force_login(analyst)
    assert client.get(reverse("engagements:themes")).status_code == 403
    response = client.post(reverse("engagements:theme_retire", args=[themes["Drugs"].pk]))
    assert response.status_code == 403


def test_another_offices_theme_is_not_found(client, other_officer, themes):
    client.force_login(other_officer)
    assert (
        client.get(reverse("engagements:theme_edit", args=[themes["Drugs"].pk])).status_code == 404
    )
