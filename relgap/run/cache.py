"""An opt-in on-disk response cache (``--cache DIR``).

The key is a hash of everything that determines a reply: model, settings *including the
trial's seed*, messages and tools. The seed differs per trial, so caching never turns n
independent trials into one; re-running a finished run, or re-grading after a grader fix,
is answered from disk and costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from relgap.errors import ConfigError
from relgap.messages import Completion, Message, ToolSpec, Usage
from relgap.providers.base import GenerateSettings, Provider, WrappedProvider


def cache_key(
    model: str,
    messages: Sequence[Message],
    tools: Sequence[ToolSpec],
    settings: GenerateSettings,
    scope: str = "",
) -> str:
    """The SHA-256 of everything that decides a reply (``scope``: the endpoint)."""
    payload = {
        "model": model,
        "scope": scope,  # the endpoint: one model name on two servers is two models
        "settings": asdict(settings),
        "messages": [m.to_dict() for m in messages],
        "tools": [asdict(t) for t in tools],
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _dump(completion: Completion) -> dict[str, Any]:
    return {
        "message": completion.message.to_dict(),
        "usage": asdict(completion.usage),
        "stop_reason": completion.stop_reason,
        "response_id": completion.response_id,
        "model": completion.model,
        "cost_usd": completion.cost_usd,
    }


def _load(data: dict[str, Any]) -> Completion:
    return Completion(
        message=Message.from_dict(data["message"]),
        usage=Usage(**data["usage"]),
        stop_reason=data["stop_reason"],
        latency_s=0.0,
        response_id=data["response_id"],
        model=data["model"],
        cost_usd=data["cost_usd"],
    )


class CachingProvider(WrappedProvider):
    """Answers repeated identical requests from ``directory``."""

    def __init__(self, inner: Provider, directory: str | os.PathLike[str], scope: str = "") -> None:
        """Cache ``inner``'s replies in ``directory``, which must be writable now."""
        super().__init__(inner)
        self.directory = Path(directory)
        self.scope = scope
        try:  # a --cache that is a file or unwritable fails before the first trial
            self.directory.mkdir(parents=True, exist_ok=True)
            probe = self.directory / f".probe.{os.getpid()}"
            probe.touch()
            probe.unlink()
        except OSError as exc:
            reason = "it is not a directory" if self.directory.is_file() else exc.strerror
            raise ConfigError(f"--cache {self.directory}: cannot write there: {reason}") from None

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        """The stored reply (at zero cost) if this request was answered before, else ask."""
        path = self._path(cache_key(self.name, messages, tools, settings, self.scope))
        if path.is_file():
            try:
                completion = _load(json.loads(path.read_text()))
            except (OSError, ValueError, KeyError, TypeError):
                pass  # a damaged entry is a miss; it is rewritten below
            else:
                # A cached reply costs nothing now: report zero cost, keep the token counts.
                return Completion(
                    completion.message, completion.usage, completion.stop_reason, 0.0,
                    completion.response_id, completion.model, 0.0 if completion.cost_usd is not None else None,
                )  # fmt: skip
        completion = await self.inner.complete(messages, tools, settings)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(_dump(completion)))
            os.replace(tmp, path)
        except OSError:
            # The cache only saves money; a full disk must not fail a trial that succeeded
            # (the trial log reports a full disk itself).
            tmp.unlink(missing_ok=True)
        return completion
