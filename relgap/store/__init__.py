"""The run store: a manifest and an append-only JSONL trial log per run directory."""

from relgap.store.frame import load, records_to_frame
from relgap.store.rundir import RunDir, TruncatedLogWarning

__all__ = ["RunDir", "TruncatedLogWarning", "load", "records_to_frame"]
