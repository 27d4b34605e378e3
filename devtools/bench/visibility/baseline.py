"""An independent formulation of lead visibility, straight from the shares and the people.

It answers the same question as the access rows without reading them: django-guardian's
object permissions for the shares, OR'ed with the owner, role, super-user and parent-account
rules written as ORM conditions. The benchmark times it as the baseline and compares its
answers with the selector's.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_group, get_objects_for_user

from accounts.models import MAX_HIERARCHY_DEPTH, Membership, PartnerAccount, User
from portal.models import Lead


def _descendant_ids(account: PartnerAccount) -> list[int]:
    """Companies below ``account``, up to the deepest hierarchy allowed."""
    found: list[int] = []
    level = [account.pk]
    for _ in range(MAX_HIERARCHY_DEPTH):
        level = list(PartnerAccount.objects.filter(parent__in=level).values_list("pk", flat=True))
        if not level:
            break
        found += level
    return found


def leads_visible_by_guardian(user: User) -> QuerySet[Lead]:
    """Leads the user sees by the SPEC rules, newest first, computed without access rows."""
    membership = (
        Membership.objects.select_related("partner_account__group")
        .filter(user=user, is_active=True, user__is_active=True, partner_account__is_active=True)
        .first()
    )
    if membership is None or user.is_staff:
        return Lead.objects.none()
    company = membership.partner_account
    perm = "portal.view_lead"
    personal = get_objects_for_user(user, perm, Lead, accept_global_perms=False)
    # Users are not members of their company's group; company shares are read from the group.
    company_wide = get_objects_for_group(company.group, perm, Lead, accept_global_perms=False)
    same_company = Q(owner__membership__partner_account=company)
    rules = Q(owner=user) | (same_company & Q(owner__membership__role__lt=membership.role))
    if membership.is_super_user:
        rules |= same_company & Q(owner__membership__role__lte=membership.role)
    if membership.role == company.role_count:
        rules |= Q(owner__membership__partner_account__in=_descendant_ids(company))
    return (personal | company_wide | Lead.objects.filter(rules)).order_by("-created_at", "-id")
