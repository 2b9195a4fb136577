"""/mechanisms, /reprisal-types, /victim-roles: the controlled vocabularies, whose slugs are the
values of the case list's mechanism, type and role parameters."""

from ninja import Field, Query, Router, Schema

from cases.models import Mechanism, ReprisalType, VictimRole

from .common import Pagination, choice_list, paginate, visible_case_count
from .schemas import ErrorOut, MechanismPage, ReprisalTypePage, VictimRolePage

router = Router(tags=["vocabularies"])

_ORDER = ("sort_order", "name", "slug")


class MechanismFilters(Schema):
    group: list[str] = Field([], description=f"Mechanism group: {', '.join(Mechanism.Group.values)}.")


def _mechanism(m: Mechanism) -> dict:
    return {
        "slug": m.slug,
        "name": m.label,
        "abbreviation": m.abbreviation or None,
        "group": m.group,
        "case_count": m.case_count,
    }


def _reprisal_type(t: ReprisalType) -> dict:
    return {"slug": t.slug, "name": t.label, "description": t.description or None, "case_count": t.case_count}


def _victim_role(r: VictimRole) -> dict:
    return {"slug": r.slug, "name": r.label, "case_count": r.case_count}


@router.get(
    "/mechanisms",
    response={200: MechanismPage, 400: ErrorOut},
    url_name="mechanisms_list",
    operation_id="mechanisms_list",
    summary="List UN mechanisms",
)
def list_mechanisms(request, filters: Query[MechanismFilters], page: Query[Pagination]):
    """UN mechanisms a case may involve, with `case_count`: cases the caller may see."""
    mechanisms = Mechanism.objects.annotate(case_count=visible_case_count(request.user, "mechanisms"))
    group = choice_list(request, "group", Mechanism.Group.values)
    if group:
        mechanisms = mechanisms.filter(group__in=group)
    return paginate(request, mechanisms.order_by(*_ORDER), page, _mechanism)


@router.get(
    "/reprisal-types",
    response={200: ReprisalTypePage, 400: ErrorOut},
    url_name="reprisal_types_list",
    operation_id="reprisal_types_list",
    summary="List reprisal types",
)
def list_reprisal_types(request, page: Query[Pagination]):
    """Kinds of reprisal, with `case_count`: cases the caller may see."""
    types = ReprisalType.objects.annotate(case_count=visible_case_count(request.user, "reprisal_types"))
    return paginate(request, types.order_by(*_ORDER), page, _reprisal_type)


@router.get(
    "/victim-roles",
    response={200: VictimRolePage, 400: ErrorOut},
    url_name="victim_roles_list",
    operation_id="victim_roles_list",
    summary="List victim roles",
)
def list_victim_roles(request, page: Query[Pagination]):
    """Roles of victims, with `case_count`: cases the caller may see with a victim in that role."""
    roles = VictimRole.objects.annotate(case_count=visible_case_count(request.user, "victims__roles"))
    return paginate(request, roles.order_by(*_ORDER), page, _victim_role)
