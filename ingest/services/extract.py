"""Candidate cases out of a parsed report.

Paragraphs under a country heading (in annex I and II, or in the main body of the reports before
2017) are grouped into cases: a paragraph continues the case above it when it names the same
victim or opens as a continuation does ("The Government…", "In its response…", "She…"), and starts
a new case when it names new victims, cites a different earlier case or opens with "In another
case". For each case the extractor finds the country, the victims (named or anonymised, person or
organisation, gender, roles), the mechanisms named, the reprisal types, dates, the kind of
perpetrator and the cross-references (earlier reports' paragraphs, special procedures
communications such as "UA CHN 3/2024"). Every value keeps the spans it was read from.

Names of mechanisms and citations are hidden before reprisal types, roles and victims are
looked for, so "Special Rapporteur on torture" is never a reprisal, nor "Human Rights Committee"
an organisation.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from unidecode import unidecode

from .rules import fold, get_rules, phrase_pattern
from .segment import MONTHS, SECTION_ANNEX_2, SECTION_BODY, ParsedParagraph, ParsedReport

_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAY_DATE = re.compile(
    rf"\b(\d{{1,2}})(?:\s+(?:and|or|to|[\u2013-])\s+\d{{1,2}})?\s+({_MONTH_NAMES})\s+(\d{{4}})\b"
)
_MONTH_DATE = re.compile(rf"\b({_MONTH_NAMES})\s+(\d{{4}})\b")
_YEAR_DATE = re.compile(
    r"\b(?:in|since|during|from|by|until|early|late|mid-)\s+((?:19|20)\d{2})\b(?![/\-–]\d)"
)
_SYMBOL = re.compile(r"A/HRC/\d{1,2}/\d{1,3}(?:/(?:Corr|Add)\.\d{1,2})?")
_CITATION_TAIL = re.compile(
    r"\s*(?:\(|,)?\s*(?:(annex(?:es)?\s+(?:I{1,3}|[12])\b)|(paras?\.|paragraphs?)\s*"
    r"(\d{1,3}(?:\s*(?:[\u2013\u2014-]|to)\s*\d{1,3})?(?:\s*(?:,\s*(?:and\s+)?|and\s+)\d{1,3}(?:\s*[\u2013\u2014-]\s*\d{1,3})?)*)"
    r"|(and|,))",
    re.I,
)
_COMMUNICATION = re.compile(r"\b(?:(UA|AL|JUA|JAL|OL)\s+)?([A-Z]{3})\s+(\d{1,3})/(\d{4})\b")
_OPINION = re.compile(r"\b(opinion|communication|decision)\s+No\.\s*(\d{1,4}/\d{4})", re.I)
_SENTENCE = re.compile(r"[^.!?]*(?:[.!?](?=\s+[A-Z\u201c(\"])|[.!?]?$)", re.S)
_TOKEN = re.compile(r"[^\s,;:()\[\]\u201c\u201d\"]+")
_LEADING_NOT_NAME = {
    "members", "member", "staff", "director", "head", "leaders", "leader", "founder", "president", "chair",
    "representatives", "representative", "lawyers", "lawyer", "employees", "volunteers", "activists", "journalists",
    "the", "of", "a", "an", "both", "all", "several", "two", "three", "in", "on", "at", "by", "for", "from", "with",
    "and", "according", "after", "before", "during", "since", "when", "while", "his", "her", "their", "its",
}  # fmt: skip


@dataclass
class Span:
    paragraph: int  # index into ParsedReport.paragraphs
    start: int
    end: int
    footnote: int | None = None

    def as_dict(self) -> dict:
        return {"paragraph": self.paragraph, "start": self.start, "end": self.end, "footnote": self.footnote}


@dataclass
class Victim:
    name: str = ""
    description: str = ""
    kind: str = "person"  # person, organisation, group
    gender: str = "unknown"
    roles: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)

    @property
    def display(self) -> str:
        return self.name or self.description

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "description": self.description,
            "kind": self.kind,
            "gender": self.gender,
            "roles": list(self.roles),
        }


@dataclass
class Citation:
    symbol: str
    section: str | None  # body, annex_1, annex_2 or None (not said)
    numbers: list[int]
    span: Span

    @property
    def label(self) -> str:
        where = {"annex_1": ", annex I", "annex_2": ", annex II"}.get(self.section or "", "")
        return f"{self.symbol}{where}" + (
            ", paras. " + ", ".join(map(str, self.numbers)) if self.numbers else ""
        )


@dataclass
class Candidate:
    section: str
    kind: str  # first, follow_up
    paragraphs: list[int]
    country: str | None
    country_heading: str = ""
    country_span: Span | None = None
    victims: list[Victim] = field(default_factory=list)
    mechanisms: dict[str, list[Span]] = field(default_factory=dict)
    reprisal_types: dict[str, list[Span]] = field(default_factory=dict)
    dates: list[tuple[date, str, Span]] = field(default_factory=list)
    incident_date: date | None = None
    incident_date_precision: str = "day"
    perpetrator: str = "unknown"
    perpetrator_spans: list[Span] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    communications: dict[str, list[Span]] = field(default_factory=dict)
    title: str = ""
    summary: str = ""
    confidence: float = 0.5

    def victim_keys(self) -> set[str]:
        return {k for v in self.victims if v.name for k in name_keys(v.name)}


# -- Paragraph facts ---------------------------------------------------------------------------


class PersonMention(NamedTuple):
    name: str
    honorific: str
    start: int
    end: int


class OrganisationMention(NamedTuple):
    name: str
    start: int
    end: int
    is_victim: bool


class AnonymousMention(NamedTuple):
    description: str
    spec: dict  # kind, gender, roles the words give
    start: int
    end: int


class Found(NamedTuple):
    """A rule's label (mechanism, reprisal type, role, communication) and where it was read."""

    label: str
    start: int
    end: int


class DateMention(NamedTuple):
    value: date
    precision: str
    start: int
    end: int


@dataclass
class Facts:
    text: str
    masked: str
    persons: list[PersonMention]
    person_refs: set[int]  # starts of person mentions that only name a relative's kin
    organisations: list[OrganisationMention]
    anonymised: list[AnonymousMention]
    mechanisms: list[Found]
    types: list[Found]
    roles: list[Found]
    citations: list[Citation]
    communications: list[Found]
    dates: list[DateMention]
    perpetrator: set[str]
    perpetrator_spans: list[tuple[int, int]]


def _mask(text: str, spans) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] not in "\n":
                chars[i] = " "
    return "".join(chars)


class Extractor:
    def __init__(self, report: ParsedReport, rules=None):
        self.report = report
        self.rules = rules or get_rules()
        victims = self.rules.victims
        self.honorifics = victims["honorifics"]
        self.particles = {p.casefold() for p in victims["name_particles"]}
        self.not_name = set(victims["not_name_words"])
        self.org_words = set(victims["organisation_words"])
        self.org_connectors = {c.casefold() for c in victims["organisation_connectors"]}
        self.not_victim_org = [fold(w) for w in victims["not_victim_organisations"]]
        self.affiliation = self.rules.phrases("affiliation", victims["affiliation_cues"])
        self.introducers = self.rules.phrases("introducers", victims["organisation_introducers"])
        self.female_words = set(victims["gender_words"]["female"])
        self.male_words = set(victims["gender_words"]["male"])
        anonymised = victims["anonymised"]
        self.anonymised = self._anonymised_regex(anonymised)
        self.definite = self._anonymised_regex(anonymised, determiners=["the"])
        self.kin_of = self._anonymised_regex(
            anonymised,
            determiners=[
                "re:(?:the\\s+)?(?:family members|families|relatives|family|parents|children|mothers) of(?:\\s+(?:"
                + "|".join(phrase_pattern(d) for d in anonymised["determiners"])
                + "))?"
            ],
        )
        self.heads = [(re.compile(rf"(?i:{phrase_pattern(k)})$"), v) for k, v in anonymised["heads"].items()]
        self.followed_by_name = re.compile(anonymised["followed_by_name"][3:])
        self.not_after_victim = re.compile(anonymised["not_after"][3:], re.I)
        self.not_victim_modifiers = {w.casefold() for w in anonymised.get("not_victim_modifiers", [])}
        cases = self.rules.cases
        self.continuation = self._openers(cases["continuation_openers"])
        self.new_case = self._openers(cases["new_case_openers"])
        self.follow_up = self.rules.phrases("follow_up_phrases", cases["follow_up_phrases"])
        perpetrators = cases["perpetrators"]
        self.state = self.rules.phrases("state", perpetrators["state"])
        self.state_weak = self.rules.phrases("state_weak", perpetrators["state_weak"])
        self.non_state = self.rules.phrases("non_state", perpetrators["non_state"])
        self.response = self.rules.phrases("response", perpetrators["response_cues"])
        self.un_action = self.rules.phrases("un_action", perpetrators["un_action_cues"])
        honorific_alternatives = "|".join(
            re.escape(h.rstrip(".")) for h in sorted(self.honorifics, key=len, reverse=True)
        )
        particles = "|".join(re.escape(p.rstrip("-")) for p in sorted(self.particles, key=len, reverse=True))
        self.honorific_re = re.compile(
            rf"(?<![\w])({honorific_alternatives})\.?\s+(?=[A-Z\u00c0-\u024f]|(?:{particles})[-\s])"
        )
        # One list of kin words (victims.json "kin_words") for every rule that finds relatives.
        self.kin = {word: tuple(value) for word, value in victims["kin_words"]["words"].items()}
        kin = "|".join(re.escape(w) for w in sorted(self.kin, key=len, reverse=True))
        self.kin_before = re.compile(rf"\b(?:{kin})\s+of\s+(?:the\s+late\s+)?$", re.I)
        self.kin_re = re.compile(rf"\b(?:the\s+)?({kin})\s+of\s+(?=(?:Mr|Ms|Mrs|Dr)\.?\s)", re.I)
        possessive = "|".join(
            re.escape(w) for w in sorted(self.kin, key=len, reverse=True) if w != "relative"
        )
        self.possessive_kin_re = re.compile(
            rf"\b(?:members\s+of\s+)?(his|her|their)\s+((?:{possessive})(?:-in-law)?)\b(?!\s+of\b)", re.I
        )
        self.own_symbol = report.symbol
        self._facts: dict[int, Facts] = {}

    # -- compiled helpers

    def _openers(self, phrases) -> re.Pattern:
        return re.compile(r"^\s*(?:" + "|".join(phrase_pattern(p) for p in phrases) + r")(?!\w)")

    def _anonymised_regex(self, spec: dict, determiners=None) -> re.Pattern:
        determiners = "|".join(
            phrase_pattern(d) for d in sorted(determiners or spec["determiners"], key=len, reverse=True)
        )
        stop = "|".join(re.escape(w) for w in spec["not_modifiers"])
        heads = "|".join(phrase_pattern(h) for h in sorted(spec["heads"], key=len, reverse=True))
        modifiers = rf"(?:(?!(?:{stop})\b)[A-Za-z][\w'\u2019\-]*\s+){{0,{int(spec['modifiers_max'])}}}?"
        return re.compile(rf"(?i)(?<![\w])(?:{determiners})\s+({modifiers})({heads})(?!\w)")

    # -- per paragraph

    def facts(self, index: int) -> Facts:
        if index not in self._facts:
            self._facts[index] = self._analyse(self.report.paragraphs[index].text, index)
        return self._facts[index]

    def _analyse(self, text: str, index: int) -> Facts:
        rules = self.rules
        citations = list(self._citations(text, index))
        communications = [Found(ref, s, e) for ref, s, e in self._communications(text)]
        masked = _mask(
            text, [(c.span.start, c.span.end) for c in citations] + [(s, e) for _, s, e in communications]
        )
        mechanisms = [Found(label, m.start(), m.end()) for label, m in rules.mechanisms.finditer(masked)]
        masked = _mask(masked, [(s, e) for _, s, e in mechanisms])
        persons, person_refs = self._persons(text, masked)
        masked_names = _mask(masked, [(p.start, p.end) for p in persons])
        organisations = [OrganisationMention(*o) for o in self._organisations(text, masked_names)]
        masked_all = _mask(masked_names, [(o.start, o.end) for o in organisations])
        types = [Found(label, m.start(), m.end()) for label, m in rules.reprisal_types.finditer(masked_all)]
        roles = [Found(label, m.start(), m.end()) for label, m in rules.roles.finditer(masked_names)]
        anonymised = self._anonymous(text, masked_all, persons, organisations)
        dates = [DateMention(*found) for found in self._dates(masked)]
        perpetrator, perpetrator_spans = self._perpetrators(masked_names)
        return Facts(
            text=text,
            masked=masked_all,
            persons=persons,
            person_refs=person_refs,
            organisations=organisations,
            anonymised=anonymised,
            mechanisms=mechanisms,
            types=types,
            roles=roles,
            citations=citations,
            communications=communications,
            dates=dates,
            perpetrator=perpetrator,
            perpetrator_spans=perpetrator_spans,
        )

    def _citations(self, text: str, index: int, footnote: int | None = None):
        for match in _SYMBOL.finditer(text):
            symbol = match.group(0)
            pos = match.end()
            section = None
            numbers: list[int] = []
            sections_seen = []
            end = pos
            limit = min(len(text), pos + 140)
            while pos < limit:
                tail = _CITATION_TAIL.match(text, pos, limit)
                if not tail or tail.end() == pos:
                    break
                if tail.group(1):
                    numeral = tail.group(1).split()[-1].upper()
                    section = {"I": "annex_1", "1": "annex_1", "II": "annex_2", "2": "annex_2"}.get(numeral)
                    sections_seen.append(section)
                    end = tail.end()
                elif tail.group(3):
                    if section is None:
                        section = SECTION_BODY
                    for number in _expand(tail.group(3)):
                        numbers.append((section, number))
                    end = tail.end()
                elif tail.group(4):
                    # "and" / "," only continue a citation when an annex or paragraph follows
                    follow = _CITATION_TAIL.match(text, tail.end(), limit)
                    if not follow or not (follow.group(1) or follow.group(3)):
                        break
                pos = tail.end()
            span = Span(index, match.start(), end, footnote)
            if numbers:
                by_section: dict[str, list[int]] = {}
                for sec, number in numbers:
                    by_section.setdefault(sec, []).append(number)
                for sec, nums in by_section.items():
                    yield Citation(symbol, sec, nums, span)
            else:
                yield Citation(symbol, section, [], span)

    def _communications(self, text: str):
        iso3 = self.rules.countries.iso3
        for match in _COMMUNICATION.finditer(text):
            if match.group(2) not in iso3:
                continue
            prefix = f"{match.group(1)} " if match.group(1) else ""
            yield f"{prefix}{match.group(2)} {match.group(3)}/{match.group(4)}", match.start(), match.end()
        for match in _OPINION.finditer(text):
            yield f"{match.group(1).lower()} {match.group(2)}", match.start(), match.end()

    # -- victims

    def _persons(self, text: str, masked: str):
        persons = []
        refs = set()
        for match in self.honorific_re.finditer(masked):
            honorific = match.group(1)
            tokens = []
            end = match.end()
            for token in _TOKEN.finditer(text, match.end()):
                gap = text[end : token.start()]
                if gap.strip() or len(gap) > 2:
                    break
                raw = token.group(0)
                possessive = bool(re.search(r"['\u2019]s$", raw))
                word = re.sub(r"['\u2019]s$", "", raw)
                initial = bool(re.fullmatch(r"[A-Z]\.", word))
                sentence_end = word.endswith(".") and not initial
                word = word.rstrip(".") if not initial else word
                bare = word.rstrip("'\u2019")
                if not bare:
                    break
                is_particle = bare.casefold() in self.particles or re.match(
                    r"^(?:al|el|bin|ibn|abu|abd|ould|ag|ben)[-\u2010]\w", bare
                )
                if bare in self.not_name or not (bare[0].isupper() or is_particle):
                    break
                tokens.append(bare)
                end = token.start() + len(word)
                if possessive or sentence_end or len(tokens) >= 6:
                    break
                if end < len(text) and text[end] in ",;:()":
                    break
            while tokens and tokens[-1].casefold() in self.particles:
                tokens.pop()
            if not tokens or not any(t[0].isupper() for t in tokens):
                continue
            persons.append(PersonMention(" ".join(tokens), honorific, match.start(), end))
            if self.kin_before.search(text[max(0, match.start() - 40) : match.start()]):
                refs.add(match.start())
        return persons, refs

    def _organisations(self, text: str, masked: str):
        found = []
        tokens = list(re.finditer(r"[\w'\u2019&\-]+", masked))
        index = 0
        while index < len(tokens):
            token = tokens[index]
            word = token.group(0)
            if not (word[:1].isupper() and word not in {"The", "A", "An"}):
                index += 1
                continue
            run = [token]
            j = index + 1
            while j < len(tokens):
                gap = masked[run[-1].end() : tokens[j].start()]
                if gap.strip() not in {"", "-"} or "\n" in gap:
                    break
                w = tokens[j].group(0)
                if w[:1].isupper() or (w.casefold() in self.org_connectors and j + 1 < len(tokens)):
                    run.append(tokens[j])
                    j += 1
                    continue
                break
            while run and run[-1].group(0).casefold() in self.org_connectors:
                run.pop()
            while run and (
                run[0].group(0).casefold() in _LEADING_NOT_NAME
                or run[0].group(0).casefold() in self.org_connectors
            ):
                run.pop(0)
            words = [t.group(0) for t in run]
            if run and any(w in self.org_words for w in words):
                start, end = run[0].start(), run[-1].end()
                name = text[start:end]
                # "(ABBR)" after the name belongs to it
                abbreviation = re.match(r"\s*\(([A-Z][A-Za-z&-]{1,12})\)", text[end:])
                if abbreviation:
                    end += abbreviation.end()
                folded = fold(name)
                if not any(bad in folded for bad in self.not_victim_org) and len(words) >= 2:
                    found.append((name, start, end, self._org_is_victim(text, start, end)))
            index = max(j, index + 1)
        if self.introducers is not None:
            for match in self.introducers.finditer(masked):
                rest = text[match.end() :]
                quoted = re.match(r"[\u201c\"]([^\u201d\"]{2,80})[\u201d\"]", rest)
                plain = re.match(
                    r"([A-Z][\w'\u2019\-]+(?:\s+(?:[A-Z][\w'\u2019\-]+|for|of|and|the|on|in))*)", rest
                )
                hit = quoted or plain
                if not hit:
                    continue
                name = hit.group(1).strip()
                start = match.end() + hit.start(1)
                end = start + len(name)
                if any(s <= start < e for _, s, e, _ in found) or name in self.not_name:
                    continue
                folded = fold(name)
                if any(bad in folded for bad in self.not_victim_org):
                    continue
                found.append((name, start, end, self._org_is_victim(text, match.start(), end)))
        return found

    def _org_is_victim(self, text: str, start: int, end: int) -> bool:
        before = text[max(0, start - 60) : start]
        if self.affiliation is not None and re.search(
            rf"(?:{self.affiliation.pattern})\s*(?:the|a|an|its)?\s*(?:non-governmental organi[sz]ation\s+|organi[sz]ation\s+)?$",
            before,
        ):
            return False
        sentence = _sentence_at(text, start)
        if self.rules.reprisal_types.any(sentence):
            return True
        return bool(re.search(r"reprisal|intimidat|targeted|harass", sentence, re.I))

    def head_spec(self, head: str) -> dict:
        for regex, spec in self.heads:
            if regex.match(head):
                return spec
        return {}

    def _anonymous(self, text: str, masked: str, persons, organisations=()):
        found = []
        named_ends = [p.end for p in persons] + [o.end for o in organisations]
        taken: list[tuple[int, int]] = []
        for match in self.kin_of.finditer(masked):
            spec = dict(self.head_spec(match.group(2)))
            spec.update({"kind": "group", "roles": ["relative"]})
            found.append(
                AnonymousMention(text[match.start() : match.end()], spec, match.start(), match.end())
            )
            taken.append((match.start(), match.end()))
        for match in self.anonymised.finditer(masked):
            start, end = match.start(), match.end()
            if any(s <= start < e for s, e in taken):
                continue
            if self.followed_by_name.match(text, end) or re.match(
                r"\s*,?\s*(?:Mr|Ms|Mrs|Dr)\.?\s", text[end : end + 8]
            ):
                continue
            if self.not_after_victim.search(text[max(0, start - 40) : start]):
                continue
            if self.affiliation is not None and re.search(
                rf"(?:{self.affiliation.pattern})\s*$", text[max(0, start - 40) : start]
            ):
                continue
            if any(0 <= start - e <= 3 and text[e:start].strip() in {",", ""} for e in named_ends):
                continue  # an apposition: "Mr. X, a lawyer", "the Y Trust, a non-governmental organization"
            modifiers = {w.casefold() for w in match.group(1).split()}
            if modifiers & self.not_victim_modifiers:
                continue
            spec = self.head_spec(match.group(2))
            if spec.get("kind") == "organisation" and re.match(r"\s*[A-Z\u201c\"]", text[end : end + 3]):
                continue
            found.append(AnonymousMention(text[start:end], spec, start, end))
        for match in self.kin_re.finditer(text):
            person = next((p for p in persons if p.start >= match.end() and p.start - match.end() <= 2), None)
            if person is None:
                continue
            description = f"{match.group(1)} of {person.honorific}. {person.name}".replace("..", ".")
            found.append(
                AnonymousMention(description, self._kin_spec(match.group(1)), match.start(), person.end)
            )
        for match in self.possessive_kin_re.finditer(masked):
            if re.match(r"\s*,?\s*(?:Mr|Ms|Mrs|Miss|Dr)\.?\s", text[match.end() : match.end() + 8]):
                continue  # "his wife, Ms. Y": the relative is named
            sentence = _sentence_at(masked, match.start())
            if not self.rules.reprisal_types.any(sentence):
                continue
            owner = next((p for p in reversed(persons) if p.end <= match.start()), None)
            if owner is not None:
                description = f"{match.group(2)} of {owner.honorific}. {owner.name}".replace("..", ".")
            else:
                description = match.group(0)
            found.append(
                AnonymousMention(description, self._kin_spec(match.group(2)), match.start(), match.end())
            )
        return found

    def _kin_spec(self, noun: str) -> dict:
        """The victim a kin word gives: a relative, one person or a group, with its gender."""
        gender, plural = self.kin.get(fold(noun).split("-")[0], ("", True))
        spec = {"kind": "group" if plural else "person", "roles": ["relative"]}
        if gender:
            spec["gender"] = gender
        return spec

    def _dates(self, masked: str):
        found = []
        taken = []
        for match in _DAY_DATE.finditer(masked):
            try:
                value = date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
            except ValueError:
                continue
            found.append((value, "day", match.start(), match.end()))
            taken.append((match.start(), match.end()))
        for match in _MONTH_DATE.finditer(masked):
            if any(s <= match.start() < e for s, e in taken):
                continue
            found.append(
                (
                    date(int(match.group(2)), MONTHS[match.group(1).lower()], 1),
                    "month",
                    match.start(),
                    match.end(),
                )
            )
            taken.append((match.start(), match.end()))
        for match in _YEAR_DATE.finditer(masked):
            if any(s <= match.start(1) < e for s, e in taken):
                continue
            found.append((date(int(match.group(1)), 1, 1), "year", match.start(1), match.end(1)))
        return found

    def _perpetrators(self, masked: str):
        kinds, spans = set(), []
        for sentence, offset in _sentences(masked):
            if self.response is not None and self.response.search(sentence):
                continue
            for kind, regex in (("state", self.state), ("non_state", self.non_state)):
                if regex is None:
                    continue
                for match in regex.finditer(sentence):
                    kinds.add(kind)
                    spans.append((offset + match.start(), offset + match.end()))
            if self.state_weak is not None and not (self.un_action and self.un_action.search(sentence)):
                for match in self.state_weak.finditer(sentence):
                    kinds.add("state")
                    spans.append((offset + match.start(), offset + match.end()))
        return kinds, spans

    # -- grouping

    def case_paragraphs(self) -> list[int]:
        return [i for i, p in enumerate(self.report.paragraphs) if p.country is not None]

    def candidates(self) -> list[Candidate]:
        groups: list[list[int]] = []
        previous: ParsedParagraph | None = None
        for index in self.case_paragraphs():
            paragraph = self.report.paragraphs[index]
            same_block = (
                previous is not None
                and groups
                and previous.section == paragraph.section
                and previous.country_heading == paragraph.country_heading
                and previous.heading == paragraph.heading
                and previous.chapter == paragraph.chapter
                and groups[-1][-1] == index - 1
            )
            if same_block and self._continues(groups[-1], index):
                groups[-1].append(index)
            else:
                groups.append([index])
            previous = paragraph
        candidates = [self._build(group) for group in groups]
        if self.report.has_annexes:
            candidates = self._merge_body_summaries(candidates)
        return candidates

    def _continues(self, group: list[int], index: int) -> bool:
        facts = self.facts(index)
        text = facts.text
        if self.new_case.match(text):
            return False
        group_keys = set()
        group_citations = set()
        group_anonymous = set()
        for i in group:
            f = self.facts(i)
            for name, _, _, _ in f.persons:
                group_keys |= name_keys(name)
            group_citations |= {
                (c.symbol, c.section, tuple(c.numbers)) for c in f.citations if c.symbol != self.own_symbol
            }
            group_anonymous |= {fold(a.description) for a in f.anonymised}
        keys = set()
        for name, _, _, _ in facts.persons:
            keys |= name_keys(name)
        citations = {
            (c.symbol, c.section, tuple(c.numbers)) for c in facts.citations if c.symbol != self.own_symbol
        }
        if citations and group_citations and not (citations & group_citations) and not (keys & group_keys):
            return False
        if keys & group_keys:
            return True
        if self.continuation.match(text):
            return True
        if keys:
            return False
        if citations and not group_citations and self._is_follow_up_text(text):
            return False
        first_sentence = next(iter(_sentences(text)), ("", 0))[0]
        opening = {fold(a.description) for a in facts.anonymised if a.start < len(first_sentence)}
        # A new anonymised victim in the first sentence opens a new case.
        return not (opening and (group_keys or group_anonymous) and not opening & group_anonymous)

    def _is_follow_up_text(self, text: str) -> bool:
        return bool(self.follow_up and self.follow_up.search(text))

    def _merge_body_summaries(self, candidates: list[Candidate]) -> list[Candidate]:
        """In reports with annexes, a main-body paragraph about a case detailed in an annex joins it."""
        annexed = [c for c in candidates if c.section != SECTION_BODY]
        kept = []
        for candidate in candidates:
            if candidate.section == SECTION_BODY:
                keys = candidate.victim_keys()
                target = next(
                    (
                        a
                        for a in annexed
                        if a.country == candidate.country and keys and keys & a.victim_keys()
                    ),
                    None,
                )
                if target is not None:
                    target.paragraphs = sorted(set(target.paragraphs) | set(candidate.paragraphs))
                    continue
            kept.append(candidate)
        return kept

    # -- building a candidate

    def _build(self, group: list[int]) -> Candidate:
        report = self.report
        first = report.paragraphs[group[0]]
        follow_up = first.section == SECTION_ANNEX_2 or first.follow_up_context
        if not follow_up and first.section == SECTION_BODY:
            facts = self.facts(group[0])
            earlier = [c for c in facts.citations if c.symbol != self.own_symbol]
            follow_up = bool(earlier) and self._is_follow_up_text(facts.text)
        candidate = Candidate(
            section=first.section,
            kind="follow_up" if follow_up else "first",
            paragraphs=list(group),
            country=first.country,
            country_heading=first.country_heading,
        )
        persons: list[dict] = []
        organisations: list[dict] = []
        anonymous: list[dict] = []
        for index in group:
            facts = self.facts(index)
            text = facts.text
            if candidate.country and candidate.country_span is None:
                for iso2, match in self.rules.countries.find_all(text):
                    if iso2 == candidate.country:
                        candidate.country_span = Span(index, match.start(), match.end())
                        break
            for label, start, end in facts.mechanisms:
                candidate.mechanisms.setdefault(label, []).append(Span(index, start, end))
            for label, start, end in facts.types:
                candidate.reprisal_types.setdefault(label, []).append(Span(index, start, end))
            for citation in facts.citations:
                if citation.symbol != self.own_symbol:
                    candidate.citations.append(citation)
            for ref, start, end in facts.communications:
                candidate.communications.setdefault(ref, []).append(Span(index, start, end))
            for value, precision, start, end in facts.dates:
                candidate.dates.append((value, precision, Span(index, start, end)))
            for kind in facts.perpetrator:
                candidate.perpetrator = _combine_perpetrator(candidate.perpetrator, kind)
            candidate.perpetrator_spans += [Span(index, s, e) for s, e in facts.perpetrator_spans[:6]]
            self._collect_persons(facts, index, persons)
            for name, start, end, is_victim in facts.organisations:
                if not is_victim:
                    continue
                existing = next((o for o in organisations if fold(o["name"]) == fold(name)), None)
                if existing:
                    existing["spans"].append(Span(index, start, end))
                else:
                    organisations.append({"name": name, "spans": [Span(index, start, end)]})
            for description, spec, start, end in facts.anonymised:
                self._collect_anonymous(facts, index, description, spec, start, end, anonymous)
        # Footnotes: cross-references only.
        for index in group:
            for number in report.paragraphs[index].footnotes:
                note = report.footnotes.get(number, "")
                for citation in self._citations(note, index, footnote=number):
                    if citation.symbol != self.own_symbol:
                        candidate.citations.append(citation)
                for ref, start, end in self._communications(note):
                    candidate.communications.setdefault(ref, []).append(Span(index, start, end, number))
        if candidate.kind == "follow_up" and not (persons or organisations or anonymous):
            # Follow-ups refer back to anonymised victims with "the": "the woman human rights defender".
            for index in group:
                facts = self.facts(index)
                for match in self.definite.finditer(facts.masked):
                    spec = self.head_spec(match.group(2))
                    self._collect_anonymous(
                        facts, index, match.group(0), spec, match.start(), match.end(), anonymous
                    )
                if anonymous:
                    break
        candidate.victims = self._victims(persons, organisations, anonymous)
        relatives = [span for v in candidate.victims if "relative" in v.roles for span in v.spans]
        if relatives:
            # A victim targeted as someone's relative is itself the reprisal against relatives.
            candidate.reprisal_types.setdefault("reprisals-against-relatives", []).extend(relatives[:3])
        self._incident_date(candidate)
        candidate.title = _title(candidate, self.rules)
        candidate.summary = _summary(report.paragraphs[group[0]].text)
        candidate.confidence = _confidence(candidate)
        return candidate

    def _collect_persons(self, facts: Facts, index: int, persons: list[dict]) -> None:
        text = facts.text
        mentions = facts.persons
        for position, (name, honorific, start, end) in enumerate(mentions):
            gender = self.honorifics.get(honorific, self.honorifics.get(honorific + ".", "unknown"))
            roles = self._roles_near(facts, start, end, mentions, position)
            is_ref = start in facts.person_refs
            match = None
            for person in persons:
                if _same_person(person["name"], name):
                    match = person
                    break
            if match is None:
                persons.append(
                    {
                        "name": name,
                        "gender": gender,
                        "roles": roles,
                        "spans": [Span(index, start, end)],
                        "refs_only": is_ref,
                    }
                )
            else:
                if len(name) > len(match["name"]) and len(name.split()) >= len(match["name"].split()):
                    match["name"] = name
                match["spans"].append(Span(index, start, end))
                match["roles"] = _union(match["roles"], roles)
                match["refs_only"] = match["refs_only"] and is_ref
                if match["gender"] == "unknown":
                    match["gender"] = gender
        del text

    def _roles_near(self, facts: Facts, start: int, end: int, mentions, position: int) -> list[str]:
        text = facts.text
        previous_end = mentions[position - 1].end if position > 0 else 0
        next_start = mentions[position + 1].start if position + 1 < len(mentions) else len(text)
        before_start = max(previous_end, start - 45)
        before = text[before_start:start]
        cut = max(before.rfind(". "), before.rfind(";"), before.rfind("("))
        if cut >= 0:
            before_start += cut + 1
        windows = [(before_start, start)]
        after = text[end : min(next_start, end + 120)]
        if after.startswith(","):
            stop = re.search(r",|;|\.(?:\s|$)|\)", after[1:])
            windows.append((end, end + 1 + (stop.start() if stop else len(after) - 1)))
        elif after.startswith(" ("):
            stop = after.find(")")
            windows.append((end, end + (stop if stop > 0 else len(after))))
        else:
            # "Mr. X and Ms. Y, both journalists": the apposition after the last name of a list
            coordination = re.match(r"\s+and\s+(?:Mr|Ms|Mrs|Dr)\.", after)
            if coordination and position + 1 < len(mentions):
                next_end = mentions[position + 1][3]
                tail = text[next_end : next_end + 80]
                if re.match(r",\s*both\b|,\s*(?:all|two)\b", tail):
                    stop = re.search(r",|;|\.(?:\s|$)", tail[1:])
                    windows.append((next_end, next_end + 1 + (stop.start() if stop else len(tail) - 1)))
        roles = []
        for label, s, e in facts.roles:
            if any(ws <= s and e <= we for ws, we in windows):
                roles.append(label)
        return _union([], roles)

    def _collect_anonymous(self, facts, index, description, spec, start, end, anonymous) -> None:
        description = description.strip()
        if description[:1].isupper() and not description.startswith(("NGO", "LGBT")):
            description = description[0].lower() + description[1:]
        roles = list(spec.get("roles", []))
        for label, s, e in facts.roles:
            if start <= s and e <= end:
                roles.append(label)
        if "woman-human-rights-defender" in roles and "human-rights-defender" in roles:
            roles.remove("human-rights-defender")
        gender = spec.get("gender", "unknown")
        words = set(re.findall(r"[a-z]+", description.lower()))
        if gender == "unknown":
            if words & {"woman", "women", "female", "girl", "girls"}:
                gender = "female"
            elif words & {"man", "men", "male", "boy", "boys"}:
                gender = "male"
        if gender == "unknown" and spec.get("kind", "person") == "person":
            follow = facts.text[end : end + 200]
            pronoun = re.search(r"\b(she|her|he|his|him)\b", follow, re.I)
            if pronoun:
                gender = "female" if pronoun.group(1).lower() in {"she", "her"} else "male"
        head = _head_key(description)
        for victim in anonymous:
            if victim["head"] == head:
                victim["spans"].append(Span(index, start, end))
                victim["roles"] = _union(victim["roles"], roles)
                return
        anonymous.append(
            {
                "description": description,
                "kind": spec.get("kind", "person"),
                "gender": gender,
                "roles": _union([], roles),
                "spans": [Span(index, start, end)],
                "head": head,
            }
        )

    def _victims(self, persons, organisations, anonymous) -> list[Victim]:
        victims = []
        for person in persons:
            if person["refs_only"]:
                continue
            victims.append(
                Victim(
                    name=person["name"],
                    kind="person",
                    gender=person["gender"],
                    roles=person["roles"],
                    spans=person["spans"],
                )
            )
        for organisation in organisations:
            victims.append(
                Victim(
                    name=organisation["name"],
                    kind="organisation",
                    roles=["civil-society-organisation"],
                    spans=organisation["spans"],
                )
            )
        for victim in anonymous:
            victims.append(
                Victim(
                    description=victim["description"][:300],
                    kind=victim["kind"],
                    gender=victim["gender"],
                    roles=victim["roles"],
                    spans=victim["spans"],
                )
            )
        return victims

    def _incident_date(self, candidate: Candidate) -> None:
        usable = []
        for value, precision, span in candidate.dates:
            paragraph = self.report.paragraphs[span.paragraph].text
            sentence = _sentence_at(paragraph, span.start)
            if self.response is not None and self.response.search(sentence):
                continue
            if self.report.published_on and value > self.report.published_on:
                continue
            usable.append((value, precision))
        if usable:
            value, precision = min(
                usable, key=lambda item: (item[0], {"day": 0, "month": 1, "year": 2}[item[1]])
            )
            candidate.incident_date, candidate.incident_date_precision = value, precision


def extract_candidates(report: ParsedReport, rules=None) -> list[Candidate]:
    return Extractor(report, rules).candidates()


# -- helpers -----------------------------------------------------------------------------------


def _expand(numbers: str) -> list[int]:
    out = []
    for part in re.split(r"\s*(?:,\s*and|,|and)\s*", numbers.strip()):
        if not part:
            continue
        bounds = re.split(r"\s*(?:[\u2013\u2014-]|to)\s*", part)
        try:
            if len(bounds) == 2:
                low, high = int(bounds[0]), int(bounds[1])
                if 0 < high - low <= 30:
                    out.extend(range(low, high + 1))
                else:
                    out.append(low)
            else:
                out.append(int(bounds[0]))
        except ValueError:
            continue
    return out


def _sentences(text: str):
    return _sentence_list(text)


@lru_cache(maxsize=2048)
def _sentence_list(text: str) -> tuple[tuple[str, int], ...]:
    return tuple((m.group(0), m.start()) for m in _SENTENCE.finditer(text) if m.group(0).strip())


def _sentence_at(text: str, position: int) -> str:
    for sentence, offset in _sentences(text):
        if offset <= position < offset + len(sentence):
            return sentence
    return text


def _union(first: list[str], second: list[str]) -> list[str]:
    out = list(first)
    for item in second:
        if item not in out:
            out.append(item)
    if "woman-human-rights-defender" in out and "human-rights-defender" in out:
        out.remove("human-rights-defender")
    return out


_PARTICLES = {
    "al",
    "el",
    "bin",
    "ibn",
    "abu",
    "abd",
    "de",
    "da",
    "van",
    "von",
    "der",
    "du",
    "la",
    "le",
    "ould",
    "ag",
    "ben",
}


def name_tokens(name: str) -> list[str]:
    """Lower-case ASCII tokens of a name, particles joined to what follows ("Al-Khawaja" and
    "Alkhawaja" both give "alkhawaja")."""
    text = unidecode(name).lower()
    text = re.sub(r"['\u2019`]", "", text)
    raw = [t for t in re.split(r"[\s\-.]+", text) if t]
    tokens = []
    carry = ""
    for token in raw:
        if token in _PARTICLES:
            carry += token
            continue
        tokens.append(carry + token)
        carry = ""
    if carry:
        tokens.append(carry)
    return tokens


def name_keys(name: str) -> set[str]:
    tokens = name_tokens(name)
    keys = {t for t in tokens if len(t) >= 3}
    keys |= {re.sub(r"^(?:al|el)", "", t) for t in tokens if len(t) > 5 and t.startswith(("al", "el"))}
    return keys


def _same_person(a: str, b: str) -> bool:
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    sa, sb = set(ta), set(tb)
    if sa <= sb or sb <= sa:
        return True
    return ta[-1] == tb[-1] and (len(ta) == 1 or len(tb) == 1)


def _head_key(description: str) -> str:
    words = re.findall(r"[a-z]+", description.lower())
    return " ".join(words[-3:]) if words else description


def _combine_perpetrator(current: str, kind: str) -> str:
    if current in {"unknown", kind}:
        return kind
    return "both"


def victims_title(victims) -> str:
    """Who a case is about, in a few words a curator can scan: the named people first ("Saeed
    Al-Kaabi", "Saeed Al-Kaabi and Ahmed Mansoor", "Saeed Al-Kaabi and others"); with nobody
    named, the first description ("A woman human rights defender and others"). An unnamed person
    next to a named one is one of the "others", never "… and an individual"."""
    named = [v.name.strip() for v in victims if v.name.strip()]
    if named:
        who = " and ".join(named) if len(named) == len(victims) == 2 else named[0]
        shown = 2 if len(named) == len(victims) == 2 else 1
    else:
        described = [v.description.strip() for v in victims if v.description.strip()]
        who = described[0] if described else "Unnamed victim"
        shown = 1
    if len(victims) > shown:
        who += " and others"
    return who


def _title(candidate: Candidate, rules) -> str:
    who = victims_title(candidate.victims)
    country = rules.countries.names.get(candidate.country or "", "")
    short = country.split(" (")[0] if country else ""
    return f"{who[:1].upper()}{who[1:]} — {short}"[:300] if short else who[:300]


def _summary(text: str) -> str:
    sentences = [s.strip() for s, _ in _sentences(text)]
    summary = " ".join(sentences[:2])
    return summary[:1000]


def _confidence(candidate: Candidate) -> float:
    score = 0.3
    if candidate.country:
        score += 0.2
    if candidate.victims:
        score += 0.2
    if candidate.mechanisms:
        score += 0.15
    if candidate.reprisal_types:
        score += 0.15
    return round(min(score, 1.0), 2)
