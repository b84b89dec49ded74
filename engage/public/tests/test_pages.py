"""The public site's home, its menu and footer, the start page for visitors, caching, and the
accessibility statement and privacy notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from engage.consultations.models import Consultation, Status
from engage.core.models import Office
from engage.core.public_cache import public_page
from engage.public.views import home

pytestmark = pytest.mark.django_db


def test_a_visitor_to_the_root_of_a_one_office_installation_sees_its_public_site(client, office):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("public:home", args=[office.slug])


def test_with_several_offices_a_visitor_chooses_one(client, office, other_office):
    page = client.get("/").content.decode()
    assert "Choose your Police and Crime Commissioner" in page
    assert f'href="/{office.slug}/"' in page and f'href="/{other_office.slug}/"' in page


def test_staff_at_the_root_see_their_own_start_page(client, officer):
    client.force_login(officer)
    response = client.get("/")
    assert response.status_code == 200
    assert "Sign out" in response.content.decode()


def test_the_home_page_shows_what_is_open_and_signposts_999(client, office, officer):
    Consultation.objects.create(
        office=office,
        title="Police and Crime Plan 2027–2030",
        slug="plan-2027",
        status=Status.OPEN,
        opens_on=timezone.localdate() - dt.timedelta(days=3),
        closes_on=timezone.localdate() + dt.timedelta(days=20),
        owner=officer,
    )
    page = client.get(reverse("public:home", args=[office.slug])).content.decode()
    assert office.name in page
    assert "In an emergency call 999" in page
    assert "Police and Crime Plan 2027–2030" in page
    assert "No consultation is open at the moment." not in page
    # The menu and the footer
    assert 'href="/avonshire/diary/"' in page
    assert 'href="/have-your-say/avonshire/"' in page
    assert 'href="/avonshire/accessibility/"' in page and 'href="/avonshire/privacy/"' in page
    assert "Staff sign in" in page


def test_an_unknown_office_is_not_found(client, office):
    assert client.get("/nowhere-at-all/").status_code == 404


def test_a_public_page_is_cached_and_says_so(client, office):
    url = reverse("public:home", args=[office.slug])
    first = client.get(url)
    assert first["X-Engage-Cache"] == "miss"
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    Office.objects.filter(pk=office.pk).update(name="Renamed office")
    second = client.get(url)
    assert second["X-Engage-Cache"] == "hit"
    assert second.content == first.content


def test_the_cache_keeps_one_copy_per_language(client, office):
    url = reverse("public:home", args=[office.slug])
    english = client.get(url).content.decode()
    client.cookies["django_language"] = "cy"
    welsh = client.get(url)
    assert welsh["X-Engage-Cache"] == "miss"
    assert '<html lang="cy"' in welsh.content.decode()
    assert '<html lang="en"' in english


def test_signed_in_staff_are_never_served_or_stored_a_shared_copy(client, office, officer):
    url = reverse("public:home", args=[office.slug])
    client.force_login(officer)
    response = client.get(url)
    assert "X-Engage-Cache" not in response
    assert "no-store" in response["Cache-Control"]
    client.logout()
    assert client.get(url)["X-Engage-Cache"] == "miss"


def test_a_page_with_a_message_for_one_visitor_is_not_cached(office):
    request = RequestFactory().get(reverse("public:home", args=[office.slug]))
    request.session = {}
    request._messages = FallbackStorage(request)
    request._messages.add(constants.SUCCESS, "Your booking is cancelled")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = home(request, office=office.slug)
    assert "no-store" in response["Cache-Control"]
    assert "X-Engage-Cache" not in response


def test_an_error_page_is_not_cached(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    @public_page()
    def broken(request):
        return HttpResponse("Not found", status=404)

    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    assert "no-store" in broken(request)["Cache-Control"]


def test_the_accessibility_statement_and_privacy_notice(client, office):
    statement = client.get(reverse("public:accessibility", args=[office.slug])).content.decode()
    assert "Web Content Accessibility Guidelines version 2.2 AA" in statement
    assert "Equality Advisory and Support Service" in statement
    notice = client.get(reverse("public:privacy", args=[office.slug])).content.decode()
    for purpose in [
        "Consultations and surveys",
        "Community alerts",
        "Surgeries with the Commissioner",
    ]:
        assert purpose in notice
    assert "Consent. You can leave at any time" in notice
    assert "Information Commissioner" in notice


def test_an_office_cannot_take_a_web_address_engage_uses(db):
    office = Office(name="Surgeries", short_name="S", slug="surgeries", force_name="F")
    with pytest.raises(ValidationError, match="used by Engage itself"):
        office.full_clean()


def test_the_home_page_shows_documents_open_for_comment_and_the_latest_news(
    client, office, officer
):
    from engage.publishing.tests.builders import document, news

    document(office, officer, title="Draft community engagement strategy 2027–2030")
    document(office, officer, title="A draft still being written", publish=False)
    news(office, officer, title="Rural crime team stays at full strength")
    page = client.get(reverse("public:home", args=[office.slug])).content.decode()
    assert "Open for comment" in page
    assert "Draft community engagement strategy 2027–2030" in page
    assert "A draft still being written" not in page
    assert "Rural crime team stays at full strength" in page


def test_the_home_page_leaves_out_documents_and_news_when_there_are_none(client, office):
    page = client.get(reverse("public:home", args=[office.slug])).content.decode()
    assert 'id="home-documents"' not in page and 'id="home-news"' not in page
