"""The generator of the support_returns world and tasks (not imported at runtime).

``python -m relgap_suites.support_returns.gen`` rewrites ``data/``; a test checks that it
reproduces the committed files byte for byte.
"""
