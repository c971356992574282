"""Discussion questions are content: hidden from self-paced learners unless the trainer says so."""

import pytest
from django.urls import reverse

from courses.coursefile import course_export_text, course_import
from courses.models import DiscussionBlock
from courses.services import enrollment_start

pytestmark = pytest.mark.django_db


def lesson_url(block):
    lesson = block.lesson
    return reverse("courses:step", args=[lesson.module.course.slug, lesson.pk])


@pytest.fixture
def open_lesson_client(client, participant, group_course):
    """A self-paced learner with module 1 open (its first lesson done)."""
    from courses.services import step_complete

    enrollment = enrollment_start(user=participant, course=group_course)
    first = group_course.modules.get(position=0).steps.get(position=0)
    step_complete(enrollment=enrollment, step=first)
    client.force_login(participant)
    return client


def test_a_self_paced_learner_does_not_see_the_discussion_questions(open_lesson_client):
    block = DiscussionBlock.objects.get()
    body = open_lesson_client.get(lesson_url(block)).content.decode()
    assert "Lektion 1.2" in body
    assert "Vad skulle du fråga?" not in body


def test_shown_to_learners_when_the_trainer_chooses_but_never_the_guidance(open_lesson_client):
    block = DiscussionBlock.objects.get()
    block.show_to_learners = True
    block.save()
    body = open_lesson_client.get(lesson_url(block)).content.decode()
    assert "Vad skulle du fråga?" in body
    assert "Påminn om att ingen" not in body


def test_the_course_file_carries_discussion_blocks(group_course):
    text = course_export_text(group_course)
    assert "type: discussion" in text
    assert "show_to_learners: false" in text
    group_course.slug = "gammal"
    group_course.save()
    imported = course_import(text=text)
    block = DiscussionBlock.objects.get(lesson__module__course=imported)
    assert block.questions.startswith("- Vad skulle du fråga?")
    assert block.guidance == "Påminn om att ingen behöver berätta om sig själv."
    assert course_export_text(imported) == text
