"""The food-order suite (placeholder until the suite lands)."""
