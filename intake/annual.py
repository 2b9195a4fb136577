"""The annual submission to the Secretary-General: the cases staff select, in the fields the UN
asks for, as a Word document and a CSV file. Confidential cases are marked in both.

Cases come only through the visibility gate (`Case.objects.visible_to(user)`): a member of staff
can put in the submission only what they may see.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt, RGBColor

from cases.models import Case, Victim
from cases.visibility import Visibility
from endreprisals.csv_cells import formula_safe

# The most cases in one submission, which is also the most the selection page lists: a page of
# 100,000 checkboxes helps nobody, and one POST stays under Django's limit of 1,000 form fields
# (DATA_UPLOAD_MAX_NUMBER_FIELDS).
MAX_CASES = 500
_XML_INCOMPATIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def selectable_cases(user, *, country=None, date_from=None, date_to=None):
    """The cases this user may put in a submission, newest incident first."""
    cases = Case.objects.visible_to(user).select_related("country")
    if country is not None:
        cases = cases.filter(country=country)
    if date_from:
        cases = cases.filter(incident_date__gte=date_from)
    if date_to:
        cases = cases.filter(incident_date__lte=date_to)
    return cases.order_by("country__name", "-incident_date", "title")


def with_consent(cases):
    """`cases` with how many of their victims consented to sharing with the UN, refused it, or
    have consent recorded at all (for `consent_label`, in the same query as the list)."""
    return cases.annotate(
        un_refused=Count("victims", filter=Q(victims__consent__share_with_un=False)),
        un_given=Count("victims", filter=Q(victims__consent__share_with_un=True)),
        victim_count=Count("victims"),
    )


def consent_label(case) -> str:
    """Consent to share with the UN, as the selection page lists it beside each case."""
    if case.un_refused:
        return _("NO consent to share with the UN")
    if case.un_given and case.un_given == case.victim_count:
        return _("consent to share with the UN")
    return _("consent to share not recorded")


def listed(cases):
    """The selectable cases the selection page lists (and so the ones a member of staff sees)."""
    return cases[:MAX_CASES]


def _with_details(cases):
    return (
        cases.select_related("country")
        .prefetch_related(
            "mechanisms",
            Prefetch("victims", queryset=Victim.objects.select_related("consent").order_by("id")),
        )
        .order_by("country__name", "incident_date", "title")
    )


@dataclass
class Row:
    reference: str
    country: str
    victims: str
    date: str
    un_bodies: str
    what_happened: str
    perpetrator: str
    consent_to_share: str
    confidential: bool

    @staticmethod
    def columns() -> list[tuple[str, str]]:
        return [
            ("reference", _("Reference")),
            ("country", _("Country")),
            ("victims", _("Victim(s)")),
            ("date", _("Date")),
            ("un_bodies", _("UN body engaged")),
            ("what_happened", _("What happened")),
            ("perpetrator", _("Perpetrator")),
            ("consent_to_share", _("Consent to share")),
            ("confidential", _("Confidential")),
        ]

    def display(self, key: str) -> str:
        value = getattr(self, key)
        if isinstance(value, bool):
            return _("CONFIDENTIAL") if value else _("no")
        return value


def _date(case: Case) -> str:
    if case.incident_date is None:
        return ""
    if case.incident_date_precision == Case.DatePrecision.YEAR:
        return f"{case.incident_date:%Y}"
    if case.incident_date_precision == Case.DatePrecision.MONTH:
        return f"{case.incident_date:%Y-%m}"
    return case.incident_date.isoformat()


def _consent(case: Case) -> str:
    """Consent to share with the UN, over the case's victims (cases.Consent)."""
    answers = {
        getattr(victim, "consent", None) and victim.consent.share_with_un for victim in case.victims.all()
    }
    if answers == {True}:
        return _("yes")
    if False in answers:
        return _("no")
    return _("not recorded")


def rows_for(cases) -> list[Row]:
    rows = []
    for case in _with_details(cases):
        victims = [
            f"{v.display_name} ({v.get_kind_display()})" if v.kind != Victim.Kind.PERSON else v.display_name
            for v in case.victims.all()
        ]
        rows.append(
            Row(
                reference=case.public_id,
                country=case.country.name,
                victims="; ".join(victims),
                date=_date(case),
                un_bodies="; ".join(m.label for m in case.mechanisms.all()),
                what_happened=case.summary,
                perpetrator=case.get_perpetrator_kind_display(),
                consent_to_share=_consent(case),
                confidential=case.visibility == Visibility.CONFIDENTIAL,
            )
        )
    return rows


def default_title(year: int | None = None) -> str:
    year = year or timezone.now().year
    return _("Cases of intimidation and reprisals submitted to the Secretary-General, %(year)s") % {
        "year": year
    }


# --- CSV ---------------------------------------------------------------------------------------


def build_csv(rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    columns = Row.columns()
    writer.writerow([label for _key, label in columns])
    for row in rows:
        writer.writerow([formula_safe(row.display(key)) for key, _label in columns])
    # A byte-order mark makes spreadsheet programs read the file as UTF-8.
    return out.getvalue().encode("utf-8-sig")


# --- DOCX --------------------------------------------------------------------------------------


def _xml_safe(value: str) -> str:
    return _XML_INCOMPATIBLE.sub("", str(value))


def build_docx(rows: list[Row], title: str) -> bytes:
    document = Document()
    now = timezone.now()
    props = document.core_properties
    props.title = _xml_safe(title)
    props.author = "EndReprisals"
    props.last_modified_by = "EndReprisals"
    props.comments = ""
    props.created = now
    props.modified = now
    props.revision = 1

    confidential_count = sum(1 for row in rows if row.confidential)
    if confidential_count:
        header = document.sections[0].header.paragraphs[0]
        run = header.add_run(_("CONTAINS CONFIDENTIAL INFORMATION — NOT FOR PUBLICATION"))
        run.bold = True

    document.add_heading(_xml_safe(title), level=0)
    document.add_paragraph(
        _("%(count)d cases. Prepared on %(date)s.") % {"count": len(rows), "date": now.date().isoformat()}
    )
    if confidential_count:
        notice = document.add_paragraph().add_run(
            _(
                "%(count)d of these cases are confidential: they are shared with the Secretary-General "
                "for follow-up only and must not be published or attributed."
            )
            % {"count": confidential_count}
        )
        notice.bold = True

    columns = [(key, label) for key, label in Row.columns() if key != "reference"]
    for number, row in enumerate(rows, start=1):
        heading = f"{number}. {row.country}" + (f" — {row.victims}" if row.victims else "")
        document.add_heading(_xml_safe(heading), level=1)
        if row.confidential:
            marker = document.add_paragraph().add_run(_("CONFIDENTIAL — do not publish or attribute"))
            marker.bold = True
            marker.font.size = Pt(12)
            marker.font.color.rgb = RGBColor(0xA0, 0x00, 0x00)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for key, label in [("reference", _("Reference")), *columns]:
            cells = table.add_row().cells
            cells[0].text = _xml_safe(label)
            cells[1].text = _xml_safe(row.display(key))
            cells[0].paragraphs[0].runs[0].bold = True

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
