"""relgap."""
