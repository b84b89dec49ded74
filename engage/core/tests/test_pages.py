import pytest
from django.urls import reverse


def test_home_requires_login(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_login_with_email_shows_office_home(client, officer, office):
    response = client.post(
        reverse("accounts:login"),
        {"login": "olivia.officer@avonshire.test", "password": "correct-horse-battery-staple"},
        follow=True,
    )
    assert response.status_code == 200
    assert office.name in response.content.decode()


def test_login_refusal_keeps_email_and_explains(client, officer):
    response = client.post(
        reverse("accounts:login"),
        {"login": "olivia.officer@avonshire.test", "password": "wrong"},
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'value="olivia.officer@avonshire.test"' in page


@pytest.mark.django_db
def test_unknown_page_is_our_own_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_office_theme_uses_office_colour(client, office):
    response = client.get(reverse("core:office_theme", args=[office.slug]))
    assert response["Content-Type"] == "text/css"
    assert "#005ea5" in response.content.decode()


def test_language_switch_to_welsh_sticks(client, db):
    response = client.get(reverse("core:language", args=["cy"]) + "?next=/accounts/login/")
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "cy"
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="cy"' in page


def test_welsh_pages_use_the_welsh_catalogue(client, officer):
    client.cookies["django_language"] = "cy"
    page = client.get("/accounts/login/").content.decode()
    assert "Mewngofnodi i Engage" in page
    assert "Neidio i’r prif gynnwys" in page
    client.force_login(officer)
    page = client.get("/meetings/").content.decode()
    assert "Amserlen cyfarfodydd partneriaid" in page
    assert 'lang="cy"' in page


def test_server_error_page_is_our_own(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "Mae’n ddrwg gennym" in page


def test_navigation_marks_only_the_diary_current_on_the_diary(client, officer):
    client.force_login(officer)
    page = client.get("/meetings/diary/").content.decode()
    assert page.count("govuk-service-navigation__item--active") == 1
    assert (
        '<a class="govuk-service-navigation__link" href="/meetings/diary/" aria-current="true">'
        in page
    )
