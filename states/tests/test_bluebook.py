"""The missions' Blue Book (JSON, in the shape the UN serves) and the missions CSV template, end to
end on fixtures whose staff are fictional."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from campaigns.models import MissionAddress
from states.bluebook import BlueBookError, import_bluebook
from states.models import PermanentMission

FIXTURES = Path(__file__).parent / "fixtures"
BLUE_BOOK = (FIXTURES / "bluebook.json").read_bytes()
LATER = (FIXTURES / "bluebook_later.json").read_bytes()


@pytest.mark.django_db
def test_blue_book_names_are_matched_to_states_and_the_rest_reported():
    result = import_bluebook(BLUE_BOOK)
    assert (result.created, result.updated, result.unchanged) == (10, 0, 0)
    assert result.unmatched == ["European Union", "Atlantis"]
    cities = PermanentMission.objects.filter(city="new_york")
    assert set(cities.values_list("country__iso2", flat=True)) == {
        "BO",
        "TR",
        "VA",
        "PS",
        "IR",
        "VN",
        "CI",
        "NL",
        "GB",
        "EG",
    }
    bolivia = cities.get(country__iso2="BO")
    assert bolivia.email == "bolivia.fixture@example.org"
    assert bolivia.website == "https://bolivia.example.org"
    assert bolivia.phone == "(212) 555-0100"
    assert "Fax: (212) 555-0200" in bolivia.notes and "Fixture Ambassador 0" in bolivia.notes
    assert "Counsellor" not in bolivia.notes  # only the head of mission
    assert cities.get(country__iso2="TR").email == "turkiye.fixture@example.org"  # the first of two
    assert cities.get(country__iso2="VA").email == ""  # none given: none invented
    assert cities.get(country__iso2="IR").email == "" and any("not-an-address" in v for v in result.invalid)


@pytest.mark.django_db
def test_reimport_changes_nothing_then_updates_with_history_and_keeps_bounces_flagged():
    import_bluebook(BLUE_BOOK)
    egypt = PermanentMission.objects.get(country__iso2="EG", city="new_york")
    MissionAddress.objects.create(
        address="uk.fixture@example.org", bounce_count=3, paused_at="2026-01-01T00:00Z"
    )
    history = PermanentMission.history.count()
    again = import_bluebook(BLUE_BOOK)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10)
    assert PermanentMission.history.count() == history
    assert again.bounced == ["uk.fixture@example.org"]
    later = import_bluebook(LATER)
    assert (later.updated, later.unchanged) == (1, 9)
    egypt.refresh_from_db()
    assert egypt.email == "egypt.new@example.org"
    assert egypt.history.first().prev_record.email == "egypt.fixture@example.org"
    assert MissionAddress.objects.get(address="uk.fixture@example.org").is_paused


@pytest.mark.django_db
def test_a_file_that_is_not_a_blue_book_changes_nothing():
    for data in (b"not json", b"[]", b'{"missions": []}'):
        with pytest.raises(BlueBookError):
            import_bluebook(data)
    assert PermanentMission.objects.count() == 0


@pytest.mark.django_db
def test_the_command_reads_the_blue_book_and_the_csv_template(capsys):
    call_command("import_missions", str(FIXTURES / "bluebook.json"))
    out = capsys.readouterr().out
    assert "10 created" in out and "not matched to a State: Atlantis" in out
    call_command("import_missions", str(FIXTURES / "missions_geneva.csv"))
    geneva = PermanentMission.objects.filter(city="geneva")
    assert set(geneva.values_list("country__iso2", flat=True)) == {"EG", "TR"}
    with pytest.raises(CommandError):
        call_command("import_missions", str(Path(__file__)))  # not JSON


@pytest.mark.django_db
def test_the_staff_upload_page(client, curator, researcher):
    url = reverse("states:import-missions")
    client.force_login(researcher)
    assert client.get(url).status_code == 403
    client.force_login(curator)
    response = client.post(url, {"file": SimpleUploadedFile("bluebook.json", BLUE_BOOK), "city": "new_york"})
    page = response.content.decode()
    assert response.status_code == 200 and "Atlantis" in page and "10 created" in page
    response = client.post(url, {"file": SimpleUploadedFile("bad.json", b"{}"), "city": "new_york"})
    assert response.status_code == 400 and "Nothing was imported" in response.content.decode()
