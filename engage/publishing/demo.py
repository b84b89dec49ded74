"""The demo office's news and its draft engagement strategy, open for comment.

Seed 004 is Warwickshire's 2013 engagement strategy, which ended: "I would welcome comments on
the strategy if possible by 30 November 2013, after which I will publish a revised strategy."
Here its successor is open for comment on the public site until three weeks from today, with a
PDF, four comments approved and shown, and two waiting to be checked. Three news items are
published (one in Welsh too) and one is a draft.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape

from engage.accounts.models import User
from engage.core.models import Office
from engage.core.templatetags.engage import prose
from engage.meetings.services import local_datetime
from engage.places.models import Area
from engage.publishing import services
from engage.publishing.models import Comment, Document

STRATEGY_TITLE = "Draft community engagement strategy 2027–2030"
STRATEGY_SUMMARY = (
    "How the Commissioner will inform, consult and involve people across Warwickshire for the "
    "next three years: online, at community forums, with young people and with partners. Tell "
    "us what you think before we publish the final strategy."
)
STRATEGY_BODY = """The Police Reform and Social Responsibility Act 2011 gives the Commissioner a duty to listen to local people about policing, and to have regard to what they say. This draft strategy sets out how the Commissioner and the office will do that from 2027 to 2030.

Warwickshire is a safe place to live, and that is an important message in itself. But there is more we can do together to reduce crime and anti-social behaviour, so that people are safe and feel safe where they live.

The strategy has three aims:
- Inform: tell people what the Commissioner is doing and why, in plain words and in the places they already look.
- Consult: ask people what matters to them before decisions are made, and say what we did with what they told us.
- Involve: give people and communities a part in keeping their area safe, as volunteers, ambassadors and partners.

Ways to engage

People reach public bodies in many ways: in person, by phone, online and on social media, and at public meetings. We will use all of them. Our website will show where the Commissioner will be each month, what was heard at past visits, the consultations that are open, and what came of them.

Community forums and ambassadors

The Commissioner or the Deputy will attend each of the county's 30 community forums at least once every two years. Community Safety Ambassadors, who are volunteers, attend the others and report back what they hear. Their reports shape the concerns we follow up.

Young people

We will work with the youth council and Members of the Youth Parliament, and go to schools, colleges and youth clubs, so that young people who are not on a council are heard too. Young people have told us that bullying, and cyberbullying in particular, worries them most.

Partnership working

We will meet councils, community safety partnerships, health services, Neighbourhood Watch, victims' services and faith, disability and LGBT groups on a regular schedule, and publish what those meetings are for.

Consultation on this draft

We would welcome your comments on this draft by the deadline shown on this page. We will read every comment, publish a summary of what people said, and then publish the final strategy with the changes we made."""

STRATEGY_TITLE_CY = "Strategaeth ymgysylltu â'r gymuned ddrafft 2027–2030"
STRATEGY_SUMMARY_CY = (
    "Sut bydd y Comisiynydd yn rhoi gwybod i bobl, yn ymgynghori â nhw ac yn eu cynnwys ledled "
    "Swydd Warwick am y tair blynedd nesaf. Dywedwch wrthym beth yw eich barn cyn i ni "
    "gyhoeddi'r strategaeth derfynol."
)

NEWS = [
    # (days ago, title, summary, body, Welsh title, Welsh summary, Welsh body)
    (
        9,
        "Have your say on our draft community engagement strategy",
        "The Commissioner wants to hear how you would like to be kept informed, asked and "
        "involved. The draft strategy is open for comment for four weeks.",
        "The Commissioner has published a draft community engagement strategy for 2027 to 2030. "
        "It sets out how the office will tell people what it is doing, ask them what matters "
        "before decisions are made, and involve communities in keeping their area safe.\n\n"
        "You can read the draft on this site and comment on it without signing up. Comments "
        "are checked before they are shown. Paper copies are available from the office.\n\n"
        "“The last strategy said our website was static and not interactive,” said the "
        "Commissioner. “This one is written for a site where you can see where I will be, have "
        "your say and see what came of it. Tell us what we have missed.”",
        "Dweud eich dweud ar ein strategaeth ymgysylltu â'r gymuned ddrafft",
        "Mae'r Comisiynydd eisiau clywed sut hoffech chi gael gwybod, cael eich holi a chael "
        "eich cynnwys. Mae'r strategaeth ddrafft ar agor am sylwadau am bedair wythnos.",
        "Mae'r Comisiynydd wedi cyhoeddi strategaeth ymgysylltu â'r gymuned ddrafft ar gyfer "
        "2027 i 2030. Mae'n nodi sut bydd y swyddfa'n dweud wrth bobl beth mae'n ei wneud, yn "
        "gofyn beth sy'n bwysig iddyn nhw cyn gwneud penderfyniadau, ac yn cynnwys cymunedau "
        "wrth gadw eu hardal yn ddiogel.\n\n"
        "Gallwch ddarllen y drafft ar y wefan hon a rhoi sylwadau heb gofrestru. Caiff sylwadau "
        "eu gwirio cyn eu dangos.",
    ),
    (
        16,
        "Commissioner hears young people's worries about cyberbullying",
        "At the county youth council, young people told the Commissioner that online bullying "
        "follows them home. Schools officers will run sessions this term.",
        "The Commissioner spent an evening with the county youth council in Leamington. Members "
        "said that bullying no longer stops at the school gate: it carries on at home, on "
        "phones, in group chats and games.\n\n"
        "What happens next:\n"
        "- Schools officers will run sessions on reporting online abuse in every secondary "
        "school this term.\n"
        "- The youth council will help write a short guide for parents.\n"
        "- The Commissioner will come back in the spring to hear how it went.",
        "",
        "",
        "",
    ),
    (
        11,
        "Rural crime team stays at full strength",
        "The precept set for 2027/28 keeps the rural crime team at full strength and pays for "
        "more officers on foot in town centres.",
        "After hearing from more than 2,000 people in the precept consultation, the Commissioner "
        "has set the policing part of council tax for 2027/28.\n\n"
        "The increase of £14 a year for a Band D home pays for 24 more neighbourhood officers "
        "and PCSOs on foot patrol in the town centres where people told us they rarely see the "
        "police, and keeps the rural crime team at its full strength.\n\n"
        "You can read what people told us, and what we did about it, on our “you said, we did” "
        "page.",
        "",
        "",
        "",
    ),
]

DRAFT_NEWS = (
    "Volunteers wanted: Community Safety Ambassadors",
    "We are looking for people in every district to attend community forums and report back "
    "what they hear.",
)

# (days after opening, hours, name, district, text, approved)
COMMENTS = [
    (
        1,
        19,
        "Mary H.",
        "Rugby",
        "Good to see the community forums kept. Our forum has been the only place I have met "
        "anyone from the police in years. Please say in advance when the Commissioner or the "
        "Deputy will be there, so we can bring our questions.",
        True,
    ),
    (
        2,
        10,
        "",
        "Nuneaton and Bedworth",
        "Online is fine for many of us, but a lot of older people on our estate do not use the "
        "internet at all. Please keep printed leaflets in libraries and GP surgeries, and put "
        "the dates of meetings in the local paper.",
        True,
    ),
    (
        3,
        16,
        "Jordan",
        "Warwick",
        "The strategy says the youth council will be asked. Most young people are not on a "
        "youth council. Come to colleges, sports clubs and youth centres as well.",
        True,
    ),
    (
        5,
        21,
        "Cllr P. Singh",
        "Stratford-on-Avon",
        "Rural parishes often feel left out. Thirty forums across the county is welcome, but "
        "our nearest is a forty-minute drive. Could some meetings be held online, or in village "
        "halls in turn?\n\nThank you for asking.",
        True,
    ),
    (
        7,
        8,
        "",
        "North Warwickshire",
        "Will the ambassadors' reports be published? It would help to see what they heard at "
        "our forum and what was done about it.",
        False,
    ),
    (
        8,
        13,
        "Sam",
        "Rugby",
        "A car was broken into on my street last week and nobody has called me back. Who do I "
        "talk to about that?",
        False,
    ),
]


def _strategy_pdf(office: Office) -> bytes:
    """The draft as a PDF (WeasyPrint, tagged for screen readers), as an office would attach."""
    from weasyprint import HTML

    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(STRATEGY_TITLE)}</title>"
        "<style>body{font-family:sans-serif;font-size:11pt;line-height:1.4;margin:2cm}"
        "h1{font-size:20pt}</style></head><body>"
        f"<p>{escape(office.name)}</p><h1>{escape(STRATEGY_TITLE)}</h1>"
        f"<p><strong>{linebreaksbr(STRATEGY_SUMMARY)}</strong></p>{prose(STRATEGY_BODY)}"
        "</body></html>"
    )
    return bytes(HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1"))


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return local_datetime(day, dt.time(hour, minute))


def build_publishing(
    office: Office, people: dict[str, User], today: dt.date, rng: random.Random
) -> Document:
    """The demo's news and its engagement strategy open for comment; returns the strategy."""
    officer = people["officer"]
    commissioner = people["commissioner"]
    for days, title, summary, body, title_cy, summary_cy, body_cy in NEWS:
        item = services.create_news(
            office,
            by=officer,
            title=title,
            summary=summary,
            body=body,
            title_cy=title_cy,
            summary_cy=summary_cy,
            body_cy=body_cy,
        )
        services.publish_news(
            item, by=commissioner, at=_at(today - dt.timedelta(days=days), 10, rng.randrange(60))
        )
    services.create_news(office, by=officer, title=DRAFT_NEWS[0], summary=DRAFT_NEWS[1])

    opened = today - dt.timedelta(days=9)
    strategy = services.create_document(
        office,
        by=officer,
        title=STRATEGY_TITLE,
        title_cy=STRATEGY_TITLE_CY,
        summary=STRATEGY_SUMMARY,
        summary_cy=STRATEGY_SUMMARY_CY,
        body=STRATEGY_BODY,
        closes_at=_at(today + dt.timedelta(days=21), 17),
        file=ContentFile(_strategy_pdf(office), name="Draft engagement strategy 2027-2030.pdf"),
    )
    services.publish_document(strategy, by=commissioner)
    Document.objects.filter(pk=strategy.pk).update(published_at=_at(opened, 9, 30))

    districts = {a.name: a for a in Area.objects.for_office(office).districts()}
    for days, hour, name, district, text, approved in COMMENTS:
        comment = services.add_comment(strategy, text=text, name=name, area=districts.get(district))
        sent = _at(opened + dt.timedelta(days=days), hour, rng.randrange(60))
        if approved:
            services.approve_comment(comment, by=officer)
            Comment.objects.filter(pk=comment.pk).update(
                created_at=sent, moderated_at=sent + dt.timedelta(hours=15)
            )
        else:
            Comment.objects.filter(pk=comment.pk).update(created_at=sent)
    strategy.refresh_from_db()
    return strategy
