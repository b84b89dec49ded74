"""Email addresses and UK mobile numbers: one spelling of each, and a masked form for staff lists.

Every address Engage stores or compares goes through here first, so "Jo@Example.org" and
"jo@example.org", or "07700 900123" and "+44 7700 900123", are the same person: emails in lower
case, mobiles in E.164 ("+447700900123"). The messages say what to type, not what went wrong.
"""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

EMAIL_EXAMPLE = "name@example.com"
PHONE_EXAMPLE = "07700 900123"
MASK = "•"

# What people type around the digits of a phone number; anything else (letters, "ext") is a typo.
PHONE_CHARACTERS = re.compile(r"^[\d\s()+.\-]+$")
# Ofcom keeps 07700 900000–900999 for drama and examples: not "valid" to phonenumbers, but it is
# the number our forms show as the example, and the one the demo and the tests use.
EXAMPLE_RANGE = re.compile(r"^\+447700900\d{3}$")
# Mobiles on +44 include the Isle of Man, Guernsey and Jersey: texts reach them at UK rates.
UK_MOBILE_REGIONS = {"GB", "IM", "GG", "JE"}


def normalise_email(text: str) -> str:
    """The address in lower case, or ValidationError saying what to type."""
    address = (text or "").strip()
    if not address:
        raise ValidationError(_("Enter your email address"), code="required")
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            _("Enter an email address in the correct format, like %(example)s")
            % {"example": EMAIL_EXAMPLE},
            code="invalid",
        ) from None
    # The part before the @ may in theory be case-sensitive; no provider treats it so, and one
    # spelling per person matters more (a second subscription, an unsubscribe that misses).
    return address.lower()


def normalise_phone(text: str) -> str:
    """A UK mobile number in E.164 (+447700900123), or ValidationError saying what to type."""
    raw = (text or "").strip()
    if not raw:
        raise ValidationError(
            _("Enter your mobile number, like %(example)s") % {"example": PHONE_EXAMPLE},
            code="required",
        )
    invalid = ValidationError(
        _("Enter a UK mobile number, like %(example)s") % {"example": PHONE_EXAMPLE},
        code="invalid",
    )
    if not PHONE_CHARACTERS.match(raw):
        raise invalid
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        raise invalid from None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if EXAMPLE_RANGE.match(e164):
        return e164
    if not phonenumbers.is_valid_number(number):
        raise invalid
    if number.country_code != 44 or (
        phonenumbers.region_code_for_number(number) not in UK_MOBILE_REGIONS
    ):
        raise ValidationError(
            _("Enter a UK mobile number, like %(example)s. We cannot send texts abroad.")
            % {"example": PHONE_EXAMPLE},
            code="abroad",
        )
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        raise ValidationError(
            _(
                "Enter a mobile number, not a landline: mobile numbers start with 07, "
                "like %(example)s"
            )
            % {"example": PHONE_EXAMPLE},
            code="landline",
        )
    return e164


def normalise(channel: str, text: str) -> str:
    """`normalise_email` or `normalise_phone`, by channel ("email" or "sms")."""
    return normalise_email(text) if channel == "email" else normalise_phone(text)


def channel_of(text: str) -> str:
    """Which channel an address typed into one box is for: an @ or a letter means email (so
    "jo.bloggs" is told how an email address looks, not how a phone number does)."""
    text = text or ""
    return "email" if "@" in text or any(c.isalpha() for c in text) else "sms"


def mask(address: str) -> str:
    """Enough of an address for staff to tell two apart, not enough to read it out:
    "j•••@example.org", "+44•••••••123"."""
    if "@" in address:
        local, _at, domain = address.rpartition("@")
        return f"{local[:1]}{MASK * 3}@{domain}"
    if len(address) <= 6:
        return MASK * len(address)
    return f"{address[:3]}{MASK * (len(address) - 6)}{address[-3:]}"
