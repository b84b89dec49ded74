"""Writing, publishing and moderating: what each service does and what it refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from engage.publishing import services
from engage.publishing.models import CommentPeriod, CommentStatus, Document, NewsItem, Status
from engage.publishing.tests.builders import (
    PDF,
    comment,
    document,
    news,
    past_deadline,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


# -- news -------------------------------------------------------------------------------------


def test_a_news_item_starts_as_a_draft_with_an_address_from_its_title(office, officer):
    item = services.create_news(office, by=officer, title="  Rural   crime team stays  ")
    assert item.status == Status.DRAFT
    assert item.title == "Rural crime team stays"
    assert item.slug == "rural-crime-team-stays"
    assert item.history.first().history_user == officer


def test_two_items_with_one_title_get_two_addresses(office, officer):
    first = services.create_news(office, by=officer, title="Surgery in Rugby")
    second = services.create_news(office, by=officer, title="Surgery in Rugby")
    assert (first.slug, second.slug) == ("surgery-in-rugby", "surgery-in-rugby-2")


def test_publishing_refuses_an_incomplete_item_and_says_what_is_missing(office, officer):
    item = services.create_news(office, by=officer, title="Half written", body_cy="Testun")
    with pytest.raises(ValidationError) as refused:
        services.publish_news(item, by=officer)
    assert refused.value.messages == [
        "Write a summary: it is what people see in the list.",
        "Write the text.",
        "The text is written in Welsh only: write it in English too.",
    ]
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert item.published_at is None


def test_publishing_dates_the_item_and_records_who(office, commissioner):
    item = news(office, publish=False)
    before = timezone.now()
    services.publish_news(item, by=commissioner)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.published_at >= before
    latest = item.history.first()
    assert (latest.history_user, latest.history_change_reason) == (commissioner, "Published")


def test_publishing_twice_is_refused(office, officer):
    item = news(office, officer)
    with pytest.raises(ValidationError, match="already published"):
        services.publish_news(item, by=officer)


def test_a_news_item_cannot_be_dated_in_the_future(office, officer):
    item = news(office, publish=False)
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        services.publish_news(item, by=officer, at=timezone.now() + dt.timedelta(days=1))


def test_the_address_follows_the_title_until_published_then_stays(office, officer):
    item = news(office, officer, publish=False, title="First title")
    services.update_news(item, by=officer, title="Second title")
    assert item.slug == "second-title"
    services.publish_news(item, by=officer)
    services.update_news(item, by=officer, title="Third title")
    item.refresh_from_db()
    assert (item.title, item.slug) == ("Third title", "second-title")
    # Unpublished and retitled, it keeps the address people were given, and its first date.
    published_at = item.published_at
    services.unpublish_news(item, by=officer)
    services.update_news(item, by=officer, title="Fourth title")
    services.publish_news(item, by=officer)
    item.refresh_from_db()
    assert (item.slug, item.published_at) == ("second-title", published_at)


def test_unpublishing_takes_it_off_and_unpublishing_again_is_refused(office, officer):
    item = news(office, officer)
    services.unpublish_news(item, by=officer)
    assert NewsItem.objects.get(pk=item.pk).status == Status.DRAFT
    with pytest.raises(ValidationError, match="not published"):
        services.unpublish_news(item, by=officer)


# -- documents --------------------------------------------------------------------------------


def test_a_document_needs_a_deadline_to_come_to_be_published(office, officer):
    draft = services.create_document(office, by=officer, title="Draft strategy", summary="S")
    with pytest.raises(ValidationError) as refused:
        services.publish_document(draft, by=officer)
    assert refused.value.messages == [
        "Write the text.",
        "Set the date and time comments close.",
    ]


def test_a_deadline_in_the_past_is_refused_when_publishing(office, officer):
    draft = document(office, publish=False, closes_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as refused:
        services.publish_document(draft, by=officer)
    assert refused.value.messages == ["The deadline for comments has passed: set a later one."]


def test_a_published_document_is_open_until_its_deadline_then_closed(office, officer):
    strategy = document(office, officer)
    assert strategy.period() == CommentPeriod.OPEN
    assert strategy.period(strategy.closes_at - dt.timedelta(seconds=1)) == CommentPeriod.OPEN
    assert strategy.period(strategy.closes_at) == CommentPeriod.CLOSED
    assert document(office, publish=False).period() == CommentPeriod.DRAFT


def test_closing_early_stops_comments_and_a_later_deadline_opens_it_again(office, officer):
    strategy = document(office, officer)
    services.close_document(strategy, by=officer)
    assert strategy.is_closed
    assert strategy.history.first().history_change_reason == "Closed for comment early"
    with pytest.raises(services.CommentsClosed):
        services.add_comment(strategy, text="Too late")
    services.update_document(strategy, by=officer, closes_at=timezone.now() + dt.timedelta(days=7))
    assert strategy.is_open
    assert strategy.history.first().history_change_reason == "Opened for comment again"


def test_the_pdf_is_stored_under_media_and_a_replaced_one_is_deleted(
    office, officer, django_capture_on_commit_callbacks
):
    strategy = document(office, officer, file=pdf_upload("Engagement Strategy.pdf"))
    first = strategy.file.name
    assert first.startswith(f"publishing/{office.pk}/")
    assert first.endswith("/engagement-strategy.pdf")
    assert (strategy.file_name, strategy.file_size) == ("Engagement Strategy.pdf", len(PDF))
    assert default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_document(strategy, by=officer, file=pdf_upload("v2.pdf"))
    assert not default_storage.exists(first)
    assert default_storage.exists(strategy.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_document(strategy, by=officer, remove_file=True)
    assert (bool(strategy.file), strategy.file_name, strategy.file_size) == (False, "", 0)


def test_unpublishing_a_document_keeps_its_comments(office, officer):
    strategy = document(office, officer)
    comment(strategy, status=CommentStatus.APPROVED, by=officer)
    services.unpublish_document(strategy, by=officer)
    assert Document.objects.get(pk=strategy.pk).period() == CommentPeriod.DRAFT
    assert strategy.comments.count() == 1


# -- comments ---------------------------------------------------------------------------------


def test_a_comment_waits_to_be_checked(office, officer):
    strategy = document(office, officer)
    sent = services.add_comment(strategy, text="  Good plan.  ", name="  Mary   H. ")
    assert (sent.status, sent.text, sent.name) == (CommentStatus.PENDING, "Good plan.", "Mary H.")
    assert sent.office_id == office.pk


def test_a_comment_after_the_deadline_is_refused(office, officer):
    strategy = past_deadline(document(office, officer))
    with pytest.raises(services.CommentsClosed):
        services.add_comment(strategy, text="Just too late")
    assert strategy.comments.count() == 0


def test_a_comment_on_a_draft_is_refused(office):
    with pytest.raises(services.CommentsClosed):
        services.add_comment(document(office, publish=False), text="Early")


def test_a_comment_is_refused_if_the_deadline_passed_since_the_page_was_read(office, officer):
    # The page (and the object in memory) was read while open; the row says it has closed.
    strategy = document(office, officer)
    past_deadline(Document.objects.get(pk=strategy.pk))
    with pytest.raises(services.CommentsClosed):
        services.add_comment(strategy, text="Sent a moment late")


def test_approving_records_who_and_when(office, officer, commissioner):
    sent = comment(document(office, officer))
    services.approve_comment(sent, by=commissioner)
    sent.refresh_from_db()
    assert (sent.status, sent.moderated_by) == (CommentStatus.APPROVED, commissioner)
    assert sent.moderated_at is not None
    assert sent.history.first().history_change_reason == "Comment approved"
    with pytest.raises(ValidationError, match="already approved"):
        services.approve_comment(sent, by=commissioner)


def test_rejecting_needs_a_reason_and_keeps_it(office, officer):
    sent = comment(document(office, officer))
    with pytest.raises(ValidationError) as refused:
        services.reject_comment(sent, reason="   ", by=officer)
    assert refused.value.message_dict == {"reason": ["Say why the comment is not shown."]}
    services.reject_comment(sent, reason="Reports a crime: signposted to 101.", by=officer)
    sent.refresh_from_db()
    assert (sent.status, sent.rejection_reason) == (
        CommentStatus.REJECTED,
        "Reports a crime: signposted to 101.",
    )


def test_an_approved_comment_can_be_taken_down_and_a_rejected_one_approved(office, officer):
    sent = comment(document(office, officer), status=CommentStatus.APPROVED, by=officer)
    services.reject_comment(sent, reason="Named a neighbour after all.", by=officer)
    assert sent.status == CommentStatus.REJECTED
    services.approve_comment(sent, by=officer)
    sent.refresh_from_db()
    assert (sent.status, sent.rejection_reason) == (CommentStatus.APPROVED, "")
    # The history keeps each step.
    assert [h.history_change_reason for h in sent.history.order_by("history_date")] == [
        "Sent from the public site",
        "Comment approved",
        "Comment rejected",
        "Comment approved",
    ]


def test_comments_can_be_checked_after_the_deadline(office, officer):
    strategy = document(office, officer)
    sent = comment(strategy)
    past_deadline(strategy)
    services.approve_comment(sent, by=officer)
    assert sent.status == CommentStatus.APPROVED
