"""Locust users for `make loadtest` (bench/loadtest.py starts locust headless with this file).

Each simulated person is logged in as one of the four demo roles (round-robin), reads the
main pages and the calendar feed, and pauses between clicks as a person does. The bare view
`/ping/` is requested in the same mix, so it is measured under the same load. `PdfReader`
downloads the draft plan's PDF (rendered on every request: the draft is live data).

Every request's name, time and outcome is written to SOFINT_LOAD_OUT (JSON lines) when
locust stops, so loadtest.py computes exact percentiles per page and per phase.
"""

import itertools
import json
import os
import time

from locust import FastHttpUser, between, events, task

SETUP = json.loads(os.environ.get("SOFINT_LOAD_SETUP", "{}"))
THINK = (float(os.environ.get("LOAD_THINK_MIN", "1")), float(os.environ.get("LOAD_THINK_MAX", "3")))
_sessions = itertools.cycle(SETUP.get("sessions", [""]))
_records = []


@events.request.add_listener
def record(request_type, name, response_time, response_length, exception, **kwargs):
    _records.append([name, response_time, exception is None, time.time() - response_time / 1000])


@events.quitting.add_listener
def write_records(environment, **kwargs):
    with open(os.environ["SOFINT_LOAD_OUT"], "w", encoding="utf-8") as file:
        for line in _records:
            file.write(json.dumps(line) + "\n")


class SofintUser(FastHttpUser):
    abstract = True
    wait_time = between(*THINK)

    def on_start(self):
        self.headers = {"Cookie": f"sessionid={next(_sessions)}"}

    def get(self, path, name):
        """GET `path` as this person; a redirect (to the login page, say) counts as an error."""
        with self.client.get(
            path, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")


class Reader(SofintUser):
    """A person reading sofint: start page, board, calendar, projects, goals, budget, plan, feed."""

    @task
    def start_page(self):
        self.get("/", "start")

    @task
    def board(self):
        self.get("/styrelse/", "styrelse")

    @task
    def calendar(self):
        self.get("/kalender/2018/", "kalender")

    @task
    def projects(self):
        self.get("/insatser/", "insatser")

    @task
    def goals(self):
        self.get("/maluppfyllelse/2018/", "maluppfyllelse")

    @task
    def budget(self):
        self.get("/budget/2018/", "budget")

    @task
    def adopted_plan(self):
        self.get(f"/planer/{SETUP['adopted']}/", "plan (fastställd)")

    @task
    def draft_plan(self):
        self.get(f"/planer/{SETUP['plan']}/", "plan (utkast)")

    @task
    def feed(self):
        self.get(SETUP["feed"], "kalenderflöde")

    @task
    def bare(self):
        self.get("/ping/", "bare")


class PdfReader(SofintUser):
    """A board member downloading the draft plan as PDF, again and again."""

    fixed_count = int(os.environ.get("LOAD_PDF_USERS", "4"))

    @task
    def pdf(self):
        self.get(f"/planer/{SETUP['plan']}/pdf/", "plan-PDF")
