"""Who may do what with a study group, for one group and for lists.

- add: facilitators ("samtalsledare") and administrators create groups.
- manage: the group's own facilitator (while they hold the role) and
  administrators: edit, plan and open meetings, tick attendance, present.
- view: those who manage it and its participants (their own groups only).
- attend: the group's participants register their own attendance.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.api import Role, RolePolicy, user_has_any_role
from common.policies import PermissionPolicy, policy_register
from courses.api import Course

from .models import Membership, StudyGroup

ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})
FACILITATORS = frozenset({Role.FACILITATOR})


class StudyGroupPolicy(PermissionPolicy):
    model = StudyGroup
    actions = frozenset({"add", "manage", "view", "attend"})

    def allows(self, user, action: str, obj: StudyGroup | None) -> bool:
        is_administrator = user_has_any_role(user, ADMINISTRATORS)
        is_facilitator = user_has_any_role(user, FACILITATORS)
        if action == "add":
            return is_administrator or is_facilitator
        manages = is_administrator or (
            is_facilitator and (obj is None or obj.facilitator_id == user.pk)
        )
        if action == "manage":
            return manages
        if obj is None:
            # Anyone signed in may open "Mina grupper"; the list shows only their own.
            return True
        is_participant = Membership.objects.filter(group=obj, user=user).exists()
        if action == "attend":
            return is_participant
        return manages or is_participant  # view

    def allowed(self, user, action: str, queryset: QuerySet) -> QuerySet:
        is_administrator = user_has_any_role(user, ADMINISTRATORS)
        is_facilitator = user_has_any_role(user, FACILITATORS)
        if action == "add":
            return queryset if (is_administrator or is_facilitator) else queryset.none()
        if is_administrator and action in ("manage", "view"):
            return queryset
        own = Q(facilitator=user) if is_facilitator else Q(pk__in=[])
        if action == "manage":
            return queryset.filter(own)
        member = Exists(Membership.objects.filter(group=OuterRef("pk"), user=user))
        if action == "attend":
            return queryset.filter(member)
        return queryset.filter(own | member)  # view


study_group_policy = policy_register(StudyGroupPolicy())


class FacilitatorGuidePolicy(RolePolicy):
    """The facilitator guide of a course: for those who lead groups or write the courses.

    Not registered as Course's policy (courses owns that); asked by the guide views.
    """

    model = Course
    roles = {"view": frozenset({Role.FACILITATOR, Role.TRAINER, Role.ADMINISTRATOR})}


facilitator_guide_policy = FacilitatorGuidePolicy()
