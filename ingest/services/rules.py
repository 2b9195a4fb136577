"""The rules and vocabularies of ingestion, read from the JSON files in ingest/rules/.

Curators extend them without touching code: a folder named by the INGEST_RULES_DIR setting may
hold files of the same names whose entries are tried *before* the built-in ones (so a new mandate
name wins over the generic "Special Rapporteur on …" rule) and whose lists are added to the
built-in lists. docs/ingestion.md describes the phrase syntax.

Phrase syntax (names, phrases, cues):
- plain text matches case-insensitively at word boundaries; a space matches any run of white
  space (line breaks included); a hyphen also matches an en dash, a non-breaking hyphen or a space;
  an apostrophe matches a straight or curly one; a word ending in `*` matches any ending;
- `re:` starts a Python regular expression, matched case-insensitively (use `(?-i:…)` for case).
Abbreviations are matched case-sensitively as whole words, never inside a symbol (A/HRC/…).
"""

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
COUNTRIES_CSV = Path(__file__).resolve().parents[2] / "cases" / "reference" / "countries.csv"
RULE_FILES = (
    "mechanisms.json",
    "reprisal_types.json",
    "roles.json",
    "countries.json",
    "victims.json",
    "cases.json",
    "document.json",
)

_DASHES = "-\u2010\u2011\u2012\u2013\u2014"


class RulesError(ValueError):
    pass


def phrase_pattern(phrase: str) -> str:
    """The regular expression (without flags) for one phrase of the rules files."""
    phrase = phrase.strip()
    if phrase.startswith("re:"):
        return f"(?:{phrase[3:]})"
    words = phrase.split()
    parts = []
    for word in words:
        star = word.endswith("*") and len(word) > 1
        core = word[:-1] if star else word
        pattern = ""
        for char in core:
            if char in _DASHES:
                pattern += f"[{_DASHES}\\s]?"
            elif char in "'\u2019":
                pattern += "['\u2019]"
            else:
                pattern += re.escape(char)
        if star:
            pattern += r"\w*"
        parts.append(pattern)
    body = r"\s+".join(parts)
    start = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    end = r"(?!\w)" if re.search(r"[\w*]$", phrase) else ""
    return f"{start}{body}{end}"


def abbreviation_pattern(abbreviation: str) -> str:
    return rf"(?<![\w/.\-]){re.escape(abbreviation)}(?![\w/\-])"


def _phrase_length(phrase: str) -> int:
    return len(phrase[3:]) if phrase.startswith("re:") else len(phrase)


def compile_phrases(phrases, abbreviations=()) -> "PhraseSet | None":
    """A matcher for a list of phrases and abbreviations (None when both are empty)."""
    phrases = [p for p in phrases if p.strip()]
    if not phrases and not abbreviations:
        return None
    return PhraseSet(phrases, abbreviations)


_LITERAL = re.compile(r"[A-Za-z\u00c0-\u024f]{3,}")


def _literals(parsed) -> list[str]:
    """The literal strings every match of a parsed regex must contain (mandatory parts only)."""
    from re import _constants as c  # noqa: PLC2701 - the stdlib's own regex parser

    runs, current = [], []

    def flush():
        if current:
            runs.append("".join(current))
            current.clear()

    for op, value in parsed:
        if op is c.LITERAL:
            current.append(chr(value))
        elif op is c.SUBPATTERN:
            flush()
            runs.extend(_literals(value[-1]))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            flush()
            low, _high, body = value
            if low >= 1:
                runs.extend(_literals(body))
        else:  # branches, classes, anchors, lookarounds: nothing certain
            flush()
    flush()
    return runs


def _needle(phrase: str) -> str | None:
    """A lower-case piece of text every match of the phrase contains, to skip most regexes."""
    if phrase.startswith("re:"):
        try:
            from re import _parser

            literals = _literals(_parser.parse(phrase[3:]))
        except Exception:  # noqa: BLE001 - no needle: the regex always runs
            return None
        words = [w for literal in literals for w in re.findall(r"[^\W\d_]{3,}", literal)]
        return max(words, key=len).lower() if words else None
    pieces = _LITERAL.findall(phrase.replace("*", ""))
    return max(pieces, key=len).lower() if pieces else None


class PhraseSet:
    """Phrases grouped by a literal "needle" each of their matches contains; a group's regex runs
    only when its needle is in the text, which keeps hundreds of rules fast. Overlapping matches:
    the earliest, then the longest."""

    def __init__(self, phrases, abbreviations=()):
        groups: dict[str | None, list[str]] = {}
        for phrase in sorted(set(phrases), key=_phrase_length, reverse=True):
            try:
                re.compile(phrase_pattern(phrase))
            except re.error as exc:
                raise RulesError(f"invalid pattern {phrase!r}: {exc}") from exc
            groups.setdefault(_needle(phrase), []).append(phrase)
        self.items: list[tuple[str | None, tuple[str, ...], re.Pattern]] = [
            (needle, (), re.compile("(?i:" + "|".join(phrase_pattern(p) for p in members) + ")"))
            for needle, members in groups.items()
        ]
        abbreviations = sorted(set(abbreviations), key=len, reverse=True)
        if abbreviations:
            self.items.append(
                (
                    None,
                    tuple(abbreviations),
                    re.compile("|".join(abbreviation_pattern(a) for a in abbreviations)),
                )
            )
        alternatives = [
            f"(?i:{phrase_pattern(p)})" for p in sorted(set(phrases), key=_phrase_length, reverse=True)
        ]
        alternatives += [abbreviation_pattern(a) for a in abbreviations]
        self.pattern = "|".join(alternatives)

    def finditer(self, text: str, lower: str | None = None) -> list[re.Match]:
        lower = text.lower() if lower is None else lower
        found = []
        for needle, cased, regex in self.items:
            if needle is not None and needle not in lower:
                continue
            if cased and not any(a in text for a in cased):
                continue
            for match in regex.finditer(text):
                if match.end() > match.start():
                    found.append(match)
        if len(found) > 1:
            found.sort(key=lambda m: (m.start(), m.start() - m.end()))
            kept, end = [], -1
            for match in found:
                if match.start() >= end:
                    kept.append(match)
                    end = match.end()
            found = kept
        return found

    def search(self, text: str) -> re.Match | None:
        found = self.finditer(text)
        return found[0] if found else None

    def findall(self, text: str) -> list[str]:
        return [m.group(0) for m in self.finditer(text)]


@dataclass
class Matcher:
    """A label (a slug) and the phrases that express it, with the contexts that cancel a match."""

    label: str
    regex: PhraseSet | None
    not_before: re.Pattern | None = None  # cancels when the match is followed by it
    not_after: re.Pattern | None = None  # cancels when the match is preceded by it

    def finditer(self, text: str, lower: str | None = None):
        if self.regex is None:
            return
        for match in self.regex.finditer(text, lower):
            if self.not_before is not None and self.not_before.match(text, match.end()):
                continue
            if self.not_after is not None and self.not_after.search(
                text[max(0, match.start() - 80) : match.start()]
            ):
                continue
            yield match


class Category:
    """All the matchers of one rules file, searched together: each needle's regexes run only when
    the needle is in the text. `exclusive`: a match hides overlapping matches of later labels (as
    for mechanisms: "Special Rapporteur on torture" is not also a generic Special Rapporteur)."""

    def __init__(self, matchers: list[Matcher], exclusive: bool):
        self.matchers = matchers
        self.exclusive = exclusive
        self.entries = [
            (needle, cased, regex, position)
            for position, matcher in enumerate(matchers)
            if matcher.regex is not None
            for needle, cased, regex in matcher.regex.items
        ]

    def finditer(self, text: str, lower: str | None = None) -> list[tuple[str, re.Match]]:
        lower = text.lower() if lower is None else lower
        found = []
        for needle, cased, regex, position in self.entries:
            if needle is not None and needle not in lower:
                continue
            if cased and not any(a in text for a in cased):
                continue
            matcher = self.matchers[position]
            for match in regex.finditer(text):
                if match.end() == match.start():
                    continue
                if matcher.not_before is not None and matcher.not_before.match(text, match.end()):
                    continue
                if matcher.not_after is not None and matcher.not_after.search(
                    text[max(0, match.start() - 80) : match.start()]
                ):
                    continue
                found.append((position, match))
        found.sort(
            key=lambda item: (
                item[0] if self.exclusive else 0,
                item[1].start(),
                item[1].start() - item[1].end(),
            )
        )
        kept, taken = [], {}
        for position, match in found:
            scope = None if self.exclusive else position
            spans = taken.setdefault(scope, [])
            if any(match.start() < end and start < match.end() for start, end in spans):
                continue
            spans.append((match.start(), match.end()))
            kept.append((self.matchers[position].label, match))
        kept.sort(key=lambda item: item[1].start())
        return kept

    def any(self, text: str) -> bool:
        return bool(self.finditer(text))


def _context_regex(phrases, *, after: bool) -> re.Pattern | None:
    phrases = [p for p in phrases or [] if p.strip()]
    if not phrases:
        return None
    body = "|".join(phrase_pattern(p) for p in phrases)
    if after:  # the text that follows the match
        return re.compile(rf"[\s,;:]*(?i:{body})")
    return re.compile(rf"(?i:{body})[\s,;:]*$")


def build_matchers(entries: list[tuple[str, dict]], key: str = "names") -> list[Matcher]:
    matchers = []
    for label, spec in entries:
        if isinstance(spec, list):
            spec = {key: spec}
        regex = compile_phrases(spec.get(key, []), spec.get("abbreviations", []))
        matchers.append(
            Matcher(
                label=label,
                regex=regex,
                not_before=_context_regex(spec.get("unless_followed_by"), after=True),
                not_after=_context_regex(spec.get("unless_preceded_by"), after=False),
            )
        )
    return matchers


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive key for headings and names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass
class Country:
    iso2: str
    iso3: str
    name: str


@dataclass
class CountryIndex:
    by_key: dict[str, str]  # folded name or alias -> iso2
    names: dict[str, str]  # iso2 -> UN name
    iso3: dict[str, str]  # iso3 -> iso2
    regex: re.Pattern  # any country name in running text

    def lookup(self, heading: str) -> str | None:
        key = fold(heading)
        key = re.sub(r"^(?:[a-z]|\d{1,2}|[ivx]{1,4})[.)]\s+", "", key)
        key = re.sub(r"\s*\((?:continued|cont\.?)\)\s*$", "", key)
        key = re.sub(r"[\s*\d\u2020]+$", "", key).rstrip(" .:")
        return self.by_key.get(key)

    def find_all(self, text: str):
        for match in self.regex.finditer(text):
            iso2 = self.by_key.get(fold(match.group(0)))
            if iso2:
                yield iso2, match


def _load_countries(aliases: dict[str, list[str]]) -> CountryIndex:
    by_key, names, iso3 = {}, {}, {}
    import pycountry  # a runtime dependency already (cases.reference.loader)

    with COUNTRIES_CSV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            iso2 = row["iso2"]
            names[iso2] = row["un_name"]
            for name in (row["un_name"], row["short_name"]):
                if name:
                    by_key[fold(name)] = iso2
            record = pycountry.countries.get(alpha_2=iso2)
            if record is not None:
                iso3[record.alpha_3] = iso2
    iso3.setdefault("XKX", "XK")
    for iso2, alias_list in aliases.items():
        for alias in alias_list:
            by_key[fold(alias)] = iso2
    # Names in running text: longest first; only those written with a capital letter.
    surface = set()
    with COUNTRIES_CSV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            surface.update(n for n in (row["un_name"], row["short_name"]) if n)
    for alias_list in aliases.values():
        surface.update(a for a in alias_list if len(a) > 3 and a[0].isupper())
    alternatives = sorted(surface, key=len, reverse=True)
    regex = re.compile(
        r"(?<![\w])(?:"
        + "|".join(re.escape(a).replace("'", "['\u2019]") for a in alternatives)
        + r")(?![\w])"
    )
    return CountryIndex(by_key=by_key, names=names, iso3=iso3, regex=regex)


@dataclass
class Rules:
    mechanisms: Category
    reprisal_types: Category
    roles: Category
    countries: CountryIndex
    victims: dict
    cases: dict
    document: dict
    compiled: dict = field(default_factory=dict)

    def phrases(self, name: str, phrases) -> "PhraseSet | None":
        """A compiled, cached regex for a list of phrases from victims/cases/document rules."""
        if name not in self.compiled:
            self.compiled[name] = compile_phrases(phrases)
        return self.compiled[name]


def _read(path: Path) -> dict:
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except json.JSONDecodeError as exc:
        raise RulesError(f"{path}: not valid JSON ({exc})") from exc


def _merge(base, extra):
    """Extra entries first for ordered mappings of rules; lists are concatenated."""
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = {}
        for key, value in extra.items():
            merged[key] = _merge(base[key], value) if key in base else value
        for key, value in base.items():
            if key not in merged:
                merged[key] = value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return [*extra, *[item for item in base if item not in extra]]
    return extra


def read_rule_files(extra_dir: str | Path | None = None) -> dict[str, dict]:
    data = {name: _read(RULES_DIR / name) for name in RULE_FILES}
    if extra_dir:
        for name in RULE_FILES:
            path = Path(extra_dir) / name
            if path.exists():
                data[name] = _merge(data[name], _read(path))
    return data


def _extra_dir():
    try:
        from django.conf import settings

        return getattr(settings, "INGEST_RULES_DIR", "") or None
    except Exception:  # noqa: BLE001 - settings not configured (plain scripts)
        return None


@lru_cache(maxsize=4)
def _load(extra_dir: str | None) -> Rules:
    data = read_rule_files(extra_dir)
    mech = data["mechanisms.json"]["mechanisms"]
    types = data["reprisal_types.json"]["reprisal_types"]
    roles = data["roles.json"]["roles"]
    return Rules(
        mechanisms=Category(build_matchers(list(mech.items()), "names"), exclusive=True),
        reprisal_types=Category(build_matchers(list(types.items()), "phrases"), exclusive=False),
        roles=Category(build_matchers(list(roles.items()), "names"), exclusive=True),
        countries=_load_countries(data["countries.json"].get("aliases", {})),
        victims=data["victims.json"],
        cases=data["cases.json"],
        document=data["document.json"],
    )


def get_rules() -> Rules:
    extra = _extra_dir()
    return _load(str(extra) if extra else None)


def reload_rules() -> Rules:
    _load.cache_clear()
    return get_rules()


def check_rules(extra_dir: str | None = None) -> list[str]:
    """Problems with the rules files: unknown slugs, patterns that do not compile."""
    from cases.reference.vocabularies import MECHANISMS, REPRISAL_TYPES, VICTIM_ROLES

    problems = []
    try:
        data = read_rule_files(extra_dir)
    except RulesError as exc:
        return [str(exc)]
    known = {
        "mechanisms.json": ("mechanisms", {m[0] for m in MECHANISMS}),
        "reprisal_types.json": ("reprisal_types", {t[0] for t in REPRISAL_TYPES}),
        "roles.json": ("roles", {r[0] for r in VICTIM_ROLES}),
    }
    try:
        from cases.models import Mechanism, ReprisalType, VictimRole

        extra_known = {
            "mechanisms.json": set(Mechanism.objects.values_list("slug", flat=True)),
            "reprisal_types.json": set(ReprisalType.objects.values_list("slug", flat=True)),
            "roles.json": set(VictimRole.objects.values_list("slug", flat=True)),
        }
    except Exception:  # noqa: BLE001 - no database: the built-in vocabularies only
        extra_known = {}
    for filename, (key, slugs) in known.items():
        for slug, spec in data[filename][key].items():
            if slug not in slugs | extra_known.get(filename, set()):
                problems.append(f"{filename}: unknown slug {slug!r}")
            phrases = spec if isinstance(spec, list) else spec.get("names", []) + spec.get("phrases", [])
            try:
                compile_phrases(phrases, [] if isinstance(spec, list) else spec.get("abbreviations", []))
            except RulesError as exc:
                problems.append(f"{filename}: {slug}: {exc}")
    for iso2 in data["countries.json"].get("aliases", {}):
        if not re.fullmatch(r"[A-Z]{2}", iso2):
            problems.append(f"countries.json: {iso2!r} is not an ISO 3166-1 alpha-2 code")
    return problems
