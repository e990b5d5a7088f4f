"""Report defaults that the CLI's help shows, in a module that imports nothing heavy.

``relgap report --help`` prints them; importing :mod:`relgap.report.data` for them would
load pandas and the statistics just to start the command line.
"""

MAX_TRANSCRIPTS = 200  # failed-trial transcripts kept in the HTML report
