import pytest

from tests.fuzz.harness import TALLY, client_for_role
from tests.test_permissions import sample_rows  # noqa: F401 - every admin page has a row to show


@pytest.fixture
def fuzz_client(users):
    """Return a client for a role (None: anonymous) whose exceptions become 500s; one per role and test."""
    clients = {}

    def get(role):
        if role not in clients:
            clients[role] = client_for_role(users[role] if role is not None else None)
        return clients[role]

    return get


def pytest_terminal_summary(terminalreporter):
    if not TALLY:
        return
    terminalreporter.section("property-based tests (tests/fuzz)")
    for key, count in sorted(TALLY.items()):
        terminalreporter.write_line(f"{key}: {count}")
    posts = TALLY["form posts"]
    if posts:
        terminalreporter.write_line(f"share of form posts accepted: {TALLY['form posts accepted'] / posts:.0%}")
