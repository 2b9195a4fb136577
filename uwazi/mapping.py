"""The mapping from an Uwazi library's columns and values to ours: the shipped file for ISHR's
case template (ishr_mapping.json) completed by the curator's own file (settings.UWAZI_MAPPING_FILE).

Values an import does not know are added to the curator's file with `null`, so nothing is lost
silently: the curator replaces each null with its mapping and imports again.
"""

import json
import re
import unicodedata
from pathlib import Path

from django.conf import settings

BASE_FILE = Path(__file__).with_name("ishr_mapping.json")
# The fields whose values go through a vocabulary of the mapping ("yes_no" serves every flag).
VOCABULARIES = (
    "country",
    "record_type",
    "gender",
    "status",
    "yes_no",
    "perpetrators",
    "mechanisms",
    "reprisal_types",
)
SEPARATOR = "::"


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive key; "Group: item" and "Group::item" agree."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\s*::\s*", SEPARATOR, text.replace("\u2019", "'"))
    return re.sub(r"\s+", " ", text).strip().casefold()


def safe_name(label: str) -> str:
    """Uwazi's property name for a label (old naming: lower-case, non [a-z0-9] → "_")."""
    return re.sub(r"[^a-z0-9]", "_", label.strip().lower())


def curator_file() -> Path:
    return Path(settings.UWAZI_MAPPING_FILE)


def _read(path: Path) -> dict:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


class Mapping:
    def __init__(self, curator_path: Path | None = None):
        self.curator_path = curator_path or curator_file()
        self.base = base = _read(BASE_FILE)
        self.curator = _read(self.curator_path)
        self.columns: dict[str, str] = {}  # folded label or safe name -> field
        for data in (base, self.curator):
            for field, labels in data.get("columns", {}).items():
                for label in labels:
                    self.columns[fold(label)] = field
                    self.columns[safe_name(label)] = field
        self.values: dict[str, dict[str, object]] = {name: {} for name in VOCABULARIES}
        self.pending: dict[str, set[str]] = {name: set() for name in VOCABULARIES}
        for data in (base, self.curator):
            for vocabulary, table in data.get("values", {}).items():
                for value, target in table.items():
                    if target is None:  # written by an import, not completed yet
                        self.pending.setdefault(vocabulary, set()).add(value)
                        continue
                    self.values.setdefault(vocabulary, {})[fold(value)] = target
        self.unmapped: dict[str, dict[str, int]] = {}  # vocabulary -> value -> count (this run)

    def column(self, header: str) -> str | None:
        header = header.strip()
        return self.columns.get(fold(header)) or self.columns.get(safe_name(header))

    def lookup(self, vocabulary: str, value: str):
        """(True, target) when the mapping knows `value`, else (False, None) — and the value is
        counted as unmapped. A grouped value falls back to its child, then to its group."""
        table = self.values.get(vocabulary, {})
        key = fold(value)
        candidates = [key]
        if SEPARATOR in key:
            parent, child = key.split(SEPARATOR, 1)
            candidates += [child, parent]
        for candidate in candidates:
            if candidate in table:
                return True, table[candidate]
        counts = self.unmapped.setdefault(vocabulary, {})
        counts[value] = counts.get(value, 0) + 1
        return False, None

    def write_unmapped(self) -> list[tuple[str, str]]:
        """Add this run's unmapped values to the curator's file (as null); returns the new ones."""
        added = []
        data = self.curator or {"_about": ["Completed by the curator: replace each null with its mapping."]}
        values = data.setdefault("values", {})
        for vocabulary, counts in self.unmapped.items():
            if not counts:
                continue
            table = values.setdefault(vocabulary, {})
            for value in counts:
                if value not in table:
                    table[value] = None
                    added.append((vocabulary, value))
        if added:
            self.curator_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.curator_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            tmp.replace(self.curator_path)
            self.curator = data
        return added

    def first_label(self, vocabulary: str, target) -> str | None:
        """The Uwazi label the base file gives for one of our values (for the export)."""
        for value, mapped in self.base.get("values", {}).get(vocabulary, {}).items():
            if mapped == target or (isinstance(mapped, list) and mapped == [target]):
                return value
        return None
