"""The food-order suite (``relgap suites`` lists it as ``food_order``)."""

from .suite import FoodOrderSuite

suite = FoodOrderSuite()

__all__ = ["FoodOrderSuite", "suite"]
