"""The persona cast: one office with a person in every role, and an officer of another office."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache

from engage.accounts.models import Membership, Post, Role, User
from engage.core.models import Office

# The Playwright sync API runs an event loop in the test thread; Django's ORM is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-staple"
ROLE_POSTS = {
    Role.COMMISSIONER: Post.PCC,
    Role.DEPUTY: Post.DPCC,
    Role.CHIEF_EXECUTIVE: Post.CEX,
    Role.OFFICER: Post.POLICY_OFFICER,
    Role.ANALYST: Post.OTHER,
    Role.AMBASSADOR: Post.AMBASSADOR,
    Role.ADMIN: Post.OTHER,
}


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache and would survive a test's rollback.
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; the cast signs up dozens of people per test run.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _two_factor_where_tested(settings):
    # The cast has no authenticator apps: two-factor sign-in is required only in the tests of it
    # (engage/accounts/tests), which turn it back on.
    settings.ENGAGE_REQUIRE_TWO_FACTOR = False


@pytest.fixture(autouse=True)
def _no_static_manifest(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Text messages from the file backend, and anything uploaded, go to the test's own folder,
    # never to the checkout's media/ (where a stale file could mislead a later run).
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english_to_start():
    # A request in Welsh leaves Welsh active in the thread; each test starts in English.
    from django.utils import translation

    translation.activate("en-gb")
    yield
    translation.activate("en-gb")


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    # The worker is a separate process in production; in tests a queued task runs at once (once
    # the transaction commits: capture on_commit callbacks or use a transactional test).
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }


@pytest.fixture
def office(db) -> Office:
    return Office.objects.create(
        name="Office of the Police and Crime Commissioner for Avonshire",
        short_name="Avonshire OPCC",
        slug="avonshire",
        force_name="Avonshire Police",
        colour="#005ea5",
    )


@pytest.fixture
def other_office(db) -> Office:
    return Office.objects.create(
        name="Office of the Police and Crime Commissioner for Severnvale",
        short_name="Severnvale OPCC",
        slug="severnvale",
        force_name="Severnvale Police",
    )


def make_member(office: Office, role: str, email: str, first: str, last: str) -> User:
    user = User.objects.create_user(email, PASSWORD, first_name=first, last_name=last)
    Membership.objects.create(user=user, office=office, role=role, post=ROLE_POSTS[role])
    return user


@pytest.fixture
def officer(office) -> User:
    return make_member(office, Role.OFFICER, "olivia.officer@avonshire.test", "Olivia", "Okafor")


@pytest.fixture
def commissioner(office) -> User:
    return make_member(office, Role.COMMISSIONER, "pat.pcc@avonshire.test", "Pat", "Pemberton")


@pytest.fixture
def deputy(office) -> User:
    return make_member(office, Role.DEPUTY, "dee.dpcc@avonshire.test", "Dee", "Dhillon")


@pytest.fixture
def chief_executive(office) -> User:
    return make_member(office, Role.CHIEF_EXECUTIVE, "chris.cex@avonshire.test", "Chris", "Carver")


@pytest.fixture
def analyst(office) -> User:
    return make_member(office, Role.ANALYST, "ana.analyst@avonshire.test", "Ana", "Alves")


@pytest.fixture
def ambassador(office) -> User:
    return make_member(office, Role.AMBASSADOR, "amir.csa@avonshire.test", "Amir", "Aziz")


@pytest.fixture
def admin_user(office) -> User:
    return make_member(office, Role.ADMIN, "ada.admin@avonshire.test", "Ada", "Adeyemi")


@pytest.fixture
def other_officer(other_office) -> User:
    return make_member(other_office, Role.OFFICER, "sam.officer@severnvale.test", "Sam", "Singh")


@pytest.fixture
def cast(officer, commissioner, deputy, chief_executive, analyst, ambassador, admin_user):
    """Everyone in the office, by role."""
    return {
        Role.OFFICER: officer,
        Role.COMMISSIONER: commissioner,
        Role.DEPUTY: deputy,
        Role.CHIEF_EXECUTIVE: chief_executive,
        Role.ANALYST: analyst,
        Role.AMBASSADOR: ambassador,
        Role.ADMIN: admin_user,
    }


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's chromium. On CI it must be there (.ci/run installs it); on a
    laptop without it they are skipped with the reason, so `make test` still works."""
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if os.path.exists(chromium) or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"{chromium} is not installed (apt-get install chromium)")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)
