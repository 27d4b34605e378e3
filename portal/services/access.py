"""Materialized access rows: the visibility rules of SPEC *Visibility*, in one place.

Each rule is one arm of a single INSERT ... SELECT, so the rules run set-based in the database
for one record or a million. Rows carry a bit per reason, which lets a detail page explain
why the viewer sees the record without evaluating the rules a second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.backends.utils import CursorWrapper

from accounts.models import MAX_HIERARCHY_DEPTH, Membership, PartnerAccount
from portal.models import (
    Account,
    AccountAccess,
    AccountGroupObjectPermission,
    AccountUserObjectPermission,
    Lead,
    LeadAccess,
    LeadGroupObjectPermission,
    LeadUserObjectPermission,
    Opportunity,
    OpportunityAccess,
    OpportunityGroupObjectPermission,
    OpportunityUserObjectPermission,
    Reason,
)


@dataclass(frozen=True)
class AccessSpec:
    """Which tables hold one object's records, shares and access rows."""

    record: type[models.Model]
    access: type[models.Model]
    user_perm: type[models.Model]
    group_perm: type[models.Model]
    super_user_applies: bool


SPECS: dict[type[models.Model], AccessSpec] = {
    Lead: AccessSpec(Lead, LeadAccess, LeadUserObjectPermission, LeadGroupObjectPermission, True),
    Opportunity: AccessSpec(
        Opportunity,
        OpportunityAccess,
        OpportunityUserObjectPermission,
        OpportunityGroupObjectPermission,
        True,
    ),
    # Super users see colleagues' leads and opportunities only (SPEC, rule 3).
    Account: AccessSpec(
        Account, AccountAccess, AccountUserObjectPermission, AccountGroupObjectPermission, False
    ),
}


def _perm_id(model: type[models.Model], action: str) -> int:
    content_type = ContentType.objects.get_for_model(model)
    codename = f"{action}_{model._meta.model_name}"
    return Permission.objects.get(content_type=content_type, codename=codename).pk


def _rules_sql(spec: AccessSpec, scope_sql: str, into: str | None = None) -> str:
    """The INSERT ... SELECT that writes the access rows of the records in scope.

    ``into`` names the table the rows go to; the access table itself by default.
    """
    t = spec.record._meta.db_table
    m = Membership._meta.db_table
    p = PartnerAccount._meta.db_table
    u = Membership._meta.get_field("user").related_model._meta.db_table
    up = spec.user_perm._meta.db_table
    gp = spec.group_perm._meta.db_table
    view, change = _perm_id(spec.record, "view"), _perm_id(spec.record, "change")
    where = f"t.id IN ({scope_sql})" if scope_sql else "1 = 1"
    arms = [
        # 1. The owner.
        f"SELECT v.user_id AS user_id, t.id AS id, t.created_at AS created_at, "
        f"{Reason.OWNER.value} AS bit, 1 AS e "
        f"FROM {t} t JOIN viewer v ON v.user_id = t.owner_id WHERE {where}",
        # 2. A partner role above the owner's in the same company.
        f"SELECT v.user_id, t.id, t.created_at, {Reason.ROLE_ABOVE_OWNER.value}, 1 "
        f"FROM {t} t JOIN owner_m o ON o.user_id = t.owner_id "
        f"JOIN viewer v ON v.partner_account_id = o.partner_account_id AND v.role > o.role "
        f"WHERE {where}",
        # 4. A company-wide share, through the company's group.
        f"SELECT v.user_id, t.id, t.created_at, "
        f"CASE WHEN g.permission_id = {view} THEN {Reason.COMPANY_SHARE.value} ELSE 0 END, "
        f"CASE WHEN g.permission_id = {change} THEN 1 ELSE 0 END "
        f"FROM {t} t JOIN {gp} g ON g.content_object_id = t.id "
        f"JOIN viewer v ON v.group_id = g.group_id WHERE {where}",
        # 5. A personal share.
        f"SELECT v.user_id, t.id, t.created_at, "
        f"CASE WHEN s.permission_id = {view} THEN {Reason.PERSONAL_SHARE.value} ELSE 0 END, "
        f"CASE WHEN s.permission_id = {change} THEN 1 ELSE 0 END "
        f"FROM {t} t JOIN {up} s ON s.content_object_id = t.id "
        f"JOIN viewer v ON v.user_id = s.user_id WHERE {where}",
        # 6. The top role of a parent company (up to five levels) of the owner's company.
        f"SELECT v.user_id, t.id, t.created_at, {Reason.PARENT_ACCOUNT.value}, 1 "
        f"FROM {t} t JOIN owner_m o ON o.user_id = t.owner_id "
        f"JOIN ancestor a ON a.account_id = o.partner_account_id "
        f"JOIN viewer v ON v.partner_account_id = a.ancestor_id AND v.role = v.role_count "
        f"WHERE {where}",
    ]
    if spec.super_user_applies:
        # 3. A super user, when the owner's role is the same or lower.
        arms.append(
            f"SELECT v.user_id, t.id, t.created_at, {Reason.SUPER_USER.value}, 1 "
            f"FROM {t} t JOIN owner_m o ON o.user_id = t.owner_id "
            f"JOIN viewer v ON v.partner_account_id = o.partner_account_id "
            f"AND v.is_super_user AND v.role >= o.role AND v.user_id <> o.user_id "
            f"WHERE {where}"
        )
    return (
        "WITH RECURSIVE "
        f"viewer AS (SELECT m.user_id, m.partner_account_id, m.role, m.is_super_user, "
        f"p.role_count, p.group_id FROM {m} m JOIN {u} usr ON usr.id = m.user_id "
        f"JOIN {p} p ON p.id = m.partner_account_id "
        f"WHERE m.is_active AND usr.is_active AND p.is_active), "
        f"owner_m AS (SELECT m.user_id, m.partner_account_id, m.role FROM {m} m), "
        f"ancestor (account_id, ancestor_id, depth) AS ("
        f"SELECT id, parent_id, 1 FROM {p} WHERE parent_id IS NOT NULL "
        f"UNION ALL SELECT a.account_id, p.parent_id, a.depth + 1 FROM ancestor a "
        f"JOIN {p} p ON p.id = a.ancestor_id "
        f"WHERE p.parent_id IS NOT NULL AND a.depth < {MAX_HIERARCHY_DEPTH}) "
        f"INSERT INTO {into or spec.access._meta.db_table} "
        "(user_id, record_id, created_at, reasons, can_edit) "
        "SELECT user_id, id, MAX(created_at), SUM(bit), MAX(e) = 1 "
        f"FROM ({' UNION ALL '.join(arms)}) AS arms "
        "GROUP BY user_id, id HAVING SUM(bit) > 0"
    )


SCOPE_CHUNK = 5000
# Records in a rebuild from which the temporary table of wanted rows is analyzed (PostgreSQL).
ANALYZE_FROM = 500


def _scope_sql(ids: list[int]) -> str:
    """An inline id list: ids are integers from the database, never user text."""
    return ",".join(str(int(pk)) for pk in ids)


@transaction.atomic
def access_rebuild(*, model: type[models.Model], record_ids: Iterable[int] | None = None) -> None:
    """Recompute the access rows of the given records (all records when ``record_ids`` is None).

    For given records only the rows whose reasons change are written: the rules fill a
    temporary table, then rows no rule gives any more are deleted, changed ones updated and
    new ones inserted. A change that touches many records but the access of few writes few
    rows (and leaves few dead ones), and an insert that meets a row a concurrent rebuild of the
    same record committed updates it instead of failing on the unique constraint.
    """
    spec = SPECS[model]
    table = spec.access._meta.db_table
    with connection.cursor() as cursor:
        if record_ids is None:
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(_rules_sql(spec, ""))
            return
        ids = sorted(set(record_ids))
        if not ids:
            return
        wanted = _wanted_table(cursor, table)
        for start in range(0, len(ids), SCOPE_CHUNK):
            end = min(start + SCOPE_CHUNK, len(ids))
            scope = _scope_sql(ids[start:end])
            cursor.execute(f"DELETE FROM {wanted}")
            cursor.execute(_rules_sql(spec, scope, into=wanted))
            if connection.vendor == "postgresql" and end - start > ANALYZE_FROM:
                # Temporary tables have no statistics until analyzed; joins over many rows
                # need them (a one-record rebuild, after every save, does not).
                cursor.execute(f"ANALYZE {wanted}")
            _write_changes(cursor, table, wanted, scope)


def _wanted_table(cursor: CursorWrapper, table: str) -> str:
    """A temporary table shaped like ``table``'s rows, for the rows the rules give now."""
    wanted = f"{table}_wanted"
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {wanted} AS "
        f"SELECT user_id, record_id, created_at, reasons, can_edit FROM {table} WHERE 1 = 0"
    )
    return wanted


def _write_changes(cursor: CursorWrapper, table: str, wanted: str, scope: str) -> None:
    """Make the access rows of the records in ``scope`` those of ``wanted``; write only changes."""
    same_row = f"w.user_id = {table}.user_id AND w.record_id = {table}.record_id"
    cursor.execute(
        f"DELETE FROM {table} WHERE record_id IN ({scope}) "
        f"AND NOT EXISTS (SELECT 1 FROM {wanted} w WHERE {same_row})"
    )
    cursor.execute(
        # The scope again, so the join starts from the records' rows, not the table's.
        f"UPDATE {table} SET reasons = w.reasons, can_edit = w.can_edit "
        f"FROM {wanted} w WHERE {table}.record_id IN ({scope}) AND {same_row} "
        f"AND ({table}.reasons <> w.reasons OR {table}.can_edit <> w.can_edit)"
    )
    cursor.execute(
        f"INSERT INTO {table} (user_id, record_id, created_at, reasons, can_edit) "
        f"SELECT w.user_id, w.record_id, w.created_at, w.reasons, w.can_edit FROM {wanted} w "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} a "
        f"WHERE a.user_id = w.user_id AND a.record_id = w.record_id) "
        "ON CONFLICT (record_id, user_id) DO UPDATE "
        "SET reasons = excluded.reasons, can_edit = excluded.can_edit"
    )


def access_refresh_records(*, records: Iterable[models.Model]) -> None:
    """Recompute access for records whose owner or shares changed."""
    by_model: dict[type[models.Model], set[int]] = {}
    for record in records:
        by_model.setdefault(type(record), set()).add(record.pk)
    for model, ids in by_model.items():
        access_rebuild(model=model, record_ids=ids)


def _with_descendants(account_ids: set[int]) -> set[int]:
    found, level = set(account_ids), set(account_ids)
    for _ in range(MAX_HIERARCHY_DEPTH):
        level = (
            set(PartnerAccount.objects.filter(parent__in=level).values_list("pk", flat=True))
            - found
        )
        if not level:
            break
        found |= level
    return found


def access_refresh_for_people(*, partner_account_ids: set[int], user_ids: set[int]) -> None:
    """Recompute access for every record a change to these companies or users can touch.

    That is the records owned in the companies and their descendants (roles, super users,
    parent accounts) and the records shared with the companies or the users.
    """
    accounts = _with_descendants(partner_account_ids)
    groups = PartnerAccount.objects.filter(pk__in=partner_account_ids).values("group_id")
    for model, spec in SPECS.items():
        ids = set(
            model._default_manager.filter(
                owner__membership__partner_account__in=accounts
            ).values_list("pk", flat=True)
        )
        ids |= set(
            spec.group_perm.objects.filter(group__in=groups).values_list(  # type: ignore[attr-defined]
                "content_object_id", flat=True
            )
        )
        ids |= set(
            spec.user_perm.objects.filter(user__in=user_ids).values_list(  # type: ignore[attr-defined]
                "content_object_id", flat=True
            )
        )
        access_rebuild(model=model, record_ids=ids)


def access_rebuild_all() -> None:
    """Recompute every access row (after a bulk load)."""
    for model in SPECS:
        access_rebuild(model=model, record_ids=None)


def access_refresh_on_people_changed(
    sender: object, *, partner_account_ids: set[int], user_ids: set[int], **kwargs: object
) -> None:
    """Receiver of ``accounts.signals.people_changed``: refresh the access rows it can touch."""
    access_refresh_for_people(partner_account_ids=partner_account_ids, user_ids=user_ids)
