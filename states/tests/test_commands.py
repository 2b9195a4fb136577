import pytest
from django.core.management import CommandError, call_command

from states.models import PermanentMission

pytestmark = pytest.mark.django_db


def test_import_states_command(tmp_path, capsys):
    path = tmp_path / "missions.csv"
    path.write_text("country,city,name,email\nIE,New York,Mission of Ireland,\n", encoding="utf-8")
    call_command("import_states", "missions", str(path))
    assert "missions: 1 created" in capsys.readouterr().out
    assert PermanentMission.objects.get().email == ""


def test_import_states_command_lists_errors_and_imports_nothing(tmp_path, capsys):
    path = tmp_path / "missions.csv"
    path.write_text(
        "country,city,name\nIE,New York,Mission of Ireland\nAtlantis,Geneva,x\nFR,Rome,y\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="2 error"):
        call_command("import_states", "missions", str(path))
    err = capsys.readouterr().err
    assert "line 3, country: unknown country: Atlantis" in err
    assert "line 4, city: unknown value Rome" in err
    assert not PermanentMission.objects.exists()


def test_import_states_command_missing_file():
    with pytest.raises(CommandError):
        call_command("import_states", "missions", "/nonexistent/file.csv")
