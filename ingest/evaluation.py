"""Measuring ingestion against annotated reports (the gold set, or a user's own).

An annotation file (JSON) lists, per report file, the cases a careful curator would make:

    {"reports": [{"file": "a-hrc-45-36.pdf", "symbol": "A/HRC/45/36",
                  "cases": [{"id": "2020-BH-1", "paragraphs": ["annex_1:3", "annex_1:4"],
                             "country": "BH", "kind": "first",
                             "victims": [{"name": "…", "gender": "male", "kind": "person"},
                                         {"description": "a woman human rights defender"}],
                             "mechanisms": ["upr"], "types": ["travel-ban"],
                             "follows": null}]}]}

Optional per report: "cover" ({"symbol", "session", "published_on", "period_start",
"period_end"}, dates ISO) scored by cover_accuracy (all five right, share of files), and
"paragraphs" ({"body:3": "II", "annex_1:2": ""}: every numbered paragraph with its chapter's
numeral) scored by paragraph_recall (stored with the right number and chapter). A file the
pipeline refuses scores zero on every field it should have given.

"paragraphs" of a case are "section:number" with section body, annex_1 or annex_2; "follows" is the id of
the case (in any report of the file) that a follow-up continues, "external" when that case is in
a report outside the set, or null. docs/ingestion.md has the annotation guidelines.

Scores: case segmentation counts a predicted case as right only when its paragraphs are exactly
a gold case's. The other fields compare (case, value) pairs after pairing each predicted case with
the gold case it overlaps most, so one segmentation slip does not hide what was read right; a
predicted case matching no gold case counts all its values as false positives, a gold case
matching no prediction all its values as false negatives. Links count (follow-up, followed case)
pairs among the cases of the set.
"""

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from .services import link as linking
from .services import pipeline
from .services.link import name_similarity

GENDERS = {"f": "female", "m": "male", "u": "unknown", "o": "other"}
KINDS = {"p": "person", "o": "organisation", "g": "group"}
LINK_THRESHOLD = 0.5


# -- gold markup (%gold lines in ingest/tests/fixtures/gold/*.un) ------------------------------


def parse_gold_line(line: str) -> dict:
    parts = [p.strip() for p in line[len("%gold") :].split("|")]
    if len(parts) != 7:
        raise ValueError(f"a %gold line has 7 fields separated by |: {line[:80]}")
    case_id, country, kind, victims, mechanisms, types, follows = parts
    parsed_victims = []
    for item in filter(None, (v.strip() for v in victims.split(";"))):
        match = re.match(r"^(~?)(.+?)\s*\[([^\]]*)\]\s*$", item)
        if not match:
            raise ValueError(f"victim {item!r} in {case_id} needs [gender kind roles]")
        flags = match.group(3).split()
        victim = {
            "gender": GENDERS[flags[0]] if flags else "unknown",
            "kind": KINDS[flags[1]] if len(flags) > 1 else "person",
            "roles": [r.strip(",") for r in flags[2:]],
        }
        victim["description" if match.group(1) else "name"] = match.group(2).strip()
        parsed_victims.append(victim)
    return {
        "id": case_id,
        "country": country,
        "kind": kind,
        "victims": parsed_victims,
        "mechanisms": [m.strip() for m in mechanisms.split(",") if m.strip() and m.strip() != "-"],
        "types": [t.strip() for t in types.split(",") if t.strip() and t.strip() != "-"],
        "follows": None if follows in {"-", ""} else follows,
    }


def gold_annotations(directory: Path) -> tuple[list, dict]:
    """The gold reports (as reportgen.SourceReport, oldest first) and their annotations."""
    from .tests import reportgen

    paths = sorted(directory.glob("*.un"))
    sources = reportgen.build_set(paths)
    reports = []
    for source in sources:
        text = (directory / f"{source.name}.un").read_text(encoding="utf-8")
        cases = [parse_gold_line(line) for line in text.splitlines() if line.startswith("%gold")]
        placed = source.case_paragraphs()
        for case in cases:
            if case["id"] not in placed:
                raise ValueError(f"{source.name}: gold case {case['id']} has no paragraph")
            case["paragraphs"] = [f"{s}:{n}" for s, n in placed[case["id"]]]
        missing = set(placed) - {c["id"] for c in cases}
        if missing:
            raise ValueError(f"{source.name}: paragraphs tagged {sorted(missing)} have no %gold line")
        reports.append(
            {
                "file": source.name,
                "symbol": source.symbol,
                "year": int(source.meta["distributed"][-4:]),
                "split": source.meta.get("split", "dev"),
                "cover": _gold_cover(source),
                "paragraphs": _gold_paragraphs(source),
                "cases": cases,
            }
        )
    return sources, {"format": "endreprisals-ingest-gold/1", "reports": reports}


def _gold_cover(source) -> dict:
    from datetime import datetime

    start, _, end = source.meta["period"].partition("/")
    return {
        "symbol": source.symbol,
        "session": int(source.symbol.split("/")[2]),
        "published_on": datetime.strptime(source.meta["distributed"], "%d %B %Y").date().isoformat(),
        "period_start": start,
        "period_end": end,
    }


def _gold_paragraphs(source) -> dict[str, str]:
    """Every numbered paragraph of a gold report with its chapter's numeral ("" in annexes)."""
    out, chapter = {}, ""
    for block in source.blocks:
        if block.kind == "chapter":
            chapter = block.text.split(" ")[0].rstrip(".")
        elif block.kind == "annex":
            chapter = ""
        elif block.kind == "para":
            out[f"{block.section}:{block.number}"] = chapter if block.section == "body" else ""
    return out


# -- running the pipeline ----------------------------------------------------------------------


@dataclass
class Prediction:
    key: tuple
    paragraphs: set[str]
    country: str | None
    victims: list[dict]
    mechanisms: set[str]
    types: set[str]
    kind: str
    link_target: tuple | None = None
    link_confidence: float = 0.0


@dataclass
class ReportRun:
    file: str
    symbol: str
    pages: int
    seconds: float
    predictions: list[Prediction] = field(default_factory=list)
    error: str = ""
    cpu_seconds: float = 0.0
    cover: dict = field(default_factory=dict)
    paragraphs: dict[str, str] = field(default_factory=dict)  # "body:3" -> chapter numeral


def run(files: list[tuple[str, bytes]], threshold: float = LINK_THRESHOLD) -> list[ReportRun]:
    """Process files in the given order (oldest first), linking each to the ones before it."""
    index = linking.MemoryIndex()
    runs = []
    for name, data in files:
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            result = pipeline.process(data, name, index=index)
        except Exception as exc:  # noqa: BLE001 - a failed report is reported, the others go on
            runs.append(
                ReportRun(name, "", 0, time.perf_counter() - started, error=f"{type(exc).__name__}: {exc}")
            )
            continue
        report = result.report
        symbol = report.symbol

        def make_key(position, candidate, symbol=symbol):
            return ("bench", symbol, position)

        best = linking.best_links(result.links, threshold)
        index.add_report(symbol, report, result.candidates, [best[i] for i in best], make_key)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        predictions = []
        for position, candidate in enumerate(result.candidates):
            chosen = best.get(position)
            predictions.append(
                Prediction(
                    key=("bench", symbol, position),
                    paragraphs={
                        f"{report.paragraphs[i].section}:{report.paragraphs[i].number}"
                        for i in candidate.paragraphs
                    },
                    country=candidate.country,
                    victims=[v.as_dict() for v in candidate.victims],
                    mechanisms=set(candidate.mechanisms),
                    types=set(candidate.reprisal_types),
                    kind=candidate.kind,
                    link_target=chosen.target.key if chosen else None,
                    link_confidence=chosen.confidence if chosen else 0.0,
                )
            )
        pages = report.page_count or _estimate_pages(data)
        runs.append(
            ReportRun(
                name,
                symbol,
                pages,
                seconds,
                predictions,
                cpu_seconds=cpu_seconds,
                cover={
                    "symbol": report.symbol,
                    "session": report.session,
                    "published_on": report.published_on.isoformat() if report.published_on else None,
                    "period_start": report.period_start.isoformat() if report.period_start else None,
                    "period_end": report.period_end.isoformat() if report.period_end else None,
                },
                paragraphs={
                    f"{p.section}:{p.number}": p.chapter.split(" ")[0].rstrip(".")
                    if p.section == "body"
                    else ""
                    for p in report.paragraphs
                },
            )
        )
    return runs


def _estimate_pages(data: bytes) -> int:
    """Pages of a format without pages: about 3,500 characters of text to a UN page."""
    return max(1, round(len(data) / 3500))


# -- scoring -----------------------------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


FIELDS = ("segmentation", "country", "victims", "mechanisms", "types", "links")


def _align(predictions: list[Prediction], cases: list[dict]) -> dict[int, int]:
    """Predicted case -> gold case, one to one, most similar paragraph sets (Jaccard) first."""
    pairs = []
    for p_index, prediction in enumerate(predictions):
        for g_index, case in enumerate(cases):
            gold = set(case["paragraphs"])
            overlap = len(prediction.paragraphs & gold)
            if overlap:
                pairs.append((overlap / len(prediction.paragraphs | gold), overlap, p_index, g_index))
    pairs.sort(reverse=True)
    aligned, used = {}, set()
    for _, _, p_index, g_index in pairs:
        if p_index in aligned or g_index in used:
            continue
        aligned[p_index] = g_index
        used.add(g_index)
    return aligned


def _set_counts(predicted: set, gold: set) -> Counts:
    return Counts(tp=len(predicted & gold), fp=len(predicted - gold), fn=len(gold - predicted))


def _victim_counts(predicted: list[dict], gold: list[dict]) -> tuple[Counts, int, int]:
    used = set()
    tp = gender_right = 0
    for victim in gold:
        best, best_index = 0.0, None
        for index, candidate in enumerate(predicted):
            if index in used:
                continue
            score = _victim_similarity(candidate, victim)
            if score > best:
                best, best_index = score, index
        if best_index is not None and best >= 80:
            used.add(best_index)
            tp += 1
            gender_right += predicted[best_index].get("gender", "unknown") == victim.get("gender", "unknown")
    return Counts(tp=tp, fp=len(predicted) - len(used), fn=len(gold) - tp), gender_right, tp


_DETERMINERS = re.compile(r"^(?:a|an|the|one|two|three|four|five|several|some|his|her|their)\s+", re.I)


def _victim_similarity(predicted: dict, gold: dict) -> float:
    if gold.get("name"):
        return name_similarity(predicted["name"], gold["name"]) if predicted.get("name") else 0.0
    if predicted.get("name"):
        return 0.0
    a = _DETERMINERS.sub("", predicted.get("description", "").lower())
    b = _DETERMINERS.sub("", gold.get("description", "").lower())
    return max(fuzz.token_set_ratio(a, b), fuzz.partial_ratio(a, b) if min(len(a), len(b)) >= 6 else 0)


def score(runs: list[ReportRun], annotations: dict, only: set[str] | None = None) -> dict:
    """Scores of these runs against the annotations; with `only` (file names), just those reports
    are scored, the others serving only to resolve links to cases they contain."""
    by_file = {}
    for report in annotations["reports"]:
        by_file[report["file"]] = report
        by_file[Path(report["file"]).stem] = report
    totals = {name: Counts() for name in FIELDS}
    per_report = []
    gold_of_prediction: dict[tuple, str] = {}
    gold_links: set[tuple[str, str]] = set()
    predicted_links: list[tuple[tuple, tuple]] = []
    gender = [0, 0]
    covers = [0, 0]  # right, files with a gold cover
    paragraphs = [0, 0]  # right, gold paragraphs
    refused = []
    for run_ in runs:
        report = by_file.get(run_.file) or by_file.get(Path(run_.file).stem)
        if report is None:
            continue
        scored = only is None or report["file"] in only
        cases = report["cases"]
        cover_right = paragraphs_right = None
        if scored:
            if run_.error:
                refused.append(run_.file)
            if report.get("cover"):
                cover_right = not run_.error and all(
                    run_.cover.get(key) == value for key, value in report["cover"].items()
                )
                covers[0] += cover_right
                covers[1] += 1
            if report.get("paragraphs"):
                paragraphs_right = sum(
                    1 for key, chapter in report["paragraphs"].items() if run_.paragraphs.get(key) == chapter
                )
                paragraphs[0] += paragraphs_right
                paragraphs[1] += len(report["paragraphs"])
        counts = {name: Counts() for name in FIELDS}
        gold_sets = [set(c["paragraphs"]) for c in cases]
        exact = sum(1 for p in run_.predictions if p.paragraphs in gold_sets)
        counts["segmentation"].add(Counts(tp=exact, fp=len(run_.predictions) - exact, fn=len(cases) - exact))
        aligned = _align(run_.predictions, cases)
        for p_index, prediction in enumerate(run_.predictions):
            g_index = aligned.get(p_index)
            case = cases[g_index] if g_index is not None else None
            if case is not None:
                gold_of_prediction[prediction.key] = case["id"]
            counts["country"].add(
                _set_counts({prediction.country} - {None}, {case["country"]} if case else set())
            )
            counts["mechanisms"].add(
                _set_counts(prediction.mechanisms, set(case["mechanisms"]) if case else set())
            )
            counts["types"].add(_set_counts(prediction.types, set(case["types"]) if case else set()))
            victims, right, matched = _victim_counts(prediction.victims, case["victims"] if case else [])
            counts["victims"].add(victims)
            gender[0] += right
            gender[1] += matched
            if prediction.link_target is not None and scored:
                predicted_links.append((prediction.key, prediction.link_target))
        for g_index, case in enumerate(cases):
            if g_index in aligned.values():
                continue
            counts["country"].fn += 1
            counts["mechanisms"].fn += len(case["mechanisms"])
            counts["types"].fn += len(case["types"])
            counts["victims"].fn += len(case["victims"])
        if not scored:
            continue
        for case in cases:
            if case.get("follows") and case["follows"] != "external":
                gold_links.add((case["id"], case["follows"]))
        for name in FIELDS:
            if name != "links":
                totals[name].add(counts[name])
        per_report.append(
            {
                "file": run_.file,
                "symbol": run_.symbol,
                "split": report.get("split", ""),
                "pages": run_.pages,
                "seconds": round(run_.seconds, 3),
                "error": run_.error,
                "cover_right": cover_right,
                "cover": run_.cover,
                "paragraphs_right": paragraphs_right,
                "paragraphs_gold": len(report.get("paragraphs") or {}),
                **{name: counts[name].as_dict() for name in FIELDS if name != "links"},
            }
        )
    link_counts = Counts()
    found = set()
    for source, target in predicted_links:
        pair = (gold_of_prediction.get(source), gold_of_prediction.get(target))
        if None not in pair and pair in gold_links and pair not in found:
            link_counts.tp += 1
            found.add(pair)
        else:
            link_counts.fp += 1
    link_counts.fn = len(gold_links - found)
    totals["links"] = link_counts
    counted = [
        r for r in runs if not r.error and (only is None or Path(r.file).stem in only or r.file in only)
    ]
    pages = sum(r.pages for r in counted)
    seconds = sum(r.seconds for r in counted)
    cpu_seconds = sum(r.cpu_seconds for r in counted)
    return {
        "cover_accuracy": round(covers[0] / covers[1], 4) if covers[1] else None,
        "paragraph_recall": round(paragraphs[0] / paragraphs[1], 4) if paragraphs[1] else None,
        "refused_files": len(refused),
        "refused": refused,
        "fields": {name: totals[name].as_dict() for name in FIELDS},
        "gender_accuracy": round(gender[0] / gender[1], 4) if gender[1] else None,
        "pages": pages,
        "seconds": round(seconds, 3),
        "pages_per_s": round(pages / seconds, 2) if seconds else None,
        "cpu_seconds": round(cpu_seconds, 3),
        "pages_per_cpu_s": round(pages / cpu_seconds, 2) if cpu_seconds else None,
        "reports": per_report,
    }
