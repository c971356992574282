"""Draft revisions: a trainer edits a published course in a draft while learners keep the
published version; publishing moves learners to the new version with their progress."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import (
    Course,
    CourseRevision,
    CourseStatus,
    CourseVersion,
    Lesson,
    Module,
    ReflectionAnswer,
    ReflectionBlock,
    Step,
    StepProgress,
    TextBlock,
)
from courses.publishing import CourseNotPublishable
from courses.revisions import (
    RevisionRefused,
    content_changes,
    content_snapshot,
    draft_create,
    draft_discard,
    draft_get,
    draft_publish,
)
from courses.services import enrollment_start, step_complete
from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return CourseBuilder.published(
        modules=[["lesson", "lesson"], ["lesson"]], slug="grund", title="Grundkurs"
    )


def _steps(course: Course) -> list[Step]:
    return list(Step.objects.filter(module__course=course).order_by("module__position", "position"))


def _first_text(course: Course) -> TextBlock:
    return TextBlock.objects.filter(lesson__module__course=course).order_by(
        "lesson__module__position", "lesson__position", "position"
    )[0]


def test_a_draft_copies_the_content_with_the_same_identities(course):
    draft = draft_create(course=course)
    assert draft.revision_of == course and draft.revision_kind == CourseRevision.DRAFT
    assert draft.status == CourseStatus.DRAFT and draft.slug == "grund-utkast"
    assert draft.title == course.title
    assert [s.uid for s in _steps(draft)] == [s.uid for s in _steps(course)]
    assert {s.pk for s in _steps(draft)}.isdisjoint({s.pk for s in _steps(course)})
    assert _first_text(draft).uid == _first_text(course).uid
    assert draft_create(course=course) == draft  # idempotent: one draft per course
    assert Course.objects.filter(revision_of=course).count() == 1


def test_an_ordinary_copy_gets_new_identities(course):
    from courses.reuse import course_duplicate

    copy = course_duplicate(course=course)
    assert not {s.uid for s in _steps(copy)} & {s.uid for s in _steps(course)}


def test_a_draft_is_only_made_of_a_published_course():
    unpublished = CourseBuilder.build(modules=[["lesson"]])
    with pytest.raises(RevisionRefused):
        draft_create(course=unpublished)


def test_a_draft_of_a_draft_is_refused(course):
    with pytest.raises(RevisionRefused):
        draft_create(course=draft_create(course=course))


def test_the_learner_keeps_seeing_the_published_text_while_the_draft_is_edited(
    client, learner, course
):
    enrollment_start(user=learner, course=course)
    client.force_login(learner)
    first = _steps(course)[0]
    url = reverse("courses:step", args=[course.slug, first.pk])
    assert "Text <strong>0</strong>." in client.get(url).content.decode()

    draft = draft_create(course=course)
    block = _first_text(draft)
    block.body = "Ny text om **lagändringen**."
    block.save()

    page = client.get(url).content.decode()
    assert "Text <strong>0</strong>." in page
    assert "lagändringen" not in page
    assert _first_text(course).body == "Text **0**."


def test_discarding_a_draft_leaves_the_course_as_it_was(course):
    draft = draft_create(course=course)
    before = content_snapshot(course)
    draft_discard(draft=draft)
    draft_discard(draft=draft)  # idempotent
    assert draft_get(course=course) is None
    assert content_snapshot(course) == before
    assert not Course.objects.filter(pk=draft.pk).exists()
    with pytest.raises(RevisionRefused):
        draft_discard(draft=course)


def test_publishing_the_draft_makes_its_content_the_next_version(course, trainer):
    draft = draft_create(course=course)
    block = _first_text(draft)
    block.body = "Ny text."
    block.save()
    draft.title = "Grundkurs 2027"
    draft.save()

    published = draft_publish(draft=draft, user=trainer, summary="Ny lagtext i modul 1")

    assert published.pk == course.pk and published.version == 2
    assert published.title == "Grundkurs 2027" and published.slug == "grund"
    assert _first_text(published).body == "Ny text."
    record = CourseVersion.objects.get(course=course, version=2)
    assert record.published_by == trainer and record.summary == "Ny lagtext i modul 1"
    assert ("block", "changed", "Ny text.") in {
        (c["kind"], c["change"], c["title"]) for c in record.changes
    }
    retired = Course.objects.get(pk=draft.pk)
    assert retired.revision_kind == CourseRevision.RETIRED and retired.version == 1
    assert retired.status == CourseStatus.ARCHIVED and retired.title == "Grundkurs"
    assert _first_text(retired).body == "Text **0**."
    assert draft_get(course=course) is None
    # Not a course of its own anywhere learners look.
    assert list(Course.objects.published()) == [published]


def test_a_draft_that_fails_the_checks_is_not_published_and_nothing_changes(course, trainer):
    draft = draft_create(course=course)
    Lesson.objects.filter(module__course=draft).first().blocks.all().delete()
    before = content_snapshot(course)
    with pytest.raises(CourseNotPublishable) as caught:
        draft_publish(draft=draft, user=trainer, summary="x")
    assert "lektionen har inget innehåll" in str(caught.value)
    course.refresh_from_db()
    assert course.version == 1 and content_snapshot(course) == before
    assert draft_get(course=course) == draft
    assert not CourseVersion.objects.filter(course=course).exists()


def test_publishing_a_draft_twice_is_refused(course):
    draft = draft_create(course=course)
    draft_publish(draft=draft)
    with pytest.raises(RevisionRefused):
        draft_publish(draft=draft)
    course.refresh_from_db()
    assert course.version == 2


def test_a_mid_course_learner_continues_on_the_new_version_with_progress_kept(
    client, learner, course
):
    enrollment = enrollment_start(user=learner, course=course)
    first, second, third = _steps(course)
    step_complete(enrollment=enrollment, step=first)
    step_complete(enrollment=enrollment, step=second)
    reflection = ReflectionBlock.objects.filter(lesson=first).first()
    ReflectionAnswer.objects.create(user=learner, block=reflection, text="Mitt svar")

    draft = draft_create(course=course)
    new_first, new_second, new_third = _steps(draft)
    new_second.delete()  # the trainer removes a step the learner has completed
    Lesson.objects.create(module=new_third.module, position=5, title="Ny lektion")
    TextBlock.objects.create(lesson=Lesson.objects.get(title="Ny lektion"), body="Nytt.")
    draft_publish(draft=draft, summary="En lektion bytt")

    progress = {p.step_id: p for p in StepProgress.objects.filter(enrollment=enrollment)}
    assert progress[new_first.pk].is_completed
    assert second.pk in progress  # the removed step's record stays, with the old content
    assert Step.objects.get(pk=second.pk).module.course.revision_kind == CourseRevision.RETIRED
    assert (
        ReflectionAnswer.objects.get(user=learner).block_id
        == ReflectionBlock.objects.get(lesson=new_first).pk
    )

    client.force_login(learner)
    outline = client.get(reverse("courses:course", args=[course.slug])).context["outline"]
    assert outline.required_total == 3 and outline.required_done == 1
    # The learner continues at the first step not done in the new version.
    response = client.get(reverse("courses:course-continue", args=[course.slug]))
    assert response["Location"] == reverse("courses:step", args=[course.slug, new_third.pk])


def test_an_open_page_of_the_earlier_version_leads_to_the_same_step_in_the_new_one(
    client, learner, course
):
    enrollment_start(user=learner, course=course)
    old_first = _steps(course)[0]
    draft = draft_create(course=course)
    draft_publish(draft=draft)
    new_first = _steps(course)[0]
    client.force_login(learner)
    response = client.get(reverse("courses:step", args=[course.slug, old_first.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:step", args=[course.slug, new_first.pk])
    # "Klar" on the open page of the earlier version shows the step as it is now, to finish there.
    response = client.post(reverse("courses:step-complete", args=[course.slug, old_first.pk]))
    assert response["Location"] == reverse("courses:step", args=[course.slug, new_first.pk])


def test_a_removed_step_of_an_earlier_version_is_not_found(client, learner, course):
    enrollment_start(user=learner, course=course)
    removed = _steps(course)[1]
    draft = draft_create(course=course)
    _steps(draft)[1].delete()
    draft_publish(draft=draft)
    client.force_login(learner)
    assert client.get(reverse("courses:step", args=[course.slug, removed.pk])).status_code == 404


def test_certificates_and_completed_rounds_keep_the_version_they_were_for(course):
    learner = make_user(roles=["learner"])
    enrollment = enrollment_start(user=learner, course=course)
    for step in _steps(course):
        step_complete(enrollment=enrollment, step=step)
    enrollment.refresh_from_db()
    assert enrollment.is_completed and enrollment.course_version == 1
    draft_publish(draft=draft_create(course=course))
    enrollment.refresh_from_db()
    assert enrollment.course_version == 1


def test_the_diff_names_added_removed_changed_and_moved_items(course):
    draft = draft_create(course=course)
    first, second, third = _steps(draft)
    block = _first_text(draft)
    block.body = "Ändrad."
    block.save()
    second.delete()
    Step.objects.filter(pk=third.pk).update(module=first.module, position=9)
    Module.objects.create(course=draft, position=5, title="Fördjupning")
    before, after = content_snapshot(course), content_snapshot(draft)

    changes = {(c["kind"], c["change"], c["title"]) for c in content_changes(before, after)}

    assert ("block", "changed", "Text **0**.") not in changes
    assert ("block", "changed", "Ändrad.") in changes
    assert ("step", "removed", "Lektion 1.2") in changes
    assert ("step", "moved", "Lektion 2.1") in changes
    assert ("module", "added", "Fördjupning") in changes
    assert ("block", "removed", "Fall 1") in changes  # the removed lesson's blocks
    assert not [c for c in changes if c[1] == "added" and c[0] != "module"]
    assert content_changes(before, before) == []


def test_reordering_modules_is_a_change(course):
    draft = draft_create(course=course)
    one, two = Module.objects.filter(course=draft).order_by("position")
    Module.objects.filter(pk=one.pk).update(position=2)
    changes = content_changes(content_snapshot(course), content_snapshot(draft))
    assert [(c["kind"], c["change"]) for c in changes] == [("course", "reordered")]


def test_a_learner_whose_only_missing_step_was_removed_has_completed_the_course(course):
    learner = make_user(roles=["learner"])
    enrollment = enrollment_start(user=learner, course=course)
    first, second, third = _steps(course)
    step_complete(enrollment=enrollment, step=first)
    step_complete(enrollment=enrollment, step=third, gated=False)
    other = enrollment_start(user=make_user(roles=["learner"]), course=course)
    step_complete(enrollment=other, step=first)

    draft = draft_create(course=course)
    _steps(draft)[1].delete()
    draft_publish(draft=draft, summary="Lektion 1.2 borttagen")

    enrollment.refresh_from_db()
    other.refresh_from_db()
    assert enrollment.is_completed and enrollment.course_version == 2
    assert not other.is_completed
