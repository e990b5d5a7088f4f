"""Generation of the exact-answer tasks (apart from the suite's runtime)."""
