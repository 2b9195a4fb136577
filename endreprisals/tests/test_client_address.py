"""The one client-address helper every rate limit uses: IPv6 by /64, the proxy's header read as
the proxy set it (the right-most address a trusted proxy added), one setting."""

import pytest

from endreprisals.client_address import client_network


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _network(rf, **meta):
    return client_network(rf.get("/", **meta))


@pytest.mark.parametrize(
    "first, second",
    [
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2:bbbb:cccc:dddd:eeee"),
        ("2001:DB8:1:2::1", "2001:db8:0001:0002::9"),  # spelling does not matter
    ],
)
def test_addresses_of_one_ipv6_64_share_one_key(rf, first, second):
    assert _network(rf, REMOTE_ADDR=first) == _network(rf, REMOTE_ADDR=second) == "2001:db8:1:2::/64"


def test_other_networks_get_other_keys(rf):
    keys = {
        _network(rf, REMOTE_ADDR=address)
        for address in ("2001:db8:1:2::1", "2001:db8:1:3::1", "2001:db9:1:2::1", "192.0.2.1", "192.0.2.2")
    }
    assert len(keys) == 5


def test_ipv4_mapped_ipv6_is_the_ipv4_address(rf):
    assert (
        _network(rf, REMOTE_ADDR="::ffff:192.0.2.1") == _network(rf, REMOTE_ADDR="192.0.2.1") == "192.0.2.1"
    )


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert _network(rf, REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="198.51.100.4") == "192.0.2.9"


@pytest.mark.parametrize(
    "forged",
    [
        "",
        "203.0.113.1, ",
        "203.0.113.1, 203.0.113.2, ",
        "not-an-address, ",
        "2001:db8:ffff::1, ",
        "198.51.100.4, ",  # even the real address, repeated
        " , , ",
    ],
)
def test_a_forged_prefix_does_not_change_the_key(rf, behind_one_proxy, forged):
    # The proxy appended the address it saw; what the client sent before it is anything.
    key = _network(rf, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{forged}198.51.100.4")
    assert key == "198.51.100.4"


def test_two_trusted_proxies_read_the_second_address_from_the_right(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 2001:db8:7:8::5, 10.0.0.1"}
    assert _network(rf, **meta) == "2001:db8:7:8::/64"


def test_a_header_that_did_not_come_through_every_proxy_is_not_trusted(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert _network(rf, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6") == "10.0.0.2"


@pytest.mark.parametrize(
    "hop, key",
    [("198.51.100.4:5123", "198.51.100.4"), ("[2001:db8:5:6::1]:443", "2001:db8:5:6::/64")],
)
def test_an_address_with_a_port_counts_as_the_address(rf, behind_one_proxy, hop, key):
    assert _network(rf, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=hop) == key


def test_garbage_from_the_proxy_gives_no_key(rf, behind_one_proxy):
    assert _network(rf, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="unknown") == ""


def test_on_the_intake_path_the_helper_sees_no_address_and_logs_nothing(rf, behind_one_proxy, caplog):
    """Intake strips every client address before any code runs: whatever rate limit or budget is
    ever put there keys on the placeholder, never on the submitter's network."""
    from intake.middleware import StripClientAddressMiddleware

    seen = []
    middleware = StripClientAddressMiddleware(lambda request: seen.append(client_network(request)))
    with caplog.at_level("DEBUG"):
        middleware(
            rf.post(
                "/intake/",
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR="198.51.100.4",
                HTTP_X_REAL_IP="198.51.100.4",
            )
        )
        middleware(rf.get("/fr/intake/status/", REMOTE_ADDR="2001:db8:1:2::1"))
    assert seen == ["0.0.0.0", "0.0.0.0"]  # noqa: S104 - the placeholder intake leaves
    assert "198.51.100.4" not in caplog.text and "2001:db8" not in caplog.text
