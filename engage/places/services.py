"""Writes for places: build a force area from the ONS lookup, import census population files.

Both take the file's bytes (`Path(...).read_bytes()` or an upload's `.read()`), save nothing when
any row has an error, and can be run again with the same file without changing anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.accounts.models import User
from engage.core.models import Office
from engage.places import census
from engage.places.census import Format, RowError
from engage.places.models import Area, AreaKind, PopulationFigure
from engage.places.queries import AreaLine, PopulationImport, preview_population

# The lookup shipped with Engage (see data/ons/PROVENANCE.md).
DEFAULT_LOOKUP = Path(settings.BASE_DIR) / "data" / "ons" / "LAD16_CSP16_PFA16_EW_lookup.csv"
LOOKUP_REASON = "Built from the ONS district to police force area lookup"


@dataclass
class ForceAreaBuild:
    """The outcome of building a force area: the areas made or updated, or why not."""

    pfa_code: str
    force_area: Area | None = None
    districts: list[Area] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_messages(self) -> list[str]:
        return [str(e) for e in self.errors]

    def summary(self) -> str:
        if not self.ok or self.force_area is None:
            return _("The force area %(code)s was not built.") % {"code": self.pfa_code}
        return _(
            "%(name)s (%(code)s) with %(count)d districts: %(created)d areas added, "
            "%(updated)d updated, %(unchanged)d unchanged."
        ) % {
            "name": self.force_area.name,
            "code": self.pfa_code,
            "count": len(self.districts),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def build_force_area(
    office: Office, lookup_bytes: bytes, pfa_code: str, *, by: User | None
) -> ForceAreaBuild:
    """Create or update the police force area `pfa_code` and its districts from the lookup.

    Side effects: saves Area rows (history records `by` and the reason). Nothing is saved if
    the lookup has a bad row, does not list `pfa_code`, or a code is used by another kind of area.
    """
    pfa_code = pfa_code.strip()
    result = ForceAreaBuild(pfa_code)
    if not census.ONS_CODE.match(pfa_code):
        result.errors.append(
            RowError(
                None,
                _(
                    "'%(code)s' is not an ONS code: a force area's code is E23 or W15 followed "
                    "by 6 digits, like E23000017."
                )
                % {"code": pfa_code},
            )
        )
        return result
    parsed = census.parse(lookup_bytes)
    result.errors += parsed.errors
    if parsed.format not in (None, Format.LAD_PFA_LOOKUP):
        result.errors.append(
            RowError(
                None,
                _(
                    "This is a population file (%(format)s), not the lookup from districts to "
                    "police force areas."
                )
                % {"format": parsed.format},
            )
        )
    if result.errors:
        return result
    rows = [r for r in parsed.lookup if r.force_area_code == pfa_code]
    if not rows:
        forces = sorted({(r.force_area_code, r.force_area_name) for r in parsed.lookup})
        result.errors.append(
            RowError(
                None,
                _(
                    "There is no police force area %(code)s in the lookup. It lists "
                    "%(count)d force areas, such as %(example)s."
                )
                % {
                    "code": pfa_code,
                    "count": len(forces),
                    "example": ", ".join(f"{c} ({n})" for c, n in forces[:3]),
                },
            )
        )
        return result
    wanted = [(pfa_code, rows[0].force_area_name, AreaKind.FORCE_AREA, 0)] + [
        (r.district_code, r.district_name, AreaKind.DISTRICT, r.row) for r in rows
    ]
    existing = {
        a.ons_code: a
        for a in Area.objects.for_office(office).filter(ons_code__in=[w[0] for w in wanted])
    }
    named = {
        (a.kind, a.name): a
        for a in Area.objects.for_office(office).filter(
            kind__in=[AreaKind.FORCE_AREA, AreaKind.DISTRICT], name__in=[w[1] for w in wanted]
        )
    }
    for code, name, kind, row in wanted:
        area = existing.get(code)
        if area is not None and area.kind != kind:
            result.errors.append(
                RowError(
                    row or None,
                    _("%(code)s is already %(name)s, a %(kind)s, in this office.")
                    % {"code": code, "name": area.name, "kind": area.get_kind_display().lower()},
                )
            )
        clash = named.get((kind, name))
        if clash is not None and clash.ons_code != code:
            result.errors.append(
                RowError(
                    row or None,
                    _("This office already has an area called %(name)s with code %(other)s.")
                    % {"name": name, "other": clash.ons_code or _("no code")},
                )
            )
    if result.errors:
        return result

    with transaction.atomic():
        force_area = _save_area(
            result, office, existing, pfa_code, wanted[0][1], wanted[0][2], None, by
        )
        result.force_area = force_area
        for code, name, kind, _row in wanted[1:]:
            result.districts.append(
                _save_area(result, office, existing, code, name, kind, force_area, by)
            )
    return result


def _save_area(
    result: ForceAreaBuild,
    office: Office,
    existing: dict[str, Area],
    code: str,
    name: str,
    kind: str,
    parent: Area | None,
    by: User | None,
) -> Area:
    area = existing.get(code)
    if area is None:
        area = Area(office=office, ons_code=code, kind=kind, name=name, parent=parent)
        result.created += 1
    elif area.name != name or area.parent_id != (parent.pk if parent else None):
        area.name = name
        area.parent = parent
        result.updated += 1
    else:
        result.unchanged += 1
        return area
    area._history_user = by  # type: ignore[attr-defined]
    area._change_reason = LOOKUP_REASON  # type: ignore[attr-defined]
    area.save()
    return area


def import_population(
    office: Office, data: bytes, *, by: User | None, filename: str
) -> PopulationImport:
    """Import a census population file into the office's areas (see census.py for formats).

    Rows for areas the office does not have are skipped and counted. The national sex-by-age
    file creates the office's country area if it has none. Each figure is created or updated by
    area, dimension and category, so a second import of the same file changes nothing. Nothing
    is saved if any row has an error (the result's `errors` say which rows and why).
    """
    result = preview_population(office, data, filename=filename)
    if not result.ok:
        return result
    with transaction.atomic():
        areas: dict[str, Area] = {}
        for line in result.lines:
            if line.area is None:
                line.area = areas.get(line.code) or _create_country(office, line, by)
            areas[line.code] = line.area
        existing = {
            (f.area_id, f.dimension, f.category): f
            for f in PopulationFigure.objects.filter(area__in=areas.values()).select_for_update()
        }
        to_create, to_update = [], []
        for figure in result.figures:
            area = areas[figure.area_code]
            current = existing.get((area.pk, figure.dimension, figure.category))
            if current is None:
                to_create.append(
                    PopulationFigure(
                        area=area,
                        dimension=figure.dimension,
                        category=figure.category,
                        value=figure.value,
                        source=result.source,
                        imported_by=by,
                    )
                )
            elif current.value != figure.value or current.source != result.source:
                current.value = figure.value
                current.source = result.source
                current.imported_by = by
                to_update.append(current)
            else:
                result.unchanged += 1
        PopulationFigure.objects.bulk_create(to_create)
        # bulk_update skips auto_now, so imported_at is set here for changed figures only.
        now = timezone.now()
        for figure_row in to_update:
            figure_row.imported_at = now
        PopulationFigure.objects.bulk_update(
            to_update, ["value", "source", "imported_by", "imported_at"]
        )
        result.created, result.updated = len(to_create), len(to_update)
        result.saved = True
    return result


def _create_country(office: Office, line: AreaLine, by: User | None) -> Area:
    area = Area(office=office, kind=AreaKind.COUNTRY, name=line.name, ons_code=line.code)
    area._history_user = by  # type: ignore[attr-defined]
    area._change_reason = "Created by the import of national census figures"  # type: ignore[attr-defined]
    area.save()
    return area
