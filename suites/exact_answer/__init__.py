"""The exact-answer suite (``relgap suites`` lists it as ``exact_answer``)."""

from .suite import ExactAnswerSuite

suite = ExactAnswerSuite()

__all__ = ["ExactAnswerSuite", "suite"]
