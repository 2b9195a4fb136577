"""How a petition shows its progress: a bar towards the goal and correct plurals."""

import re

import pytest

from campaigns.models import Signature
from campaigns.tests.factories import make_world

pytestmark = pytest.mark.django_db


def _sign(petition, n):
    for i in range(n):
        Signature.objects.create(
            petition=petition, name=f"S{i}", email=f"s{i}@example.org", email_hash=f"h{i}", status="confirmed"
        )


@pytest.mark.parametrize(
    "n, words", [(0, "confirmed signatures"), (1, "confirmed signature"), (2, "confirmed signatures")]
)
def test_the_petition_counts_in_correct_plurals_with_a_progress_bar(client, n, words):
    world = make_world()
    petition, campaign = world["petition"], world["campaign"]
    _sign(petition, n)
    for url in (petition.get_absolute_url(), campaign.get_absolute_url()):
        body = client.get(url).content.decode()
        assert re.search(rf"</span> {words}( ·|</p>)", body), url
        assert re.search(
            rf'<progress class="goal-progress" max="{petition.goal}" value="{n}" aria-label=', body
        ), url
