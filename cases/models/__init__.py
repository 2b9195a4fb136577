from .access import AccessGrant
from .case import Case, Mention, Victim
from .consent import Consent
from .geo import Country
from .reports import Paragraph, Report
from .taxonomy import Mechanism, ReprisalType, VictimRole
from .text_index import CaseTextIndex, SearchNameKey
from .version import DataVersion, FacetChange

__all__ = [
    "AccessGrant",
    "Case",
    "CaseTextIndex",
    "Consent",
    "Country",
    "DataVersion",
    "FacetChange",
    "Mechanism",
    "Mention",
    "Paragraph",
    "Report",
    "ReprisalType",
    "SearchNameKey",
    "Victim",
    "VictimRole",
]
