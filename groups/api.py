"""What other apps may use from `groups` (privacy: the group track's data about a person)."""

from .selectors import person_group_data_get

__all__ = ["person_group_data_get"]
