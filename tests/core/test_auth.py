"""Logging in, being throttled, logging out."""

import pytest

pytestmark = pytest.mark.django_db


def post_login(client, username, password):
    return client.post("/logga-in/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.1")


def test_demo_user_logs_in_with_the_demo_password(client, demo):
    response = post_login(client, "styrelse", "sofint-demo")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_login_page_is_swedish(client):
    page = client.get("/logga-in/").content.decode()
    assert '<html lang="sv">' in page
    assert "Användarnamn" in page and "Lösenord" in page and "Logga in" in page


def test_failed_logins_lock_out_after_five_tries(client, demo):
    for _ in range(4):
        response = post_login(client, "styrelse", "fel")
        assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()
    assert post_login(client, "styrelse", "fel").status_code == 429  # the fifth failure locks
    locked = post_login(client, "styrelse", "sofint-demo")  # even the right password now
    assert locked.status_code == 429
    assert "För många misslyckade inloggningsförsök" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Someone else at another address is not locked out by it.
    other = client.post("/logga-in/", {"username": "ekonom", "password": "sofint-demo"}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, demo):
    # No proxy in front (DJANGO_PROXY_COUNT=0): the header is the client's own word.
    for n in range(4):
        response = client.post(
            "/logga-in/", {"username": "styrelse", "password": "fel"}, REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )  # fmt: skip
        assert response.status_code == 200
    response = client.post(
        "/logga-in/", {"username": "styrelse", "password": "fel"}, REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )  # fmt: skip
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "header", "client_address"),
    [
        # One proxy (nginx's $proxy_add_x_forwarded_for): what the client wrote, then its address.
        (1, "192.0.2.7", "192.0.2.7"),
        (1, "203.0.113.66, 192.0.2.7", "192.0.2.7"),
        (1, "203.0.113.1, 203.0.113.2, 192.0.2.7", "192.0.2.7"),
        # Two proxies: the second appends the first's address.
        (2, "203.0.113.66, 192.0.2.7, 10.0.0.9", "192.0.2.7"),
    ],
)
def test_behind_proxies_the_throttle_reads_the_address_the_proxies_wrote(rf, settings, proxies, header, client_address):
    from axes.helpers import get_client_ip_address

    settings.AXES_IPWARE_PROXY_COUNT = max(proxies - 1, 0)
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    request = rf.post("/logga-in/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=header)
    assert get_client_ip_address(request) == client_address


def test_behind_a_proxy_a_forged_forwarded_for_does_not_dodge_the_lockout(client, demo, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0  # DJANGO_PROXY_COUNT=1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    for n in range(5):
        response = client.post(
            "/logga-in/", {"username": "styrelse", "password": "fel"}, REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 192.0.2.7",
        )  # fmt: skip
    assert response.status_code == 429


def test_logout_takes_a_post(client_for):
    client = client_for("styrelse")
    assert client.post("/logga-ut/").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("length", [151, 256, 10_000])
def test_an_over_long_user_name_is_refused_by_the_form_before_the_throttle_sees_it(client, demo, length):
    from axes.models import AccessAttempt, AccessFailureLog

    response = post_login(client, "x" * length, "fel")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Användarnamnet får vara högst 150 tecken långt (det du skrev har {length})." in page
    assert not AccessAttempt.objects.exists() and not AccessFailureLog.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_user_name_of_the_longest_allowed_length_is_throttled_as_usual(client, demo):
    from axes.models import AccessAttempt

    response = post_login(client, "x" * 150, "fel")
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()
    assert AccessAttempt.objects.get().username == "x" * 150


def test_an_over_long_password_is_refused_before_it_is_hashed(client, demo):
    from axes.models import AccessAttempt

    response = post_login(client, "styrelse", "x" * 4097)
    assert response.status_code == 200
    assert "Lösenordet får vara högst 4096 tecken långt." in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_a_huge_user_agent_or_accept_header_is_cut_to_the_throttles_columns(client, demo):
    from axes.models import AccessAttempt, AccessLog

    headers = {"HTTP_USER_AGENT": "Mozilla/5.0 " + "x" * 10_000, "HTTP_ACCEPT": "text/html," + "y" * 10_000}
    failed = client.post("/logga-in/", {"username": "styrelse", "password": "fel"}, REMOTE_ADDR="10.0.0.1", **headers)
    assert failed.status_code == 200
    attempt = AccessAttempt.objects.get()
    assert (len(attempt.user_agent), len(attempt.http_accept)) == (255, 1025)
    ok = client.post(
        "/logga-in/", {"username": "styrelse", "password": "sofint-demo"}, REMOTE_ADDR="10.0.0.1", **headers
    )
    assert ok.status_code == 302
    assert len(AccessLog.objects.get().user_agent) == 255
