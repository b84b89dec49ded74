"""Starting points for an alert: the kinds of message an office sends most often.

Staff pick one (`/alerts/new/?template=cctv`) and change the words in square brackets; an alert
is not sent while any remain (see `alerts.placeholders_in`). The text is English only: the Welsh
fields start empty for staff to fill in, as a machine translation of an appeal would not do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from engage.messaging.models import AlertKind, Topic


@dataclass(frozen=True)
class AlertTemplate:
    key: str
    label: Promise  # what staff see in the list of starting points
    kind: str
    title: str
    body: str
    sms_text: str
    topics: int


TEMPLATES: dict[str, AlertTemplate] = {
    t.key: t
    for t in [
        AlertTemplate(
            key="cctv",
            label=_("Appeal: do you have CCTV on this street?"),
            kind=AlertKind.APPEAL,
            title="Do you have CCTV on [street name]?",
            body=(
                "There have been [number] burglaries on and around [street name] between "
                "[first date] and [last date].\n\n"
                "If you have a doorbell camera, dashcam or CCTV that covers the street, please "
                "check your footage for anyone acting suspiciously between [times].\n\n"
                "Please do not approach anyone or post footage on social media. Reply to this "
                "message to tell us what you have, or call 101 quoting [crime reference]. "
                "In an emergency, call 999."
            ),
            sms_text=(
                "Police appeal: burglaries on [street name] [dates]. Do you have CCTV, a doorbell "
                "camera or dashcam covering the street? Please check it and reply, or call 101 "
                "quoting [crime reference]."
            ),
            topics=Topic.APPEALS | Topic.BURGLARY,
        ),
        AlertTemplate(
            key="burglary",
            label=_("Warning: burglaries in the area"),
            kind=AlertKind.ALERT,
            title="Burglaries in [area]: how to keep your home safe",
            body=(
                "There have been [number] burglaries in [area] in the last [period], mostly "
                "[how they got in, for example through unlocked back doors].\n\n"
                "Lock doors and windows, even when you are at home. Keep keys, including car "
                "keys, away from doors and letterboxes. Use timer switches for lights when you "
                "are out, and mark valuables with your postcode.\n\n"
                "If you see something suspicious, call 101. If a crime is happening now, call 999."
            ),
            sms_text=(
                "Burglaries in [area]: lock doors and windows even when you are in, and keep "
                "keys away from the door. See something suspicious? Call 101. Crime happening "
                "now? Call 999."
            ),
            topics=Topic.BURGLARY,
        ),
        AlertTemplate(
            key="scam",
            label=_("Warning: a scam going round"),
            kind=AlertKind.ALERT,
            title="Scam warning: [what the scam is]",
            body=(
                "People in [area] have been contacted by [phone, text, email or at the door] by "
                "someone claiming to be [who they say they are]. They ask for [what they ask for].\n\n"
                "Your bank and the police will never ask you to move money, hand over your card "
                "or tell them your PIN. If in doubt, hang up, wait five minutes and call a number "
                "you know is genuine.\n\n"
                "Report fraud to Action Fraud on 0300 123 2040. Forward scam texts to 7726, free. "
                "If someone is at your door now and will not leave, call 999."
            ),
            sms_text=(
                "Scam warning: people in [area] are being contacted by someone claiming to be "
                "[who]. Your bank and police will never ask you to move money. Forward scam "
                "texts to 7726."
            ),
            topics=Topic.SCAMS,
        ),
        AlertTemplate(
            key="road",
            label=_("Road safety or a road closure"),
            kind=AlertKind.ALERT,
            title="Road safety: [road name]",
            body=(
                "[What is happening, for example: speed checks on [road name] this week, or the "
                "road is closed between [junctions] from [date] to [date]].\n\n"
                "[Why, and what people should do, for example: please slow down near the school "
                "at drop-off and pick-up times, or follow the signed diversion.]\n\n"
                "To report dangerous driving, call 101 or use the force's website. In an "
                "emergency, call 999."
            ),
            sms_text=(
                "Road safety, [road name]: [what is happening and when]. Please [what to do]. "
                "Report dangerous driving on 101; in an emergency call 999."
            ),
            topics=Topic.ROAD_SAFETY,
        ),
        AlertTemplate(
            key="consultation",
            label=_("Have your say: a consultation is open"),
            kind=AlertKind.NEWS,
            title="Have your say on [subject]",
            body=(
                "The Police and Crime Commissioner wants to hear from people in [area] about "
                "[subject].\n\n"
                "It takes about [number] minutes. You can answer online at [web address], or ask "
                "for a paper copy by calling [phone number]. It closes on [closing date].\n\n"
                "What you say will be read and will help decide [what it will decide]. We will "
                "publish what people said and what was done."
            ),
            sms_text=(
                "Have your say on [subject]: the Police and Crime Commissioner wants to hear from "
                "people in [area]. Answer at [web address] by [closing date]."
            ),
            topics=Topic.CONSULTATIONS,
        ),
        AlertTemplate(
            key="meeting",
            label=_("Community meeting"),
            kind=AlertKind.NEWS,
            title="Community meeting in [place] on [date]",
            body=(
                "Come and meet [who, for example your neighbourhood officers and the Police and "
                "Crime Commissioner] at [venue, address] on [date] from [start time] to "
                "[end time].\n\n"
                "Tell us what matters to you about crime and safety in [area]. Everyone is "
                "welcome and you do not need to book. [Access details, for example: the venue "
                "has step-free access and a hearing loop.]"
            ),
            sms_text=(
                "Community meeting: [venue], [date], [start time] to [end time]. Meet your "
                "neighbourhood officers and tell us what matters in [area]. All welcome."
            ),
            topics=Topic.CONSULTATIONS | Topic.COMMISSIONER,
        ),
    ]
}


def template_choices() -> list[tuple[str, Promise]]:
    return [(t.key, t.label) for t in TEMPLATES.values()]
