"""Factories for tests. Countries and vocabularies come from the reference data, which the
test database holds (see conftest.py)."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.models import (
    Case,
    Consent,
    Country,
    Mechanism,
    Mention,
    Paragraph,
    Report,
    ReprisalType,
    Victim,
    VictimRole,
)
from cases.visibility import Visibility


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report
        django_get_or_create = ("symbol",)

    year = factory.Sequence(lambda n: 2010 + n % 15)
    session = factory.LazyAttribute(lambda r: 3 * (r.year - 2010) + 15)
    symbol = factory.LazyAttribute(lambda r: f"A/HRC/{r.session}/{r.year % 100}")
    title = (
        "Cooperation with the United Nations, its representatives and mechanisms in the field of human rights"
    )


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paragraph

    report = factory.SubFactory(ReportFactory)
    section = Paragraph.Section.ANNEX_I
    number = factory.Sequence(lambda n: n + 1)
    # Fixed wording: random real words would make search tests match by chance (stemming).
    text = factory.Sequence(lambda n: f"Factory paragraph {n}.")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Test case {n}")
    country = factory.LazyFunction(lambda: Country.objects.get(iso2="NI"))
    summary = factory.Sequence(lambda n: f"Factory summary {n}.")
    visibility = Visibility.PUBLIC
    status = Case.Status.ONGOING
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def mechanisms(self, create, slugs, **kwargs):
        if create and slugs:
            self.mechanisms.set(Mechanism.objects.filter(slug__in=slugs))

    @factory.post_generation
    def reprisal_types(self, create, slugs, **kwargs):
        if create and slugs:
            self.reprisal_types.set(ReprisalType.objects.filter(slug__in=slugs))


class VictimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Victim
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    name = factory.Faker("name")
    gender = Victim.Gender.UNKNOWN

    @factory.post_generation
    def roles(self, create, slugs, **kwargs):
        if create and slugs:
            self.roles.set(VictimRole.objects.filter(slug__in=slugs))


class ConsentFactory(factory.django.DjangoModelFactory):
    """Consent recorded by a curator; pass `victim__case=...` or a victim."""

    class Meta:
        model = Consent

    victim = factory.SubFactory(VictimFactory)
    source = Consent.Source.CURATOR
    share_with_un = True
    publication = Consent.Publication.NAMED


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    case = factory.SubFactory(CaseFactory)
    paragraph = factory.SubFactory(ParagraphFactory)
    report = factory.SelfAttribute("paragraph.report")
    kind = Mention.Kind.FIRST
