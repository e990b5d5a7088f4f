"""The scripted user: answers from its scenario, never steers, and is deterministic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from relgap_suites.food_order.suite import FoodOrderSuite

from relgap.messages import Message
from relgap.user.base import UserTurn
from relgap.user.scenario import Behaviour, ScenarioFact, UserScenario
from relgap.user.scripted import DONT_KNOW, NOTHING_MORE, YES, ScriptedUser
from relgap.user.words import amounts_cents, words

CORPUS = Path(__file__).parent / "questions.jsonl"

SCENARIO = UserScenario(
    requests=["A Pad Thai from Bangkok Street, please.", "Oh, and add a Thai Iced Tea."],
    facts=[
        ScenarioFact(name="size", answer="Large, please.", keywords=["size", "large", "regular"]),
        ScenarioFact(name="address", answer="To my office.", keywords=["address", "deliver"]),
    ],
    unknown=["phone number"],
    behaviour=Behaviour(insists_once="Please, just this once?", give_up_after=2),
)


def kind_of(turn: UserTurn, scenario: UserScenario) -> str:
    reply = turn.text
    if turn.ends == "satisfied":
        return "done"
    told = [f.name for f in scenario.facts if f.answer in reply]
    if told:
        return ",".join(told)
    if reply in YES:
        return "yes"
    if reply in DONT_KNOW or reply in NOTHING_MORE:
        return "dont_know"
    return f"other: {reply}"


async def test_the_corpus_is_answered_as_the_scenarios_say() -> None:
    """>= 150 clarification and confirmation questions, phrased in varied ways, written for
    this test: >= 97% get the answer the scenario gives (a fact, a yes, "I don't know", or
    the end of the chat for a closing "anything else I can help with?")."""
    suite = FoodOrderSuite()
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 150
    wrong = []
    for i, row in enumerate(rows):
        scenario = suite.task(row["task"]).user_scenario
        assert scenario is not None
        user = ScriptedUser(scenario, seed=i)
        await user.opening()
        got = kind_of(user.answer(row["question"]), scenario)
        if got != row["expect"]:
            wrong.append((row["task"], row["question"], row["expect"], got))
    accuracy = 1 - len(wrong) / len(rows)
    assert accuracy >= 0.97, (accuracy, wrong)
    # A question the user cannot answer never gets a yes or a fact: it never steers.
    steering = [w for w in wrong if w[2] == "dont_know"]
    assert steering == []


def test_words_are_matched_not_substrings() -> None:
    assert words("Which SIZES would you like?") == ["which", "size", "would", "you", "like"]
    assert words("substitution") == words("substitute") or "substitut" in words("substitution")[0]
    rest = UserScenario(
        requests=["x"], facts=[ScenarioFact(name="rest", answer="The rest.", keywords=["rest"])]
    )
    user = ScriptedUser(rest)
    assert user.answer("Which restaurant would you like?").text != "The rest."


def test_amounts_are_read_however_they_are_written() -> None:
    assert amounts_cents("Total: $19.48, or 19.48 dollars; $7 tip; $1,020.5") == {
        1948,
        700,
        102050,
    }


async def test_a_conversation_follows_the_scenario() -> None:
    user = ScriptedUser(SCENARIO, seed=3)
    assert (await user.opening()).text == SCENARIO.requests[0]
    assert not user.stated_all_requests()
    assert user.answer("Which size would you like?").text == "Large, please."
    # A confirmation that proposes what the user has not told yet gets the fact, not a yes.
    assert user.answer("Shall I deliver it to your home address?").text == "To my office."
    assert user.answer("Shall I place the order?").text in YES
    # A statement: the next request, then the end.
    assert user.answer("Done, your Pad Thai is ordered.").text == SCENARIO.requests[1]
    assert user.stated_all_requests()
    last = await user.reply([Message("assistant", "Added the tea; total $21.98.")])
    assert last.ends == "satisfied"


def test_refusal_insists_once_then_gives_up_after_misunderstandings() -> None:
    user = ScriptedUser(SCENARIO)
    assert user.answer("I'm sorry, I can't do that.").text == "Please, just this once?"
    assert user.answer("What is your phone number?").text in DONT_KNOW
    first = user.answer("What colour is the sky?")
    assert first.ends is None and first.text in NOTHING_MORE
    assert user.answer("What colour is grass?").ends == "gave_up"


def test_work_in_progress_gets_an_okay_not_a_goodbye() -> None:
    user = ScriptedUser(SCENARIO)
    assert user.answer("Let me check the menu for you.").ends is None
    assert user.answer("").ends is None  # an empty reply is a misunderstanding


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_same_seed_gives_the_same_words(seed: int) -> None:
    said = ["Shall I place it?", "What?", "All done."]
    a, b = ScriptedUser(SCENARIO, seed), ScriptedUser(SCENARIO, seed)
    assert [a.answer(s).text for s in said] == [b.answer(s).text for s in said]


def test_a_scenario_is_validated_with_clear_errors() -> None:
    with pytest.raises(ValueError, match="requests"):
        UserScenario(requests=[])
    with pytest.raises(ValueError, match="extra"):
        UserScenario.model_validate({"requests": ["x"], "persona": "", "mood": "angry"})
    with pytest.raises(ValueError, match="keywords must not be blank"):
        ScenarioFact(name="x", answer="y", keywords=[" "])


def test_a_user_who_changes_their_mind_does_so_once() -> None:
    fickle = SCENARIO.model_copy(
        update={"behaviour": Behaviour(changes_mind="Actually, make it two.")}
    )
    user = ScriptedUser(fickle)
    assert user.answer("Shall I place the order?").text == "Actually, make it two."
    assert user.answer("Two then. Shall I place the order?").text in YES
    refuses = SCENARIO.model_copy(update={"behaviour": Behaviour(confirms=False)})
    assert ScriptedUser(refuses).answer("Shall I place it?").text == "No, please don't."


async def test_a_statement_about_an_untold_fact_gets_it_once() -> None:
    user = ScriptedUser(SCENARIO)
    await user.opening()
    assert user.answer("The Pad Thai comes in regular and large.").text == "Large, please."
    assert user.answer("Noted: large.").text == SCENARIO.requests[1]  # told: next request
