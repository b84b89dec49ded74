"""A plain-text press release and a short radio script of any alert.

Not everyone is online or wants to be on a police mailing list (seed 002: "the continuing
relevance of traditional media, including local radio and newspapers"). Staff copy these into an
email to the newsdesk or read them to a local radio station. Both are written in the language
the page is shown in, from the alert's text in that language where it has been written.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from engage.core.bilingual import bilingual
from engage.messaging.models import Alert, AlertKind

# About 30 seconds read aloud at the 150 words a minute of a calm radio voice.
RADIO_WORDS = 75
# Plain text is wrapped as email is: readable pasted anywhere, and on the page.
WIDTH = 78


def _wrap(lines: list[str]) -> str:
    wrapped = [
        textwrap.fill(line, WIDTH, break_long_words=False, break_on_hyphens=False) if line else ""
        for line in lines
    ]
    return "\n".join(wrapped).strip() + "\n"


def _when(alert: Alert) -> dt.date:
    moment = alert.sent_at or alert.send_at or timezone.now()
    return timezone.localtime(moment).date()


def _area_names(alert: Alert) -> str:
    names = [bilingual(a, "name") for a in alert.areas.all().order_by("name")]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _subscribe_url(alert: Alert) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "messaging:subscribe", kwargs={"office": alert.office.slug}
    )


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def press_release(alert: Alert) -> str:
    """The alert as a press release: headline, dateline, body, ENDS, notes to editors."""
    office = alert.office
    day = date_format(_when(alert), "j F Y")
    areas = _area_names(alert)
    body = _paragraphs(bilingual(alert, "body"))
    lines = [_("PRESS RELEASE"), office.name, ""]
    if alert.send_at and alert.send_at > timezone.now():
        lines.append(
            _("Embargoed until %(time)s on %(day)s")
            % {"time": timezone.localtime(alert.send_at).strftime("%H:%M"), "day": day}
        )
    else:
        lines.append(_("For immediate release: %(day)s") % {"day": day})
    lines += ["", bilingual(alert, "title").upper(), ""]
    dateline = f"{areas}, {day}" if areas else day
    if body:
        lines.append(f"{dateline} – {body[0]}")
        for paragraph in body[1:]:
            lines += ["", paragraph]
    if alert.kind == AlertKind.APPEAL and "101" not in " ".join(body):
        lines += [
            "",
            _(
                "Anyone with information is asked to call %(force)s on 101, or 999 in an "
                "emergency. Information can also be given anonymously to the independent charity "
                "Crimestoppers on 0800 555 111."
            )
            % {"force": office.force_name},
        ]
    lines += ["", _("ENDS"), "", _("Notes to editors"), ""]
    sent = (
        _(
            "This %(kind)s was sent on %(day)s by the %(office)s to people who have signed up "
            "for community alerts%(where)s."
        )
        if alert.sent_at
        else _(
            "This %(kind)s goes on %(day)s from the %(office)s to people who have signed up "
            "for community alerts%(where)s."
        )
    )
    notes = [
        sent
        % {
            "kind": alert.get_kind_display().lower(),
            "day": day,
            "office": office.name,
            "where": _(" in %(areas)s") % {"areas": areas} if areas else "",
        },
        _(
            "Anyone can sign up for alerts by email or text message, in English or Welsh, at "
            "%(url)s. No account is needed and people can leave at any time."
        )
        % {"url": _subscribe_url(alert)},
        _("For more information, contact the %(office)s: %(email)s")
        % {"office": office.name, "email": office.email or _("[contact email]")},
    ]
    for n, note in enumerate(notes, start=1):
        lines += [f"{n}. {note}", ""]
    return _wrap(lines)


# -- the radio script --------------------------------------------------------------------------

ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINALS = {
    1: "first",
    2: "second",
    3: "third",
    5: "fifth",
    8: "eighth",
    9: "ninth",
    12: "twelfth",
    20: "twentieth",
    30: "thirtieth",
}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DIGIT_WORDS = {"0": "oh", **{str(i): ONES[i] for i in range(1, 10)}}


def number_words(n: int) -> str:
    """0 to 9,999 as said aloud, British style: 2,345 is "two thousand three hundred and
    forty-five"; years from 2000 to 2099 are said as years ("twenty twenty-six")."""
    if n < 20:
        return ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return TENS[tens] + (f"-{ONES[ones]}" if ones else "")
    if 2010 <= n <= 2099:
        return f"twenty {number_words(n - 2000)}"
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")
    if n < 10000:
        thousands, rest = divmod(n, 1000)
        words = f"{ONES[thousands]} thousand"
        if rest:
            words += (" and " if rest < 100 else " ") + number_words(rest)
        return words
    return " ".join(DIGIT_WORDS[d] for d in str(n))


def ordinal_words(n: int) -> str:
    if n in ORDINALS:
        return ORDINALS[n]
    if n > 20 and n % 10:
        return f"{TENS[n // 10]}-{ordinal_words(n % 10)}"
    word = number_words(n)
    return (word[:-1] + "ieth") if word.endswith("y") else word + "th"


def _time_words(match: re.Match[str]) -> str:
    hour, minute = int(match["h"]), int(match["m"])
    if hour == 12 and minute == 0:
        return "midday"
    if hour == 0 and minute == 0:
        return "midnight"
    part = "in the morning" if hour < 12 else "in the afternoon" if hour < 18 else "in the evening"
    spoken = number_words(hour % 12 or 12)
    if minute == 0:
        return f"{spoken} o'clock {part}"
    if minute == 30:
        return f"half past {spoken} {part}"
    minutes = number_words(minute) if minute >= 10 else f"oh {number_words(minute)}"
    return f"{spoken} {minutes} {part}"


def _web_words(address: str) -> str:
    """www.avonshire-pcc.org.uk/alerts → "avonshire dash p c c dot org dot uk slash alerts"."""
    address = re.sub(r"^https?://", "", address).rstrip("/")
    address = re.sub(r"^www\.", "", address)
    words = []
    for part in re.split(r"([./@-])", address):
        if part in {".": 1, "/": 1, "@": 1, "-": 1}:
            words.append({".": "dot", "/": "slash", "@": "at", "-": "dash"}[part])
        elif part:
            # Short letter groups (pcc, uk) are spelled out; words are read as words.
            if part.isdigit():
                words.append(" ".join(DIGIT_WORDS[d] for d in part))
            elif len(part) <= 3 and part.isalpha():
                words.append(" ".join(part.lower()))
            else:
                words.append(part)
    return " ".join(words)


def _phone_words(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    if digits == "101":
        return "one-oh-one"
    if digits == "999":
        return "nine-nine-nine"
    groups = number.split()
    return ", ".join(" ".join(DIGIT_WORDS[d] for d in g if d.isdigit()) for g in groups)


SPOKEN = [
    (re.compile(r"\bhttps?://\S+[^\s.,;:!?)]|\bwww\.\S+[^\s.,;:!?)]"), lambda m: _web_words(m[0])),
    (
        re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b"),
        lambda m: _web_words(m[0]),
    ),
    (
        re.compile(r"\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(uk|com|org|net|gov\.uk|wales)(/[\w/-]*)?\b"),
        lambda m: _web_words(m[0]),
    ),
    (re.compile(r"\b0\d{2,4}( ?\d{3,4}){1,2}\b"), lambda m: _phone_words(m[0])),
    (re.compile(r"\b(101|999)\b"), lambda m: _phone_words(m[0])),
    (re.compile(r"\b(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)\b"), _time_words),
    (
        re.compile(
            rf"\b(\d{{1,2}})(st|nd|rd|th)? ?(and|to|-|–) ?(\d{{1,2}})(st|nd|rd|th)? ({MONTHS})\b"
        ),
        lambda m: (
            f"the {ordinal_words(int(m[1]))} {'and' if m[3] == 'and' else 'to'} "
            f"the {ordinal_words(int(m[4]))} of {m[6]}"
        ),
    ),
    (
        re.compile(rf"\b(\d{{1,2}})(st|nd|rd|th)? ({MONTHS})\b"),
        lambda m: f"the {ordinal_words(int(m[1]))} of {m[3]}",
    ),
    (re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b"), lambda m: ordinal_words(int(m[1]))),
    (re.compile(r"£(\d[\d,]*)"), lambda m: f"{number_words(int(m[1].replace(',', '')))} pounds"),
    (re.compile(r"(\d+)%"), lambda m: f"{number_words(int(m[1]))} per cent"),
    (re.compile(r"\b\d{1,3}(,\d{3})?\b"), lambda m: number_words(int(m[0].replace(",", "")))),
    (re.compile(r"\b\d{4}\b"), lambda m: number_words(int(m[0]))),
    (re.compile(r"\s&\s"), lambda m: " and "),
    (re.compile(r"\be\.g\.", re.IGNORECASE), lambda m: "for example"),
]


def spoken(text: str) -> str:
    """Text as a presenter reads it: numbers, times, dates, phone numbers and web addresses
    written out in words."""
    for pattern, words in SPOKEN:
        text = pattern.sub(words, text)  # type: ignore[arg-type]
    return text


def _sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [s for s in re.split(r"(?<=[.!?])\s+", flat) if s]


def radio_script(alert: Alert) -> str:
    """About 30 seconds read aloud (75 words or so), in a speaking style: who it is from, what
    it is about, the message's first sentences, for an appeal how to call, and where to sign up.

    The first sentence of the message is always said; more are added while they fit, and the
    sign-up line goes last if there is time for it."""
    office = alert.office
    opening = {
        AlertKind.APPEAL: _(
            "%(force)s and your Police and Crime Commissioner are appealing for information."
        ),
        AlertKind.ALERT: _("A community alert from your Police and Crime Commissioner."),
        AlertKind.NEWS: _("News from your Police and Crime Commissioner."),
    }[AlertKind(alert.kind)] % {"force": office.force_name}
    title = bilingual(alert, "title").strip()
    if title and title[-1] not in ".?!":
        title += "."
    sentences = [
        spoken(sentence)
        for sentence in _sentences(bilingual(alert, "body"))
        # An appeal's own "call 101" gives way to the standard line below.
        if not (alert.kind == AlertKind.APPEAL and re.search(r"\b(101|999)\b", sentence))
    ]
    call = (
        [_("If you can help, call one-oh-one. In an emergency, always call nine-nine-nine.")]
        if alert.kind == AlertKind.APPEAL
        else []
    )
    host = urlsplit(settings.SITE_URL).hostname or ""
    signup = _("To get alerts like this by email or text, go to %(site)s.") % {
        "site": _web_words(host)
    }
    told = sentences[:1]
    used = word_count(" ".join([opening, spoken(title), *told, *call]))
    for sentence in sentences[1:]:
        if used + word_count(sentence) + word_count(signup) > RADIO_WORDS:
            break
        told.append(sentence)
        used += word_count(sentence)
    ending = [*call, signup] if used + word_count(signup) <= RADIO_WORDS + 10 else call
    parts = [" ".join(part) for part in ([opening, spoken(title)], told, ending) if part]
    return _wrap([line for part in parts for line in (part, "")])


def word_count(text: str) -> int:
    return len(text.split())
