"""The facilitator guide: built from the course's structure and discussion blocks, on screen
and as a tagged PDF, for facilitators and course authors only."""

import io
import re

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import CourseStatus, DiscussionBlock, Lesson
from groups.selectors import facilitator_guide_get
from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db


def guide_url(course, name="groups:guide"):
    return reverse(name, args=[course.slug])


def test_the_guide_lists_each_module_its_steps_and_its_discussion_questions(
    client, facilitator, group_course
):
    client.force_login(facilitator)
    response = client.get(guide_url(group_course))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vad skulle du fråga?" in html and "Vem kan du ringa?" in html
    assert "Att öva på att fråga om våld." in html
    # The guidance is for the facilitator's own reading, so it is in their guide.
    assert "Påminn om att ingen behöver berätta om sig själv." in html
    for number, module in enumerate(group_course.modules.order_by("position"), start=1):
        assert f"Modul {number}:" in html and module.title in html
    # Quizzes are taken one by one after the meeting; lessons are covered together.
    assert html.count("görs enskilt efter träffen") == 2
    # Module 2 has no discussion block yet: the guide says so instead of an empty heading.
    assert "Modulen har inga diskussionsfrågor ännu." in html
    for number in ("020-50 50 50", "020-555 666", "010-223 57 60", "112"):
        assert number in html
    assert guide_url(group_course, "groups:guide-pdf") in html


def test_the_guide_pdf_is_tagged_and_carries_the_questions(client, facilitator, group_course):
    client.force_login(facilitator)
    response = client.get(guide_url(group_course, "groups:guide-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("sv")
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Vad skulle du fråga?" in text
    assert "Kvinnofridslinjen" in text and "020-50 50 50" in text
    assert group_course.title in reader.metadata.title


@pytest.mark.parametrize("role", ["learner", "manager"])
def test_people_who_lead_no_groups_get_403(client, role, group_course):
    client.force_login(make_user(roles=[role]))
    assert client.get(guide_url(group_course)).status_code == 403
    assert client.get(guide_url(group_course, "groups:guide-pdf")).status_code == 403


def test_a_draft_courses_guide_is_for_its_authors_only(client, facilitator):
    draft = CourseBuilder.published(modules=[["lesson"]])
    draft.status = CourseStatus.DRAFT
    draft.save(update_fields=["status"])
    client.force_login(facilitator)
    assert client.get(guide_url(draft)).status_code == 404
    client.force_login(make_user(roles=["trainer"]))
    assert client.get(guide_url(draft)).status_code == 200


def test_an_unknown_course_is_404(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("groups:guide", args=["finns-inte"])).status_code == 404


def test_the_guide_costs_the_same_queries_however_many_modules(group_course):
    def count(course):
        with CaptureQueriesContext(connection) as queries:
            guide = facilitator_guide_get(course=course)
        return len(queries), guide

    small, guide = count(group_course)
    assert [len(m.discussions) for m in guide.modules] == [1, 0]
    bigger = CourseBuilder.published(modules=[["lesson", "quiz"]] * 6)
    for lesson in Lesson.objects.filter(module__course=bigger):
        DiscussionBlock.objects.create(lesson=lesson, position=99, questions="- Fråga?")
    large, guide = count(bigger)
    assert large == small
    assert [len(m.discussions) for m in guide.modules] == [1] * 6


def test_facilitators_find_the_guides_under_my_groups(client, facilitator, participant, group):
    client.force_login(facilitator)
    assert guide_url(group.course) in client.get(reverse("groups:group-list")).content.decode()
    assert guide_url(group.course) in client.get(group.get_absolute_url()).content.decode()
    client.force_login(participant)
    assert guide_url(group.course) not in client.get(reverse("groups:group-list")).content.decode()
    assert guide_url(group.course) not in client.get(group.get_absolute_url()).content.decode()
