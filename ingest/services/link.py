"""Which earlier case a candidate follows up.

In order of trust:
1. the earlier report's paragraph it cites ("A/HRC/39/41, annex I, paras. 12–14"), when that
   paragraph is known (ingested) and belongs to a case or a candidate — confidence 0.8–0.97,
   higher when the victims' names agree;
2. a special procedures communication both cite ("UA CHN 3/2024") — 0.85;
3. the victims' names, in the same country, compared after transliteration ("Al-Khawaja",
   "Alkhawaja", "al Khawaja"; "Mohammed"/"Muhammad") with rapidfuzz — 0.6–0.9, only for
   follow-ups and for candidates whose citations could not be resolved.

The cases to link to come from a LinkIndex: the database (existing cases and candidates waiting
for review, see jobs.DatabaseIndex) or, in the bench, the reports processed before.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from rapidfuzz import fuzz
from unidecode import unidecode

from .extract import Candidate, Citation, Span, name_tokens
from .rules import get_rules

NAME_THRESHOLD = 88.0


@dataclass
class Target:
    key: tuple
    label: str
    country: str | None = None
    names: list[str] = field(default_factory=list)
    communications: set[str] = field(default_factory=set)

    def __hash__(self):
        return hash(self.key)

    def __eq__(self, other):
        return isinstance(other, Target) and other.key == self.key


@dataclass
class LinkProposal:
    candidate: int  # index in the candidate list
    target: Target
    method: str  # citation, communication, name
    confidence: float
    evidence: str
    span: Span | None = None
    citation: Citation | None = None


class LinkIndex(Protocol):
    def knows_report(self, symbol: str) -> bool: ...

    def at_paragraph(self, symbol: str, section: str | None, number: int) -> list[Target]: ...

    def in_country(self, iso2: str | None) -> list[Target]: ...

    def by_communication(self, key: str) -> list[Target]: ...


def communication_key(ref: str) -> str:
    """ "UA CHN 3/2024" and "CHN 3/2024" are the same communication."""
    return re.sub(r"^(?:UA|AL|JUA|JAL|OL)\s+", "", ref.strip())


@dataclass
class MemoryIndex:
    """Targets kept in memory: used by the bench and by tests."""

    paragraphs: dict[tuple[str, str, int], Target] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)
    reports: set[str] = field(default_factory=set)

    def add_report(
        self, symbol: str, report, candidates: list[Candidate], links: list[LinkProposal], make_key
    ):
        """Index one processed report: a candidate that follows an earlier case stands for that
        case (so later citations of the follow-up resolve to the original case)."""
        self.reports.add(symbol)
        best = best_links(links)
        for index, candidate in enumerate(candidates):
            link = best.get(index)
            if link is not None:
                target = link.target
                target.names = _union(target.names, [v.name for v in candidate.victims if v.name])
                target.communications |= {communication_key(r) for r in candidate.communications}
            else:
                target = Target(
                    key=make_key(index, candidate),
                    label=candidate.title,
                    country=candidate.country,
                    names=[v.name for v in candidate.victims if v.name],
                    communications={communication_key(r) for r in candidate.communications},
                )
                self.targets.append(target)
            for paragraph_index in candidate.paragraphs:
                paragraph = report.paragraphs[paragraph_index]
                self.paragraphs[(symbol, paragraph.section, paragraph.number)] = target

    def knows_report(self, symbol):
        return symbol in self.reports

    def at_paragraph(self, symbol, section, number):
        target = self.paragraphs.get((symbol, section or "body", number))
        return [target] if target else []

    def in_country(self, iso2):
        return [t for t in self.targets if t.country == iso2]

    def by_communication(self, key):
        return [t for t in self.targets if key in t.communications]


def _union(first, second):
    out = list(first)
    out.extend(x for x in second if x not in out)
    return out


# -- names -------------------------------------------------------------------------------------


def _variants() -> dict[str, str]:
    table = get_rules().victims.get("transliteration", {})
    out = {}
    for canonical, spellings in table.items():
        if canonical.startswith("_"):
            continue
        for spelling in spellings:
            out[unidecode(spelling).lower().replace(" ", "")] = canonical
        out[canonical] = canonical
    return out


def phonetic(token: str, variants: dict[str, str] | None = None) -> str:
    variants = variants if variants is not None else _variants()
    token = unidecode(token).lower()
    token = variants.get(token, token)
    for particle in ("al", "el"):
        if token.startswith(particle) and len(token) > len(particle) + 3:
            rest = token[len(particle) :]
            token = particle + variants.get(rest, rest)
    token = re.sub(r"(.)\1+", r"\1", token)
    for old, new in (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ph", "f"), ("q", "k"), ("y", "i"), ("dh", "d")):
        token = token.replace(old, new)
    return token.rstrip("h") or token


def comparable(name: str, variants=None) -> list[str]:
    variants = variants if variants is not None else _variants()
    return [phonetic(t, variants) for t in name_tokens(name)]


def name_similarity(a: str, b: str, variants=None) -> float:
    """0–100: how likely two spellings name the same person."""
    ta, tb = comparable(a, variants), comparable(b, variants)
    if not ta or not tb:
        return 0.0
    score = max(fuzz.token_sort_ratio(" ".join(ta), " ".join(tb)), fuzz.ratio("".join(ta), "".join(tb)))
    if len(ta) == 1 or len(tb) == 1:
        single, other = (ta, tb) if len(ta) == 1 else (tb, ta)
        surname = max(fuzz.ratio(single[0], other[-1]), fuzz.ratio(single[0], "".join(other[-2:])))
        stripped = [re.sub(r"^(?:al|el)", "", t) for t in (single[0], other[-1])]
        surname = max(surname, fuzz.ratio(*stripped))
        score = max(score, surname * 0.97)
    else:
        # Same family name and first name written differently (transliteration): compare token by token.
        pairs = [fuzz.ratio(x, y) for x, y in zip(ta, tb, strict=False)]
        if ta[-1] != tb[-1]:
            last = fuzz.ratio(ta[-1], tb[-1])
            pairs.append(last)
        score = max(score, min(100.0, sum(pairs) / len(pairs)) if len(ta) == len(tb) else 0)
    return float(score)


# -- linking -----------------------------------------------------------------------------------


def link_candidates(
    candidates: list[Candidate], index: LinkIndex, own_symbol: str = ""
) -> list[LinkProposal]:
    variants = _variants()
    proposals: list[LinkProposal] = []
    for position, candidate in enumerate(candidates):
        found = _by_citation(position, candidate, index, own_symbol, variants)
        if not found:
            found = _by_communication(position, candidate, index)
        unresolved = any(c.symbol != own_symbol for c in candidate.citations)
        if not found and (candidate.kind == "follow_up" or unresolved):
            found = _by_name(position, candidate, index, variants)
        proposals.extend(found)
    return proposals


def best_links(proposals: list[LinkProposal], threshold: float = 0.0) -> dict[int, LinkProposal]:
    best: dict[int, LinkProposal] = {}
    for proposal in proposals:
        if proposal.confidence < threshold:
            continue
        current = best.get(proposal.candidate)
        if current is None or proposal.confidence > current.confidence:
            best[proposal.candidate] = proposal
    return best


def _names_agree(candidate: Candidate, target: Target, variants) -> float | None:
    names = [v.name for v in candidate.victims if v.name and v.kind == "person"]
    if not names or not target.names:
        return None
    return max(name_similarity(a, b, variants) for a in names for b in target.names)


def _by_citation(position, candidate, index, own_symbol, variants) -> list[LinkProposal]:
    votes: Counter = Counter()
    evidence: dict = {}
    for citation in candidate.citations:
        if citation.symbol == own_symbol or not index.knows_report(citation.symbol):
            continue
        for number in citation.numbers:
            targets = index.at_paragraph(citation.symbol, citation.section, number)
            for target in targets:
                votes[target] += 1
                evidence.setdefault(target, citation)
    proposals = []
    for target, count in votes.most_common(3):
        citation = evidence[target]
        agreement = _names_agree(candidate, target, variants)
        if agreement is None:
            confidence = 0.9
        elif agreement >= NAME_THRESHOLD:
            confidence = 0.97
        else:
            confidence = 0.8
        if count < max(votes.values()):
            confidence -= 0.2
        proposals.append(
            LinkProposal(
                candidate=position,
                target=target,
                method="citation",
                confidence=round(confidence, 2),
                evidence=citation.label,
                span=citation.span,
                citation=citation,
            )
        )
    return proposals


def _by_communication(position, candidate, index) -> list[LinkProposal]:
    proposals = []
    seen = set()
    for ref, spans in candidate.communications.items():
        for target in index.by_communication(communication_key(ref)):
            if target in seen or (
                candidate.country and target.country and target.country != candidate.country
            ):
                continue
            seen.add(target)
            proposals.append(
                LinkProposal(position, target, "communication", 0.85, ref, span=spans[0] if spans else None)
            )
    return proposals


def _by_name(position, candidate, index, variants) -> list[LinkProposal]:
    names = [v for v in candidate.victims if v.name and v.kind in {"person", "organisation"}]
    if not names:
        return []
    scored = []
    for target in index.in_country(candidate.country):
        if not target.names:
            continue
        best, pair = 0.0, None
        for victim in names:
            for other in target.names:
                score = name_similarity(victim.name, other, variants)
                if score > best:
                    best, pair = score, (victim, other)
        if best >= NAME_THRESHOLD:
            scored.append((best, target, pair))
    scored.sort(key=lambda item: item[0], reverse=True)
    proposals = []
    for rank, (score, target, (victim, other)) in enumerate(scored[:3]):
        confidence = 0.6 + 0.3 * (score - NAME_THRESHOLD) / (100 - NAME_THRESHOLD)
        if rank == 0 and len(scored) > 1 and scored[1][0] >= score - 2:
            confidence -= 0.15  # two earlier cases fit as well: the curator decides
        proposals.append(
            LinkProposal(
                position,
                target,
                "name",
                round(max(0.3, confidence - 0.1 * rank), 2),
                f"{victim.name} ≈ {other} ({score:.0f}/100)",
                span=victim.spans[0] if victim.spans else None,
            )
        )
    return proposals
