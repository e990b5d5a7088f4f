"""The support-desk suite (``relgap suites`` lists it as ``support_returns``)."""

from .suite import SupportReturnsSuite

suite = SupportReturnsSuite()

__all__ = ["SupportReturnsSuite", "suite"]
