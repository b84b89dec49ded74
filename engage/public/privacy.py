"""The privacy notice, one section per purpose for which the office holds personal data.

Each purpose says what is collected, why (the lawful basis under UK GDPR), who sees it and how
long it is kept. Where a purpose has a notice of its own (each consultation has one; alerts have
one), the section links to it. The lawful basis is read from the data inventory's purposes
(engage/dataprotection/inventory.py), and so is every period in "how long we keep it": each
sentence quotes the period of an inventory rule by its key (`QUOTED`), the rule the retention
command enforces, so that the notice and what Engage does cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from engage.core.models import Office
from engage.dataprotection.inventory import PURPOSES, rule


@dataclass(frozen=True)
class Purpose:
    key: str
    title: Promise
    collected: Promise
    basis: Promise
    who_sees: Promise
    kept: Promise | str
    notice_url: str = ""


PUBLIC_TASK = _(
    "Public task: the Commissioner's duty under the Police Reform and Social Responsibility "
    "Act 2011 to obtain the views of the public about policing."
)


# For each purpose, the inventory rules its "how long we keep it" quotes, by the name it gives
# each in its sentence. A test checks that every rule deleting or erasing the public's data is
# quoted here.
QUOTED: dict[str, dict[str, str]] = {
    "consultations": {
        "response": "consultations.response",
        "about_you": "consultations.about_you",
        "after_outcome": "consultations.email_after_outcome",
        "no_outcome": "consultations.email_no_outcome",
    },
    "alerts": {"left": "alerts.left", "pending": "alerts.pending", "consent": "alerts.consent"},
    "surgeries": {"closed": "surgeries.closed", "cancelled": "surgeries.cancelled"},
    "contact": {
        "after_reply": "contact.after_reply",
        "at_most": "contact.at_most",
        "concern": "contact.concern",
    },
    "comments": {"comments": "comments"},
    "feedback": {"feedback": "feedback"},
}


def periods(purpose: str) -> dict[str, str]:
    """The periods a purpose's "how long we keep it" quotes, from the inventory's rules."""
    return {name: rule(key).period for name, key in QUOTED[purpose].items()}


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
                "Answers are kept for %(response)s after the consultation closes, then deleted; "
                "your answers about yourself are erased %(about_you)s after it closes. Your "
                "email address is erased %(after_outcome)s after we publish the outcome, or "
                "%(no_outcome)s after the consultation closes if no outcome is published."
            )
            % periods("consultations"),
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
                "Until you leave: your details are deleted %(left)s after. A sign-up that is "
                "not confirmed is deleted after %(pending)s. The record of your consent is "
                "kept for %(consent)s, to show we had it."
            )
            % periods("alerts"),
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
            kept=_(
                "%(closed)s after your case is closed, then deleted with its notes. A booking "
                "that was cancelled or missed is deleted %(cancelled)s after the surgery."
            )
            % periods("surgeries"),
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
                "Your contact details are erased %(after_reply)s after we reply, in case you "
                "write back, and in any case %(at_most)s after you contacted us. What you raised "
                "is kept, without your details, for %(concern)s, to show what people told us."
            )
            % periods("contact"),
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
            kept=_("%(comments)s after the document's deadline.") % periods("comments"),
        ),
        Purpose(
            key="feedback",
            title=_("Feedback after an event"),
            collected=_("How useful you found the event and any comment. No name is asked for."),
            basis=PURPOSES["feedback"].notice_basis,
            who_sees=_("Staff of the office."),
            kept=_("%(feedback)s, then deleted.") % periods("feedback"),
        ),
    ]
