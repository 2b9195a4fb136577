from .access import AccessGrant
from .case import Case, Mention, Victim
from .geo import Country
from .reports import Paragraph, Report
from .taxonomy import Mechanism, ReprisalType, VictimRole

__all__ = [
    "AccessGrant",
    "Case",
    "Country",
    "Mechanism",
    "Mention",
    "Paragraph",
    "Report",
    "ReprisalType",
    "Victim",
    "VictimRole",
]
