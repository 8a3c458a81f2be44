"""A backup restored into an empty database gives the same pages and the same plan PDF."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from plans.models import Plan
from plans.pdf import render_document_pdf
from plans.selectors import plan_document
from tests.databases import empty_database
from tests.plans.pdfutil import pdf_text

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)

# Run in the restored database: what a reader would compare.
CHECK = """
import hashlib, json
from django.contrib.auth import get_user_model
from django.test import Client
from plans.models import Plan, PlanVersion
from plans.pdf import render_document_pdf
from plans.selectors import plan_document
from tests.plans.pdfutil import pdf_text
client = Client()
client.force_login(get_user_model().objects.get(username="styrelse"))
pages = {path: client.get(path).status_code for path in ("/", "/styrelse/", "/kalender/2018/", "/budget/2018/",
         "/maluppfyllelse/2018/", "/planer/")}
adopted = PlanVersion.objects.get(plan__first_year=2018, is_adoption=True)
draft = Plan.objects.get(first_year=2019)
print(json.dumps({
    "pages": pages,
    "board": "Susanne Karlsson" in client.get("/styrelse/").content.decode(),
    "budget": "4\\u202f118\\u202f000\\u202fkr" in client.get("/budget/2018/").content.decode(),
    "adopted_sha": hashlib.sha256(bytes(adopted.pdf)).hexdigest(),
    "draft_text": pdf_text(render_document_pdf(plan_document(draft, on=__import__("datetime").date(2019, 1, 1)))[0]),
}))
"""


def test_backup_restores_into_an_empty_database(tmp_path):
    backup = tmp_path / "sofint-backup.json.gz"
    call_command("backup", output=str(backup), verbosity=0)
    assert backup.stat().st_size > 10_000

    url, drop = empty_database()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "sofint.settings.test"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    try:
        manage = [sys.executable, "manage.py"]
        restore = subprocess.run(  # noqa: S603
            [*manage, "restore", str(backup)], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
        )
        assert restore.returncode == 0, restore.stderr
        again = subprocess.run(  # noqa: S603
            [*manage, "restore", str(backup)], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
        )
        assert again.returncode != 0 and "tom databas" in again.stderr  # never over existing data
        check = subprocess.run(  # noqa: S603
            [*manage, "shell", "-c", CHECK], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
        )
        assert check.returncode == 0, check.stderr
        restored = json.loads(check.stdout.strip().splitlines()[-1])
    finally:
        drop()

    assert set(restored["pages"].values()) == {200}
    assert restored["board"] and restored["budget"]
    adopted = Plan.objects.get(first_year=2018).versions.get(is_adoption=True)
    assert restored["adopted_sha"] == hashlib.sha256(bytes(adopted.pdf)).hexdigest()
    import datetime

    draft = Plan.objects.get(first_year=2019)
    here = pdf_text(render_document_pdf(plan_document(draft, on=datetime.date(2019, 1, 1)))[0])
    assert restored["draft_text"] == here
