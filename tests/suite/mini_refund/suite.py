"""A five-task refund desk: a suite folder as a team would write one (tests load it by path).

No mistake catalogue: the simulated models use relgap's generic mistakes.
"""

from __future__ import annotations

from relgap.suite import Action, Environment, Grade, Suite, Task

from .tools import ORDERS, RefundDesk


class MiniRefund(Suite):
    """Refund delivered orders; never refund one twice."""

    name = "mini_refund"
    description = "Refund delivered orders by the rules (a test suite loaded by path)."

    def environment(self, task: Task) -> Environment:
        return RefundDesk()

    def grade(self, task: Task, env: Environment) -> Grade:
        assert isinstance(env, RefundDesk)
        want = sorted((task.expected or {}).get("refunded", []))
        done = sorted(env.refunded)
        return Grade(
            done == want, 1.0 if done == want else 0.0, () if done == want else ("wrong_refunds",)
        )

    def reference_script(self, task: Task) -> list[Action]:
        order = task.tags[0]
        script = [Action("get_order", {"order_id": order})]
        if task.expected is None:
            return [*script, Action(None, text=f"Sorry, I cannot refund order {order}.")]
        amount = ORDERS[order]["amount"]
        return [
            *script,
            Action("refund_order", {"order_id": order, "reason": "customer request"}),
            Action(
                None, text=f"Done: order {order} is refunded, ${amount:.2f} goes back to your card."
            ),
        ]


suite = MiniRefund()
