"""Record ids: 18 characters, the object's key prefix, Salesforce's case-safe checksum."""

from __future__ import annotations

from simple_salesforce import Salesforce

from emulator.ids import KEY_PREFIXES, id_checksum, id_is_valid, id_make, id_to_18
from tests.sync.emulator.client import lead, sobject, upsert_many


def test_checksum_matches_the_example_salesforce_documents() -> None:
    assert id_checksum("a0D30000001n7Pi") == "EAI"
    assert id_to_18("a0D30000001n7Pi") == "a0D30000001n7PiEAI"


def test_made_ids_are_18_characters_with_prefix_and_valid_checksum() -> None:
    made = {
        id_make(prefix, pod=7, number=n)
        for prefix in KEY_PREFIXES.values()
        for n in (1, 61, 62, 10**6)
    }

    assert len(made) == len(KEY_PREFIXES) * 4
    assert all(len(value) == 18 and id_is_valid(value) for value in made)


def test_an_id_with_a_letter_in_the_wrong_case_is_not_valid() -> None:
    value = id_make("00Q", pod=1, number=123456)
    first_letter = next(i for i, char in enumerate(value[:15]) if char.isalpha())
    swapped = value[:first_letter] + value[first_letter].swapcase() + value[first_letter + 1 :]

    assert id_is_valid(value)
    assert not id_is_valid(swapped)
    assert id_to_18("not-an-id") is None
    assert id_to_18("00Q") is None


def test_records_written_through_the_api_get_valid_ids_with_their_object_prefix(
    sf: Salesforce,
) -> None:
    account = sobject(sf, "Account").create({"Name": "Globex"})
    opportunity = sobject(sf, "Opportunity").create(
        {"Name": "Deal", "StageName": "Prospecting", "CloseDate": "2026-06-30"}
    )
    custom = sobject(sf, "Connected_External_Lead__c").create({"Title__c": "CTO"})
    [upserted] = upsert_many(sf, [lead("L-1")])

    assert account["id"].startswith("001")
    assert opportunity["id"].startswith("006")
    assert custom["id"].startswith("a0X")
    assert upserted["id"].startswith("00Q")
    assert all(
        id_is_valid(value)
        for value in (account["id"], opportunity["id"], custom["id"], upserted["id"])
    )
