from .access import AccessGrant
from .case import Case, Mention, Victim
from .geo import Country
from .reports import Paragraph, Report
from .taxonomy import Mechanism, ReprisalType, VictimRole
from .text_index import CaseTextIndex, SearchNameKey
from .version import DataVersion

__all__ = [
    "AccessGrant",
    "Case",
    "CaseTextIndex",
    "Country",
    "DataVersion",
    "Mechanism",
    "Mention",
    "Paragraph",
    "Report",
    "ReprisalType",
    "SearchNameKey",
    "Victim",
    "VictimRole",
]
