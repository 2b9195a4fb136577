"""The whole pipeline without the database: file bytes in, parsed report, candidates and link
proposals out. jobs.py runs it for the upload page, the command and the worker and stores what it
returns; bench/ingest.py runs it on the gold set."""

from dataclasses import dataclass, field

from . import clean, extract, extract_text, link, segment


@dataclass
class Result:
    report: segment.ParsedReport
    candidates: list[extract.Candidate]
    links: list[link.LinkProposal] = field(default_factory=list)


def parse(data: bytes, filename: str = "", progress=None, limits=None) -> segment.ParsedReport:
    """`limits` (extract_text.Limits) caps archive parts, pages and time; the settings' by default."""
    progress = progress or (lambda stage, percent: None)
    progress("Reading the text", 10)
    document = extract_text.extract(data, filename, limits)
    progress("Removing page headers, footers and footnotes", 35)
    cleaned = clean.clean(document)
    progress("Finding sections, country headings and paragraphs", 50)
    return segment.segment(cleaned)


def process(data: bytes, filename: str = "", index: link.LinkIndex | None = None, progress=None) -> Result:
    progress = progress or (lambda stage, percent: None)
    report = parse(data, filename, progress)
    progress("Extracting candidate cases", 65)
    candidates = extract.extract_candidates(report)
    links = []
    if index is not None:
        progress("Linking follow-ups to earlier cases", 80)
        links = link.link_candidates(candidates, index, report.symbol)
    return Result(report=report, candidates=candidates, links=links)
