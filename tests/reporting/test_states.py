"""The one definition of a learner's state and of which requirements apply to whom."""

import datetime

import pytest

from accounts.models import User
from accounts.services import org_unit_create
from courses.models import CourseRequirement
from reporting.selectors import Figures, group_spellings_get
from reporting.states import (
    ALL_STATES,
    CERT_EXPIRED,
    CERT_EXPIRED_LATE,
    CERT_EXPIRING,
    CERT_NONE,
    CERT_REVOKED,
    CERT_REVOKED_LATE,
    CERT_VALID,
    COMPLETED,
    DUE_LATER,
    DUE_PASSED,
    FIGURE_RULES,
    IN_PROGRESS,
    NOT_REQUIRED,
    NOT_STARTED,
    Figure,
    LearnerState,
    figure_codes,
    requirement_applies,
    requirement_people_q,
    requirements_of_person,
)
from tests.factories import CourseBuilder, make_user


@pytest.mark.parametrize(
    ("state", "overdue"),
    [
        (LearnerState(NOT_STARTED, CERT_NONE, DUE_PASSED), True),
        (LearnerState(IN_PROGRESS, CERT_EXPIRED_LATE, DUE_LATER), True),
        (LearnerState(COMPLETED, CERT_REVOKED_LATE, DUE_LATER), True),
        # Lapsed, but the renewal due date has not passed: due again, not overdue yet.
        (LearnerState(COMPLETED, CERT_EXPIRED, DUE_PASSED), False),
        (LearnerState(COMPLETED, CERT_REVOKED, DUE_PASSED), False),
        (LearnerState(IN_PROGRESS, CERT_VALID, DUE_PASSED), False),
        (LearnerState(IN_PROGRESS, CERT_EXPIRING, DUE_PASSED), False),
        (LearnerState(COMPLETED, CERT_NONE, DUE_PASSED), False),
        (LearnerState(NOT_STARTED, CERT_NONE, DUE_LATER), False),
        (LearnerState(NOT_STARTED, CERT_NONE, NOT_REQUIRED), False),
    ],
)
def test_overdue_is_a_passed_due_date_without_completion_or_valid_certificate(state, overdue):
    """Overdue: required, not covered by a valid certificate (or a completion that never had
    one), and past the requirement's due date or, after a lapsed certificate, the renewal's."""
    assert state.is_overdue is overdue
    assert (Figure.OVERDUE in state.figures()) is overdue


def test_state_codes_round_trip_and_every_figure_has_a_rule():
    assert {state.code for state in ALL_STATES} == {s.code for s in set(ALL_STATES)}
    assert all(LearnerState.from_code(state.code) == state for state in ALL_STATES)
    assert set(FIGURE_RULES) == set(Figure)
    assert figure_codes(Figure.STAFF) is None  # everyone: no filter at all
    overdue = figure_codes(Figure.OVERDUE)
    assert LearnerState(NOT_STARTED, CERT_NONE, DUE_PASSED).code in overdue
    assert LearnerState(COMPLETED, CERT_NONE, DUE_PASSED).code not in overdue


def test_figures_has_one_field_per_figure_in_order():
    assert [name for name, _value in Figures().items()] == list(Figure.values)


def test_a_lapsed_certificate_makes_a_required_course_due_again():
    for cert in (CERT_EXPIRED, CERT_EXPIRED_LATE, CERT_REVOKED, CERT_REVOKED_LATE):
        state = LearnerState(COMPLETED, cert, DUE_LATER)
        assert state.needs_renewal and not state.is_done
        assert Figure.RENEWAL_DUE in state.figures()
        assert state.status_label == "Förnyelse krävs"
    assert not LearnerState(COMPLETED, CERT_EXPIRED, NOT_REQUIRED).needs_renewal
    assert LearnerState(COMPLETED, CERT_VALID, DUE_PASSED).status_label == "Klar"


def test_the_renewal_due_date_follows_expiry_or_revocation(settings):
    settings.LARSPAR_RENEWAL_DAYS = 45
    state = LearnerState(COMPLETED, CERT_REVOKED, DUE_PASSED)
    revoked_at = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)  # 1 April locally
    assert state.due_date(
        requirement_due_on=datetime.date(2026, 1, 1), expires_on=None, revoked_at=revoked_at
    ) == datetime.date(2026, 5, 16)
    expired = LearnerState(IN_PROGRESS, CERT_EXPIRED, DUE_LATER)
    assert expired.due_date(
        requirement_due_on=datetime.date(2030, 1, 1),
        expires_on=datetime.date(2026, 1, 10),
        revoked_at=None,
    ) == datetime.date(2026, 2, 24)
    assert LearnerState(NOT_STARTED, CERT_NONE, DUE_LATER).due_date(
        requirement_due_on=datetime.date(2030, 1, 1), expires_on=None, revoked_at=None
    ) == datetime.date(2030, 1, 1)


def test_figure_is_text_choices_with_swedish_labels():
    assert Figure("overdue") is Figure.OVERDUE
    assert Figure.OVERDUE.label == "Försenad"
    assert Figure.values[0] == "staff"


@pytest.mark.django_db
def test_the_forms_of_which_requirements_apply_agree():
    """For every person and requirement: the Python rule, the filter of people and the
    list for one person give the same answer, whatever the group's case and spacing."""
    top = org_unit_create(code="T", name="Topp")
    a = org_unit_create(code="A", name="A", parent=top)
    a1 = org_unit_create(code="A1", name="A1", parent=a)
    b = org_unit_create(code="B", name="B", parent=top)
    course = CourseBuilder.published(modules=[["lesson"]])
    due = datetime.date(2030, 1, 1)
    requirements = [
        CourseRequirement.objects.create(course=course, unit=a, due_date=due),
        CourseRequirement.objects.create(
            course=course, unit=a, professional_group="Kurator", due_date=due
        ),
        CourseRequirement.objects.create(
            course=course, unit=None, professional_group="kurator", due_date=due
        ),
        CourseRequirement.objects.create(course=course, unit=b, due_date=due),
    ]
    people = [
        make_user(f"u{i}", unit=unit, professional_group=group)
        for i, (unit, group) in enumerate(
            [
                (a, "Kurator"),
                (a1, " KURATOR "),
                (a1, "Chef"),
                (b, "kurator"),
                (top, ""),
                (None, ""),
            ]
        )
    ]
    for person in people:
        person.refresh_from_db()
    spellings = group_spellings_get()
    agreed = 0
    for requirement in requirements:
        by_people_q = set(
            User.objects.filter(requirement_people_q(requirement, spellings=spellings))
        )
        for person in people:
            in_python = requirement_applies(
                requirement,
                unit_path=person.unit.path if person.unit else "",
                professional_group=person.professional_group,
            )
            for_person = requirement in requirements_of_person(requirements, user=person)
            assert in_python == (person in by_people_q) == for_person, (requirement, person)
            agreed += in_python
    # a: u0 u1 u2; a+Kurator: u0 u1; kurator anywhere: u0 u1 u3; b: u3.
    assert agreed == 9
