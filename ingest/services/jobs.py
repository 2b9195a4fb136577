"""Ingestion jobs: the upload (or `manage.py ingest_report`) creates one, the background worker
runs it, and the database gets the report, its paragraphs and the candidates in one transaction.

    job = create_job(data, "A_HRC_45_36.pdf", user)   # refuses too large, unsupported, duplicate
    run_job(job.pk)                                   # what the worker does (tasks.process_report)

A job is claimed with a conditional UPDATE (queued → running), so a retried task never processes a
file twice. Any failure rolls back everything the job wrote and leaves the job "failed" (or
"already ingested") with a message a curator can act on.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.utils import bulk_create_with_history

from cases.models import Case, Country, Mention, Paragraph, Report
from endreprisals import background

from ..models import CandidateCase, CandidateLink, ExtractedSpan, IngestJob
from . import cover, extract, extract_text, link, pipeline
from .errors import DuplicateReport, FileTooLarge, IngestError

log = logging.getLogger(__name__)
CHANGE_REASON = "Ingested from an uploaded report"
STALE_AFTER = timedelta(minutes=15)
Status = IngestJob.Status


def max_bytes() -> int:
    return int(getattr(settings, "INGEST_MAX_BYTES", 20 * 1024 * 1024))


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise FileTooLarge(
            f"The file is {size / 1048576:.1f} MB; the limit is {limit / 1048576:.0f} MB "
            "(setting INGEST_MAX_BYTES). Reports of the Secretary-General are usually under 2 MB."
        )


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_not_ingested(checksum: str, exclude_job: int | None = None) -> None:
    report = Report.objects.filter(source_checksum=checksum).first()
    if report is not None:
        raise DuplicateReport(f"This file has already been ingested as {report.symbol}.", report.pk)
    others = IngestJob.objects.filter(checksum=checksum).exclude(pk=exclude_job)
    other = (
        others.filter(status__in=[Status.QUEUED, Status.RUNNING]).first()
        or others.filter(status=Status.DONE, report__isnull=False).first()
    )
    if other is not None:
        when = date_format(timezone.localtime(other.created_at), "DATETIME_FORMAT")
        raise DuplicateReport(
            f"This file was already uploaded on {when} ({other.get_status_display()}).", other.report_id
        )


def create_job(data: bytes, filename: str, user=None, *, enqueue: bool = True) -> IngestJob:
    """Check the file and queue it. Raises FileTooLarge, UnsupportedType or DuplicateReport."""
    check_size(len(data))
    fmt = extract_text.detect_format(data, filename)
    checksum = checksum_of(data)
    _check_not_ingested(checksum)
    job = IngestJob.objects.create(
        created_by=user if user is not None and user.is_authenticated else None,
        filename=filename[-255:] or "report",
        file_format=fmt,
        size=len(data),
        checksum=checksum,
        source=data,
        stage="Waiting for the background worker",
    )
    if enqueue:
        _enqueue(job.pk)
    return job


def _enqueue(job_id: int) -> None:
    from ..tasks import process_report

    background.enqueue(process_report, job_id)


def claim(job_id: int) -> IngestJob | None:
    claimed = IngestJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        attempts=F("attempts") + 1,
        started_at=timezone.now(),
        updated_at=timezone.now(),
        progress=2,
        stage="Starting",
        error="",
        error_code="",
    )
    return IngestJob.objects.get(pk=job_id) if claimed == 1 else None


def retry(job: IngestJob) -> bool:
    """Queue again a failed job, or one whose worker died (running, untouched for 15 minutes)."""
    stale = timezone.now() - STALE_AFTER
    updated = (
        IngestJob.objects.filter(pk=job.pk)
        .filter(Q(status=Status.FAILED) | Q(status=Status.RUNNING, updated_at__lt=stale))
        .update(
            status=Status.QUEUED,
            progress=0,
            stage="Waiting for the background worker",
            error="",
            error_code="",
        )
    )
    if updated:
        _enqueue(job.pk)
    return bool(updated)


def run_job(job_id: int) -> str:
    """Process one queued job; returns its final status ("not-claimed" if it was not queued)."""
    job = claim(job_id)
    if job is None:
        return "not-claimed"

    limits = extract_text.Limits.from_settings()

    def progress(stage: str, percent: int) -> None:
        limits.check_time()
        IngestJob.objects.filter(pk=job.pk).update(stage=stage, progress=percent, updated_at=timezone.now())

    try:
        parsed = pipeline.parse(bytes(job.source), job.filename, progress, limits)
        if _cover_needs_curator(job, parsed):
            return Status.CHECK
        if parsed.is_corrigendum:
            _attach_corrigendum(job, parsed)
            return Status.DONE
        progress("Extracting candidate cases", 65)
        candidates = extract.extract_candidates(parsed)
        progress("Saving the paragraphs and linking follow-ups to earlier cases", 80)
        with transaction.atomic():
            _store(job, parsed, candidates)
    except DuplicateReport as exc:
        _fail(job, exc, Status.DUPLICATE, report_id=exc.report_id)
        return Status.DUPLICATE
    except IngestError as exc:
        _fail(job, exc, Status.FAILED)
        return Status.FAILED
    except Exception as exc:  # noqa: BLE001 - anything else is reported on the job, never half-done
        log.exception("ingestion job %s failed", job.pk)
        error = IngestError(
            f"Unexpected error while reading the report ({type(exc).__name__}: {exc}). Nothing was imported."
        )
        error.code = "internal"
        _fail(job, error, Status.FAILED)
        return Status.FAILED
    return Status.DONE


def cover_of(parsed) -> dict:
    """The cover as read, for the curator to confirm (JSON for the job's record)."""
    return {
        "symbol": parsed.symbol,
        "symbol_source": parsed.symbol_source,
        "session": parsed.session,
        "year": parsed.year,
        "published_on": parsed.published_on.isoformat() if parsed.published_on else None,
        "period_start": parsed.period_start.isoformat() if parsed.period_start else None,
        "period_end": parsed.period_end.isoformat() if parsed.period_end else None,
        "corrects": parsed.corrects,
        "language": parsed.language or "en",
        "pages": parsed.page_count,
        "paragraphs": len(parsed.paragraphs),
    }


def _cover_needs_curator(job: IngestJob, parsed) -> bool:
    """Nothing is stored before the curator has seen the cover: the first run reads the file and
    stops, the job waiting for the curator with the cover as read, what disagrees with the
    catalogue, the catalogue's entry and the report already stored under that symbol (side by
    side). confirm_cover() records the curator's symbol (the one read, or a correction) and queues
    the job again; that run stores the report."""
    if job.confirmed_symbol:
        parsed.symbol = job.confirmed_symbol
        base = cover.base_symbol(parsed.symbol)
        parsed.corrects = base if base != parsed.symbol else ""
        parsed.session = cover.symbol_session(base) or parsed.session
        IngestJob.objects.filter(pk=job.pk).update(cover=job.cover | {"confirmed": parsed.symbol})
        return False
    catalogue = cover.load_catalogue()
    problems, notes = cover.check_catalogue(parsed.symbol, parsed.session, parsed.year, catalogue)
    base = cover.base_symbol(parsed.symbol)
    entry = next((e for e in catalogue if e.symbol == base), None)
    summary = cover_of(parsed) | {
        "problems": problems,
        "notes": notes,
        "catalogue": {"symbol": entry.symbol, "year": entry.year, "session": entry.session}
        if entry
        else None,
        "stored": _stored_report(base if parsed.corrects else parsed.symbol),
    }
    IngestJob.objects.filter(pk=job.pk).update(
        status=Status.CHECK,
        cover=summary,
        error=" ".join(problems),
        error_code="check_cover" if problems else "",
        stage="",
        progress=50,
        page_count=parsed.page_count,
        paragraph_count=len(parsed.paragraphs),
        finished_at=timezone.now(),
    )
    return True


def _stored_report(symbol: str) -> dict | None:
    """The report already in the database under this symbol, to be shown beside the new file."""
    report = Report.objects.filter(symbol=symbol).first() if symbol else None
    if report is None:
        return None
    return {
        "symbol": report.symbol,
        "year": report.year,
        "session": report.session,
        "published_on": report.published_on.isoformat() if report.published_on else None,
        "checksum": report.source_checksum or "",
        "paragraphs": report.paragraphs.count(),
    }


def confirm_cover(job: IngestJob, symbol: str | None = None) -> None:
    """The curator confirms the cover (the symbol read, or a corrected one) of a job waiting for
    them; it is queued again and that run stores the report."""
    symbol = (symbol or job.cover.get("symbol") or "").strip()
    if not cover.symbol_pattern().fullmatch(symbol):
        raise IngestError(
            f"{symbol!r} is not the symbol of a Human Rights Council document (such as A/HRC/45/36)."
            if symbol
            else "The report's symbol was not found on its cover: enter it (such as A/HRC/45/36)."
        )
    updated = IngestJob.objects.filter(pk=job.pk, status=Status.CHECK).update(
        status=Status.QUEUED,
        confirmed_symbol=symbol,
        error="",
        error_code="",
        stage="Waiting for the background worker",
    )
    if not updated:
        raise IngestError("This job is not waiting for a confirmation.")
    _enqueue(job.pk)


def _attach_corrigendum(job: IngestJob, parsed) -> None:
    """A corrigendum is recorded on its report, never stored as a report of its own; its
    corrections are listed on the job for the curator to apply to the paragraphs they name."""
    report = Report.objects.filter(symbol=parsed.corrects).first()
    if report is None:
        raise IngestError(
            f"{parsed.symbol} corrects {parsed.corrects}, which is not in the database. Ingest "
            f"{parsed.corrects} first, then this corrigendum."
        )
    IngestJob.objects.filter(pk=job.pk).update(
        status=Status.DONE,
        progress=100,
        stage="Done",
        finished_at=timezone.now(),
        report=report,
        page_count=parsed.page_count,
        warnings=[f"Corrigendum {parsed.symbol} to {parsed.corrects}:", *parsed.corrections],
    )


def _fail(job: IngestJob, exc: IngestError, status: str, report_id: int | None = None) -> None:
    IngestJob.objects.filter(pk=job.pk).update(
        status=status,
        error=str(exc),
        error_code=exc.code,
        stage="",
        finished_at=timezone.now(),
        report_id=report_id,
    )


def _store(job: IngestJob, parsed, candidates: list[extract.Candidate]) -> None:
    job = IngestJob.objects.select_for_update().get(pk=job.pk)
    _check_not_ingested(job.checksum, exclude_job=job.pk)
    report = Report.objects.select_for_update().filter(symbol=parsed.symbol).first()
    if report is not None and (report.source_checksum or report.paragraphs.exists()):
        raise DuplicateReport(
            f"{parsed.symbol} is already in the database with its paragraphs; it is not imported twice. "
            "Delete that report's paragraphs first if it must be read again.",
            report.pk,
        )
    if report is None:
        report = Report(symbol=parsed.symbol, title=parsed.title)
    report.year = parsed.year or report.year or timezone.now().year
    report.session = parsed.session or report.session
    report.period_start = parsed.period_start or report.period_start
    report.period_end = parsed.period_end or report.period_end
    report.published_on = parsed.published_on or report.published_on
    report.title = report.title or parsed.title
    report.source_checksum = job.checksum
    report._change_reason = CHANGE_REASON
    report.save()

    countries = {c.iso2: c for c in Country.objects.all()}
    rows, seen, warnings = [], set(), list(parsed.warnings)
    kept = {}
    for index, paragraph in enumerate(parsed.paragraphs):
        key = (paragraph.section, paragraph.number)
        if key in seen:
            warnings.append(
                f"Paragraph {paragraph.number} of {paragraph.section} appears twice; the second is skipped."
            )
            continue
        seen.add(key)
        kept[index] = len(rows)
        rows.append(
            Paragraph(
                report=report,
                section=paragraph.section,
                number=paragraph.number,
                country_heading=paragraph.country_heading[:200],
                country=countries.get(paragraph.country or ""),
                text=paragraph.text,
            )
        )
    stored = bulk_create_with_history(rows, Paragraph, default_change_reason=CHANGE_REASON)
    if any(p.pk is None for p in stored):
        by_key = {(p.section, p.number): p for p in Paragraph.objects.filter(report=report)}
        stored = [by_key[(p.section, p.number)] for p in rows]
    by_index = {index: stored[row] for index, row in kept.items()}

    links = link.link_candidates(candidates, DatabaseIndex(exclude_job=job.pk), parsed.symbol)
    saved = []
    spans = []
    for position, candidate in enumerate(candidates):
        row = CandidateCase.objects.create(
            job=job,
            report=report,
            position=position,
            section=candidate.section,
            kind=candidate.kind,
            country=countries.get(candidate.country or ""),
            country_heading=candidate.country_heading[:200],
            title=candidate.title[:300] or "Candidate case",
            summary=candidate.summary,
            victims=[v.as_dict() for v in candidate.victims],
            mechanisms=sorted(candidate.mechanisms),
            reprisal_types=sorted(candidate.reprisal_types),
            incident_date=candidate.incident_date,
            incident_date_precision=candidate.incident_date_precision,
            perpetrator_kind=candidate.perpetrator,
            citations=[
                {"symbol": c.symbol, "section": c.section, "numbers": c.numbers, "label": c.label}
                for c in candidate.citations
            ],
            communications=sorted(candidate.communications),
            confidence=candidate.confidence,
        )
        row.paragraphs.set([by_index[i] for i in candidate.paragraphs if i in by_index])
        saved.append(row)
        spans.extend(_spans(row, candidate, by_index))
    ExtractedSpan.objects.bulk_create(spans)
    link_rows = []
    for proposal in links:
        kind, pk = proposal.target.key
        span = proposal.span
        link_rows.append(
            CandidateLink(
                candidate=saved[proposal.candidate],
                target_case_id=pk if kind == "case" else None,
                target_candidate_id=pk if kind == "candidate" else None,
                method=proposal.method,
                confidence=proposal.confidence,
                evidence=proposal.evidence[:300],
                paragraph=by_index.get(span.paragraph) if span else None,
                footnote=span.footnote if span else None,
                start=span.start if span else None,
                end=span.end if span else None,
            )
        )
    CandidateLink.objects.bulk_create(link_rows)
    IngestJob.objects.filter(pk=job.pk).update(
        status=Status.DONE,
        progress=100,
        stage="Done",
        finished_at=timezone.now(),
        report=report,
        page_count=parsed.page_count,
        paragraph_count=len(rows),
        candidate_count=len(saved),
        link_count=len(link_rows),
        warnings=warnings,
        footnotes={str(n): text for n, text in parsed.footnotes.items()},
        paragraph_footnotes={
            f"{p.section}:{p.number}": p.footnotes for p in parsed.paragraphs if p.footnotes
        },
    )


def _spans(row: CandidateCase, candidate: extract.Candidate, by_index: dict) -> list[ExtractedSpan]:
    Field = ExtractedSpan.Field
    out = []

    def add(field, value, span):
        paragraph = by_index.get(span.paragraph)
        if paragraph is not None and span.end > span.start:
            out.append(
                ExtractedSpan(
                    candidate=row,
                    field=field,
                    value=str(value)[:300],
                    paragraph=paragraph,
                    footnote=span.footnote,
                    start=span.start,
                    end=span.end,
                )
            )

    if candidate.country_span is not None:
        add(Field.COUNTRY, candidate.country, candidate.country_span)
    for victim in candidate.victims:
        for span in victim.spans[:10]:
            add(Field.VICTIM, victim.display, span)
    for slug, spans in candidate.mechanisms.items():
        for span in spans[:10]:
            add(Field.MECHANISM, slug, span)
    for slug, spans in candidate.reprisal_types.items():
        for span in spans[:10]:
            add(Field.REPRISAL_TYPE, slug, span)
    for value, precision, span in candidate.dates[:20]:
        add(Field.DATE, f"{value.isoformat()} ({precision})", span)
    for span in candidate.perpetrator_spans[:10]:
        add(Field.PERPETRATOR, candidate.perpetrator, span)
    for citation in candidate.citations:
        add(Field.CITATION, citation.label, citation.span)
    for ref, spans in candidate.communications.items():
        for span in spans[:5]:
            add(Field.COMMUNICATION, ref, span)
    return out


class DatabaseIndex:
    """Earlier cases for link.link_candidates: cases with mentions, and candidates not yet reviewed
    (a candidate that follows another stands for the case it follows)."""

    def __init__(self, exclude_job: int | None = None):
        self.exclude_job = exclude_job
        self._reports: dict[str, bool] = {}
        self._cases: dict[int, link.Target] = {}

    def knows_report(self, symbol: str) -> bool:
        if symbol not in self._reports:
            self._reports[symbol] = Paragraph.objects.filter(report__symbol=symbol).exists()
        return self._reports[symbol]

    def at_paragraph(self, symbol: str, section: str | None, number: int) -> list[link.Target]:
        paragraph = Paragraph.objects.filter(
            report__symbol=symbol, section=section or "body", number=number
        ).first()
        if paragraph is None:
            return []
        case_ids = (
            Mention.objects.filter(paragraph=paragraph, case__is_demo=False)
            .values_list("case_id", flat=True)
            .distinct()
        )
        if case_ids:
            return [self._case(pk) for pk in case_ids]
        candidates = (
            CandidateCase.objects.filter(paragraphs=paragraph)
            .exclude(status=CandidateCase.Status.REJECTED)
            .exclude(job_id=self.exclude_job)
        )
        return [self._candidate(c) for c in candidates]

    def in_country(self, iso2: str | None) -> list[link.Target]:
        if not iso2:
            return []
        targets = {}
        for pk in Case.objects.filter(country__iso2=iso2, is_demo=False).values_list("pk", flat=True):
            target = self._case(pk)
            targets[target.key] = target
        pending = (
            CandidateCase.objects.filter(country__iso2=iso2, status=CandidateCase.Status.PENDING)
            .exclude(job_id=self.exclude_job)
            .select_related("country")
        )
        for candidate in pending:
            target = self._candidate(candidate)
            targets.setdefault(target.key, target)
        return list(targets.values())

    def by_communication(self, key: str) -> list[link.Target]:
        out = {}
        rows = (
            CandidateCase.objects.exclude(communications=[])
            .exclude(status=CandidateCase.Status.REJECTED)
            .exclude(job_id=self.exclude_job)
            .select_related("country")
        )
        for candidate in rows:
            if key in {link.communication_key(c) for c in candidate.communications}:
                target = self._candidate(candidate)
                out[target.key] = target
        return list(out.values())

    def _case(self, pk: int) -> link.Target:
        if pk not in self._cases:
            case = Case.objects.select_related("country").prefetch_related("victims").get(pk=pk)
            communications = set()
            for refs in CandidateCase.objects.filter(case=case).values_list("communications", flat=True):
                communications |= {link.communication_key(r) for r in refs}
            self._cases[pk] = link.Target(
                key=("case", pk),
                label=case.title,
                country=case.country.iso2,
                names=[v.name for v in case.victims.all() if v.name],
                communications=communications,
            )
        return self._cases[pk]

    def _candidate(self, candidate: CandidateCase, depth: int = 0) -> link.Target:
        if candidate.case_id:
            return self._case(candidate.case_id)
        best = candidate.links.exclude(status=CandidateLink.Status.REJECTED).order_by("-confidence").first()
        if best is not None and best.confidence >= 0.5 and depth < 5:
            if best.target_case_id:
                return self._case(best.target_case_id)
            if best.target_candidate_id:
                return self._candidate(best.target_candidate, depth + 1)
        return link.Target(
            key=("candidate", candidate.pk),
            label=candidate.title,
            country=candidate.country.iso2 if candidate.country_id else None,
            names=[v["name"] for v in candidate.victims if v.get("name")],
            communications={link.communication_key(c) for c in candidate.communications},
        )
