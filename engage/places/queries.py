"""Reads about places: the area tree with populations, an area's figures, an import preview.

Figures come only from imported census files. Where an area has none of its own they are derived,
and every derived figure says so and says how: a forum area's from its district's figures and its
share; a district's sex split from its age bands and the national female/male share of each band.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from engage.core.models import Office
from engage.places import census
from engage.places.census import Figure, Format, RowError
from engage.places.models import Area, AreaKind, Dimension, PopulationFigure

# Which figures give an area's total population, best first: the age bands are complete counts
# of usual residents; the ethnic-group file comes from another table and differs by a few people.
TOTAL_FROM = (Dimension.AGE_BAND, Dimension.SEX_AGE, Dimension.ETHNIC_GROUP, Dimension.SEX)


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def share_percent(share: Decimal) -> str:
    """A population share as people read it: Decimal("0.23457") -> "23.457%"."""
    return f"{(share * 100).normalize():f}%"


# -- the tree ---------------------------------------------------------------------------------


@dataclass
class AreaNode:
    """An area in the tree with its total population (None when nothing is known)."""

    area: Area
    depth: int
    total: int | None = None
    estimated: bool = False
    derived: bool = False
    children: list[AreaNode] = field(default_factory=list)

    def walk(self) -> list[AreaNode]:
        """This node and all below it, in display order."""
        nodes = [self]
        for child in self.children:
            nodes += child.walk()
        return nodes


def _own_totals(office: Office) -> dict[int, int]:
    """Each area's own total, in one query: the sum of its figures in the best dimension."""
    sums: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        PopulationFigure.objects.filter(area__office=office)
        .values("area_id", "dimension")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for row in rows:
        sums[row["area_id"]][row["dimension"]] = row["total"]
    totals = {}
    for area_id, by_dimension in sums.items():
        for dimension in TOTAL_FROM:
            if dimension in by_dimension:
                totals[area_id] = by_dimension[dimension]
                break
    return totals


KIND_ORDER = {kind: i for i, kind in enumerate(AreaKind.values)}


def area_tree(office: Office) -> list[AreaNode]:
    """The office's places as trees (force area → districts → forum areas → wards), in 2 queries.

    Roots are areas with no parent: force areas first, then any others (the country whose
    national figures are kept for comparison).
    """
    areas = list(Area.objects.for_office(office).order_by("name"))
    own = _own_totals(office)
    nodes = {area.pk: AreaNode(area, 0) for area in areas}
    roots: list[AreaNode] = []
    for area in areas:
        node = nodes[area.pk]
        parent = nodes.get(area.parent_id) if area.parent_id else None
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: (KIND_ORDER[n.area.kind], n.area.name))
    roots.sort(key=lambda n: (n.area.kind != AreaKind.FORCE_AREA, KIND_ORDER[n.area.kind]))

    def fill(node: AreaNode, depth: int, parent: AreaNode | None) -> None:
        node.depth = depth
        area = node.area
        if area.pk in own:
            node.total = own[area.pk]
        elif area.population_share is not None and parent is not None and parent.total:
            node.total = _round(parent.total * area.population_share)
            node.estimated = True
        for child in node.children:
            fill(child, depth + 1, node)
        if node.total is None and node.children:
            parts = [c for c in node.children if c.area.population_share is None]
            if parts and all(c.total is not None for c in parts):
                node.total = sum(c.total or 0 for c in parts)
                node.derived = True
                node.estimated = any(c.estimated for c in parts)

    for root in roots:
        fill(root, 0, None)
    return roots


def children_of(area: Area) -> list[AreaNode]:
    """The areas directly inside `area`, with their totals."""
    for root in area_tree(area.office):
        for node in root.walk():
            if node.area.pk == area.pk:
                return node.children
    return []


# -- an area's figures ------------------------------------------------------------------------


@dataclass
class Population:
    """An area's figures in one dimension, and whether (and how) they were derived."""

    area: Area
    dimension: str
    rows: list[tuple[str, int]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    estimated: bool = False
    derived: bool = False
    basis: str = ""

    @property
    def total(self) -> int:
        return sum(value for _category, value in self.rows)

    @property
    def label(self) -> str:
        return str(Dimension(self.dimension).label)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(self.rows)

    @property
    def table(self) -> list[tuple[str, int, str]]:
        """(category, value, percentage of the total) for display."""
        total = self.total
        return [
            (category, value, f"{value / total:.1%}" if total else "")
            for category, value in self.rows
        ]


def _sources(figures: list[PopulationFigure]) -> list[str]:
    return list(dict.fromkeys(f.source for f in figures))


def _apportion(rows: list[tuple[str, int]], share: Decimal) -> list[tuple[str, int]]:
    """Scale counts by `share`, rounding so that the parts add up to the rounded whole."""
    target = _round(sum(v for _c, v in rows) * share)
    raw = [Decimal(v) * share for _c, v in rows]
    floors = [int(r) for r in raw]
    left = target - sum(floors)
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - floors[i], reverse=True)
    for i in by_remainder[:left]:
        floors[i] += 1
    return [(c, v) for (c, _v), v in zip(rows, floors, strict=True)]


def _sum_sex_age(area: Area, figures: list[PopulationFigure], dimension: str) -> Population:
    totals: dict[str, int] = {}
    for figure in figures:
        sex, age = census.split_sex_age(figure.category)
        key = sex if dimension == Dimension.SEX else census.band_of(age).label
        totals[key] = totals.get(key, 0) + figure.value
    order = census.SEXES if dimension == Dimension.SEX else tuple(b.label for b in census.AGE_BANDS)
    return Population(
        area,
        dimension,
        rows=[(k, totals[k]) for k in order if k in totals],
        sources=_sources(figures),
        derived=True,
        basis=_("Added up from the figures by sex and single year of age."),
    )


def national_female_share(office: Office) -> tuple[Area, dict[str, Decimal]] | None:
    """The country area's share of women in each age band, from its sex-by-age figures."""
    country = (
        Area.objects.for_office(office)
        .filter(kind=AreaKind.COUNTRY, population__dimension=Dimension.SEX_AGE)
        .distinct()
        .first()
    )
    if country is None:
        return None
    female: dict[str, int] = defaultdict(int)
    everyone: dict[str, int] = defaultdict(int)
    for figure in country.population.filter(dimension=Dimension.SEX_AGE):
        sex, age = census.split_sex_age(figure.category)
        band = census.band_of(age).label
        everyone[band] += figure.value
        if sex == "Female":
            female[band] += figure.value
    return country, {
        band: Decimal(female[band]) / everyone[band] for band in everyone if everyone[band]
    }


def _estimate_sex(area: Area, bands: Population) -> Population | None:
    national = national_female_share(area.office)
    if national is None:
        return None
    country, shares = national
    if any(label not in shares for label, _v in bands.rows):
        return None
    basis = _(
        "Estimated from %(area)s's age bands and the share of women and men in each age band "
        "in %(country)s."
    ) % {"area": area.name, "country": country.name}
    if bands.derived:
        basis += " " + _("Its age bands: %(basis)s") % {
            "basis": bands.basis[0].lower() + bands.basis[1:]
        }
    female = _round(sum((Decimal(v) * shares[label] for label, v in bands.rows), Decimal(0)))
    return Population(
        area,
        Dimension.SEX,
        rows=[("Female", female), ("Male", bands.total - female)],
        sources=[*bands.sources, *population_of(country, Dimension.SEX).sources],
        estimated=True,
        derived=True,
        basis=basis,
    )


def population_of(area: Area, dimension: str) -> Population:
    """`area`'s figures in `dimension` (rows of (category, value), and .total).

    Its own imported figures when it has them; otherwise derived: summed from sex by single year
    of age; for sex, estimated from its age bands and the national share of women in each band;
    otherwise its share of its parent's figures, or the sum of its parts.
    """
    own = list(area.population.filter(dimension=dimension).order_by("pk"))
    if own:
        rows = [(f.category, f.value) for f in own]
        if dimension == Dimension.SEX_AGE:
            rows.sort(key=lambda r: census.split_sex_age(r[0]))
        return Population(area, dimension, rows=rows, sources=_sources(own))
    if dimension in (Dimension.SEX, Dimension.AGE_BAND):
        single_years = list(area.population.filter(dimension=Dimension.SEX_AGE))
        if single_years:
            return _sum_sex_age(area, single_years, dimension)
    if dimension == Dimension.SEX:
        bands = population_of(area, Dimension.AGE_BAND)
        return (_estimate_sex(area, bands) if bands else None) or Population(area, dimension)
    if area.population_share is not None and area.parent is not None:
        whole = population_of(area.parent, dimension)
        if whole:
            basis = _("Estimated as %(share)s of %(parent)s's figures.") % {
                "share": share_percent(area.population_share),
                "parent": area.parent.name,
            }
            if whole.estimated:
                basis += " " + whole.basis
            return Population(
                area,
                dimension,
                rows=_apportion(whole.rows, area.population_share),
                sources=whole.sources,
                estimated=True,
                derived=True,
                basis=basis,
            )
    parts = [c for c in area.children.all() if c.population_share is None]
    if parts:
        figures = [population_of(part, dimension) for part in parts]
        if all(figures):
            totals: dict[str, int] = {}
            for part in figures:
                for category, value in part.rows:
                    totals[category] = totals.get(category, 0) + value
            estimated = any(p.estimated for p in figures)
            basis = _("Added up from its %(count)d parts: %(names)s.") % {
                "count": len(parts),
                "names": ", ".join(p.name for p in parts),
            }
            if estimated:
                basis += " " + next(p.basis for p in figures if p.estimated)
            return Population(
                area,
                dimension,
                rows=list(totals.items()),
                sources=list(dict.fromkeys(s for p in figures for s in p.sources)),
                estimated=estimated,
                derived=True,
                basis=basis,
            )
    return Population(area, dimension)


# -- import preview ---------------------------------------------------------------------------


@dataclass
class AreaLine:
    """What an import does to one area in one dimension."""

    code: str
    name: str
    dimension: str
    area: Area | None  # None: a country area the import will create
    figures: int = 0
    total: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def dimension_label(self) -> str:
        return str(Dimension(self.dimension).label)


@dataclass
class PopulationImport:
    """A population file read against an office: what will be (or was) imported, or why not."""

    filename: str
    format: Format | None = None
    source: str = ""
    encoding: str = "utf-8"
    rows_read: int = 0
    skipped_rows: int = 0
    lines: list[AreaLine] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_messages(self) -> list[str]:
        return [str(e) for e in self.errors]

    @property
    def skipped_message(self) -> str:
        if not self.skipped_rows:
            return ""
        return _("%(count)s rows for areas outside this office were skipped.") % {
            "count": f"{self.skipped_rows:,}"
        }

    @property
    def figure_counts(self) -> tuple[int, int, int]:
        """(new, changed, unchanged) over all lines."""
        return (
            sum(line.new for line in self.lines),
            sum(line.changed for line in self.lines),
            sum(line.unchanged for line in self.lines),
        )

    def summary(self) -> str:
        if not self.ok:
            return _("%(file)s was not imported: %(count)d problems.") % {
                "file": self.filename,
                "count": len(self.errors),
            }
        new, changed, unchanged = (
            (self.created, self.updated, self.unchanged) if self.saved else self.figure_counts
        )
        areas = len({line.code for line in self.lines})
        text = ngettext(
            "%(file)s (%(format)s): %(areas)d area, %(new)d new figures, %(changed)d changed, "
            "%(unchanged)d unchanged.",
            "%(file)s (%(format)s): %(areas)d areas, %(new)d new figures, %(changed)d changed, "
            "%(unchanged)d unchanged.",
            areas,
        ) % {
            "file": self.filename,
            "format": self.format.value if self.format else "",
            "areas": areas,
            "new": new,
            "changed": changed,
            "unchanged": unchanged,
        }
        if self.skipped_rows:
            text += " " + self.skipped_message
        return text


def preview_population(office: Office, data: bytes, *, filename: str) -> PopulationImport:
    """Read a population file and match it to the office's areas without saving anything."""
    parsed = census.parse(data)
    result = PopulationImport(
        filename=filename,
        format=parsed.format,
        source=parsed.source,
        encoding=parsed.encoding,
        rows_read=parsed.rows_read,
        errors=list(parsed.errors),
        notices=list(parsed.notices),
    )
    if parsed.format is Format.LAD_PFA_LOOKUP:
        result.errors.append(
            RowError(
                None,
                _(
                    "This is the lookup from local authority districts to police force areas. "
                    "It has no population figures: use it to build a force area instead."
                ),
            )
        )
    if result.errors:
        return result
    codes = {f.area_code for f in parsed.figures}
    areas = {a.ons_code: a for a in Area.objects.for_office(office).filter(ons_code__in=codes)}
    existing = {
        (f.area_id, f.dimension, f.category): f.value
        for f in PopulationFigure.objects.filter(area__in=areas.values())
    }
    lines: dict[tuple[str, str], AreaLine] = {}
    skipped: set[int] = set()
    for figure in parsed.figures:
        area = areas.get(figure.area_code)
        # The national file makes its own country area; others fill areas the office has.
        if area is None and parsed.format is not Format.SEX_AGE:
            skipped.add(figure.row)
            continue
        result.figures.append(figure)
        key = (figure.area_code, figure.dimension)
        line = lines.setdefault(
            key, AreaLine(figure.area_code, figure.area_name, figure.dimension, area)
        )
        line.figures += 1
        line.total += figure.value
        old = existing.get((area.pk, figure.dimension, figure.category)) if area else None
        if old is None:
            line.new += 1
        elif old != figure.value:
            line.changed += 1
        else:
            line.unchanged += 1
    result.skipped_rows = len(skipped)
    result.lines = sorted(lines.values(), key=lambda line: (line.name, line.dimension))
    if not result.lines:
        result.errors.append(
            RowError(
                None,
                _(
                    "None of the %(count)s areas in this file is one of this office's areas. "
                    "Build the force area (with its districts) from the lookup first."
                )
                % {"count": f"{len(codes):,}"},
            )
        )
    return result
