"""Problems proposed on a draft visit: which items get one, free problems, recording, drafts."""

from __future__ import annotations

import pytest

from envhelp.domain import check_answers, problem_drafts, problems, proposals
from envhelp.errors import ValidationError
from tests.conftest import draft_visit

GB = "gb18597-2023-storage"
LEAK, LABEL, DOOR = "GB18597-ST-31", "GB18597-ST-27", "GB18597-ST-01"


@pytest.fixture
def visit(store, enterprise, officer):
    return draft_visit(store, enterprise["id"], [officer["id"]], "inspection", day="2026-03-05")


@pytest.fixture
def items(store, visit):
    """The check's items (result_id, result, ...), re-read after each answer."""
    check = check_answers.start_check(store, visit["id"], GB)
    return lambda: check_answers.results(store, check["id"])


def rid(rows, code):
    return next(r["result_id"] for r in rows if r["code"] == code)


def answer(store, items, code, result, note=""):
    check_answers.set_result(store, rid(items(), code), result, note)


def test_only_non_compliant_items_without_problem_or_dismissal_are_proposed(store, visit, items):
    answer(store, items, LEAK, "non_compliant")
    answer(store, items, LABEL, "non_compliant")
    answer(store, items, DOOR, "compliant")
    rows = items()
    # In the checklist's order (item 27 before item 31); compliant items never.
    assert proposals.proposed_items(rows, [], []) == [rid(rows, LABEL), rid(rows, LEAK)]
    assert proposals.proposed_items(rows, [], [rid(rows, LEAK)]) == [rid(rows, LABEL)]
    recorded = [{"check_result_id": rid(rows, LABEL)}]
    assert proposals.proposed_items(rows, recorded, []) == [rid(rows, LEAK)]


def test_free_problem_defaults(visit):
    free = proposals.free_problem(visit)
    assert free["found_on"] == "2026-03-05"
    assert free["deadline"] == "2026-04-04"  # 30 days, for the officer to change
    assert (free["category"], free["severity"], free["handling"]) == ("other", "minor", "deadline")
    assert free["visit_id"] == visit["id"] and free["edited"]
    assert proposals.free_problem(visit, {"description": "门锁损坏"})["description"] == "门锁损坏"


def test_sync_follows_the_answers_and_keeps_edits(store, visit, items):
    waiting = proposals.VisitProposals(store, visit)
    answer(store, items, LEAK, "non_compliant", "无围堰")
    changed, errors = waiting.sync(items(), [])
    leak = rid(items(), LEAK)
    assert list(waiting.proposals) == [leak] and errors == [] and not changed
    assert "无围堰" in waiting.proposals[leak]["description"]

    assert waiting.edit(leak, {"description": "液态废物区无围堰"})
    answer(store, items, LEAK, "non_compliant", "另有说明")
    waiting.sync(items(), [], changed=leak)  # an edited proposal is not rebuilt
    assert waiting.proposals[leak]["description"] == "液态废物区无围堰"

    answer(store, items, LEAK, "compliant")
    changed, _ = waiting.sync(items(), [], changed=leak)
    assert waiting.proposals == {} and changed  # the edit is gone: the drafts must be stored


def test_dismissal_lasts_while_the_item_stays_non_compliant(store, visit, items):
    waiting = proposals.VisitProposals(store, visit)
    answer(store, items, LEAK, "non_compliant")
    waiting.sync(items(), [])
    leak = rid(items(), LEAK)
    free = waiting.add_free()
    assert not waiting.dismiss(free)  # free problems are not dismissed
    assert waiting.dismiss(leak) and waiting.dismissed == {leak}
    waiting.sync(items(), [])
    assert leak not in waiting.proposals
    answer(store, items, LEAK, "compliant")
    waiting.sync(items(), [])
    answer(store, items, LEAK, "non_compliant")
    waiting.sync(items(), [])
    assert leak in waiting.proposals and waiting.dismissed == set()


def test_record_writes_the_problem_and_the_remaining_drafts_together(store, visit, items):
    waiting = proposals.VisitProposals(store, visit)
    answer(store, items, LEAK, "non_compliant")
    waiting.sync(items(), [])
    free = waiting.add_free({"description": "危废间门锁损坏"})
    waiting.save()
    assert problem_drafts.load(store, visit["id"])["free"][0]["description"] == "危废间门锁损坏"

    created = waiting.record(free, {"deadline": "2026-03-20"})
    assert created["description"] == "危废间门锁损坏" and created["deadline"] == "2026-03-20"
    assert free not in waiting.proposals
    assert problem_drafts.load(store, visit["id"])["free"] == []  # in the same transaction

    leak = rid(items(), LEAK)
    with pytest.raises(ValidationError):
        waiting.record(leak, {"description": ""})
    assert leak in waiting.proposals  # nothing lost
    assert problems.count(store, visit_id=visit["id"]) == 1


def test_restored_drafts_come_back_over_their_items(store, visit, items):
    first = proposals.VisitProposals(store, visit)
    answer(store, items, LEAK, "non_compliant")
    first.sync(items(), [])
    leak = rid(items(), LEAK)
    first.edit(leak, {"description": "桶盖未盖严"})
    first.add_free({"description": "门锁损坏"})
    first.save()

    again = proposals.VisitProposals(store, visit)
    assert [p["description"] for p in again.proposals.values()] == ["门锁损坏"]  # free ones now
    again.sync(items(), [])  # edits at sync
    assert again.proposals[leak]["description"] == "桶盖未盖严" and again.proposals[leak]["edited"]
