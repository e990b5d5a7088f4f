"""``python -m relgap``: the ``relgap`` command."""

from relgap.cli import main

main()
