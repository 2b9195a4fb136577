"""What can go wrong with a file, in words a curator can act on.

Every error the pipeline raises on purpose is an IngestError; its message is shown as it is on the
upload page, in the job's record and by `manage.py ingest_report`.
"""


class IngestError(Exception):
    code = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnsupportedType(IngestError):
    code = "unsupported_type"


class FileTooLarge(IngestError):
    code = "too_large"


class UnreadableFile(IngestError):
    code = "unreadable"


class EncryptedPDF(IngestError):
    code = "encrypted"


class NoTextLayer(IngestError):
    code = "no_text"


class NotAReprisalsReport(IngestError):
    code = "not_a_report"


class DuplicateReport(IngestError):
    code = "duplicate"

    def __init__(self, message: str, report_id: int | None = None):
        super().__init__(message)
        self.report_id = report_id


class TooLong(IngestError):
    """Too many pages, or reading took longer than the limit: the worker is freed for others."""

    code = "too_long"
