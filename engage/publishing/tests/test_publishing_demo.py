"""The demo office's news and its draft engagement strategy open for comment (seed 004), as a
visitor and as staff see them."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from engage.core.demo import PASSWORD, load_demo
from engage.publishing.demo import STRATEGY_TITLE
from engage.publishing.models import Document
from engage.publishing.tests.builders import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Built once for the module and rolled back afterwards, as in core's demo tests.
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo(today=timezone.localdate())
        transaction.set_rollback(True)


def test_the_demo_has_news_and_the_strategy_open_with_shown_and_waiting_comments(demo, client):
    office = demo.office
    news = text_of(client.get(reverse("publishing:news", args=[office.slug])))
    assert "Have your say on our draft community engagement strategy" in news
    assert "Rural crime team stays at full strength" in news
    assert "Volunteers wanted" not in news  # the draft

    strategy = Document.objects.get(office=office, title=STRATEGY_TITLE)
    assert strategy.is_open and strategy.file
    page = text_of(client.get(strategy.get_public_url()))
    assert "Open for comment until 5pm on" in page
    # Four from the publishing demo, and one from the resident of the subject access demo.
    assert "5 comments" in page
    assert "Good to see the community forums kept." in page
    assert "Someone who did not give a name" in page
    # The two waiting to be checked are not shown.
    assert "Will the ambassadors' reports be published?" not in page
    assert "nobody has called me back" not in page
    assert "Send your comment" in page


def test_the_demo_queue_has_the_two_comments_waiting(demo, client):
    client.login(username="officer@demo.engage.test", password=PASSWORD)
    page = text_of(client.get(reverse("publishing:comments")))
    assert "Comments (2 waiting)" in page
    assert "Will the ambassadors' reports be published?" in page
    assert "nobody has called me back" in page
    assert "Good to see the community forums kept." not in page  # approved already
