"""A default owner must be able to own the object's records in the org: no queue owns an
opportunity. The mapping refuses it, and Test connection says so, before an export fails."""

from __future__ import annotations

from emulator.describe import object_describe
from emulator.schema import schema_build
from salesforce.parsing import object_describe_parse
from sync.services.connections.checks import owner_id_problem, owner_kinds

QUEUE = "00G000000000001AAA"
USER = "005000000000001AAA"


def _describe(sobject: str):
    return object_describe_parse(object_describe(schema_build(None)[sobject], "62.0"))


def test_leads_take_users_and_queues_and_opportunities_users_only():
    assert owner_kinds(_describe("Lead")) == ("User", "Group")
    assert owner_kinds(_describe("Opportunity")) == ("User",)


def test_a_queue_as_the_default_owner_of_opportunities_is_refused_with_the_reason():
    problem = owner_id_problem("Opportunity", QUEUE, _describe("Opportunity"))
    assert problem == (
        f"{QUEUE} is a queue, and Salesforce lets only users own Opportunity records. "
        "Enter the id of an active user (005...)."
    )
    assert owner_id_problem("Opportunity", USER, _describe("Opportunity")) is None
    assert owner_id_problem("Lead", QUEUE, _describe("Lead")) is None


def test_a_malformed_owner_asks_for_what_the_object_accepts():
    for_leads = owner_id_problem("Lead", "nope", _describe("Lead")) or ""
    assert "a user (005...) or a queue (00G...)" in for_leads
    for_opportunities = owner_id_problem("Opportunity", "nope", _describe("Opportunity")) or ""
    assert "of a user (005...) that" in for_opportunities
