"""The facet index of a new data version is the previous one patched for the cases that changed
(cases/facet_changes.py), and always equal to a full read: every kind of write, on both
databases, outside a transaction (the way the site's requests write)."""

import pytest
from django.db import transaction

from cases import facet_index
from cases.facet_index import _Cache, build_index
from cases.models import Case, Country, DataVersion, Mechanism, Report, ReprisalType, Victim, VictimRole
from cases.tests.factories import CaseFactory, MentionFactory, VictimFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def builds(monkeypatch, reference_data):
    """The tokens of the full reads made (a patch is not one)."""
    made = []
    real = facet_index.build_index

    def counting(using, token):
        made.append(token)
        return real(using, token)

    monkeypatch.setattr(facet_index, "build_index", counting)
    return made


def _same_as_a_full_read(index):
    full = build_index("default", DataVersion.current())
    assert index.bits == full.bits
    assert index.names == full.names


def test_each_kind_of_write_patches_the_index_to_what_a_full_read_gives(builds):
    cache = _Cache()
    first = CaseFactory(country=Country.objects.get(iso2="NI"), mechanisms=["upr"])
    victim = VictimFactory(case=first, gender=Victim.Gender.FEMALE)
    paragraph = MentionFactory(case=first).paragraph
    cache.index("default")
    assert len(builds) == 1
    second = CaseFactory(country=Country.objects.get(iso2="DJ"))

    writes = [
        lambda: CaseFactory(country=Country.objects.get(iso2="EG"), reprisal_types=["travel-ban"]),
        lambda: Case.objects.filter(pk=first.pk).update(country=Country.objects.get(iso2="CN")),
        lambda: Case.objects.filter(pk=second.pk).update(status=Case.Status.RESOLVED),
        lambda: first.mechanisms.set(Mechanism.objects.filter(slug="wgad")),
        lambda: second.reprisal_types.add(*ReprisalType.objects.all()[:2]),
        lambda: Victim.objects.filter(pk=victim.pk).update(gender=Victim.Gender.MALE),
        lambda: victim.roles.set(VictimRole.objects.all()[:1]),
        lambda: VictimFactory(case=second),
        lambda: MentionFactory(case=second, paragraph=paragraph),  # a new report is another matter
        lambda: Victim.objects.filter(pk=victim.pk).update(case=second),
        lambda: Case.objects.filter(pk=first.pk).delete(),
    ]
    for write in writes:
        before = DataVersion.current()
        write()
        assert DataVersion.current() != before
        _same_as_a_full_read(cache.index("default"))
    assert len(builds) == 1, "a change of a few cases is patched, not read again in full"


def test_a_change_every_case_depends_on_reads_everything_again(builds):
    cache = _Cache()
    mention = MentionFactory()
    cache.index("default")
    Report.objects.filter(pk=mention.report_id).update(year=1999)
    index = cache.index("default")
    assert "1999" in index.bits["year"]
    _same_as_a_full_read(index)
    assert len(builds) == 2


def test_an_index_read_inside_a_transaction_is_never_patched(builds):
    """What it saw may be rolled back: the changes undone would stay in every patched copy."""
    cache = _Cache()
    CaseFactory(country=Country.objects.get(iso2="NI"))
    with transaction.atomic():
        CaseFactory(country=Country.objects.get(iso2="EG"))
        inside = cache.index("default")
        assert inside.mark is None
        transaction.set_rollback(True)
    CaseFactory(country=Country.objects.get(iso2="DJ"))
    index = cache.index("default")
    assert "EG" not in index.bits["country"]
    _same_as_a_full_read(index)
    assert len(builds) == 2


def test_an_emptied_log_means_a_full_read(builds):
    """Tests empty every table (`flush`); the version row comes back with a change of every case."""
    from cases.models import FacetChange

    cache = _Cache()
    CaseFactory()
    cache.index("default")
    FacetChange.objects.all().delete()
    DataVersion.objects.all().delete()
    CaseFactory(country=Country.objects.get(iso2="EG"))
    _same_as_a_full_read(cache.index("default"))
    assert len(builds) == 2
