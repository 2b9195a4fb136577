"""Lines put back into the shape the segmenter reads, whatever tool made the text.

Two families of damage are repaired here, before paragraphs are looked for:

- Numbers alone on their line. PDF-to-text tools and many PDF text layers print a paragraph's
  hanging number ("1.") or a heading's numeral ("II.") on a line of its own, the text on the
  next: the two are joined again ("1. The Human Rights Council …").
- Words glued at element boundaries. HTML copies whose tags were stripped without spaces read
  "…reprisal.I.Introduction1.The Human Rights Council…": the line is cut where a sentence end is
  followed at once by a numeral, a letter or "Annex" and a capital, and where a word is followed
  at once by a paragraph number ("Introduction1.The"), and a space is put after the numeral.
"""

import re

from .extract_text import MARK_CLOSE

_END = f'a-z\u00e0-\u00ff.;:\u201d"\u2019)\\]{MARK_CLOSE}'  # a sentence's or a word's last character
_PUNCT = f'.;:\u201d"\u2019)\\]{MARK_CLOSE}'

# A numbering token alone on its line: "1.", "12.", "II.", "B.", optionally with a tab.
_LONE_NUMBER = re.compile(r"^(\d{1,3}|[IVX]{1,5}|[A-H])\.$")

# Glue points: a sentence end followed at once (no space) by a numbering token and a capital…
_AFTER_SENTENCE = re.compile(
    rf"(?<=[{_END}])(?<!\b[A-Z]\.)"  # not inside "U.N." style initials
    r"(?=(?:[IVX]{1,5}|[A-H])\.\s?[A-Z][a-z]|Annex\b)"
)
# … or a footnote number glued to that sentence end ("resolution 12/2.1II.Activities").
_AFTER_NOTE = re.compile(rf"(?<=[{_PUNCT}])(\d{{1,3}})(?=(?:[IVX]{{1,5}}|[A-H])\.\s?[A-Z][a-z]|Annex\b)")
_AFTER_SENTENCE_PUNCT = re.compile(rf"(?<=[{_PUNCT}])(?=\d{{1,3}}\.(?:\s{{2,3}})?[A-Z\u201c\"(])")
# … or a word (a heading's last word) followed at once by a paragraph number and a capital.
# (no space after the number's dot, or the two non-breaking spaces Word puts there: a footnote
# marker glued to a word before a sentence, "Torture3. It", has one).
_AFTER_WORD = re.compile(r"(?<=[a-z\u00e0-\u00ff])(?=\d{1,3}\.(?:\s{2,3})?[A-Z\u201c\"(])")
# A numbering token glued to the capital after it: "I.Introduction", "1.The".
_TIGHT_NUMBER = re.compile(r"^((?:\d{1,3}|[IVX]{1,5}|[A-H])\.)(?=[A-Z\u201c\"(])")
# "Annex IInformation on …": the numeral ends where a capitalised word starts.
_TIGHT_ANNEX = re.compile(r"^(Annex\s*)([IVX]{1,4})([A-Z][a-z].*)$")


# A heading glued to the end of the element before it: "… in the present reportBahrain".
_CAMEL_TAIL = re.compile(r"^(.*?[a-z.)])([A-Z][\w\u00c0-\u017f'\u2019 ,()-]{2,60})$")


_NUMBERED = re.compile(r"^(\d{1,3})\.\s+\S")


def normalise(lines: list[str], is_heading=None) -> list[str]:
    """`is_heading(text)` tells a country heading glued to the element before it."""
    out: list[str] = []
    expected = 1  # the next paragraph number, to tell "12." from footnote 1 glued to paragraph 2
    for line in _join_lone_numbers(lines):
        parts = unglue(line, is_heading)
        for index, part in enumerate(parts):
            if part.startswith("Annex"):
                expected = 1
                continue
            match = _NUMBERED.match(part)
            if not match:
                continue
            number = match.group(1)
            if len(parts) > 1 and index and int(number) not in range(expected, expected + 3):
                # "issue.12.  The": footnote 1 glued to paragraph 2; "presences195.": a figure
                for cut in range(1, len(number)):
                    if int(number[cut:]) in range(expected, expected + 3):
                        parts[index - 1] += number[:cut]
                        parts[index] = part[cut:]
                        number = number[cut:]
                        break
            if int(number) in range(expected, expected + 3):
                expected = int(number) + 1
        out += parts
    return _join_lone_numbers(out)


def unglue(line: str, is_heading=None) -> list[str]:
    """One line cut where elements were glued together; a normal line comes back whole."""
    if not _looks_glued(line):
        return [line]
    cut = _AFTER_NOTE.sub("\\1\n", line)
    cut = _AFTER_SENTENCE.sub("\n", cut)
    cut = _AFTER_SENTENCE_PUNCT.sub("\n", cut)
    cut = _AFTER_WORD.sub("\n", cut)
    parts = []
    for part in cut.split("\n"):
        part = _TIGHT_NUMBER.sub(r"\1 ", part.strip())
        annex = _TIGHT_ANNEX.match(part)
        if annex:
            parts.append(f"Annex {annex.group(2)}")
            part = annex.group(3)
        tail = _CAMEL_TAIL.match(part) if is_heading else None
        if tail and is_heading(tail.group(2)):
            parts += [tail.group(1), tail.group(2)]
        elif part:
            parts.append(part)
    return parts


def _looks_glued(line: str) -> bool:
    """Glue is recognised only at a sentence end or a word end directly followed by a numbered
    element, so normal prose ("resolution 12/2. On …", "para. 3") is never cut."""
    return bool(
        _AFTER_WORD.search(line)
        or _AFTER_SENTENCE_PUNCT.search(line)
        or re.search(rf"[{_END}](?:[IVX]{{1,5}}|[A-H])\.[A-Z][a-z]", line)
        or re.search(rf"[{_PUNCT}]\d{{0,3}}Annex\s?[IVX]", line)
        or _AFTER_NOTE.search(line)
    )


def _join_lone_numbers(lines: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        match = _LONE_NUMBER.match(stripped)
        if match and index + 1 < len(lines):
            following = lines[index + 1].strip()
            if following and not _LONE_NUMBER.match(following) and _starts_text(following):
                out.append(f"{match.group(0)} {following}")
                index += 2
                continue
        out.append(line)
        index += 1
    return out


def _starts_text(line: str) -> bool:
    first = line[:1]
    return first.isupper() or first.isdigit() or first in "\u201c\"'(\u2018["
