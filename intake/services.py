"""Business rules of the intake: sealing a submission, receipts, decryption, triage, and turning
a reviewed submission into a case.

Plaintext exists only in memory, inside these functions and the views that call them; it is
never written to the database, a file, a session or a log. Functions that hold it are marked
with `sensitive_variables` so that error reports leave it out.
"""

import datetime
import hashlib
import json
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_variables

from cases import consent as consent_rule
from cases.models import Case, Consent, Country, Mechanism, Victim
from cases.visibility import Visibility
from endreprisals import background

from . import budget, crypto
from . import pending as pending_files
from .models import Attachment, PendingAttachment, Submission
from .tasks import clean_pdf_attachment
from .uploads import CleanFile, frame, unframe

PAYLOAD_VERSION = 1

# --- Receipts ----------------------------------------------------------------------------------

# Crockford's base-32: no I, L, O or U, so codes survive being read aloud and retyped.
_RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RECEIPT_LENGTH = 24  # 24 × 5 bits = 120 bits of entropy
_RECEIPT_GROUP = 4


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(_RECEIPT_LENGTH))
    return "-".join(raw[i : i + _RECEIPT_GROUP] for i in range(0, _RECEIPT_LENGTH, _RECEIPT_GROUP))


def normalise_receipt_code(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def receipt_hash(code: str) -> str:
    """The only trace of a receipt code the server keeps. The code has 120 random bits, so an
    unsalted hash cannot be reversed by guessing."""
    return hashlib.sha256(normalise_receipt_code(code).encode("ascii")).hexdigest()


# What the submitter sees: the status alone, in words meant for them.
PUBLIC_STATUS = {
    Submission.Status.NEW: gettext_lazy("Received; not yet reviewed."),
    Submission.Status.UNDER_REVIEW: gettext_lazy("Under review by our team."),
    Submission.Status.SENT_TO_UN: gettext_lazy("Shared with the United Nations."),
    Submission.Status.INCLUDED: gettext_lazy("Included in a report to the Secretary-General."),
    Submission.Status.NOT_INCLUDED: gettext_lazy("Reviewed; not included in a report."),
}


def status_for_receipt(code: str) -> str | None:
    """The public status text for a receipt code, or None when no submission matches."""
    if len(normalise_receipt_code(code)) != _RECEIPT_LENGTH:
        return None
    status = (
        Submission.objects.filter(receipt_hash=receipt_hash(code)).values_list("status", flat=True).first()
    )
    return None if status is None else PUBLIC_STATUS[Submission.Status(status)]


# --- Sealing -----------------------------------------------------------------------------------


def _attachment_plaintext(upload: CleanFile) -> bytes:
    return frame(upload)


def _attachment_from_plaintext(plaintext: bytes) -> "DecryptedAttachment":
    opened = unframe(plaintext)
    return DecryptedAttachment(name=opened.name, content_type=opened.content_type, data=opened.data)


@sensitive_variables()
@transaction.atomic
def submit(fields: dict, attachments: list[CleanFile]) -> tuple[Submission, str]:
    """Seal a submission and its attachments to the intake public key and store only the
    ciphertext. Returns the submission and the receipt code, which is shown once and never
    stored."""
    public_key = crypto.configured_public_key()
    payload = {"version": PAYLOAD_VERSION, **fields}
    plaintext = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    code = new_receipt_code()
    submission = Submission.objects.create(
        received_on=timezone.now().date(),
        receipt_hash=receipt_hash(code),
        key_fingerprint=crypto.fingerprint(public_key),
        ciphertext=crypto.seal(plaintext, public_key),
    )
    Attachment.objects.bulk_create(
        Attachment(
            submission=submission,
            position=position,
            ciphertext=crypto.seal(_attachment_plaintext(upload), public_key),
        )
        for position, upload in enumerate(attachments, start=1)
        if not upload.needs_cleaning
    )
    # PDFs are cleaned by the worker (intake/pending.py), each at the position it came in.
    for position, upload in enumerate(attachments, start=1):
        if upload.needs_cleaning:
            pending = PendingAttachment.objects.create(
                submission=submission, position=position, ciphertext=pending_files.hold(upload)
            )
            background.enqueue(clean_pdf_attachment, pending.pk)
    budget.count_submission()
    return submission, code


# --- Decrypting --------------------------------------------------------------------------------


@dataclass
class DecryptedAttachment:
    name: str
    content_type: str
    data: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class DecryptedSubmission:
    submission: Submission
    fields: dict = field(repr=False)
    attachments: list[DecryptedAttachment] = field(default_factory=list, repr=False)

    def as_export(self) -> dict:
        """What `manage.py intake decrypt` prints and the paste form accepts."""
        return {
            "reference": self.submission.reference,
            "received_on": self.submission.received_on.isoformat(),
            "status": self.submission.status,
            "fields": self.fields,
            "attachments": [
                {"position": i, "name": a.name, "content_type": a.content_type, "size": a.size}
                for i, a in enumerate(self.attachments, start=1)
            ],
        }


@sensitive_variables()
def decrypt(submission: Submission, private_key, *, attachments: bool = True) -> DecryptedSubmission:
    """Open a submission in memory. Raises crypto.WrongKey (with a message for staff) if the key
    does not fit."""
    crypto.check_key_matches(private_key, submission.key_fingerprint)
    plaintext = crypto.open_sealed(submission.ciphertext, private_key)
    try:
        fields = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise crypto.WrongKey(_("The decrypted submission is damaged.")) from None
    fields.pop("version", None)
    opened = DecryptedSubmission(submission=submission, fields=fields)
    if attachments:
        for attachment in submission.attachments.all():
            opened.attachments.append(decrypt_attachment(attachment, private_key))
    return opened


@sensitive_variables()
def decrypt_attachment(attachment: Attachment, private_key) -> DecryptedAttachment:
    crypto.check_key_matches(private_key, attachment.submission.key_fingerprint)
    return _attachment_from_plaintext(crypto.open_sealed(attachment.ciphertext, private_key))


# --- Triage ------------------------------------------------------------------------------------

S = Submission.Status
TRANSITIONS = {
    S.NEW: [S.UNDER_REVIEW],
    S.UNDER_REVIEW: [S.SENT_TO_UN, S.NOT_INCLUDED],
    S.SENT_TO_UN: [S.INCLUDED, S.NOT_INCLUDED],
    S.INCLUDED: [],
    S.NOT_INCLUDED: [S.UNDER_REVIEW],  # reopened when new information arrives
}
# A submission becomes a case once someone has reviewed it.
CONVERTIBLE = {S.UNDER_REVIEW, S.SENT_TO_UN, S.INCLUDED}


class TriageError(Exception):
    pass


def allowed_transitions(submission: Submission) -> list[str]:
    return list(TRANSITIONS[S(submission.status)])


def change_status(submission: Submission, new_status: str) -> Submission:
    if new_status not in allowed_transitions(submission):
        raise TriageError(
            _("A submission cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": S(submission.status).label,
                "new": S(new_status).label if new_status in S.values else new_status,
            }
        )
    submission.status = new_status
    submission.status_changed_on = timezone.now().date()
    submission.save(update_fields=["status", "status_changed_on"])
    return submission


# --- From submission to case -------------------------------------------------------------------


def _text(value, limit: int) -> str:
    return str(value or "").strip()[:limit]


@sensitive_variables()
def validate_fields(fields: dict) -> dict:
    """Check decrypted (or pasted) fields before a case is built from them."""
    if not isinstance(fields, dict):
        raise ValidationError(_("The pasted text does not contain the submission's fields."))
    errors = []
    country = Country.objects.filter(iso2=str(fields.get("country") or "").upper()).first()
    if country is None:
        errors.append(_("The country is missing or unknown."))
    mechanism = None
    if fields.get("mechanism"):
        mechanism = Mechanism.objects.filter(slug=fields["mechanism"]).first()
        if mechanism is None:
            errors.append(_("The UN body is unknown."))
    perpetrator = fields.get("perpetrator") or Case.Perpetrator.UNKNOWN
    if perpetrator not in Case.Perpetrator.values:
        errors.append(_("The perpetrator is not one of the known kinds."))
    victim_kind = fields.get("victim_kind") or Victim.Kind.PERSON
    if victim_kind not in Victim.Kind.values:
        errors.append(_("The kind of victim is not one of the known kinds."))
    publication = fields.get("publication") or Consent.Publication.CONFIDENTIAL
    if publication not in Consent.Publication.values:
        errors.append(_("The publication consent is not one of the known choices."))
    withhold = fields.get("withhold") or []
    if not isinstance(withhold, list) or not set(withhold) <= set(WITHHOLDABLE):
        errors.append(_("The details not to disclose are not among the known choices."))
        withhold = []
    try:
        date, precision = incident_date(fields)
    except (TypeError, ValueError):
        errors.append(_("The date of the incident is not a valid date."))
        date, precision = None, Case.DatePrecision.DAY
    if not _text(fields.get("what_happened"), 100_000):
        errors.append(_("The description of what happened is empty."))
    if errors:
        raise ValidationError(errors)
    return {
        "country": country,
        "mechanism": mechanism,
        "perpetrator": perpetrator,
        "victim_kind": victim_kind,
        "publication": publication,
        "share_with_un": fields.get("share_with_un") is True,
        "withhold": withhold,
        "incident_date": date,
        "incident_date_precision": precision,
    }


def incident_date(fields: dict) -> tuple[datetime.date | None, str]:
    year, month, day = (fields.get(k) for k in ("incident_year", "incident_month", "incident_day"))
    if not year:
        return None, Case.DatePrecision.DAY
    if not month:
        return datetime.date(int(year), 1, 1), Case.DatePrecision.YEAR
    if not day:
        return datetime.date(int(year), int(month), 1), Case.DatePrecision.MONTH
    return datetime.date(int(year), int(month), int(day)), Case.DatePrecision.DAY


def case_title(fields: dict, country: Country, publication: str) -> str:
    named = publication == Consent.Publication.NAMED and _text(fields.get("victim_name"), 200)
    who = named or _text(fields.get("victim_description"), 200) or _("Unnamed victim")
    return f"{who} — {country.display_name}"[:300]


# Fields of the form the submitter may ask us never to publish ("withhold"), with their label in
# the case summary.
WITHHOLDABLE = {
    "location": (gettext_lazy("Where"), 500),
    "perpetrator_details": (gettext_lazy("Who did it"), 1000),
}


@dataclass
class _Consented:
    """What the submitter's choices make of their words: the victim's name for the record,
    and the name and details kept out of everything that may one day be published."""

    name: str
    withheld_name: str
    withheld_details: list[str]

    @property
    def phrases(self) -> list[str]:
        probe = Consent(withheld_name=self.withheld_name, withheld_details="\n".join(self.withheld_details))
        return consent_rule.phrases_withheld(probe)


@sensitive_variables()
def _consented(fields: dict, checked: dict) -> _Consented:
    name = _text(fields.get("victim_name"), 200)
    # Anonymised: the name stays with the consent record (for the team and the UN), never in the
    # victim record that the public pages, feeds, exports and index read. Kept confidential: the
    # case may never be published, so the name stays where the team works with it.
    anonymised = checked["publication"] == Consent.Publication.ANONYMISED
    details = [
        _text(fields.get(key), limit)
        for key, (_label, limit) in WITHHOLDABLE.items()
        if key in checked["withhold"]
    ]
    details += [line.strip()[:300] for line in str(fields.get("do_not_disclose") or "").splitlines()]
    return _Consented(
        name="" if anonymised else name,
        withheld_name=name if anonymised else "",
        withheld_details=[d for d in details if d],
    )


@sensitive_variables()
def _case_summary(fields: dict, checked: dict, consented: _Consented) -> str:
    summary = _text(fields.get("what_happened"), 100_000)
    extra = "\n".join(
        f"{label}: {value}"
        for key, (label, limit) in WITHHOLDABLE.items()
        if key not in checked["withhold"] and (value := _text(fields.get(key), limit))
    )
    summary = f"{summary}\n\n{extra}" if extra else summary
    return consent_rule.redact(summary, consented.phrases)


@sensitive_variables()
@transaction.atomic
def create_case(submission: Submission, fields: dict) -> Case:
    """Build a confidential, unpublished case from a reviewed submission's decrypted fields.

    The submitter's consent travels with it: one consent record per victim (cases.Consent). A
    name the submitter asked to anonymise and the details not to disclose are kept out of the
    case's title, summary and victim record, and recorded in the consent record instead.
    The submitter's contact details stay sealed in the submission; they never enter the case.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.case_id is not None:
        raise TriageError(_("This submission has already become a case."))
    if submission.status not in CONVERTIBLE:
        raise TriageError(_("Review the submission (status “under review”) before making it a case."))
    checked = validate_fields(fields)
    consented = _consented(fields, checked)
    case = Case.objects.create(
        title=consent_rule.redact(
            case_title(fields, checked["country"], checked["publication"]), consented.phrases
        ),
        country=checked["country"],
        summary=_case_summary(fields, checked, consented),
        perpetrator_kind=checked["perpetrator"],
        incident_date=checked["incident_date"],
        incident_date_precision=checked["incident_date_precision"],
        status=Case.Status.UNKNOWN,
        visibility=Visibility.CONFIDENTIAL,
        language=_text(fields.get("language"), 8) or "en",
        published_at=None,
    )
    if checked["mechanism"] is not None:
        case.mechanisms.add(checked["mechanism"])
    description = consent_rule.redact(_text(fields.get("victim_description"), 300), consented.phrases)
    victim = Victim.objects.create(
        case=case,
        kind=checked["victim_kind"],
        name=consented.name,
        description=description if (consented.name or description) else _("Unnamed victim"),
    )
    Consent.objects.create(
        victim=victim,
        source=Consent.Source.INTAKE,
        source_reference=submission.reference,
        share_with_un=checked["share_with_un"],
        publication=checked["publication"],
        withheld_name=consented.withheld_name,
        withheld_details="\n".join(consented.withheld_details),
    )
    submission.case = case
    submission.save(update_fields=["case"])
    return case


@sensitive_variables()
def fields_from_pasted(text: str, submission: Submission) -> dict:
    """The fields from what `manage.py intake decrypt` printed for this submission."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        raise ValidationError(
            _("Paste the JSON that “manage.py intake decrypt” printed for this submission.")
        ) from None
    if isinstance(data, list):  # the command prints a list when it decrypts several
        data = next(
            (d for d in data if isinstance(d, dict) and d.get("reference") == submission.reference), None
        )
    if not isinstance(data, dict):
        raise ValidationError(_("The pasted text does not contain this submission."))
    if "fields" in data:
        if data.get("reference") != submission.reference:
            raise ValidationError(
                _("The pasted text belongs to submission %(other)s, not %(this)s.")
                % {"other": data.get("reference"), "this": submission.reference}
            )
        data = data["fields"]
    return data
