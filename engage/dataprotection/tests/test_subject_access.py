"""Finding a person in every app, only in their own office; the exports."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.utils import timezone

from engage.consultations.models import Consultation, Question, QuestionKind, Response, Section
from engage.dataprotection import subject_access
from engage.dataprotection.inventory import RECORDS
from engage.dataprotection.subject_access import Person, find_person, phone_spellings
from engage.engagements.models import Concern, ConcernTheme
from engage.messaging.models import ConsentRecord, Subscriber
from engage.publishing.models import Comment, Document
from engage.stakeholders.models import Contact, Organisation

pytestmark = pytest.mark.django_db

EMAIL = "priya.shah@example.org"
PHONE = "+447700900123"
NAME = "Priya Shah"


def _place(office, *, email=EMAIL, phone=PHONE, name=NAME):
    """The same person in a consultation, alerts (email and text), a concern, a comment and as a
    partner contact, as each app stores them."""
    consultation = Consultation.objects.create(
        office=office, title="Precept", slug=f"p-{office.slug}"
    )
    section = Section.objects.create(consultation=consultation, title="Your views", position=1)
    question = Question.objects.create(
        consultation=consultation,
        section=section,
        kind=QuestionKind.TEXT,
        text="Anything else?",
        position=1,
    )
    Response.objects.create(
        office=office,
        consultation=consultation,
        email=email.upper(),
        answers={question.key: "I live on Mill Lane."},
        sex="female",
        submitted_at=timezone.now(),
    )
    Subscriber.objects.create(office=office, channel="email", address=email)
    Subscriber.objects.create(office=office, channel="sms", address=phone)
    ConsentRecord.objects.create(
        office=office,
        address=email,
        purpose="alerts",
        action="given",
        wording="w",
        version="1",
        source="web form",
    )
    theme = ConcernTheme.objects.create(office=office, name="Speeding")
    Concern.objects.create(
        office=office,
        summary="Speeding on Mill Lane",
        theme=theme,
        source="contact_form",
        raised_on=dt.date(2026, 11, 1),
        contact_name=name.lower(),
        contact_email=email,
        # As someone typed it into the form, spaces and all.
        contact_phone="07700 900123",
        wants_reply=True,
    )
    document = Document.objects.create(office=office, title="Strategy", slug=f"s-{office.slug}")
    Comment.objects.create(office=office, document=document, text="Good plan", name=name)
    org = Organisation.objects.create(
        office=office, name="Mill Lane Residents", category="community"
    )
    Contact.objects.create(office=office, organisation=org, name=name, phone="07700-900-123")


def _kinds(office, **who):
    return {f.record.label for f in find_person(office, Person.of(**who))}


def test_every_kind_of_record_holding_the_public_is_searched_or_excused():
    assert subject_access.uncovered(r.label for r in RECORDS) == []


def test_a_uk_mobile_is_the_same_number_in_every_spelling():
    assert phone_spellings("07700 900123") == phone_spellings("+447700900123")
    assert "07700900123" in phone_spellings("+44 (0)7700 900123")
    assert phone_spellings("not a number") == set()


def test_search_by_email_finds_the_person_in_every_app_that_holds_their_email(office):
    _place(office)
    assert _kinds(office, email="Priya.Shah@Example.org") == {
        "consultations.Response",
        "messaging.Subscriber",
        "messaging.ConsentRecord",
        "engagements.Concern",
    }


def test_search_by_phone_finds_every_spelling_of_the_number(office):
    _place(office)
    found = find_person(office, Person.of(phone="07700 900123"))
    assert {f.record.label for f in found} == {
        "messaging.Subscriber",
        "engagements.Concern",
        "stakeholders.Contact",
    }
    subscriber = next(f for f in found if f.record.label == "messaging.Subscriber")
    assert [r.obj.address for r in subscriber.rows] == [PHONE]


def test_search_by_name_matches_whole_names_in_any_case(office):
    _place(office)
    assert _kinds(office, name="  PRIYA   shah ") == {
        "engagements.Concern",
        "publishing.Comment",
        "stakeholders.Contact",
    }
    assert _kinds(office, name="Priya") == set()


def test_search_finds_nothing_from_another_office(office, other_office):
    _place(other_office)
    assert find_person(office, Person.of(email=EMAIL, phone=PHONE, name=NAME)) == []
    assert _kinds(other_office, email=EMAIL, phone=PHONE, name=NAME) == {
        "consultations.Response",
        "messaging.Subscriber",
        "messaging.ConsentRecord",
        "engagements.Concern",
        "publishing.Comment",
        "stakeholders.Contact",
    }


def test_json_export_holds_every_field_with_its_label_and_the_special_category_answers(office):
    _place(office)
    person = Person.of(email=EMAIL)
    data = subject_access.as_json(office, person, find_person(office, person), now=timezone.now())
    response = next(r for r in data["records"] if r["model"] == "consultations.Response")
    fields = {f["field"]: f for f in response["items"][0]["fields"]}
    assert fields["email"]["label"] == "email"
    assert fields["email"]["value"] == EMAIL.upper()
    assert fields["sex"] == {
        "field": "sex",
        "label": "sex",
        "class": "Special category",
        "value": "Female",
    }
    assert fields["answers"]["value"] == [
        {"question": "Anything else?", "answer": "I live on Mill Lane."}
    ]
    # The return link's key would let whoever holds the file act as the person.
    assert "token" not in fields
    assert response["lawful_basis"] == "Public task (Art. 6(1)(e))"
    assert response["retention"][0].startswith("Email address and return link erased")


def test_pdf_export_is_a_pdf_with_their_name_and_their_rights(office, tmp_path):
    _place(office)
    person = Person.of(email=EMAIL, name=NAME)
    pdf = subject_access.render_pdf(
        office, person, find_person(office, person), now=timezone.now(), reference="SAR-0007"
    )
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    command = [shutil.which("pdftotext") or "pdftotext", str(path), "-"]
    out = subprocess.run(command, capture_output=True, check=True)  # noqa: S603 - our own file
    text = " ".join(out.stdout.decode().split())
    assert "Dear Priya Shah" in text
    assert "SAR-0007" in text
    assert "I live on Mill Lane." in text
    assert "Information Commissioner" in text
