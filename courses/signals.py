"""Signals that higher apps act on. `courses` never imports them."""

from django.dispatch import Signal

# Sent after the transaction in which an enrollment's last required step was
# completed has committed. Arguments: enrollment.
course_completed = Signal()
