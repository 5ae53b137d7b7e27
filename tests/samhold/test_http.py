import pytest
from django.core import mail
from django.test import RequestFactory

from samhold.http import client_ip
from tests.factories import SelfHelpGroupFactory, UserFactory


def address(remote_addr: str, settings, forwarded: str | None = None, proxies: int = 0) -> str:
    settings.SAMHOLD_TRUSTED_PROXY_COUNT = proxies
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **extra))


def test_without_trusted_proxies_the_connection_address_counts(settings):
    settings.SAMHOLD_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.1"


def test_behind_one_proxy_the_address_it_appended_counts_not_the_clients_claim(settings):
    settings.SAMHOLD_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"


def test_behind_two_proxies_the_entry_the_outer_proxy_appended_counts(settings):
    assert address("10.0.0.1", settings, "6.6.6.6, 203.0.113.7, 10.0.0.2", proxies=2) == "203.0.113.7"


def test_an_ipv4_address_counts_as_itself(settings):
    assert address("192.0.2.44", settings) == "192.0.2.44"


def test_an_ipv6_address_counts_as_its_64_network(settings):
    assert address("2001:db8:1:2:aaaa:bbbb:cccc:dddd", settings) == "2001:db8:1:2::/64"


def test_two_ipv6_addresses_in_one_64_network_count_as_one(settings):
    assert address("2001:db8:1:2::1", settings) == address("2001:db8:1:2:ffff:ffff:ffff:fffe", settings)


def test_ipv6_addresses_in_different_64_networks_count_apart(settings):
    assert address("2001:db8:1:2::1", settings) != address("2001:db8:1:3::1", settings)


def test_ipv6_written_differently_counts_the_same(settings):
    assert address("2001:0DB8:0001:0002:0000:0000:0000:0001", settings) == "2001:db8:1:2::/64"


def test_an_ipv4_mapped_ipv6_address_counts_as_the_ipv4_address(settings):
    assert address("::ffff:192.0.2.44", settings) == "192.0.2.44"


def test_a_forwarded_ipv6_address_counts_as_its_64_network(settings):
    assert address("10.0.0.1", settings, "2001:db8:1:2::77", proxies=1) == "2001:db8:1:2::/64"


@pytest.mark.parametrize(
    "forwarded, expected",
    [("[2001:db8:1:2::77]:443", "2001:db8:1:2::/64"), ("[2001:db8:1:2::77]", "2001:db8:1:2::/64"), ("192.0.2.44:5555", "192.0.2.44")],
)
def test_a_forwarded_address_with_brackets_or_a_port_counts_as_the_address(settings, forwarded, expected):
    assert address("10.0.0.1", settings, forwarded, proxies=1) == expected


@pytest.mark.parametrize("garbage", ["", "unknown", "999.1.1.1", "2001:db8::1::2", "1.2.3.4; DROP", " ", "::ffff:"])
def test_garbage_or_no_address_is_an_empty_string(settings, garbage):
    assert address(garbage, settings) == ""


@pytest.mark.parametrize("garbage", ["<script>", "unknown", "1.2.3.4:abc", "[2001:db8::1"])
def test_garbage_in_the_trusted_forwarded_entry_is_never_passed_on(settings, garbage):
    assert address("10.0.0.1", settings, f"6.6.6.6, {garbage}", proxies=1) == ""


def test_no_remote_addr_at_all_is_an_empty_string(settings):
    settings.SAMHOLD_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) == ""


CONTACT_URL = "/finn-gruppe/trondelag/levanger/sorggruppe-levanger/"
CONTACT = {
    "name": "Ola",
    "email": "ola@example.net",
    "message": "Hei, jeg mistet faren min i vår og lurer på om jeg kan bli med.",
    "consent": "on",
}


@pytest.mark.django_db
def test_rotating_the_lower_64_bits_of_an_ipv6_address_gives_no_fresh_contact_allowance(
    client, site, places, themes, settings, django_capture_on_commit_callbacks
):
    SelfHelpGroupFactory(
        name="Sorggruppe i Levanger",
        slug="sorggruppe-levanger",
        municipality=places["levanger"],
        themes=[themes["sorg"]],
        contact=UserFactory(email="kontakt@example.org"),
    )
    settings.SAMHOLD_CONTACT_LIMIT_PER_IP_PER_HOUR = 2

    def post(ip):
        # A message of its own each time: the same one sent again is sent once and counts once.
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(CONTACT_URL, {**CONTACT, "message": f"{CONTACT['message']} ({ip})"}, REMOTE_ADDR=ip)

    assert post("2001:db8:1:2::1").status_code == 302
    assert post("2001:db8:1:2:dead:beef:0:2").status_code == 302
    assert post("2001:db8:1:2:ffff:ffff:ffff:3").status_code == 429
    assert len(mail.outbox) == 2
    assert post("2001:db8:1:3::1").status_code == 302
