"""Idempotency-Key on POST /exports/: a retry answers the first response and starts no job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from api.models import IdempotencyKey
from sync.models import ConnectionStatus, ExportJob, JobStatus
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

EXPORTS = "/api/v1/exports/"


def post(client, body, key):
    return client.post(EXPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_the_same_key_and_body_answer_the_first_job_without_a_second(
    api_client_for, connection, exporter, leads
):
    client = api_client_for(exporter)
    body = {"object_type": "Lead", "record_ids": [lead.pk for lead in leads]}

    first = post(client, body, "retry-1")
    again = post(client, body, "retry-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert ExportJob.objects.count() == 1


def test_the_same_body_written_differently_is_the_same_request(
    api_client_for, connection, exporter, leads
):
    client = api_client_for(exporter)
    first = post(client, {"object_type": "Lead", "record_ids": [leads[0].pk]}, "k")
    again = post(client, {"record_ids": [str(leads[0].pk)], "object_type": "lead"}, "k")

    assert again.status_code == 201
    assert again.json()["batch_id"] == first.json()["batch_id"]
    assert ExportJob.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_and_starts_nothing(
    api_client_for, connection, exporter, leads
):
    client = api_client_for(exporter)
    post(client, {"object_type": "Lead", "record_ids": [leads[0].pk]}, "k")

    response = post(client, {"object_type": "Lead", "record_ids": [leads[1].pk]}, "k")

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "idempotency_key_reused"
    assert "different request body" in error["message"]
    assert ExportJob.objects.count() == 1
    assert not leads[1].record_maps.exists()


def test_a_key_is_the_callers_own(api_client_for, connection, exporter, leads, member, company):
    colleague = member(company, can_export=True).user
    theirs = LeadFactory.create(owner=colleague)
    mine = post(api_client_for(exporter), {"object_type": "Lead", "record_ids": [leads[0].pk]}, "k")
    other = post(api_client_for(colleague), {"object_type": "Lead", "record_ids": [theirs.pk]}, "k")

    assert mine.status_code == other.status_code == 201
    assert mine.json()["batch_id"] != other.json()["batch_id"]
    assert ExportJob.objects.count() == 2


def test_without_a_key_a_second_post_is_a_second_request(
    api_client_for, connection, exporter, leads
):
    client = api_client_for(exporter)
    body = {"object_type": "Lead", "record_ids": [leads[0].pk]}
    assert client.post(EXPORTS, body).status_code == 201

    again = client.post(EXPORTS, body)

    # The record is still being exported by the first job: a state conflict, not bad input.
    assert again.status_code == 409
    assert "already being exported" in again.json()["error"]["message"]
    assert ExportJob.objects.count() == 1
    assert not IdempotencyKey.objects.exists()


def test_a_key_expires_after_the_configured_hours(
    api_client_for, connection, exporter, leads, settings
):
    settings.API_IDEMPOTENCY_KEY_HOURS = 24
    client = api_client_for(exporter)
    body = {"object_type": "Lead", "record_ids": [leads[0].pk]}
    first = post(client, body, "k")
    ExportJob.objects.update(status=JobStatus.COMPLETED)
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=23))
    assert post(client, body, "k").json()["batch_id"] == first.json()["batch_id"]

    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    later = post(client, body, "k")

    assert later.status_code == 201
    assert later.json()["batch_id"] != first.json()["batch_id"]
    assert "Idempotent-Replayed" not in later
    assert ExportJob.objects.count() == 2


def test_a_refused_request_is_not_remembered_so_a_retry_can_succeed(
    api_client_for, connection, exporter, leads
):
    client = api_client_for(exporter)
    body = {"object_type": "Lead", "record_ids": [leads[0].pk]}
    connection.status = ConnectionStatus.DISABLED
    connection.save()
    assert post(client, body, "k").status_code == 409
    assert not IdempotencyKey.objects.exists()

    connection.status = ConnectionStatus.ENABLED
    connection.save()
    retry = post(client, body, "k")

    assert retry.status_code == 201
    assert ExportJob.objects.count() == 1


def test_an_overlong_key_is_a_400_naming_the_header(api_client_for, connection, exporter, leads):
    response = post(
        api_client_for(exporter), {"object_type": "Lead", "record_ids": [leads[0].pk]}, "k" * 256
    )

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["error"]["fields"]
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("key", ["a\x00b", "tab\there"])
def test_a_key_with_a_control_character_is_a_400_naming_the_header(
    api_client_for, connection, exporter, leads, key
):
    response = post(
        api_client_for(exporter), {"object_type": "Lead", "record_ids": [leads[0].pk]}, key
    )

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["error"]["fields"]
    assert not ExportJob.objects.exists()
    assert not IdempotencyKey.objects.exists()
