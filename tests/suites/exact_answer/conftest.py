"""Shared fixtures for the exact-answer suite tests."""

from __future__ import annotations

import pytest
from relgap_suites.exact_answer.suite import ExactAnswerSuite


@pytest.fixture(scope="session")
def ea_suite() -> ExactAnswerSuite:
    return ExactAnswerSuite()
