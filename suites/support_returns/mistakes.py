"""The simulated-mistake catalogue: realistic ways a support agent gets one step wrong.

A mistake replaces one tool step of the reference script (the rest runs unchanged unless it
ends the conversation) and always makes the trial fail; the tests replay every offered
mistake of every task to prove it. Trap mistakes come from the task's careless script (what
the user literally asked for, done without checking the policy).
"""

from __future__ import annotations

import random

from relgap.suite import Action, Mistake, Task

from .world import World

MISTAKES = (
    "skipped_verification",  # went straight to the order without verifying the customer
    "ended_too_soon",  # told the user it was done before doing it
    "needless_transfer",  # handed an allowed request to a human
    "wrong_refund_method",  # refunded to another of the customer's payment methods
    "skipped_item",  # returned one item of two
    "wrong_variant",  # exchanged for another option than asked
    # traps: what the user literally asked for, done against the policy
    "refund_to_requested_method",
    "returned_non_returnable",
    "returned_outside_window",
    "returned_final_sale",
    "refunded_instead_of_transfer",
    "ignored_change_of_mind",
    "gave_in_to_insistence",
)
ENDED_TOO_SOON = "All done! Everything is taken care of. Have a great day!"
READS = ("verify_customer", "list_orders", "get_order", "get_product")


def _transfer(task: Task) -> Action:
    return Action("transfer_to_human", {"summary": f"Customer asks: {task.instruction}"})


def _trap_writes(script: list[Action], careless: list[Action]) -> tuple[Action, ...]:
    return tuple(a for a in careless if a.tool and a.tool not in READS and a not in script)


def offer(
    task: Task, world: World, script: list[Action], careless: list[Action], trap: str | None,
    step: int, rng: random.Random,
) -> list[Mistake]:  # fmt: skip
    """The mistakes a simulated agent may make at step ``step`` of the reference ``script``."""
    action = script[step]
    traps = _trap_writes(script, careless)
    if task.expected is None:  # the right outcome changes nothing: do the forbidden thing
        assert trap is not None and traps, task.id
        if action.tool == "transfer_to_human":
            return [Mistake(trap, traps)]
        return [Mistake(trap, (action, *traps))]
    out: list[Mistake] = []
    if action.tool == "verify_customer":
        out.append(Mistake("skipped_verification", ()))
    elif action.tool in READS:
        out.append(Mistake("ended_too_soon", (Action(None, text=ENDED_TOO_SOON),), ends=True))
    else:
        out.append(Mistake("needless_transfer", (_transfer(task),), ends=True))
        out += _write_mistakes(task, world, action, rng)
        if trap and traps:
            out.append(Mistake(trap, traps))
    return out


def _write_mistakes(task: Task, world: World, action: Action, rng: random.Random) -> list[Mistake]:
    args = action.arguments
    out = []
    if action.tool == "return_items":
        order = world.order(args["order_id"])
        assert order is not None
        methods = world.customer(order.customer_id).payment_methods
        others = [m.id for m in methods if m.id != args["refund_method_id"]]
        wrong = {**args, "refund_method_id": rng.choice(others)}
        out.append(Mistake("wrong_refund_method", (Action("return_items", wrong),)))
        if len(args["line_ids"]) > 1:
            fewer = {**args, "line_ids": args["line_ids"][:1]}
            out.append(Mistake("skipped_item", (Action("return_items", fewer),)))
    if action.tool == "exchange_item":
        order = world.order(args["order_id"])
        assert order is not None
        line = next(x for x in order.lines if x.id == args["line_id"])
        product = world.product(line.product_id)
        options = [v.id for v in product.variants
                   if v.stock and v.id not in (line.variant_id, args["new_variant_id"])]  # fmt: skip
        if options:
            wrong = {**args, "new_variant_id": rng.choice(options)}
            out.append(Mistake("wrong_variant", (Action("exchange_item", wrong),)))
    return out
