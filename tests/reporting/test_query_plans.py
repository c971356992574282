"""Every report's queries use indexes where they look things up (EXPLAIN on seeded data).

A correlated subquery that walks a whole table per row is invisible with a
handful of rows and takes minutes with 20,000 learners (the dashboard's
"newer certificate" lookup did on SQLite, until the holder index). So the
reports (dashboard, people lists, both CSVs) run on a seeded organisation and
each query's plan is read: no lookup made once per row may scan a
learner-sized table or search it without a selective key. On SQLite without
statistics, as SQLite runs in use; on PostgreSQL with statistics, as planned
and with nested loops forced.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import OrgUnit, User
from courses.models import Course

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Tables that grow with the number of learners.
BIG = (
    "accounts_user",
    "courses_enrollment",
    "courses_stepprogress",
    "certificates_certificate",
    "groups_membership",
    "groups_attendance",
)
# (A step in the plan names a table by its alias, U0, V1 …; the index it uses names it.)


def report_queries(client) -> list[str]:
    top = OrgUnit.objects.get(code="PLAN")
    course = Course.objects.get(slug="bench-kurs-1")
    urls = [
        reverse("reporting:dashboard"),
        reverse("reporting:dashboard") + f"?unit={top.pk}",
        reverse("reporting:people") + f"?course={course.pk}",
        reverse("reporting:people") + f"?course={course.pk}&status=overdue",
        reverse("reporting:people") + f"?course={course.pk}&status=cert_expiring",
        reverse("reporting:people-export") + f"?course={course.pk}",
        reverse("reporting:dashboard-export"),
    ]
    sqls = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
            if response.streaming:
                b"".join(response.streaming_content)
        sqls += [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    return sqls


# A lookup by one of these finds one person's (or one round's) rows.
SELECTIVE = {"id", "rowid", "user_id", "enrollment_id", "participant_id"}
PLAN_ROW = re.compile(
    r"(?P<how>SCAN|SEARCH) (?P<alias>\w+)(?: AS \w+)?"
    r"(?: USING (?:COVERING |INTEGER PRIMARY KEY)?(?:INDEX (?P<index>\S+))?)?"
    r"(?: \((?P<constraint>[^)]*)\))?"
)


def slow_lookups_in_subqueries(sql: str) -> list[str]:
    """Plan steps run once per outer row that do not find their rows by a selective key:
    a scan of a learner-sized table, or a search of one by a column such as the course
    that matches thousands of rows."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        rows = cursor.fetchall()
        cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")
        table_of_index = dict(cursor.fetchall())
    # (id, parent, notused, detail); steps under a CORRELATED node run per outer row.
    parents = {row[0]: row for row in rows}
    slow = []
    for _row_id, parent, _unused, detail in rows:
        match = PLAN_ROW.match(detail)
        if not match or "INTEGER PRIMARY KEY" in detail:
            continue
        table = table_of_index.get(match["index"] or "", match["alias"])
        if table not in BIG:
            continue
        ancestor, correlated = parents.get(parent), False
        while ancestor is not None and not correlated:
            correlated = "CORRELATED" in ancestor[3]
            ancestor = parents.get(ancestor[1])
        if not correlated:
            continue
        columns = set(re.findall(r"(\w+)[=<>]", match["constraint"] or ""))
        if match["how"] == "SCAN" or not columns & SELECTIVE:
            slow.append(f"{table}: {detail}")
    return slow


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_no_report_query_walks_a_learner_table_per_row(client):
    # No ANALYZE: nothing runs it on a real SQLite database, so the planner goes
    # by the schema alone, as it will in use.
    call_command("seed_reporting", learners=2000, root="PLAN", stdout=None)
    client.force_login(User.objects.get(username="plan-chef"))
    problems = {}
    for sql in report_queries(client):
        bad = slow_lookups_in_subqueries(sql)
        if bad:
            problems[sql[:120]] = bad
    assert problems == {}


def postgres_slow_lookups(sql: str) -> list[str]:
    """Lookups run per outer row (in a subplan, or inside a nested loop) that scan a
    learner-sized table or use an index without a selective key. PostgreSQL usually
    turns the reports' subqueries into hash joins, which read each table once."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    slow = []

    def conditions(node) -> str:
        own = node.get("Index Cond", "") + node.get("Recheck Cond", "")
        return own + "".join(conditions(child) for child in node.get("Plans", []))

    def walk(node, per_row):
        relation = node.get("Relation Name")
        if per_row and relation in BIG:
            columns = set(re.findall(r"(\w+) [=<>]", conditions(node)))
            if node["Node Type"] == "Seq Scan" or not columns & SELECTIVE:
                slow.append(f"{relation}: {node['Node Type']} {conditions(node)}")
        for child in node.get("Plans", []):
            # Run per outer row: a subplan, or the inner side of a nested loop.
            role = child.get("Parent Relationship")
            loop_inner = node["Node Type"] == "Nested Loop" and role == "Inner"
            walk(child, per_row or loop_inner or role == "SubPlan")

    walk(plan[0]["Plan"], False)
    return slow


@pytest.mark.postgres
def test_no_report_query_scans_a_learner_table_per_row_on_postgresql(client):
    # The benchmark's organisation (20,000 learners, 3 courses), with statistics,
    # as PostgreSQL's autovacuum would have them.
    call_command("seed_reporting", learners=20_000, root="PLAN", stdout=None)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client.force_login(User.objects.get(username="plan-chef"))
    problems = {}
    # First as the planner chooses (hash joins, mostly); then with nested loops
    # forced, as a planner may choose with other data: every lookup per row must
    # still find its rows through a selective index.
    for forced in ((), ("enable_hashjoin", "enable_mergejoin")):
        with connection.cursor() as cursor:
            for setting in forced:
                cursor.execute(f"SET LOCAL {setting} = off")
        for sql in report_queries(client):
            bad = postgres_slow_lookups(sql)
            if bad:
                problems[(forced, sql[:120])] = bad
    assert problems == {}
