"""Reading the platforms' exports of posts: recognising each layout and checking every row.

Each platform exports its posts as a CSV with its own column names. We recognise the layout from
the header row (the columns in `Layout.signature` must all be there), map its columns to a
`SocialPost`, and check every row before anything is saved: `plan_import` writes nothing, and
the import service saves the whole plan in one transaction only when no row has an error.

Layouts read (column names as the platforms write them, matched ignoring case and spacing):

- Facebook Page posts, Meta Business Suite (Insights, Content, Export data, "Posts"): Post ID,
  Page ID, Page name, Title, Description, Publish time (month first: 09/28/2026 18:12),
  Permalink, …, Views (Impressions in older exports), Reach, "Reactions, Comments and Shares",
  Reactions, Comments, Shares, Total clicks, Link Clicks, Other Clicks.
- Instagram posts, Meta Business Suite: Post ID, Account ID, Account username, Account name,
  Description, Publish time, Permalink, Post type, …, Views (or Impressions), Reach, Likes,
  Shares, Follows, Comments, Saves. Engagements are likes + comments + shares + saves; the export
  has no clicks.
- X post analytics (analytics, Content, Export, account_analytics_content_….csv): Post id,
  Date (Sat, Sep 12, 2026: a day, no time), Post text, Post Link, Impressions, Likes,
  Engagements, Bookmarks, Shares, New follows, Replies, Reposts, Profile visits, Detail Expands,
  URL Clicks, Hashtag Clicks, Permalink Clicks. X gives no reach.
- X (Twitter) tweet activity, the older analytics export: Tweet id, Tweet permalink, Tweet text,
  time (2021-03-01 14:05 +0000), impressions, engagements, engagement rate, retweets, replies,
  likes, user profile clicks, url clicks, ….
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.core import spreadsheets
from engage.core.models import Office
from engage.core.spreadsheets import UnreadableFile
from engage.evaluation.models import Campaign, Platform, SocialPost

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10000
FIGURES = ("reach", "impressions", "engagements", "clicks")
HASHTAG = re.compile(r"#(\w+)")

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"


@dataclass(frozen=True)
class Layout:
    """One platform's export: how to recognise it and where each figure is."""

    key: str
    name: StrOrPromise
    platform: str
    signature: tuple[str, ...]
    post_id: str
    published: str
    date_formats: tuple[str, ...]
    # Each field: the columns that may hold it, first found wins.
    text: tuple[str, ...] = ()
    permalink: tuple[str, ...] = ()
    reach: tuple[str, ...] = ()
    impressions: tuple[str, ...] = ()
    engagements: tuple[str, ...] = ()
    # When the export has no engagements column: the columns added up instead.
    engagement_parts: tuple[str, ...] = ()
    clicks: tuple[str, ...] = ()
    date_only: bool = False

    @property
    def signature_shown(self) -> list[str]:
        """The columns that identify the layout, spelt as the platform spells them."""
        return [_title(c) for c in self.signature]

    def columns(self, field_name: str) -> tuple[str, ...]:
        return getattr(self, field_name)  # type: ignore[no-any-return]


# Meta writes times month first, in the page's time zone; an .xlsx the office saved from it
# comes to us through core.spreadsheets as day first with seconds.
META_FORMATS = ("%m/%d/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S")

LAYOUTS = (
    Layout(
        key="facebook",
        name=gettext_lazy("Facebook Page posts (Meta Business Suite)"),
        platform=Platform.FACEBOOK,
        signature=("post id", "page id", "publish time", "permalink"),
        post_id="post id",
        published="publish time",
        date_formats=META_FORMATS,
        text=("description", "title"),
        permalink=("permalink",),
        reach=("reach",),
        impressions=("views", "impressions"),
        engagements=("reactions, comments and shares",),
        engagement_parts=("reactions", "comments", "shares"),
        clicks=("total clicks", "link clicks"),
    ),
    Layout(
        key="instagram",
        name=gettext_lazy("Instagram posts (Meta Business Suite)"),
        platform=Platform.INSTAGRAM,
        signature=("post id", "account username", "publish time", "permalink"),
        post_id="post id",
        published="publish time",
        date_formats=META_FORMATS,
        text=("description",),
        permalink=("permalink",),
        reach=("reach",),
        impressions=("views", "impressions"),
        engagement_parts=("likes", "comments", "shares", "saves"),
        clicks=("link clicks",),
    ),
    Layout(
        key="x",
        name=gettext_lazy("X post analytics"),
        platform=Platform.X,
        signature=("post id", "date", "post text", "impressions", "engagements"),
        post_id="post id",
        published="date",
        date_formats=("%a, %b %d, %Y", "%b %d, %Y", "%Y-%m-%d", "%d/%m/%Y"),
        text=("post text",),
        permalink=("post link",),
        impressions=("impressions",),
        engagements=("engagements",),
        clicks=("url clicks",),
        date_only=True,
    ),
    Layout(
        key="x_legacy",
        name=gettext_lazy("X (Twitter) tweet activity"),
        platform=Platform.X,
        signature=("tweet id", "time", "tweet text", "impressions", "engagements"),
        post_id="tweet id",
        published="time",
        date_formats=("%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M"),
        text=("tweet text",),
        permalink=("tweet permalink",),
        impressions=("impressions",),
        engagements=("engagements",),
        clicks=("url clicks",),
    ),
)


def normal(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).casefold()


def recognise(header: list[str]) -> Layout | None:
    """The layout whose signature columns are all in the header row, or None."""
    present = {normal(h) for h in header}
    return next((layout for layout in LAYOUTS if set(layout.signature) <= present), None)


def unknown_layout_message(header: list[str]) -> str:
    """Which layouts we read and the columns each needs, and what this file's first row has."""
    expected = "; ".join(
        _("%(layout)s: %(columns)s")
        % {"layout": layout.name, "columns": ", ".join(_title(c) for c in layout.signature)}
        for layout in LAYOUTS
    )
    found = ", ".join(h.strip() for h in header[:12] if h.strip())
    if len(header) > 12:
        found += ", …"
    return _(
        "The file's columns are not a layout we recognise. We read these exports, each "
        "recognised by the columns named: %(expected)s. This file's first row has: %(found)s. "
        "Export the posts from the platform again and upload that file unchanged."
    ) % {"expected": expected, "found": found or _("nothing")}


# How the platforms spell the columns we name in messages (we match them ignoring case).
LABELS = {
    "post id": "Post ID", "page id": "Page ID", "account username": "Account username",
    "publish time": "Publish time", "permalink": "Permalink", "tweet id": "Tweet id",
    "time": "time", "tweet text": "Tweet text", "post text": "Post text", "date": "Date",
    "impressions": "Impressions", "engagements": "Engagements", "reach": "Reach",
    "views": "Views", "total clicks": "Total clicks", "link clicks": "Link Clicks",
    "url clicks": "URL Clicks", "likes": "Likes", "comments": "Comments", "shares": "Shares",
    "saves": "Saves", "reactions": "Reactions",
    "reactions, comments and shares": "Reactions, Comments and Shares",
}  # fmt: skip


def _title(column: str) -> str:
    return LABELS.get(column, column[:1].upper() + column[1:])


def hashtags_in(text: str) -> list[str]:
    """The hashtags in a post's text, lower case, without the #, in order."""
    return [tag.casefold() for tag in HASHTAG.findall(text or "")]


def campaign_for_text(text: str, by_hashtag: dict[str, Campaign]) -> Campaign | None:
    """The campaign of the first hashtag in the text that the office maps to one."""
    for tag in hashtags_in(text):
        if tag in by_hashtag:
            return by_hashtag[tag]
    return None


def hashtag_map(office: Office) -> dict[str, Campaign]:
    """Every hashtag the office maps to a campaign: one query."""
    mapping: dict[str, Campaign] = {}
    for campaign in Campaign.objects.for_office(office).order_by("name", "pk"):
        for tag in campaign.hashtags:
            mapping.setdefault(tag.casefold(), campaign)
    return mapping


@dataclass
class PlannedPost:
    """What importing one row of the export would do."""

    number: int
    post_id: str = ""
    published_at: dt.datetime | None = None
    text: str = ""
    permalink: str = ""
    reach: int | None = None
    impressions: int | None = None
    engagements: int | None = None
    clicks: int | None = None
    campaign: Campaign | None = None
    existing: SocialPost | None = None
    status: str = NEW
    errors: list[str] = field(default_factory=list)

    def values(self) -> dict[str, object]:
        """The post's fields as the file gives them (the campaign is decided separately)."""
        return {
            "published_at": self.published_at,
            "text": self.text,
            "permalink": self.permalink,
            **{name: getattr(self, name) for name in FIGURES},
        }


@dataclass
class ImportPlan:
    """The preview of an import: the layout found, every row's outcome, what stops it."""

    filename: str
    layout: Layout | None = None
    campaign: Campaign | None = None
    rows: list[PlannedPost] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [e for row in self.rows for e in row.errors]

    @property
    def can_import(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.status for row in self.rows)
        return {status: counted.get(status, 0) for status in (NEW, UPDATE, UNCHANGED, ERROR)}

    @property
    def platform_label(self) -> str:
        return str(Platform(self.layout.platform).label) if self.layout else ""


class ImportRefused(Exception):
    """Raised by the import service when the file has errors; nothing was saved."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__("; ".join(plan.errors))
        self.plan = plan


def _number(text: str, label: str, errors: list[str]) -> int | None:
    """A whole number as the platforms write it ("1,234", "12.0"); blank is "not given"."""
    value = text.replace(",", "").replace("\u00a0", "").strip()
    if not value:
        return None
    if value.endswith(".0"):
        value = value[:-2]
    if not value.isdigit():
        errors.append(
            _("%(column)s “%(value)s” is not a whole number of 0 or more.")
            % {"column": label, "value": text.strip()}
        )
        return None
    return int(value)


def _published(text: str, layout: Layout, errors: list[str]) -> dt.datetime | None:
    value = " ".join(text.split())
    if not value:
        errors.append(_("%(column)s is empty.") % {"column": _title(layout.published)})
        return None
    for fmt in layout.date_formats:
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if layout.date_only:
            # A day without a time: midday, so the day stays the same in any UK time zone.
            parsed = parsed.replace(hour=12, minute=0)
        if timezone.is_naive(parsed):
            return timezone.make_aware(parsed)
        return parsed
    errors.append(
        _(
            "%(column)s “%(value)s” is not a date and time we can read (the export writes them like %(example)s)."
        )
        % {
            "column": _title(layout.published),
            "value": value,
            "example": dt.datetime(2026, 9, 28, 18, 12).strftime(layout.date_formats[0]),
        }
    )
    return None


def _cell(raw: list[str], positions: dict[str, int], columns: tuple[str, ...]) -> tuple[str, str]:
    """The first of `columns` the file has: (its text, its name), or ("", "") if none."""
    for column in columns:
        index = positions.get(column)
        if index is not None:
            return (raw[index].strip() if index < len(raw) else ""), column
    return "", ""


def _differs(existing: SocialPost, row: PlannedPost) -> bool:
    return any(getattr(existing, name) != value for name, value in row.values().items())


def plan_import(
    office: Office, table: list[list[str]], filename: str = "", campaign: Campaign | None = None
) -> ImportPlan:
    """Recognise the export's layout and check every row; say what importing it would do.

    A post already imported (same platform and post ID) is updated. Its campaign stays as it is;
    a post with none is given the campaign of the first hashtag in its text that the office maps
    to a campaign, or else `campaign`, the one chosen for the import.
    """
    plan = ImportPlan(filename=filename, campaign=campaign)
    if not table:
        plan.file_errors.append(_("The file is empty."))
        return plan
    header = table[0]
    layout = recognise(header)
    if layout is None:
        plan.file_errors.append(unknown_layout_message(header))
        return plan
    plan.layout = layout
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(normal(name), index)

    existing = {
        post.post_id: post
        for post in SocialPost.objects.for_office(office).filter(platform=layout.platform)
    }
    by_hashtag = hashtag_map(office)
    seen: dict[str, int] = {}
    for number, raw in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        errors: list[str] = []
        row = PlannedPost(number=number)
        row.post_id, _col = _cell(raw, positions, (layout.post_id,))
        if not row.post_id:
            errors.append(_("%(column)s is empty.") % {"column": _title(layout.post_id)})
        elif len(row.post_id) > 100:
            errors.append(
                _("%(column)s is longer than 100 characters.") % {"column": _title(layout.post_id)}
            )
        elif row.post_id in seen:
            errors.append(
                _("Post %(id)s is also on row %(row)s.")
                % {"id": row.post_id, "row": seen[row.post_id]}
            )
        else:
            seen[row.post_id] = number
        published, _col = _cell(raw, positions, (layout.published,))
        row.published_at = _published(published, layout, errors)
        # Facebook puts a post's words in Description, or in Title for some kinds of post.
        row.text = next((text for c in layout.text if (text := _cell(raw, positions, (c,))[0])), "")
        link, _col = _cell(raw, positions, layout.permalink)
        if link and not link.startswith(("https://", "http://")):
            errors.append(_("Link “%(value)s” is not a web address.") % {"value": link})
        elif len(link) > 500:
            errors.append(_("Link is longer than 500 characters."))
        else:
            row.permalink = link
        for name in FIGURES:
            text, column = _cell(raw, positions, layout.columns(name))
            if column:
                setattr(row, name, _number(text, _title(column), errors))
        if row.engagements is None and layout.engagement_parts:
            parts = [
                _number(_cell(raw, positions, (c,))[0], _title(c), errors)
                for c in layout.engagement_parts
                if c in positions
            ]
            known = [p for p in parts if p is not None]
            row.engagements = sum(known) if known else None

        row.existing = existing.get(row.post_id)
        if row.existing is not None and row.existing.campaign_id is not None:
            row.campaign = row.existing.campaign
        else:
            row.campaign = campaign_for_text(row.text, by_hashtag) or campaign
        row.errors = [
            _("Row %(number)s: %(message)s") % {"number": number, "message": m} for m in errors
        ]
        if row.errors:
            row.status = ERROR
        elif row.existing is None:
            row.status = NEW
        elif _differs(row.existing, row) or row.existing.campaign_id != getattr(
            row.campaign, "pk", None
        ):
            row.status = UPDATE
        else:
            row.status = UNCHANGED
        plan.rows.append(row)
    if not plan.rows:
        plan.file_errors.append(_("The file has no posts under its column names."))
    return plan


def plan_import_file(
    office: Office, content: bytes, filename: str, campaign: Campaign | None = None
) -> ImportPlan:
    """Read an uploaded export and check it; an unreadable file becomes the plan's only error."""
    if len(content) > MAX_BYTES:
        return ImportPlan(
            filename=filename,
            file_errors=[_("The file is larger than 5 MB. Export a shorter period.")],
        )
    try:
        table = spreadsheets.read_table(content, filename, max_rows=MAX_ROWS)
    except UnreadableFile as error:
        return ImportPlan(filename=filename, file_errors=[str(error)])
    return plan_import(office, table, filename, campaign)
