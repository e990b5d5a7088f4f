"""What a suite is: tasks, a per-trial environment of tools, a grader and a reference solver."""

from __future__ import annotations

import random
import sys
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from relgap.errors import SuiteError
from relgap.messages import ToolCall, ToolSpec
from relgap.suite.checks import RequiredAction, RequiredOutput
from relgap.suite.toolkit import is_write_tool, tool_methods, tool_spec
from relgap.user.scenario import UserScenario


class Task(BaseModel):
    """One task of a suite, as stored in the suite's ``tasks.jsonl``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Unique id within the suite, e.g. 'fo-t1-003'.")
    tier: int = Field(ge=1, description="Difficulty tier, 1 = easiest.")
    instruction: str = Field(description="What the user asks for: the first user message.")
    user_scenario: UserScenario | None = Field(
        default=None,
        description="Who the user is and how they behave in the conversation; None: the user "
        "says the instruction and ends after the agent's first reply.",
    )
    expected: dict[str, Any] | None = Field(
        default=None,
        description="The expected final state (suite-specific), or None when the right "
        "outcome is that nothing is done (e.g. a forbidden request is declined).",
    )
    required_outputs: list[RequiredOutput] = Field(
        default_factory=list, description="Facts the agent must tell the user in its replies."
    )
    required_actions: list[RequiredAction] = Field(
        default_factory=list, description="Tools the agent must (not) call."
    )
    tags: list[str] = Field(default_factory=list, description="Free labels, e.g. 'trap'.")
    user_id: str | None = Field(default=None, description="The user the agent acts for.")

    @model_validator(mode="after")
    def _opening_is_the_instruction(self) -> Task:
        scenario = self.user_scenario
        if scenario is not None and scenario.requests[0] != self.instruction:
            raise ValueError("user_scenario.requests[0] must be the instruction (the opening)")
        return self


@dataclass(frozen=True)
class Grade:
    """The verdict on one trial.

    Attributes:
        passed: the final state equals the expected one.
        score: partial credit in [0, 1] (share of named checks passed).
        failed_checks: names of the checks that failed, e.g. ``wrong_quantity``.
    """

    passed: bool
    score: float
    failed_checks: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ToolOutput:
    """What a tool call returns to the model. Errors are observations, never exceptions."""

    content: str
    is_error: bool = False


class ToolError(Exception):
    """Raised inside a tool for a bad call; the model reads ``Error: <message>``."""


@dataclass(frozen=True)
class Action:
    """One step of a reference script: a tool call, or (``tool is None``) a final reply."""

    tool: str | None
    arguments: dict[str, Any] = field(default_factory=dict)
    text: str = ""


@dataclass(frozen=True)
class Mistake:
    """A realistic way to get one step wrong, used by the simulated models.

    ``replacement`` are the actions taken instead of the correct one (empty = skip the step);
    dialogue mistakes may be texts to the user.
    A suite offers only mistakes that make the trial fail, so the simulated success
    probability is exactly the one the simulation intends.
    """

    name: str
    replacement: tuple[Action, ...]
    ends: bool = (
        False  # the conversation ends with it (e.g. a needless transfer): nothing after runs
    )


@dataclass(frozen=True)
class SimPlay:
    """A suite's own simulation of one trial (see :meth:`Suite.sim_play`).

    It holds the actions the simulated model takes, and the names of the mistakes among them.
    """

    actions: tuple[Action, ...]
    mistakes: tuple[str, ...] = ()


_JSON_TYPES: dict[str, tuple[type[Any], ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def _type_error(name: str, value: Any, schema: dict[str, Any]) -> str | None:
    if "enum" in schema and value not in schema["enum"]:
        return f"argument '{name}' must be one of {schema['enum']}, got {value!r}"
    expected = schema.get("type")
    if expected is None:
        options = schema.get("anyOf")
        if options and all(_type_error(name, value, o) for o in options):
            return f"argument '{name}' has the wrong type ({type(value).__name__})"
        return None
    kinds = _JSON_TYPES[expected]
    article = "an" if expected[0] in "aeiou" else "a"
    if isinstance(value, bool) and expected != "boolean":
        return f"argument '{name}' must be {article} {expected}, got a boolean"
    if not isinstance(value, kinds):
        return f"argument '{name}' must be {article} {expected}, got {type(value).__name__}"
    if isinstance(value, list) and "items" in schema:
        for item in value:
            err = _type_error(f"{name}[]", item, schema["items"])
            if err:
                return err
    return None


class Environment:
    """The world of one trial. Public API: subclass it and define tools with ``@tool``.

    A tool is a method with type hints on every argument and a Google-style docstring (first
    paragraph: what it does; ``Args:``: each argument); they become the JSON schema the
    model sees. Mark tools that change state ``@tool(writes=True)``. A tool returns a string
    (or anything ``str()`` turns into one) and raises :class:`ToolError` for a bad request:
    the agent then reads ``Error: <message>``. A tool that ends the conversation (a transfer
    to a human) sets ``self.ended`` to a reason. Keep the world's state in attributes the
    suite's ``grade`` reads; call ``super().__init__()`` first.

    ``call`` validates the arguments against each tool's schema and turns every bad call
    into an error observation, so the agent loop never crashes on model mistakes.
    """

    _spec_cache: ClassVar[dict[type, dict[str, ToolSpec]]] = {}

    def __init__(self) -> None:
        """Collect the ``@tool`` methods (their schemas are built once per class)."""
        self._methods = tool_methods(self)
        klass = type(self)
        if klass not in Environment._spec_cache:  # schemas depend on the class only
            Environment._spec_cache[klass] = {n: tool_spec(n, m) for n, m in self._methods.items()}
        self._specs = Environment._spec_cache[klass]
        self.tool_log: list[tuple[str, dict[str, Any], ToolOutput]] = []
        self.ended: str | None = None  # set by tools that end the conversation
        self.replies: list[str] = []  # the agent's text replies, in order

    def record_reply(self, text: str) -> None:
        """Keep a reply the agent sent the user (graded by the task's required outputs)."""
        self.replies.append(text)

    def tool_specs(self) -> list[ToolSpec]:
        """The tools' names, descriptions and JSON schemas, in definition order."""
        return list(self._specs.values())

    def is_write(self, name: str) -> bool:
        """True if tool ``name`` changes state (``@tool(writes=True)``)."""
        return name in self._methods and is_write_tool(self._methods[name])

    def call(self, call: ToolCall) -> ToolOutput:
        """Run one tool call; bad calls become error observations, never exceptions."""
        output = self._dispatch(call)
        self.tool_log.append((call.name, dict(call.arguments), output))
        return output

    def _dispatch(self, call: ToolCall) -> ToolOutput:
        if call.name not in self._methods:
            known = ", ".join(self._specs)
            return ToolOutput(f"Error: unknown tool '{call.name}'. Available tools: {known}", True)
        if call.parse_error:
            return ToolOutput(f"Error: {call.parse_error}", True)
        schema = self._specs[call.name].parameters
        props: dict[str, Any] = schema["properties"]
        unknown = sorted(set(call.arguments) - set(props))
        if unknown:
            return ToolOutput(f"Error: unknown argument(s) {unknown} for {call.name}", True)
        missing = [p for p in schema["required"] if p not in call.arguments]
        if missing:
            return ToolOutput(
                f"Error: missing required argument(s) {missing} for {call.name}", True
            )
        # Many models send null for an optional argument they mean to leave out.
        arguments = {
            k: v
            for k, v in call.arguments.items()
            if not (v is None and k not in schema["required"])
        }
        for name, value in arguments.items():
            err = _type_error(name, value, props[name])
            if err:
                return ToolOutput(f"Error: {err}", True)
        try:
            result = self._methods[call.name](**arguments)
        except ToolError as exc:
            return ToolOutput(f"Error: {exc}", True)
        return ToolOutput(result if isinstance(result, str) else str(result))


class Suite(ABC):
    """A suite: tasks, the environment they run in, and how a trial is judged.

    Public API. A subclass must give:

    - ``name``: the suite's name (a class attribute), as runs and reports show it;
    - :meth:`environment`: a fresh :class:`Environment` (the world and its tools) per trial;
    - :meth:`grade`: the verdict on the state a trial left the environment in.

    Everything else has a default:

    - :meth:`tasks`: read from ``tasks.jsonl`` or ``tasks.yaml`` in :meth:`folder` (the
      folder of the module that defines the subclass), validated against :class:`Task`;
    - :meth:`system_prompt`: ``policy.md`` in :meth:`folder`, or a one-line default;
    - :meth:`reference_script`: none (``relgap suite check`` and the simulated models need
      one; without it they say so in one line);
    - :meth:`sim_mistakes`: relgap's generic mistakes (skip a write, a wrong argument value,
      end too soon), each kept only if it makes the task fail;
    - ``description``, ``version`` (bump it when tasks or grading change: a run resumes only
      with the same version) and ``max_steps`` (model calls per trial).

    A suite reaches relgap as an installed entry point (group ``relgap.suites``), as a
    suite folder path (see :mod:`relgap.suite.folder`), or as an object passed to
    ``Runner(config, out, suite=MySuite())``. Subclasses must be cheap to construct; load
    heavy data lazily and cache it.
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""
    version: ClassVar[str] = "1"
    max_steps: ClassVar[int] = 30

    def folder(self) -> Path:
        """The folder of the module that defines this suite's class (where its files are)."""
        module = sys.modules.get(type(self).__module__)
        file = getattr(module, "__file__", None)
        return Path(file).parent if file else Path.cwd()

    def tasks(self) -> Sequence[Task]:
        """All tasks, in a stable order. Default: the task file in :meth:`folder`, read once."""
        cached = self.__dict__.get("_relgap_tasks")
        if cached is None:
            from relgap.suite.tasks_file import find_task_file, read_tasks

            path = find_task_file(self.folder())
            if path is None:
                raise SuiteError(
                    f"suite '{self.name}': no tasks.jsonl or tasks.yaml in {self.folder()} "
                    "(or override tasks())"
                )
            cached = self.__dict__["_relgap_tasks"] = read_tasks(path)
        return cached

    def system_prompt(self, task: Task) -> str:
        """The agent's system prompt (the suite's policy) for ``task``; default ``policy.md``.

        Default: the text of ``policy.md`` in :meth:`folder`, else a one-line prompt naming
        the suite.
        """
        policy = self.folder() / "policy.md"
        if policy.is_file():
            return policy.read_text(encoding="utf-8")
        return f"You are the assistant of the '{self.name}' application. Use the tools to help."

    @abstractmethod
    def environment(self, task: Task) -> Environment:
        """A fresh world for one trial of ``task``: no state may leak between trials."""

    @abstractmethod
    def grade(self, task: Task, env: Environment) -> Grade:
        """Judge the final state ``env`` was left in (relgap adds the task's checks); never raise.

        Required outputs and actions of the task are checked by relgap on top of this. A
        grader that raises stops the run with one line naming the task.
        """

    def reference_script(self, task: Task) -> list[Action]:
        """Tool calls and a final reply that solve ``task`` (no default); replaying them must pass.

        Needed by the simulated models and ``relgap suite check``; the default has none.
        """
        raise SuiteError(
            f"suite '{self.name}' has no reference_script(): simulated models and "
            "`relgap suite check` need one (return the tool calls that solve each task)"
        )

    def first_user_message(self, task: Task) -> str:
        """The user's opening message, by which simulated models find ``task``.

        Default: the task's instruction.
        """
        return task.instruction

    def sim_mistakes(
        self, task: Task, step: int, action: Action, rng: random.Random
    ) -> list[Mistake]:
        """Ways a simulated model can get ``action`` (step ``step`` of the script) wrong.

        Each must make the trial fail, so that a simulated model's success chance is
        exactly its latent probability. Rules the simulation follows: it is asked only for
        tool steps (never for the final reply); besides these mistakes it may give up early
        (a final apology) on tasks whose ``expected`` is not None; on tasks with no correct
        order (``expected is None``) it never gives up, so such a suite should offer a
        mistake (e.g. "do the forbidden thing anyway") at every tool step. A suite that does
        not override this method gets relgap's generic mistakes
        (``relgap.simulation.generic``), each kept only if it fails the task.
        """
        return []

    def sim_play(
        self, task: Task, family: str, effort: str | None, rng: random.Random
    ) -> SimPlay | None:
        """Optional: the suite's own error model for the simulated family (SIMULATION).

        Return the actions a simulated model of ``family`` at reasoning ``effort`` (None
        for models without one) takes in this trial, drawing from ``rng`` (seeded per
        model, task and trial). The default, None, keeps the generic model: the reference
        script with :meth:`sim_mistakes` at the latent per-task success rate. A suite
        whose steps are reasoning rather than tool calls (exact_answer) uses this to make
        the per-step error depend on effort. The oracle never asks.
        """
        return None

    # Optional hooks read by `relgap suite check` (relgap.run.suite_check). Defaults are generic.

    baseline_limits: ClassVar[dict[str, float]] = {}
    """Highest share of tasks each baseline agent may pass, by name; unnamed ones get
    :data:`relgap.run.suite_check.DEFAULT_BASELINE_LIMITS` (no-tools 2%, text-only 2%, careless 35%)."""

    def careless_script(self, task: Task) -> list[Action]:
        """What the ``careless`` baseline agent does: act at once, read nothing, confirm nothing.

        Default: the reference script's write calls in order, then "Done!". When the reference
        writes nothing (the right answer is to decline or to only answer), the first mistake
        :meth:`sim_mistakes` offers that writes (e.g. "do the forbidden thing anyway"); with
        none, nothing but "Done!". Override to model a suite's own first plausible action.
        """
        script = self.reference_script(task)
        writes = [a for a in script if a.tool is not None and self._writes(task, a.tool)]
        if not writes:
            rng = random.Random(f"careless|{self.name}|{task.id}")
            for step, action in enumerate(script):
                if action.tool is None:
                    continue
                for mistake in self.sim_mistakes(task, step, action, rng):
                    found = [
                        a for a in mistake.replacement
                        if a.tool is not None and self._writes(task, a.tool)
                    ]  # fmt: skip
                    if found:
                        writes = found
                        break
                if writes:
                    break
        return [*writes, Action(None, text="Done! I've taken care of everything you asked.")]

    def _writes(self, task: Task, tool: str) -> bool:
        cache = self.__dict__.setdefault("_write_tools", {})
        if task.id not in cache:
            env = self.environment(task)
            cache[task.id] = {s.name for s in env.tool_specs() if env.is_write(s.name)}
        return tool in cache[task.id]

    def check_regeneration(self) -> list[str] | None:
        """Problems regenerating the suite's data: ``[]`` if identical, ``None`` if unchecked.

        The regenerated data is compared byte for byte with what is stored; ``None`` (the
        default) means the suite has no generator to check.
        """
        return None

    def check_ids(self) -> list[str] | None:
        """Ids the tasks name that the world lacks (``task: id`` lines); ``None`` if unchecked.

        Ids the tasks refer to that do not exist in the world, one line each; ``None``
        (default) when the suite does not check them.
        """
        return None

    def task(self, task_id: str) -> Task:
        """The task ``task_id``; SuiteError if the suite has none."""
        for t in self.tasks():
            if t.id == task_id:
                return t
        raise SuiteError(f"suite '{self.name}' has no task '{task_id}'")
