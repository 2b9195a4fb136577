"""Source text with the extracted words marked: <mark class="hl-mechanism" title="…">…</mark>."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

LABELS = {
    "country": "country",
    "victim": "victim",
    "mechanism": "mechanism",
    "reprisal_type": "reprisal type",
    "date": "date",
    "perpetrator": "perpetrator",
    "citation": "earlier report",
    "communication": "communication",
}


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to the words it cuts through: a mark never ends inside a word
    ("Mission in A|fghanistan" becomes "Mission in Afghanistan")."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def highlight(text: str, spans) -> str:
    """`spans` are (start, end, field, value), widened to whole words; overlapping spans keep the
    first and longest."""
    ordered = sorted(
        ((*whole_words(text, s, e), f, v) for s, e, f, v in spans if 0 <= s < e <= len(text)),
        key=lambda x: (x[0], x[0] - x[1]),
    )
    out, position = [], 0
    for start, end, field, value in ordered:
        if start < position:
            continue
        out.append(escape(text[position:start]))
        out.append(
            format_html(
                '<mark class="hl-{}" title="{}: {}">{}</mark>',
                field.replace("_", "-"),
                LABELS.get(field, field),
                value,
                text[start:end],
            )
        )
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(str(part) for part in out))  # noqa: S308 - every part is escaped above
