"""Factories for the States app. Countries come from the reference data in the test database."""

import datetime

import factory

from cases.models import Country
from states.models import CouncilMembership, PermanentMission, Resolution, Session, Sponsorship, Statement


def country(iso2: str) -> Country:
    return Country.objects.get(iso2=iso2)


class PermanentMissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PermanentMission
        django_get_or_create = ("country", "city")

    country = factory.LazyFunction(lambda: country("IE"))
    city = PermanentMission.City.NEW_YORK
    name = factory.LazyAttribute(lambda m: f"Permanent Mission of {m.country.name} to the United Nations")
    email = ""


class CouncilMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMembership

    country = factory.LazyFunction(lambda: country("IE"))
    regional_group = CouncilMembership.RegionalGroup.WESTERN
    election_year = 2021
    start_date = datetime.date(2022, 1, 1)
    end_date = datetime.date(2024, 12, 31)
    source_url = "https://example.org/hrc-election"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        django_get_or_create = ("body", "number")

    body = Session.Body.HRC
    number = factory.Sequence(lambda n: 60 + n)
    title = factory.LazyAttribute(lambda s: f"Human Rights Council, {s.number}th regular session")
    start_date = datetime.date(2023, 9, 11)
    end_date = datetime.date(2023, 10, 13)


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution
        django_get_or_create = ("symbol",)

    symbol = factory.Sequence(lambda n: f"A/HRC/RES/{40 + n}/1")
    title = (
        "Cooperation with the United Nations, its representatives and mechanisms in the field of human rights"
    )
    adopted_by = Resolution.Adoption.WITHOUT_VOTE


class SponsorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsorship

    resolution = factory.SubFactory(ResolutionFactory)
    country = factory.LazyFunction(lambda: country("IE"))
    role = Sponsorship.Role.CO_SPONSOR


class StatementFactory(factory.django.DjangoModelFactory):
    """A national statement; pass kind="joint", speaker=None and leads=[...] for a joint one."""

    class Meta:
        model = Statement
        skip_postgeneration_save = True

    session = factory.SubFactory(SessionFactory)
    kind = Statement.Kind.NATIONAL
    speaker = factory.LazyFunction(lambda: country("US"))
    date = datetime.date(2023, 9, 28)
    title = factory.Sequence(lambda n: f"Statement {n}")

    @factory.post_generation
    def leads(self, create, countries, **kwargs):
        if create and countries:
            self.leads.set(countries)

    @factory.post_generation
    def joined_by(self, create, countries, **kwargs):
        if create and countries:
            self.joined_by.set(countries)

    @factory.post_generation
    def raised_cases(self, create, cases, **kwargs):
        if create and cases:
            self.raised_cases.set(cases)
