"""The analysis filter form: the case list's parameters (cases.filters.CaseQuery) as selects."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cases.facets import FACET_TITLES
from cases.models import Case, Country, Mechanism, Report, ReprisalType, Victim, VictimRole
from interface.countries import sort_key


@dataclass
class Field:
    name: str
    label: str
    options: list[tuple[str, str]]
    selected: set[str]

    @property
    def multiple(self) -> bool:
        return len(self.selected) > 1


def filter_fields(query) -> list[Field]:
    def terms(model):
        return [(t.slug, t.label) for t in model.objects.all()]

    options = {
        # In the reader's language and alphabet order (interface/countries.py).
        "country": sorted(
            ((c.iso2, c.local_name) for c in Country.objects.all()), key=lambda option: sort_key(option[1])
        ),
        "region": list(Country.Region.choices),
        "year": [
            (str(y), str(y))
            for y in Report.objects.order_by("-year").values_list("year", flat=True).distinct()
        ],
        "mechanism": terms(Mechanism),
        "type": terms(ReprisalType),
        "role": terms(VictimRole),
        "gender": list(Victim.Gender.choices),
        "status": list(Case.Status.choices),
        "perpetrator": list(Case.Perpetrator.choices),
    }
    titles = {**FACET_TITLES, "perpetrator": _("Alleged perpetrator")}
    return [
        Field(
            name,
            str(titles[name]),
            [(str(v), str(label)) for v, label in options[name]],
            {str(v) for v in getattr(query, name)},
        )
        for name in query.FACET_PARAMS
    ]
