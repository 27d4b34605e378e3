"""Emulated orgs: what a test knows of an org on the emulator, and the describes it answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from emulator.describe import object_describe
from emulator.schema import schema_build
from salesforce import ObjectDescribe
from salesforce.parsing import object_describe_parse


@dataclass(frozen=True)
class EmulatedOrg:
    """An org on the emulator.

    `host` is the My Domain host, as Connection.my_domain stores it
    ("org-1a2b3c.my.salesforce.com"); `my_domain` is the `domain` simple-salesforce takes for
    that host ("org-1a2b3c.my"). `user_ids` are the active users other than the integration
    user; `inactive_user_id` owns nothing and cannot; `queue_id` is a lead queue.
    """

    host: str
    my_domain: str
    client_id: str
    client_secret: str
    base_url: str
    org_id: str
    integration_user_id: str
    user_ids: tuple[str, ...]
    inactive_user_id: str
    queue_id: str


OrgFactory = Callable[..., EmulatedOrg]


def describe_of(sobject: str, spec: dict | None = None) -> ObjectDescribe:
    """The describe an emulated org with this schema spec answers, without HTTP."""
    schema = schema_build(spec)
    return object_describe_parse(object_describe(schema[sobject], "62.0"))
