"""Synthetic cases at scale, loaded through the same code paths as real data.

    .venv/bin/python bench/generate.py --sizes 10000,100000 [--backends sqlite,postgres] [--force]
    .venv/bin/python bench/generate.py --sizes 1000000 --loader orm

Everything generated is clearly synthetic: titles start with "[Synthetic] ", texts with
"[Synthetic]", every case and report has is_demo=True, reports are "SYNTH/<year>/<n>", and names
are made of random syllables. The countries, mechanisms, reprisal types and roles are the real
vocabularies, drawn with the demo set's weights (cases/demo/generator.py) so the facets look like
the real data's, with a long tail of every other country.

Distributions: incident years 2010-2024, more recent years more frequent; 1-3 victims (70/20/10
%); 1-3 mechanisms and 1-3 reprisal types by weight; one report paragraph per mention, first
report in the incident's year or the next, ~38 % of cases followed up in 1-4 later reports;
summaries of 60-120 words and report paragraphs of 120-250 words, mixing sentences stating the
case's facts (as the reports phrase them) with sentences drawn from a Zipf word-frequency model
over a domain vocabulary and a long tail of rare words; 85 % public and published, 8 %
restricted, 5 % confidential, 2 % unpublished drafts.

Loading ("importer", the default): each chunk of 5,000 cases is written as a CSV file in the
download/import format (cases.tabular) under var/bench/csv/<size>/ and loaded by
`cases.importer.import_cases_csv` - the admin upload and `manage.py import_cases` path, with its
checks, history records and search indexing. The importer never creates report paragraphs or
mentions (curators record sources in the admin; ingestion creates them), so the chunk's synthetic
reports, paragraphs and mentions are then created through the models (with history), the
chunk's cases re-indexed once by `batched_refresh()`, and the published ones published with one
UPDATE (per-case `cases.publishing.publish` would add one history row per case).

Loading ("orm", the default above BENCH_IMPORTER_MAX = 10,000 cases): the importer runs at
50-75 cases/s here (run_all.py measures it every run), i.e. 25-45 min per 100,000 cases and hours
for a million, so the same records are created the way `load_demo` does it -
`bulk_create_with_history` for cases, victims, paragraphs and mentions, bulk m2m rows, then
`refresh_cases` in batches - and the marker file says which loader built the database. Above
FTS_DEFERRED_ABOVE cases on SQLite, the two FTS5 triggers that index new and updated cases are
dropped for the load and recreated afterwards, exactly as the migration creates them, and the
index is filled by FTS5's own 'rebuild' (what the migration runs too): the same index, built once.

Generated databases are cached: var/bench/cases-<size>.sqlite3 and PostgreSQL databases
endreprisals_bench_<size>, each with a marker file var/bench/<backend>-<size>.json; they are
rebuilt only with --force or when GENERATOR_VERSION changes.
"""

import argparse
import csv
import io
import itertools
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

common.setup_path()

GENERATOR_VERSION = 3
SEED = 90210
CHUNK = 5000
# Above this size the default loader is "orm": the importer runs at ~50 cases/s on this machine
# (measured at 10,000 and written to the marker), i.e. ~35 min per 100,000 cases per database.
IMPORTER_MAX_DEFAULT = int(os.environ.get("BENCH_IMPORTER_MAX", "10000"))
# Above this size the SQLite full-text index is built once at the end instead of by its triggers.
# On 2026-12-04 the triggers' upkeep of the growing FTS5 index took the ORM loader from 725 to
# ~80 cases/s between 50,000 and 500,000 cases: py-spy put 90-96 % of its time in FTS5's
# savepoint flush, re-reading index pages (2.9 TB of reads in 42 min, served from the OS cache),
# with a 512 MiB page cache as (on 2026-12-03) with the default 2 MiB.
FTS_DEFERRED_ABOVE = int(os.environ.get("BENCH_FTS_DEFERRED_ABOVE", "100000"))
# The FTS5 triggers that index new and updated cases (cases/migrations/0002_search_indexes.py).
INDEXING_TRIGGERS = ("cases_case_fts_ai", "cases_case_fts_au")
FIRST_YEAR, LAST_YEAR = 2010, 2024
ANNEX_FROM_YEAR = 2017
PARAGRAPHS_PER_REPORT = 400
TITLE_PREFIX = "[Synthetic] "
TEXT_PREFIX = "[Synthetic] "
CSV_COLUMNS = (
    "title",
    "country_iso2",
    "status",
    "visibility",
    "perpetrator_kind",
    "incident_date",
    "incident_date_precision",
    "summary",
    "victims",
    "victim_genders",
    "victim_roles",
    "mechanisms",
    "reprisal_types",
    "is_demo",
)

# --- Word-frequency model -----------------------------------------------------------------------

_FUNCTION_TEXT = (
    "the of and to in a that was were by for with on as had his her their which from at who been an "
    "is it this not has be or after also have are they during its under no these against any other "
    "more than into while before since about both such following them he she him would could should "
    "may all one two three several further there where when because without"
)
FUNCTION_WORDS = _FUNCTION_TEXT.split()

# Domain words and phrases of the Secretary-General's reports, most frequent first. Phrases are
# single "words" of the model, so phrase searches find them.
_DOMAIN_TEXT = (
    "human rights|United Nations|reportedly|Government|authorities|information|cooperation|"
    "allegations|reprisals|intimidation|defenders|civil society|detention|case|report|OHCHR|"
    "police|security forces|arrested|detained|released|charged|court|trial|sentence|prison|"
    "lawyer|family|relatives|organization|association|activists|journalist|journalists|media|"
    "threatened|harassed|questioned|interrogated|summoned|surveillance|monitored|travel|passport|"
    "airport|confiscated|visit|mission|session|Geneva|New York|Special Rapporteur|"
    "mandate holders|communication|response|investigation|accountability|impunity|legislation|"
    "law|decree|terrorism|extremism|national security|foreign agent|registration|funding|office|"
    "raid|searched|equipment|documents|computers|telephones|online|social media|campaign|"
    "stigmatization|defamation|smear|labelled|traitors|ill-treatment|torture|custody|"
    "solitary confinement|hunger strike|health|medical care|denied|access|contact|testimony|"
    "witness|victims|survivors|indigenous peoples|land|environment|mining|company|community|"
    "leaders|women|woman|gender|sexual violence|children|students|university|teachers|"
    "trade union|workers|religious|minority|ethnic|region|province|capital|district|village|"
    "municipal|military|intelligence|officers|unidentified individuals|armed group|attack|killed|"
    "death|disappeared|whereabouts|abducted|kidnapped|enforced disappearance|habeas corpus|bail|"
    "appeal|acquitted|convicted|years|months|weeks|days|fine|ban|prohibited|restrictions|closure|"
    "deregistered|dismissed|employment|salary|tax|inspection|licence|administrative|harassment|"
    "pressure|fear|self-censorship|anonymity|confidentiality|consent|protection|measures|"
    "follow-up|concern|recommendations|Universal Periodic Review|treaty bodies|"
    "Human Rights Council|Committee|Working Group|arbitrary|deprivation of liberty|opinion|"
    "expression|assembly|association|peaceful|protest|demonstration|election|opposition|"
    "political|party|parliament|statement|side event|delegation|accreditation|visa|denial|entry|"
    "border|exile|asylum|refugee|deportation|citizenship|revoked|property|house|home|assets|"
    "frozen|bank|accounts|transparency|dialogue|engagement|State|States|Member States|"
    "permanent mission|reply|Secretary-General|Assistant Secretary-General|senior official|"
    "focal point|annex|paragraph|reporting period|previous report|subsequent|ongoing|resolved|"
    "pattern|trend|systematic|widespread|chilling effect|deterrent|reluctance|engage|cooperate|"
    "submitted|provided|shared|participated|attended|testified|briefed|met|spoke"
)
DOMAIN_WORDS = _DOMAIN_TEXT.split("|")

SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "ta",
    "le",
    "vo",
    "su",
    "na",
    "ri",
    "de",
    "lo",
    "ma",
    "ve",
    "ti",
    "ba",
    "ne",
    "sa",
    "go",
    "ru",
    "fe",
    "li",
    "pa",
    "to",
    "za",
    "mo",
    "ki",
    "du",
    "ra",
    "se",
    "no",
    "bi",
    "fa",
    "ho",
    "ju",
    "lu",
    "me",
    "si",
    "va",
    "da",
    "ko",
    "te",
    "ze",
    "ga",
    "lo",
    "ny",
    "sh",
    "an",
    "el",
    "or",
    "in",
    "us",
    "ar",
    "en",
    "ol",
    "ir",
]


class WordModel:
    """Zipf-distributed words: function words first, then domain words, then a long tail."""

    def __init__(self, rng: random.Random, tail_size: int = 20000, exponent: float = 1.15):
        tail = set()
        while len(tail) < tail_size:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4))))
            if len(word) > 4:
                tail.add(word)
        self.words = FUNCTION_WORDS + DOMAIN_WORDS + sorted(tail)
        weights = [1 / (rank**exponent) for rank in range(1, len(self.words) + 1)]
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]
        self.rare = self.words[-tail_size:]

    def sentence(self, rng: random.Random, length: int) -> str:
        words = rng.choices(self.words, cum_weights=self.cumulative, k=length)
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def rank_of(self, word: str) -> int:
        return self.words.index(word) + 1

    def share(self, word: str) -> float:
        rank = self.rank_of(word)
        return (self.cumulative[rank - 1] - (self.cumulative[rank - 2] if rank > 1 else 0)) / self.total


# --- Specifications ------------------------------------------------------------------------------


@dataclass
class VictimSpec:
    name: str
    gender: str
    roles: list[str]


@dataclass
class MentionSpec:
    year: int
    kind: str
    text: str = ""
    symbol: str = ""
    section: str = ""
    number: int = 0


@dataclass
class CaseSpec:
    title: str
    country: str
    status: str
    visibility: str
    published: bool
    perpetrator: str
    incident_date: date | None
    precision: str
    summary: str
    victims: list[VictimSpec]
    mechanisms: list[str]
    types: list[str]
    mentions: list[MentionSpec] = field(default_factory=list)


class Generator:
    """Deterministic: the same size and seed give the same cases, chunk after chunk."""

    def __init__(self, country_codes: list[str], country_names: dict[str, str], seed: int = SEED):
        from cases.demo import generator as demo

        self.demo = demo
        self.rng = random.Random(seed)
        self.model = WordModel(random.Random(seed + 1))
        self.country_names = country_names
        weighted = dict(demo.COUNTRY_WEIGHTS)
        self.countries = list(country_codes)
        weights = [weighted.get(c, 0.15) for c in self.countries]
        self.country_cum = list(itertools.accumulate(weights))
        self.mechanism_weights = dict(demo.MECHANISM_WEIGHTS)
        self.reprisal_weights = dict(demo.REPRISAL_WEIGHTS)
        self.years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        self.year_weights = [4 + i for i in range(len(self.years))]
        self.name_syllables = SYLLABLES
        # Paragraph numbering: (year) -> [report number, paragraphs used in it, {section: next}].
        self.report_state: dict[int, list] = {}
        self.new_reports: list[tuple[str, int]] = []

    # names are random syllables, so they are unlikely to be anyone's
    def _name_part(self) -> str:
        rng = self.rng
        word = "".join(rng.choice(self.name_syllables) for _ in range(rng.choice((2, 2, 3))))
        return word.capitalize()

    def person_name(self) -> str:
        return f"{self._name_part()} {self._name_part()}"

    def victim(self) -> VictimSpec:
        rng, demo = self.rng, self.demo
        kind = demo._weighted(rng, {"person": 78, "organisation": 12, "group": 10})
        if kind == "organisation":
            suffix = rng.choice(
                ["Centre for Human Rights", "Association", "Legal Aid Centre", "Media Collective"]
            )
            return VictimSpec(f"{self._name_part()} {suffix}", "unknown", ["civil-society-organisation"])
        if kind == "group":
            description, roles = rng.choice(demo.GROUPS)
            return VictimSpec(description, "unknown", list(roles))
        if rng.random() < 0.55:
            gender = demo._weighted(rng, {"female": 45, "male": 45, "other": 3, "unknown": 7})
            weights = dict(demo.PERSON_ROLE_WEIGHTS)
            if gender != "female":
                del weights["woman-human-rights-defender"]
            roles = demo._pick(rng, weights, rng.choice([1, 1, 2]))
            return VictimSpec(self.person_name(), gender, roles)
        description, gender, roles = rng.choice(demo.ANONYMISED_PEOPLE)
        return VictimSpec(description, gender, list(roles))

    def incident(self) -> tuple[date | None, str]:
        rng = self.rng
        year = rng.choices(self.years, weights=self.year_weights)[0]
        precision = self.demo._weighted(rng, {"day": 50, "month": 35, "year": 12, "none": 3})
        if precision == "none":
            return None, "year"
        if precision == "year":
            return date(year, 1, 1), "year"
        month = rng.randint(1, 12)
        return date(year, month, 1 if precision == "month" else rng.randint(1, 28)), precision

    def filler(self, words: int) -> str:
        rng = self.rng
        sentences, count = [], 0
        while count < words:
            length = min(rng.randint(10, 26), max(4, words - count))
            sentences.append(self.model.sentence(rng, length))
            count += length
        return " ".join(sentences)

    def _words(self, text: str) -> int:
        return text.count(" ") + 1

    def facts(self, spec: CaseSpec) -> str:
        demo = self.demo
        victims = demo._join([v.name for v in spec.victims])
        engagement = demo.ENGAGEMENT_VERBS[demo.MECHANISM_GROUPS[spec.mechanisms[0]]]
        mechanisms = demo._join([demo._mechanism_object(m) for m in spec.mechanisms])
        reprisals = demo._join([demo.REPRISAL_PHRASES[r] for r in spec.types])
        plural = len(spec.victims) > 1
        perpetrator = {
            "state": " by the authorities",
            "non_state": " by unidentified individuals",
            "both": " by police officers and unidentified individuals",
        }.get(spec.perpetrator, "")
        when = demo._when(spec.incident_date, spec.precision)
        return (
            f"{when}, {victims}, who had {engagement} {mechanisms}, {'were' if plural else 'was'} "
            f"reportedly subjected to {reprisals}{perpetrator} in {self.country_names[spec.country]}."
        )

    def case(self) -> CaseSpec:
        rng, demo = self.rng, self.demo
        country = rng.choices(self.countries, cum_weights=self.country_cum)[0]
        victims = []
        for _ in range(rng.choices([1, 2, 3], weights=[70, 20, 10])[0]):
            victim = self.victim()
            if all(v.name != victim.name for v in victims):
                victims.append(victim)
        mechanisms = demo._pick(rng, self.mechanism_weights, rng.choices([1, 2, 3], weights=[65, 27, 8])[0])
        types = demo._pick(rng, self.reprisal_weights, rng.choices([1, 2, 3], weights=[45, 38, 17])[0])
        incident_date, precision = self.incident()
        year = incident_date.year if incident_date else rng.choice(self.years)
        first_year = min(LAST_YEAR, year if rng.random() < 0.25 else year + 1)
        mention_years = [first_year]
        if first_year < LAST_YEAR and rng.random() < 0.38:
            later = list(range(first_year + 1, LAST_YEAR + 1))
            mention_years += sorted(rng.sample(later, min(rng.choice([1, 1, 1, 2, 2, 3, 4]), len(later))))
        names = [v.name for v in victims]
        if len(names) > 2:
            names = [names[0], names[1], "others"]
        title = demo._join(names)
        visibility_draw = rng.random()
        visibility = (
            "restricted" if visibility_draw < 0.08 else "confidential" if visibility_draw < 0.13 else "public"
        )
        spec = CaseSpec(
            title=(TITLE_PREFIX + title[0].upper() + title[1:])[:300],
            country=country,
            status=demo._weighted(rng, {"ongoing": 50, "unknown": 32, "resolved": 18}),
            visibility=visibility,
            published=rng.random() >= 0.02,
            perpetrator=demo._weighted(rng, {"state": 76, "both": 8, "non_state": 6, "unknown": 10}),
            incident_date=incident_date,
            precision=precision,
            summary="",
            victims=victims,
            mechanisms=mechanisms,
            types=types,
        )
        facts = self.facts(spec)
        summary = f"{TEXT_PREFIX}{facts}"
        spec.summary = summary + " " + self.filler(rng.randint(60, 120) - self._words(summary))
        for position, mention_year in enumerate(mention_years):
            kind = "first" if position == 0 else "follow_up"
            mention = MentionSpec(year=mention_year, kind=kind)
            self._place(mention)
            if kind == "first":
                lead = f"{TEXT_PREFIX}{facts}"
            else:
                first = spec.mentions[0]
                lead = (
                    f"{TEXT_PREFIX}In follow-up to the case of {demo._join([v.name for v in victims])} "
                    f"({first.symbol}, para. {first.number}), information received during the reporting "
                    f"period indicated that {demo._join([demo.REPRISAL_PHRASES[r] for r in types])} continued."
                )
            mention.text = lead + " " + self.filler(rng.randint(120, 250) - self._words(lead))
            spec.mentions.append(mention)
        return spec

    def _place(self, mention: MentionSpec) -> None:
        """Give the mention a paragraph: the next number in its year's current synthetic report,
        opening a new report every PARAGRAPHS_PER_REPORT paragraphs."""
        state = self.report_state.get(mention.year)
        if state is None or state[1] >= PARAGRAPHS_PER_REPORT:
            number = 1 if state is None else state[0] + 1
            state = self.report_state[mention.year] = [number, 0, {}]
            self.new_reports.append((f"SYNTH/{mention.year}/{number}", mention.year))
        if mention.year < ANNEX_FROM_YEAR:
            section = "body"
        else:
            section = "annex_1" if mention.kind == "first" else "annex_2"
        start = 15 if section == "body" else 1
        mention.number = state[2].get(section, start)
        state[2][section] = mention.number + 1
        state[1] += 1
        mention.symbol = f"SYNTH/{mention.year}/{state[0]}"
        mention.section = section

    def chunks(self, size: int):
        made = 0
        while made < size:
            count = min(CHUNK, size - made)
            yield [self.case() for _ in range(count)]
            made += count


# --- CSV in the importer's format -------------------------------------------------------------


def to_csv(specs: list[CaseSpec]) -> bytes:
    from cases import tabular

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for s in specs:
        row = {
            "title": s.title,
            "country_iso2": s.country,
            "status": s.status,
            "visibility": s.visibility,
            "perpetrator_kind": s.perpetrator,
            "incident_date": s.incident_date.isoformat() if s.incident_date else None,
            "incident_date_precision": s.precision,
            "summary": s.summary,
            "victims": [v.name for v in s.victims],
            "victim_genders": [v.gender for v in s.victims],
            "victim_roles": [v.roles for v in s.victims],
            "mechanisms": s.mechanisms,
            "reprisal_types": s.types,
            "is_demo": True,
        }
        writer.writerow(tabular.csv_cells(row, CSV_COLUMNS))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- Loading -----------------------------------------------------------------------------------


def _create_reports(generator: Generator) -> None:
    from simple_history.utils import bulk_create_with_history

    from cases.models import Report

    if generator.new_reports:
        bulk_create_with_history(
            [
                Report(
                    symbol=symbol,
                    year=year,
                    title=f"[Synthetic] Benchmark report {symbol} (not a United Nations document)",
                    period_start=date(year - 1, 5, 1),
                    period_end=date(year, 4, 30),
                    is_demo=True,
                )
                for symbol, year in generator.new_reports
            ],
            Report,
            default_change_reason="bench",
        )
        generator.new_reports = []


def _create_sources(
    generator: Generator, specs: list[CaseSpec], case_ids: list[int], countries: dict
) -> None:
    """The chunk's report paragraphs and mentions, through the models, with history."""
    from simple_history.utils import bulk_create_with_history

    from cases.models import Mention, Paragraph, Report

    symbols = {m.symbol for s in specs for m in s.mentions}
    reports = dict(Report.objects.filter(symbol__in=symbols).values_list("symbol", "pk"))
    pairs = [(case_id, s, m) for case_id, s in zip(case_ids, specs, strict=True) for m in s.mentions]
    paragraphs = bulk_create_with_history(
        [
            Paragraph(
                report_id=reports[m.symbol],
                section=m.section,
                number=m.number,
                country_heading=generator.country_names[s.country],
                country_id=countries[s.country],
                text=m.text,
            )
            for _case_id, s, m in pairs
        ],
        Paragraph,
        batch_size=1000,
        default_change_reason="bench",
    )
    bulk_create_with_history(
        [
            Mention(case_id=case_id, report_id=reports[m.symbol], paragraph_id=p.pk, kind=m.kind)
            for (case_id, _s, m), p in zip(pairs, paragraphs, strict=True)
        ],
        Mention,
        batch_size=1000,
        default_change_reason="bench",
    )


def load_importer(generator: Generator, size: int, csv_dir: Path) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from cases.importer import import_cases_csv
    from cases.models import Case, Country
    from cases.search.index import batched_refresh, refresh_soon
    from cases.visibility import SYSTEM

    countries = dict(Country.objects.values_list("iso2", "pk"))
    csv_dir.mkdir(parents=True, exist_ok=True)
    import_seconds = 0.0
    total_started = time.perf_counter()
    loaded = 0
    for index, specs in enumerate(generator.chunks(size), start=1):
        path = csv_dir / f"cases-{index:04d}.csv"
        data = to_csv(specs)
        if not path.exists() or path.stat().st_size != len(data):
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(data)
            partial.replace(path)
        with transaction.atomic(), batched_refresh():
            _create_reports(generator)
            started = time.perf_counter()
            with path.open("rb") as fh:
                result = import_cases_csv(fh, user=SYSTEM)
            import_seconds += time.perf_counter() - started
            if not result.ok:
                raise SystemExit(f"import of {path} failed: {result.errors[:5]}")
            ids = result.case_ids
            _create_sources(generator, specs, ids, countries)
            refresh_soon(ids)
            published = [pk for pk, s in zip(ids, specs, strict=True) if s.published]
            Case.objects.filter(pk__in=published).update(published_at=timezone.now())
        loaded += len(specs)
        elapsed = time.perf_counter() - total_started
        common.log(
            f"  {loaded:>9,} cases ({loaded / elapsed:,.0f}/s overall; importer alone "
            f"{loaded / import_seconds:,.0f}/s)"
        )
    total = time.perf_counter() - total_started
    return {
        "loader": "importer",
        "import_seconds": round(import_seconds, 1),
        "importer_cases_per_s": round(size / import_seconds, 1),
        "load_seconds": round(total, 1),
        "cases_per_s": round(size / total, 1),
    }


def load_orm(generator: Generator, size: int) -> dict:
    """The `load_demo` way: bulk creation with history, then one re-index per batch."""
    from django.db import connection, transaction
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from cases.models import Case, Country, Mechanism, ReprisalType, Victim, VictimRole
    from cases.search.index import refresh_cases

    countries = dict(Country.objects.values_list("iso2", "pk"))
    mechanisms = dict(Mechanism.objects.values_list("slug", "pk"))
    types = dict(ReprisalType.objects.values_list("slug", "pk"))
    roles = dict(VictimRole.objects.values_list("slug", "pk"))
    started = time.perf_counter()
    loaded = 0
    deferred = connection.vendor == "sqlite" and size > FTS_DEFERRED_ABOVE
    if deferred:
        with connection.cursor() as cursor:
            drop_indexing_triggers(cursor)
    for specs in generator.chunks(size):
        now = timezone.now()
        with transaction.atomic():
            _create_reports(generator)
            cases = bulk_create_with_history(
                [
                    Case(
                        title=s.title,
                        country_id=countries[s.country],
                        summary=s.summary,
                        perpetrator_kind=s.perpetrator,
                        incident_date=s.incident_date,
                        incident_date_precision=s.precision,
                        status=s.status,
                        visibility=s.visibility,
                        language="en",
                        is_demo=True,
                        published_at=now if s.published else None,
                    )
                    for s in specs
                ],
                Case,
                batch_size=1000,
                default_change_reason="bench",
            )
            Case.mechanisms.through.objects.bulk_create(
                [
                    Case.mechanisms.through(case_id=c.pk, mechanism_id=mechanisms[m])
                    for c, s in zip(cases, specs, strict=True)
                    for m in s.mechanisms
                ],
                batch_size=5000,
            )
            Case.reprisal_types.through.objects.bulk_create(
                [
                    Case.reprisal_types.through(case_id=c.pk, reprisaltype_id=types[t])
                    for c, s in zip(cases, specs, strict=True)
                    for t in s.types
                ],
                batch_size=5000,
            )
            pairs = [(c, v) for c, s in zip(cases, specs, strict=True) for v in s.victims]
            victims = bulk_create_with_history(
                [Victim(case_id=c.pk, kind="person", name=v.name, gender=v.gender) for c, v in pairs],
                Victim,
                batch_size=1000,
                default_change_reason="bench",
            )
            Victim.roles.through.objects.bulk_create(
                [
                    Victim.roles.through(victim_id=victim.pk, victimrole_id=roles[r])
                    for victim, (_c, v) in zip(victims, pairs, strict=True)
                    for r in v.roles
                ],
                batch_size=5000,
            )
            ids = [c.pk for c in cases]
            _create_sources(generator, specs, ids, countries)
            refresh_cases(ids)
        loaded += len(specs)
        if loaded % 50_000 == 0 or loaded == size:
            elapsed = time.perf_counter() - started
            common.log(f"  {loaded:>9,} cases ({loaded / elapsed:,.0f}/s)")
    if deferred:
        rebuilt = time.perf_counter()
        with connection.cursor() as cursor:
            restore_indexing_triggers(cursor)
        common.log(f"  full-text index rebuilt in {time.perf_counter() - rebuilt:,.0f} s")
    total = time.perf_counter() - started
    stats = {"loader": "orm", "load_seconds": round(total, 1), "cases_per_s": round(size / total, 1)}
    return stats | ({"fts_deferred": True} if deferred else {})


def drop_indexing_triggers(cursor) -> None:
    for name in INDEXING_TRIGGERS:
        cursor.execute(f"DROP TRIGGER {name}")


def restore_indexing_triggers(cursor) -> None:
    """Create the triggers again with the migration's own statements, then fill the index from
    the cases table (`rebuild_fts`)."""
    from importlib import import_module

    statements = import_module("cases.migrations.0002_search_indexes").SQLITE_FORWARD
    for name in INDEXING_TRIGGERS:
        cursor.execute(next(s for s in statements if s.startswith(f"CREATE TRIGGER {name} ")))
    rebuild_fts(cursor)


# The rebuild is one transaction: with SQLite's 2 MiB page cache it re-read pages at ~4 GB/s
# from the OS cache (the million's first attempt); its pages are kept in memory instead.
REBUILD_CACHE_MIB = 4096
# FTS5's defaults, put back after the rebuild: 4 segments of a level merge incrementally, and
# pending terms are flushed to a new segment every MiB.
FTS_DEFAULTS = {"automerge": 4, "hashsize": 1024 * 1024}


def rebuild_fts(cursor) -> None:
    """FTS5's own 'rebuild', as a bulk load: pending terms kept in 256 MiB instead of 1 MiB and
    no incremental merging, then one 'optimize' into a single segment. With the defaults, the
    rebuild of a million cases re-read its growing segments as the trigger-fed load did (~1 TB
    read in its first 6 minutes)."""

    def config(key, value):
        cursor.execute("INSERT INTO cases_case_fts(cases_case_fts, rank) VALUES (%s, %s)", [key, value])

    cursor.execute("PRAGMA cache_size")
    cache_size = cursor.fetchone()[0]
    cursor.execute(f"PRAGMA cache_size = -{REBUILD_CACHE_MIB * 1024}")
    config("hashsize", 256 * 1024 * 1024)
    config("automerge", 0)
    for command in ("rebuild", "optimize"):
        cursor.execute("INSERT INTO cases_case_fts(cases_case_fts) VALUES (%s)", [command])
    for key, value in FTS_DEFAULTS.items():
        config(key, value)
    cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


def _prepare_database(backend: str, size: int) -> None:
    """An empty database with the schema and the reference data."""
    if backend == "sqlite":
        path = common.sqlite_path(size)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        name = common.pg_name(size)
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _psql(f'CREATE DATABASE "{name}"')
    env = common.django_env(common.database_url(backend, size))
    manage = [str(common.PYTHON), str(common.ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=common.ROOT)
    subprocess.run(
        [*manage, "load_reference"], env=env, check=True, cwd=common.ROOT, stdout=subprocess.DEVNULL
    )


def _psql(sql: str, database: str = "postgres") -> str:
    done = subprocess.run(
        [
            "psql",
            "-h",
            common.PG_HOST,
            "-p",
            common.PG_PORT,
            "-U",
            common.PG_USER,
            "-d",
            database,
            "-Atc",
            sql,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def _finish(backend: str) -> None:
    """What the database does on its own in production: PostgreSQL's autovacuum analyses the
    tables after a bulk load. SQLite gathers no statistics by itself; the app's ANALYZE after
    migrations (cases/planner.py) gathers them when run_all.py migrates each database before
    measuring it, as a deployment's migrate would."""
    from django.db import connection

    if backend == "postgres":
        connection.ensure_connection()
        raw = connection.connection
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def load_one(backend: str, size: int, loader: str) -> None:
    """In a child process whose DATABASE_URL points at the prepared database."""
    import django

    django.setup()
    from cases.models import Case, Country, Mention, Paragraph, Report

    codes = list(Country.objects.order_by("iso2").values_list("iso2", flat=True))
    names = dict(Country.objects.values_list("iso2", "name"))
    generator = Generator(codes, names, seed=SEED + size)
    common.log(f"loading {size:,} synthetic cases into {backend} with the {loader} loader")
    if loader == "importer":
        stats = load_importer(generator, size, common.VAR / "csv" / common.label(size))
    else:
        stats = load_orm(generator, size)
    _finish(backend)
    stats.update(
        backend=backend,
        size=size,
        generator_version=GENERATOR_VERSION,
        created=time.strftime("%Y-%m-%dT%H:%M:%S"),
        cases=Case.objects.count(),
        published_public=Case.objects.filter(visibility="public", published_at__isnull=False).count(),
        reports=Report.objects.count(),
        paragraphs=Paragraph.objects.count(),
        mentions=Mention.objects.count(),
        database=common.database_url(backend, size),
    )
    if backend == "sqlite":
        stats["file_bytes"] = common.sqlite_path(size).stat().st_size
    else:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            stats["file_bytes"] = cursor.fetchone()[0]
    common.write_json(common.marker_path(backend, size), stats)
    common.log(f"done: {stats}")


def measure_importer(rows: int) -> dict:
    """`import_cases_csv` alone, on `rows` new synthetic cases, in the database of DATABASE_URL
    (a scratch copy: run_all.py makes and drops it)."""
    import django

    django.setup()
    from cases.importer import import_cases_csv
    from cases.models import Country
    from cases.visibility import SYSTEM

    codes = list(Country.objects.order_by("iso2").values_list("iso2", flat=True))
    names = dict(Country.objects.values_list("iso2", "name"))
    generator = Generator(codes, names, seed=SEED - 1)
    specs = next(generator.chunks(rows))
    data = to_csv(specs)
    started = time.perf_counter()
    result = import_cases_csv(io.BytesIO(data), user=SYSTEM)
    seconds = time.perf_counter() - started
    if not result.ok:
        raise SystemExit(f"import failed: {result.errors[:5]}")
    return {
        "rows": rows,
        "csv_bytes": len(data),
        "seconds": round(seconds, 2),
        "cases_per_s": round(rows / seconds, 1),
        "estimated_minutes_per_100k": round(100_000 / (rows / seconds) / 60, 1),
    }


def is_cached(backend: str, size: int) -> bool:
    marker = common.read_json(common.marker_path(backend, size))
    if not marker or marker.get("generator_version") != GENERATOR_VERSION or marker.get("size") != size:
        return False
    if backend == "sqlite":
        return common.sqlite_path(size).exists()
    try:
        found = _psql(f"SELECT 1 FROM pg_database WHERE datname = '{common.pg_name(size)}'")  # noqa: S608
        return found == "1"
    except (subprocess.CalledProcessError, FileNotFoundError):
        return False


def ensure(sizes: list[int], backends: list[str], force: bool = False, loader: str | None = None) -> dict:
    """Build whatever is missing (the backends of one size in parallel: the importer is
    single-threaded Python, and there are two cores); return the markers."""
    markers = {}
    for size in sizes:
        running = []
        for backend in backends:
            if force or not is_cached(backend, size):
                chosen = loader or ("importer" if size <= IMPORTER_MAX_DEFAULT else "orm")
                common.log(f"building {backend} {common.label(size)} ({chosen})")
                _prepare_database(backend, size)
                env = common.django_env(common.database_url(backend, size))
                command = [str(common.PYTHON), __file__, "--load", backend, str(size), chosen]
                running.append((backend, subprocess.Popen(command, env=env, cwd=common.ROOT)))
            else:
                common.log(f"cached: {backend} {common.label(size)}")
        for backend, process in running:
            if process.wait() != 0:
                raise SystemExit(f"building {backend} {common.label(size)} failed")
        for backend in backends:
            markers[f"{backend}_{common.label(size)}"] = common.read_json(common.marker_path(backend, size))
    return markers


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--force", action="store_true", help="rebuild even when cached")
    parser.add_argument(
        "--loader", choices=["importer", "orm"], help="default: importer up to 10,000 cases, orm above"
    )
    parser.add_argument("--load", nargs=3, metavar=("BACKEND", "SIZE", "LOADER"), help=argparse.SUPPRESS)
    parser.add_argument("--measure-importer", type=int, metavar="ROWS", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_importer:
        import json

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
        print(json.dumps(measure_importer(args.measure_importer)))
        return 0
    if args.load:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
        load_one(args.load[0], int(args.load[1]), args.load[2])
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    ensure(sizes, backends, force=args.force, loader=args.loader)
    return 0


if __name__ == "__main__":
    sys.exit(main())
