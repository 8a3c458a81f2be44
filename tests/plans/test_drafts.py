"""Board members read the versions sent to them and the adopted plans, not the working copy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from plans.models import Plan
from plans.services import plan_send_to_board
from tests.helpers import open_items
from tests.plans.queueutil import download_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return Plan.objects.get(first_year=2019)


@pytest.fixture
def adopted():
    return Plan.objects.get(first_year=2018)


def test_the_board_does_not_see_a_working_copy_that_was_never_sent(client_for, draft, adopted):
    board = client_for("styrelse")
    for path in (f"/planer/{draft.pk}/", f"/planer/{draft.pk}/pdf/", f"/planer/{draft.pk}/redigera/"):
        assert board.get(path).status_code == 403, path
    # … and no page of theirs leads there.
    for path in ("/planer/", "/", f"/planer/{adopted.pk}/"):
        page = board.get(path).content.decode()
        assert f'href="/planer/{draft.pk}/' not in page, path
    assert "Verksamhetsplan 2019" not in board.get("/planer/").content.decode()
    # What the board adopted it reads, page and PDF.
    assert board.get(f"/planer/{adopted.pk}/").status_code == 200
    assert board.get(f"/planer/{adopted.pk}/pdf/")["Content-Type"] == "application/pdf"


def test_once_sent_the_board_reads_the_version_sent_not_the_text_written_since(client_for, draft, users):
    plan_send_to_board(plan=draft, acting_user=users["forbundschef"], acknowledged=open_items(draft))
    vision = draft.sections.get(title="Vision")
    sent_text = vision.body.split()[0]
    vision.body = "Ny text skriven efter att version 1 skickades."
    vision.save()

    board = client_for("styrelse")
    page = board.get(f"/planer/{draft.pk}/").content.decode()
    assert "Version 1, den senaste som skickats till styrelsen" in page
    assert "Ny text skriven efter" not in page and sent_text in page
    assert f'href="/planer/{draft.pk}/version/1/pdf/"' in page
    assert f'href="/planer/{draft.pk}/pdf/"' not in page
    assert "Att se över innan planen skickas" not in page  # the readiness list is the office's
    assert board.get(f"/planer/{draft.pk}/pdf/").status_code == 403
    assert board.get(f"/planer/{draft.pk}/version/1/pdf/")["Content-Type"] == "application/pdf"
    listing = board.get("/planer/").content.decode()
    assert f'href="/planer/{draft.pk}/version/1/pdf/"' in listing and f'href="/planer/{draft.pk}/pdf/"' not in listing
    # The förbundschef goes on seeing the working copy.
    director = client_for("forbundschef").get(f"/planer/{draft.pk}/").content.decode()
    assert "Ny text skriven efter" in director and "Förhandsvisning" in director


@pytest.mark.parametrize("role", ["forbundschef", "ekonom", "revisor"])
def test_the_office_and_the_auditors_read_the_working_copy(client_for, draft, role):
    client = client_for(role)
    assert client.get(f"/planer/{draft.pk}/").status_code == 200
    assert download_draft(client, draft)["Content-Type"] == "application/pdf"
    assert f'href="/planer/{draft.pk}/"' in client.get("/planer/").content.decode()


@override_settings(SOFINT_BOARD_SEES_DRAFTS=True)
def test_a_forbund_may_let_its_board_read_the_working_copy(client_for, draft):
    board = client_for("styrelse")
    page = board.get(f"/planer/{draft.pk}/")
    assert page.status_code == 200 and "Förhandsvisning" in page.content.decode()
    assert download_draft(board, draft)["Content-Type"] == "application/pdf"
    assert f'href="/planer/{draft.pk}/pdf/"' in board.get("/planer/").content.decode()
    assert board.get(f"/planer/{draft.pk}/redigera/").status_code == 403  # reading is not writing


def test_the_setting_is_read_on_every_request(client_for, draft, settings):
    board = client_for("styrelse")
    settings.SOFINT_BOARD_SEES_DRAFTS = True
    assert board.get(f"/planer/{draft.pk}/").status_code == 200
    settings.SOFINT_BOARD_SEES_DRAFTS = False
    assert board.get(f"/planer/{draft.pk}/").status_code == 403


@pytest.mark.parametrize(("value", "expected"), [(None, "False"), ("true", "True"), ("false", "False")])
def test_the_setting_comes_from_the_environment(value, expected):
    env = {key: val for key, val in os.environ.items() if key != "SOFINT_BOARD_SEES_DRAFTS"}
    env["DJANGO_SETTINGS_MODULE"] = "sofint.settings.test"
    if value is not None:
        env["SOFINT_BOARD_SEES_DRAFTS"] = value
    code = "from django.conf import settings; print(settings.SOFINT_BOARD_SEES_DRAFTS)"
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code], env=env, cwd=Path(__file__).resolve().parents[2],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert result.stdout.strip() == expected
