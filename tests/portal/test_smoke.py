from accounts.models import PartnerRole
from portal.models import Lead
from portal.selectors.records import leads_visible_to
from tests.factories import LeadFactory


def test_manager_sees_the_lead_of_a_user_below_them(plenty_of_seats, company, member):
    user = member(company, PartnerRole.USER).user
    manager = member(company, PartnerRole.MANAGER).user
    lead = LeadFactory.create(owner=user)
    assert list(leads_visible_to(manager)) == [lead]
    assert Lead.objects.count() == 1
