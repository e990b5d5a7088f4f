"""Built-in relgap suites (installed as the package ``relgap_suites``)."""
