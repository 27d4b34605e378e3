"""The standard Salesforce field each exportable vendor field corresponds to.

Used to suggest a partner mapping and by the demo; the partner admin may map elsewhere.
"""

from __future__ import annotations

from sync.models import ObjectType

STANDARD_TARGETS: dict[str, dict[str, str]] = {
    ObjectType.LEAD: {
        "first_name": "FirstName",
        "last_name": "LastName",
        "title": "Title",
        "company": "Company",
        "email": "Email",
        "phone": "Phone",
        "website": "Website",
        "status": "Status",
        "rating": "Rating",
        "industry": "Industry",
        "lead_source": "LeadSource",
        "annual_revenue": "AnnualRevenue",
        "number_of_employees": "NumberOfEmployees",
        "street": "Street",
        "city": "City",
        "state": "State",
        "postal_code": "PostalCode",
        "country": "Country",
    },
    ObjectType.OPPORTUNITY: {
        "name": "Name",
        "amount": "Amount",
        "close_date": "CloseDate",
        "stage": "StageName",
        "probability": "Probability",
        "type": "Type",
        "lead_source": "LeadSource",
        "next_step": "NextStep",
    },
}

# Update fields suggested by default (at most 10 per object).
STANDARD_UPDATE_FIELDS: dict[str, list[str]] = {
    ObjectType.LEAD: ["status", "rating", "email", "phone", "title"],
    ObjectType.OPPORTUNITY: ["stage", "amount", "close_date", "next_step", "probability"],
}
