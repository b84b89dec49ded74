"""The privacy notice, one section per purpose for which the office holds personal data.

Each purpose says what is collected, why (the lawful basis under UK GDPR), who sees it and how
long it is kept. Where a purpose has a notice of its own (each consultation has one; alerts have
one), the section links to it. The lawful basis is read from the data inventory's purposes
(engage/dataprotection/inventory.py), so that the notice and the inventory say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from engage.core.models import Office
from engage.dataprotection.inventory import PURPOSES


@dataclass(frozen=True)
class Purpose:
    key: str
    title: Promise
    collected: Promise
    basis: Promise
    who_sees: Promise
    kept: Promise
    notice_url: str = ""


PUBLIC_TASK = _(
    "Public task: the Commissioner's duty under the Police Reform and Social Responsibility "
    "Act 2011 to obtain the views of the public about policing."
)


def _url(name: str, office: Office) -> str:
    try:
        return reverse(name, args=[office.slug])
    except NoReverseMatch:
        return ""


def purposes(office: Office) -> list[Purpose]:
    return [
        Purpose(
            key="consultations",
            title=_("Consultations and surveys"),
            collected=_(
                "Your answers; if you choose to give them, your age group, sex, ethnic group, "
                "disability and postcode district; and an email address only if you ask to hear "
                "the outcome or to save your answers and come back."
            ),
            basis=PURPOSES["consultations"].notice_basis,
            who_sees=_(
                "Staff of the office who analyse the consultation. Published results never "
                "show fewer than 10 people or anything you wrote."
            ),
            kept=_(
                "Answers are kept for three years after the consultation closes, then deleted "
                "or made anonymous. Your email address is deleted once we have told you the "
                "outcome."
            ),
            notice_url=_url("consultations:public_list", office),
        ),
        Purpose(
            key="alerts",
            title=_("Community alerts"),
            collected=_(
                "Your email address or mobile number, the areas and topics you chose, your "
                "language, and a record of your consent with the words you were shown."
            ),
            basis=PURPOSES["alerts"].notice_basis,
            who_sees=_(
                "Staff of the office who send alerts. Your details are not shared with the "
                "police or anyone else and are kept apart from any police system."
            ),
            kept=_(
                "Until you leave. A sign-up that is not confirmed is deleted after 7 days. The "
                "record of your consent is kept for six years after you leave, to show we had "
                "it."
            ),
            notice_url=_url("messaging:privacy", office),
        ),
        Purpose(
            key="surgeries",
            title=_("Surgeries with the Commissioner"),
            collected=_(
                "Your name, an email address or phone number, and a few words about what you "
                "want to discuss; after the meeting, confidential notes of the case."
            ),
            basis=PURPOSES["surgeries"].notice_basis,
            who_sees=_(
                "The Commissioner, the Deputy, the Chief Executive and the officer looking "
                "after your case. Nobody else, and every reading of the notes is logged."
            ),
            kept=_("Two years after your case is closed, then deleted."),
        ),
        Purpose(
            key="contact",
            title=_("Contacting the Commissioner"),
            collected=_(
                "What you tell us, and your name and email address or phone number if you "
                "want a reply."
            ),
            basis=PURPOSES["contact"].notice_basis,
            who_sees=_("Staff of the office who deal with what you raise."),
            kept=_(
                "Your contact details are deleted once we have replied or told you what came "
                "of it; what you raised is kept, without your details, to show what people "
                "told us."
            ),
        ),
        Purpose(
            key="comments",
            title=_("Comments on documents"),
            collected=_(
                "Your comment and, if you give them, your name and the area you live in. "
                "Comments are read by staff before they are shown."
            ),
            basis=PURPOSES["comments"].notice_basis,
            who_sees=_(
                "Staff of the office; once approved, everyone can read your comment and the "
                "name you chose to give. We never show an email address."
            ),
            kept=_("Three years after the document's deadline."),
        ),
        Purpose(
            key="feedback",
            title=_("Feedback after an event"),
            collected=_("How useful you found the event and any comment. No name is asked for."),
            basis=PURPOSES["feedback"].notice_basis,
            who_sees=_("Staff of the office."),
            kept=_("Three years."),
        ),
    ]
