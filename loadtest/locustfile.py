"""Simulated learners for `make loadtest` (run by loadtest/__main__.py, not by hand).

Each learner signs in, starts the course, and goes through it as a person
would: "continue" leads to the next step; a lesson is read and marked done;
at a quiz the learner starts an attempt, fails it on purpose, starts another
and passes. Finished learners go on reading lessons and the outline. Every
completion the server acknowledges (a redirect after "Klar", a passed
attempt, the course's completed page) is written to LOADTEST_ACKS at the end,
for loadtest/verify.py to look up in the database.

The answers to a quiz are read from the database here (the browser never gets
them): the load test knows what a learner who has studied would answer.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading

import django
from locust import HttpUser, between, events, task

django.setup()

from quizzes.models import Attempt  # noqa: E402
from tests.quizzes.factories import attempt_post  # noqa: E402

DATA = json.loads(os.environ["LOADTEST_DATA"])
COURSE = DATA["course"]
STEP_KINDS = DATA["steps"]
STEP_URL = re.compile(r"/kurser/[^/]+/steg/(\d+)/$")
_names = iter(DATA["learners"])
_lock = threading.Lock()
ACKS: dict[str, list] = {"steps": [], "courses": []}


def _next_name() -> str | None:
    with _lock:
        return next(_names, None)


@events.quitting.add_listener
def _write_results(environment, **kwargs):
    """The acknowledgements and the final figures per kind of request, for the runner."""
    stats = []
    entries = sorted(environment.stats.entries.values(), key=lambda e: e.name)
    for entry in [*entries, environment.stats.total]:
        stats.append(
            {
                "name": entry.name if entry is not environment.stats.total else "all requests",
                "count": entry.num_requests,
                "failures": entry.num_failures,
                "rps": entry.total_rps,
                **{
                    f"p{int(q * 100)}": entry.get_response_time_percentile(q)
                    for q in (0.5, 0.95, 0.99)
                },
            }
        )
    with open(os.environ["LOADTEST_ACKS"], "w", encoding="utf-8") as out:
        json.dump({**ACKS, "stats": stats}, out)


class Learner(HttpUser):
    # A learner reads a little between clicks.
    wait_time = between(0.2, 1.0)

    def on_start(self):
        self.username = _next_name()
        if self.username is None:
            raise RuntimeError("more simulated users than learners: raise LOADTEST_LEARNERS")
        self.finished = False
        self.failed_once: set[int] = set()
        self.client.get("/accounts/login/", name="sign-in page")
        response = self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": DATA["password"]},
            headers=self._csrf(),
            name="sign in",
            allow_redirects=False,
        )
        if response.status_code != 302:
            response.failure(f"sign-in answered {response.status_code}")
        self._post(f"/kurser/{COURSE}/starta/", "start course")

    def _csrf(self) -> dict:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    def _post(self, url: str, name: str, data: dict | None = None):
        return self.client.post(
            url, data or {}, headers=self._csrf(), name=name, allow_redirects=False
        )

    @task
    def study(self):
        if self.finished:
            self._read_again()
            return
        response = self.client.get(
            f"/kurser/{COURSE}/fortsatt/", name="continue", allow_redirects=False
        )
        target = response.headers.get("Location", "")
        if target.endswith("/klar/"):
            self.client.get(target, name="course completed page")
            ACKS["courses"].append([self.username, COURSE])
            self.finished = True
            return
        match = STEP_URL.search(target)
        if match is None:
            response.failure(f"continue led to {target!r}")
            return
        step_id = int(match.group(1))
        if STEP_KINDS.get(str(step_id)) == "quiz":
            self._take_quiz(step_id, target)
        else:
            self.client.get(target, name="lesson page")
            done = self._post(f"{target}klart/", "step complete")
            if done.status_code == 302:
                ACKS["steps"].append([self.username, step_id])
                if done.headers.get("Location", "").endswith("/klar/"):
                    ACKS["courses"].append([self.username, COURSE])

    def _take_quiz(self, quiz_id: int, url: str):
        self._post(f"/kunskapskontroller/{quiz_id}/nytt-forsok/", "attempt start")
        self.client.get(url, name="quiz page")
        attempt = Attempt.objects.filter(
            enrollment__user__username=self.username, quiz_id=quiz_id, submitted_at__isnull=True
        ).first()
        if attempt is None:
            return
        passing = quiz_id in self.failed_once
        data = attempt_post(attempt, right=passing)
        name = "quiz submit (pass)" if passing else "quiz submit (fail)"
        submitted = self._post(f"/kunskapskontroller/forsok/{attempt.pk}/skicka/", name, data)
        if submitted.status_code != 302:
            return
        self.client.get(submitted.headers["Location"], name="quiz result")
        if passing:
            ACKS["steps"].append([self.username, quiz_id])
        else:
            self.failed_once.add(quiz_id)

    def _read_again(self):
        lessons = [pk for pk, kind in STEP_KINDS.items() if kind == "lesson"]
        if random.random() < 0.2:
            self.client.get(f"/kurser/{COURSE}/", name="course outline")
        elif random.random() < 0.2:
            self.client.get("/", name="start page")
        else:
            self.client.get(f"/kurser/{COURSE}/steg/{random.choice(lessons)}/", name="lesson page")
