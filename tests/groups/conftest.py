import datetime

import pytest

from courses.models import DiscussionBlock, Lesson
from groups import services
from tests.factories import CourseBuilder, OrgUnitFactory, make_user


@pytest.fixture
def unit(db):
    return OrgUnitFactory(name="Enhet Norr")


@pytest.fixture
def facilitator(unit):
    return make_user("sara", roles=["facilitator"], unit=unit)


@pytest.fixture
def participant(unit):
    return make_user("pia", roles=["learner"], unit=unit)


@pytest.fixture
def second_participant(unit):
    return make_user("per", roles=["learner"], unit=unit)


@pytest.fixture
def outsider(db):
    return make_user("otto", roles=["learner"])


@pytest.fixture
def group_course(db):
    """Sequential: module 1 (lesson, lesson, quiz), module 2 (lesson, quiz).

    Module 1's second lesson ends with a discussion block kept from self-paced learners.
    """
    course = CourseBuilder.published(modules=[["lesson", "lesson", "quiz"], ["lesson", "quiz"]])
    lesson = Lesson.objects.get(module__course=course, module__position=0, position=1)
    DiscussionBlock.objects.create(
        lesson=lesson,
        position=99,
        questions="- Vad skulle du fråga?\n- Vem kan du ringa?",
        aim="Att öva på att fråga om våld.",
        guidance="Påminn om att ingen behöver berätta om sig själv.",
    )
    return course


@pytest.fixture
def group(group_course, facilitator, participant, second_participant):
    return services.group_create(
        course=group_course,
        name="Norrgruppen",
        facilitator=facilitator,
        participants=[participant, second_participant],
    )


@pytest.fixture
def module_meeting(group, now):
    module = group.course.modules.get(position=0)
    return services.meeting_create(group=group, module=module, starts_at=now)


@pytest.fixture
def open_meeting(module_meeting):
    return services.meeting_open(meeting=module_meeting)


def lessons_of(module):
    return list(Lesson.objects.filter(module=module).order_by("position"))


@pytest.fixture
def later(now):
    return now + datetime.timedelta(days=7)
