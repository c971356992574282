"""What other apps may use from `quizzes` (privacy: a person's attempts and answers)."""

from .models import Attempt, MatchingPair, OrderingItem, Response

__all__ = ["Attempt", "MatchingPair", "OrderingItem", "Response"]
