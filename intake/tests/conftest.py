from types import SimpleNamespace

import pytest

from intake import crypto


@pytest.fixture(autouse=True)
def intake_keys(settings, tmp_path):
    """A fresh key pair per test; the private half stays in the test, as it would stay offline.
    The development key directory points at a temporary folder, so tests never touch var/."""
    public, private = crypto.generate_keypair()
    settings.INTAKE_PUBLIC_KEY = public
    settings.INTAKE_DEV_KEY_DIR = tmp_path / "intake-dev-key"
    return SimpleNamespace(public=public, private=private, private_key=crypto.parse_private_key(private))
