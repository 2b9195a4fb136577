"""The briefing pack as PDF, drawn with fpdf2 (pure Python) from a `services.Briefing`.

Text uses DejaVu Sans when the system has it (Debian's fonts-dejavu-core, or the folder named by
the STATES_PDF_FONT_DIR setting), which covers Latin, Greek, Cyrillic and Arabic letters;
otherwise the PDF core font Helvetica, with characters it cannot show replaced by "?" (the
HTML version of the pack shows everything).
"""

from pathlib import Path

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


def _font_dir() -> Path | None:
    candidates = [getattr(settings, "STATES_PDF_FONT_DIR", None), *FONT_DIRS]
    for folder in candidates:
        if folder and all((Path(folder) / name).is_file() for name in FONT_FILES.values()):
            return Path(folder)
    return None


class _Document(FPDF):
    def __init__(self, font_dir: Path | None):
        super().__init__(format="A4")
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.unicode = font_dir is not None
        if self.unicode:
            for style, name in FONT_FILES.items():
                self.add_font("DejaVu", style, str(font_dir / name))
            self.family = "DejaVu"
        else:
            self.family = "helvetica"
        self.footer_text = ""

    def clean(self, text) -> str:
        text = "" if text is None else str(text)
        if self.unicode:
            return text
        text = text.replace("’", "'").replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")
        return text.encode("latin-1", "replace").decode("latin-1")

    def footer(self):
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(110)
        self.cell(
            0,
            5,
            self.clean(
                f"{self.footer_text}  ·  {self.page_no()}"
                if self.unicode
                else f"{self.footer_text}  -  {self.page_no()}"
            ),
            align="C",
        )
        self.set_text_color(0)

    def heading(self, text, size=13):
        self.ln(3)
        self.set_font(self.family, "B", size)
        self.multi_cell(0, size * 0.5, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def para(self, text, size=10, style=""):
        self.set_font(self.family, style, size)
        self.multi_cell(0, 5, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def item(self, label, text, size=10):
        self.set_font(self.family, "", size)
        self.set_x(self.l_margin)
        self.cell(8, 5, self.clean(label))
        self.multi_cell(0, 5, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def briefing_pdf(pack) -> bytes:
    doc = _Document(_font_dir())
    state = pack.state
    doc.footer_text = _("Briefing pack: %(state)s — %(date)s") % {
        "state": state.display_name,
        "date": _date(pack.generated_on),
    }
    doc.set_title(doc.clean(_("Briefing pack: %(state)s") % {"state": state.name}))
    doc.add_page()
    doc.heading(_("Briefing pack: %(state)s") % {"state": state.name}, size=17)
    if pack.session:
        dates = " – ".join(d for d in (_date(pack.session.start_date), _date(pack.session.end_date)) if d)
        doc.para(_("For: %(session)s") % {"session": pack.session.title} + (f" ({dates})" if dates else ""))
    doc.para(
        _("Prepared on %(date)s from the EndReprisals database.") % {"date": _date(pack.generated_on)}, size=9
    )
    if pack.non_public_count:
        doc.ln(2)
        doc.para(
            _(
                "Caution: %(n)d of the cases below are not public. Do not share this pack beyond people "
                "allowed to see them."
            )
            % {"n": pack.non_public_count},
            style="B",
        )

    doc.heading(_("Mission"))
    if not pack.missions:
        doc.para(_("No mission recorded."))
    for mission in pack.missions:
        doc.para(f"{mission.name} ({mission.get_city_display()})", style="B")
        doc.para(_("E-mail: %(email)s") % {"email": mission.email or _("not known")})
        if mission.phone:
            doc.para(_("Telephone: %(phone)s") % {"phone": mission.phone})
        if mission.website:
            doc.para(_("Website: %(url)s") % {"url": mission.website})
        if mission.office_hours:
            doc.para(
                _("Office hours: %(hours)s (%(tz)s)")
                % {"hours": mission.office_hours, "tz": mission.time_zone}
            )

    doc.heading(_("What we ask"))
    for number, ask in enumerate(pack.asks, 1):
        doc.item(f"{number}.", ask)

    doc.heading(_("Cases it raised before"))
    if not pack.raised:
        doc.para(_("None recorded."))
    for row in pack.raised:
        where = row.statement.session.title
        when = _date(row.statement.date)
        doc.item(
            "•" if doc.unicode else "-",
            f"{row.case.title} ({row.case.country.display_name}) — "
            f"{where}{', ' + when if when else ''}; {row.role_label}",
        )

    doc.heading(_("Open cases in %(region)s") % {"region": state.get_region_display()})
    if pack.open_case_total > len(pack.open_cases):
        doc.para(
            _("The first %(shown)d of %(total)d open cases; the full list is on the website.")
            % {"shown": len(pack.open_cases), "total": pack.open_case_total},
            size=9,
        )
    if not pack.open_cases:
        doc.para(_("No open case recorded in this region."))
    for case in pack.open_cases:
        details = [case.country.display_name, case.get_status_display()]
        if case.incident_date:
            details.append(str(case.incident_date.year))
        doc.set_font(doc.family, "B", 10)
        doc.multi_cell(0, 5, doc.clean(case.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.para(" · ".join(details) if doc.unicode else " - ".join(details), size=9)
        doc.para(f"{settings.SITE_URL}{case.get_absolute_url()}", size=8)
        doc.ln(1)
    return bytes(doc.output())
