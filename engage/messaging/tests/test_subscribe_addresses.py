"""One spelling of each email address and UK mobile, messages that say what to type, masks."""

import pytest
from django.core.exceptions import ValidationError

from engage.messaging.addresses import mask, normalise_email, normalise_phone


@pytest.mark.parametrize(
    "typed",
    ["07700 900123", "+44 7700 900123", "07700900123", "(07700) 900-123", "0044 7700 900123"],
)
def test_a_uk_mobile_is_stored_in_one_spelling(typed):
    assert normalise_phone(typed) == "+447700900123"


def test_a_real_uk_mobile_range_is_accepted():
    assert normalise_phone("07911 123456") == "+447911123456"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your mobile number, like 07700 900123"),
        ("0770090012", "Enter a UK mobile number, like 07700 900123"),
        ("07700 900123 ext 4", "Enter a UK mobile number, like 07700 900123"),
        ("seven seven", "Enter a UK mobile number, like 07700 900123"),
        (
            "020 7946 0000",
            "Enter a mobile number, not a landline: mobile numbers start with 07, "
            "like 07700 900123",
        ),
        (
            "+353 85 123 4567",
            "Enter a UK mobile number, like 07700 900123. We cannot send texts abroad.",
        ),
    ],
)
def test_a_number_we_cannot_text_says_what_to_type(typed, message):
    with pytest.raises(ValidationError) as error:
        normalise_phone(typed)
    assert error.value.messages == [message]


def test_an_email_address_is_stored_in_lower_case():
    assert normalise_email("  Jo.Bloggs@Example.ORG ") == "jo.bloggs@example.org"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your email address"),
        ("jo.bloggs", "Enter an email address in the correct format, like name@example.com"),
        ("jo@", "Enter an email address in the correct format, like name@example.com"),
        ("jo @example.org", "Enter an email address in the correct format, like name@example.com"),
    ],
)
def test_a_malformed_email_says_what_to_type(typed, message):
    with pytest.raises(ValidationError) as error:
        normalise_email(typed)
    assert error.value.messages == [message]


def test_staff_lists_show_masked_addresses():
    assert mask("jo.bloggs@example.org") == "j•••@example.org"
    assert mask("+447700900123") == "+44•••••••123"


def test_one_box_for_both_tells_an_email_from_a_mobile():
    from engage.messaging.addresses import channel_of

    assert channel_of("jo@example.org") == "email"
    assert channel_of("jo.bloggs") == "email"
    assert channel_of("07700 900123") == "sms"
    assert channel_of("+44 7700 900123") == "sms"
