"""Payload building: only accepted, mapped fields cross; values by type; picklists; partial."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext

from portal.fieldtypes import SalesforceType as T
from portal.models import LeadSource, LeadStatus, Rating, Stage
from sync.models import FieldMapping, ObjectType
from sync.payloads import (
    FieldPlan,
    external_id_of,
    payload_build,
    payload_digest,
    payloads_for,
    value_convert,
)
from sync.selectors.connections import mapped_fields
from tests.factories import LeadFactory, OpportunityFactory
from tests.factories.sync import ConnectionFactory, FieldMappingFactory, ObjectMappingFactory

pytestmark = pytest.mark.django_db


def _mapping(object_type: str = ObjectType.LEAD, **kwargs):
    return ObjectMappingFactory.create(
        connection=ConnectionFactory.create(), object_type=object_type, **kwargs
    )


def _field(mapping, name: str, target: str, **kwargs) -> FieldMapping:
    kwargs.setdefault("accepted", True)
    return FieldMappingFactory.create(
        object_mapping=mapping, field_name=name, target_field=target, **kwargs
    )


def test_only_accepted_and_mapped_fields_cross():
    mapping = _mapping()
    _field(mapping, "last_name", "LastName")
    _field(mapping, "company", "Company")
    _field(mapping, "email", "Email", accepted=False)
    _field(mapping, "title", "")
    lead = LeadFactory.create(last_name="Ng", company="Initech", email="a@b.example", title="CTO")
    payload = payloads_for(mapping, mapped_fields(mapping), [lead.pk])[lead.pk]
    assert payload.body == {
        "Vendor_Record_Id__c": str(lead.pk),
        "Company": "Initech",
        "LastName": "Ng",
    }
    assert not payload.partial
    assert payload.error == ""


def test_the_external_id_is_the_vendor_id_as_a_string_in_the_mapped_field():
    mapping = _mapping(external_id_field="Acme_Ref__c")
    lead = LeadFactory.create()
    payload = payloads_for(mapping, [], [lead.pk])[lead.pk]
    assert payload.body == {"Acme_Ref__c": str(lead.pk)}
    assert external_id_of(lead.pk) == str(lead.pk)


def test_values_are_converted_by_type():
    assert value_convert(T.CURRENCY, Decimal("1234.50")) == 1234.5
    assert isinstance(value_convert(T.CURRENCY, Decimal("1234.50")), float)
    assert value_convert(T.NUMBER, 250) == 250
    assert value_convert(T.PERCENT, Decimal("12.5")) == 12.5
    assert value_convert(T.DATE, dt.date(2026, 3, 9)) == "2026-03-09"
    aware = dt.datetime(2026, 3, 9, 14, 5, 7, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert value_convert(T.DATETIME, aware) == "2026-03-09T12:05:07.123Z"
    assert value_convert(T.TIME, dt.time(8, 30)) == "08:30:00.000Z"
    assert value_convert(T.CHECKBOX, 1) is True
    assert value_convert(T.TEXT, "Hello") == "Hello"
    assert value_convert(T.EMAIL, "") is None
    assert value_convert(T.CURRENCY, None) is None


def test_opportunity_values_cross_as_json_types():
    mapping = _mapping(ObjectType.OPPORTUNITY)
    _field(mapping, "amount", "Amount")
    _field(mapping, "close_date", "CloseDate")
    _field(mapping, "probability", "Probability")
    _field(mapping, "stage", "StageName")
    opportunity = OpportunityFactory.create(
        amount=Decimal("5000.00"),
        close_date=dt.date(2026, 12, 1),
        probability=40,
        stage=Stage.PROPOSAL,
    )
    body = payloads_for(mapping, mapped_fields(mapping), [opportunity.pk])[opportunity.pk].body
    assert body == {
        "Vendor_Record_Id__c": str(opportunity.pk),
        "Amount": 5000.0,
        "CloseDate": "2026-12-01",
        "Probability": 40,
        "StageName": "Proposal/Price Quote",
    }


def test_picklist_values_go_through_the_value_map_and_the_default():
    mapping = _mapping()
    _field(
        mapping,
        "status",
        "Status",
        picklist_map={LeadStatus.OPEN: "New", LeadStatus.WORKING: "Contacted"},
        picklist_default="Other",
    )
    open_lead = LeadFactory.create(status=LeadStatus.OPEN)
    working = LeadFactory.create(status=LeadStatus.WORKING)
    converted = LeadFactory.create(status=LeadStatus.CONVERTED)
    payloads = payloads_for(
        mapping, mapped_fields(mapping), [open_lead.pk, working.pk, converted.pk]
    )
    assert payloads[open_lead.pk].body["Status"] == "New"
    assert payloads[working.pk].body["Status"] == "Contacted"
    assert payloads[converted.pk].body["Status"] == "Other"
    assert not any(p.partial for p in payloads.values())


def test_an_unmapped_picklist_value_without_default_is_left_out_and_the_record_is_partial():
    mapping = _mapping()
    _field(mapping, "last_name", "LastName")
    _field(mapping, "rating", "Rating", picklist_map={Rating.HOT: "Hot"})
    hot = LeadFactory.create(rating=Rating.HOT)
    cold = LeadFactory.create(rating=Rating.COLD)
    payloads = payloads_for(mapping, mapped_fields(mapping), [hot.pk, cold.pk])
    assert payloads[hot.pk].body["Rating"] == "Hot"
    assert not payloads[hot.pk].partial
    assert "Rating" not in payloads[cold.pk].body
    assert payloads[cold.pk].left_out == ["rating"]
    assert payloads[cold.pk].partial


def test_a_picklist_mapped_without_a_value_map_takes_the_values_as_they_are():
    mapping = _mapping()
    _field(mapping, "lead_source", "LeadSource")
    lead = LeadFactory.create(lead_source=LeadSource.TRADE_SHOW)
    payload = payloads_for(mapping, mapped_fields(mapping), [lead.pk])[lead.pk]
    assert payload.body["LeadSource"] == "Trade Show"
    assert not payload.partial


def test_an_empty_picklist_value_clears_the_field_rather_than_taking_the_default():
    plan = FieldPlan("rating", "Rating", T.PICKLIST, {"Hot": "Hot"}, "Warm")
    payload = payload_build({"id": 7, "rating": ""}, [plan], external_id_field="X__c", owner_id="")
    assert payload.body == {"X__c": "7", "Rating": None}


def test_the_default_owner_goes_only_with_records_never_exported_and_not_into_the_hash():
    mapping = _mapping(default_owner_id="005000000000001AAA")
    _field(mapping, "last_name", "LastName")
    new, known = LeadFactory.create(last_name="A"), LeadFactory.create(last_name="A")
    payloads = payloads_for(mapping, mapped_fields(mapping), [new.pk, known.pk], new_ids=[new.pk])
    assert payloads[new.pk].body["OwnerId"] == "005000000000001AAA"
    assert "OwnerId" not in payloads[known.pk].body
    without_owner = dict(payloads[new.pk].body)
    del without_owner["OwnerId"]
    assert payloads[new.pk].digest == payload_digest(without_owner)


def test_the_hash_is_stable_and_changes_with_any_sent_value():
    mapping = _mapping()
    _field(mapping, "company", "Company")
    lead = LeadFactory.create(company="Initech")
    first = payloads_for(mapping, mapped_fields(mapping), [lead.pk])[lead.pk].digest
    again = payloads_for(mapping, mapped_fields(mapping), [lead.pk])[lead.pk].digest
    assert first == again
    lead.company = "Initrode"
    lead.save()
    assert payloads_for(mapping, mapped_fields(mapping), [lead.pk])[lead.pk].digest != first


def test_a_field_no_longer_exportable_makes_every_payload_an_error_and_sends_nothing():
    mapping = _mapping()
    _field(mapping, "last_name", "LastName")
    _field(mapping, "description", "Description")  # a long text area: not exportable
    lead = LeadFactory.create()
    payload = payloads_for(mapping, mapped_fields(mapping), [lead.pk])[lead.pk]
    assert payload.body == {}
    assert "description" in payload.error
    assert "re-select" in payload.error


def test_records_are_read_in_one_query_whatever_their_number():
    mapping = _mapping()
    _field(mapping, "last_name", "LastName")
    _field(mapping, "status", "Status")
    ids = [LeadFactory.create().pk for _ in range(30)]
    fields = mapped_fields(mapping)
    with CaptureQueriesContext(db) as queries:
        payloads = payloads_for(mapping, fields, ids)
    assert len(payloads) == 30
    assert len(queries) == 1
