"""Vendor records (Account, Contact, Lead, Opportunity, Note), their shares and access rows."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from accounts.models import PartnerAccount
from portal.fieldtypes import SalesforceType as T

User = settings.AUTH_USER_MODEL


class Industry(models.TextChoices):
    AGRICULTURE = "Agriculture"
    BANKING = "Banking"
    CHEMICALS = "Chemicals"
    COMMUNICATIONS = "Communications"
    CONSTRUCTION = "Construction"
    CONSULTING = "Consulting"
    EDUCATION = "Education"
    ELECTRONICS = "Electronics"
    ENERGY = "Energy"
    ENGINEERING = "Engineering"
    FINANCE = "Finance"
    GOVERNMENT = "Government"
    HEALTHCARE = "Healthcare"
    HOSPITALITY = "Hospitality"
    INSURANCE = "Insurance"
    MANUFACTURING = "Manufacturing"
    MEDIA = "Media"
    RETAIL = "Retail"
    TECHNOLOGY = "Technology"
    TRANSPORTATION = "Transportation"
    OTHER = "Other"


class LeadSource(models.TextChoices):
    WEB = "Web"
    PHONE_INQUIRY = "Phone Inquiry"
    PARTNER_REFERRAL = "Partner Referral"
    PURCHASED_LIST = "Purchased List"
    TRADE_SHOW = "Trade Show"
    WORD_OF_MOUTH = "Word of mouth"
    OTHER = "Other"


class LeadStatus(models.TextChoices):
    OPEN = "Open - Not Contacted"
    WORKING = "Working - Contacted"
    CONVERTED = "Closed - Converted"
    NOT_CONVERTED = "Closed - Not Converted"


OPEN_LEAD_STATUSES = (LeadStatus.OPEN, LeadStatus.WORKING)


class Rating(models.TextChoices):
    HOT = "Hot"
    WARM = "Warm"
    COLD = "Cold"


class Stage(models.TextChoices):
    PROSPECTING = "Prospecting"
    QUALIFICATION = "Qualification"
    NEEDS_ANALYSIS = "Needs Analysis"
    VALUE_PROPOSITION = "Value Proposition"
    DECISION_MAKERS = "Id. Decision Makers"
    PERCEPTION_ANALYSIS = "Perception Analysis"
    PROPOSAL = "Proposal/Price Quote"
    NEGOTIATION = "Negotiation/Review"
    CLOSED_WON = "Closed Won"
    CLOSED_LOST = "Closed Lost"


CLOSED_STAGES = (Stage.CLOSED_WON, Stage.CLOSED_LOST)


class OpportunityType(models.TextChoices):
    NEW_CUSTOMER = "New Customer"
    UPGRADE = "Existing Customer - Upgrade"
    REPLACEMENT = "Existing Customer - Replacement"
    DOWNGRADE = "Existing Customer - Downgrade"


class AccountType(models.TextChoices):
    PROSPECT = "Prospect"
    CUSTOMER_DIRECT = "Customer - Direct"
    CUSTOMER_CHANNEL = "Customer - Channel"
    PARTNER = "Channel Partner / Reseller"
    OTHER = "Other"


class VendorRecord(models.Model):
    """Fields every shared record has: an owner, the partner company it belongs to, times."""

    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    partner_account = models.ForeignKey(
        PartnerAccount,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The owner's partner company; empty for records owned by vendor staff.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Field name -> Salesforce type; fields not listed are system fields.
    salesforce_types: ClassVar[dict[str, T]] = {}

    class Meta:
        abstract = True


class AddressMixin(models.Model):
    # Lengths as in Salesforce's standard address fields, so values always fit on export.
    street = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=40, blank=True)
    state = models.CharField("state/province", max_length=80, blank=True)
    postal_code = models.CharField("zip/postal code", max_length=20, blank=True)
    country = models.CharField(max_length=80, blank=True)

    class Meta:
        abstract = True


class Account(VendorRecord, AddressMixin):
    name = models.CharField("account name", max_length=255)
    account_number = models.CharField(max_length=40, blank=True)
    type = models.CharField(max_length=40, choices=AccountType.choices, blank=True)
    industry = models.CharField(max_length=40, choices=Industry.choices, blank=True)
    website = models.URLField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    annual_revenue = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    number_of_employees = models.PositiveIntegerField("employees", null=True, blank=True)
    description = models.TextField(blank=True)

    salesforce_types: ClassVar[dict[str, T]] = {
        "name": T.TEXT,
        "account_number": T.TEXT,
        "type": T.PICKLIST,
        "industry": T.PICKLIST,
        "website": T.URL,
        "phone": T.PHONE,
        "annual_revenue": T.CURRENCY,
        "number_of_employees": T.NUMBER,
        "street": T.ADDRESS,
        "city": T.ADDRESS,
        "state": T.ADDRESS,
        "postal_code": T.ADDRESS,
        "country": T.ADDRESS,
        "description": T.LONG_TEXT_AREA,
        "owner": T.LOOKUP,
    }

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contact(VendorRecord, AddressMixin):
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    first_name = models.CharField(max_length=80, blank=True)
    last_name = models.CharField(max_length=80)
    title = models.CharField(max_length=128, blank=True)
    email = models.EmailField(max_length=80, blank=True)  # Salesforce: Email(80)
    phone = models.CharField(max_length=40, blank=True)
    mobile_phone = models.CharField(max_length=40, blank=True)
    lead_source = models.CharField(max_length=40, choices=LeadSource.choices, blank=True)
    description = models.TextField(blank=True)

    salesforce_types: ClassVar[dict[str, T]] = {
        "first_name": T.TEXT,
        "last_name": T.TEXT,
        "title": T.TEXT,
        "email": T.EMAIL,
        "phone": T.PHONE,
        "mobile_phone": T.PHONE,
        "lead_source": T.PICKLIST,
        "street": T.ADDRESS,
        "city": T.ADDRESS,
        "state": T.ADDRESS,
        "postal_code": T.ADDRESS,
        "country": T.ADDRESS,
        "description": T.LONG_TEXT_AREA,
        "account": T.LOOKUP,
        "owner": T.LOOKUP,
    }

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Lead(VendorRecord, AddressMixin):
    first_name = models.CharField(max_length=40, blank=True)
    last_name = models.CharField(max_length=80)
    title = models.CharField(max_length=128, blank=True)
    company = models.CharField(max_length=255)
    email = models.EmailField(max_length=80, blank=True)  # Salesforce: Email(80)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    status = models.CharField(max_length=40, choices=LeadStatus.choices, default=LeadStatus.OPEN)
    rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    industry = models.CharField(max_length=40, choices=Industry.choices, blank=True)
    lead_source = models.CharField(max_length=40, choices=LeadSource.choices, blank=True)
    annual_revenue = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    number_of_employees = models.PositiveIntegerField("employees", null=True, blank=True)
    description = models.TextField(blank=True)

    salesforce_types: ClassVar[dict[str, T]] = {
        "first_name": T.TEXT,
        "last_name": T.TEXT,
        "title": T.TEXT,
        "company": T.TEXT,
        "email": T.EMAIL,
        "phone": T.PHONE,
        "website": T.URL,
        "status": T.PICKLIST,
        "rating": T.PICKLIST,
        "industry": T.PICKLIST,
        "lead_source": T.PICKLIST,
        "annual_revenue": T.CURRENCY,
        "number_of_employees": T.NUMBER,
        "street": T.ADDRESS,
        "city": T.ADDRESS,
        "state": T.ADDRESS,
        "postal_code": T.ADDRESS,
        "country": T.ADDRESS,
        "description": T.LONG_TEXT_AREA,
        "owner": T.LOOKUP,
    }

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partner_account", "-created_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Opportunity(VendorRecord):
    name = models.CharField(max_length=120)
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="opportunities"
    )
    amount = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    close_date = models.DateField()
    stage = models.CharField(max_length=40, choices=Stage.choices, default=Stage.PROSPECTING)
    probability = models.PositiveSmallIntegerField("probability (%)", null=True, blank=True)
    type = models.CharField(max_length=40, choices=OpportunityType.choices, blank=True)
    lead_source = models.CharField(max_length=40, choices=LeadSource.choices, blank=True)
    next_step = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)

    salesforce_types: ClassVar[dict[str, T]] = {
        "name": T.TEXT,
        "amount": T.CURRENCY,
        "close_date": T.DATE,
        "stage": T.PICKLIST,
        "probability": T.PERCENT,
        "type": T.PICKLIST,
        "lead_source": T.PICKLIST,
        "next_step": T.TEXT,
        "description": T.LONG_TEXT_AREA,
        "account": T.LOOKUP,
        "owner": T.LOOKUP,
    }

    class Meta:
        verbose_name_plural = "opportunities"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partner_account", "-created_at", "-id"])]

    def __str__(self) -> str:
        return self.name


# The longest note a partner may add, in characters; longer is refused, never cut.
NOTE_MAX_LENGTH = 10_000


class Note(models.Model):
    """A timeline note on a lead or an opportunity."""

    lead = models.ForeignKey(
        Lead, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead__isnull=False, opportunity__isnull=True)
                | Q(lead__isnull=True, opportunity__isnull=False),
                name="note_on_exactly_one_record",
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]


class PartnerEditableField(models.Model):
    """A field the vendor lets partners with Read/Write access edit on the partner site."""

    class ObjectType(models.TextChoices):
        LEAD = "lead", "Lead"
        OPPORTUNITY = "opportunity", "Opportunity"
        ACCOUNT = "account", "Account"

    object_type = models.CharField(max_length=20, choices=ObjectType.choices)
    field_name = models.CharField(max_length=64)

    class Meta:
        ordering = ["object_type", "field_name"]
        constraints = [
            models.UniqueConstraint(fields=["object_type", "field_name"], name="unique_editable")
        ]

    def __str__(self) -> str:
        return f"{self.get_object_type_display()}.{self.field_name}"


# Shares: django-guardian object permissions with direct foreign keys. Company-wide shares go
# to the partner company's group; personal shares to the user. "view" is Read, "change" adds
# Write.


class LeadUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Lead, on_delete=models.CASCADE)


class LeadGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Lead, on_delete=models.CASCADE)


class OpportunityUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Opportunity, on_delete=models.CASCADE)


class OpportunityGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Opportunity, on_delete=models.CASCADE)


class AccountUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Account, on_delete=models.CASCADE)


class AccountGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Account, on_delete=models.CASCADE)


# Access rows: who may see which record and why, materialized from the rules the way
# Salesforce keeps its share tables, so a list page is one index range scan per user.


class Reason(models.IntegerChoices):
    OWNER = 1, "You own it"
    ROLE_ABOVE_OWNER = 2, "Your partner role is above the owner's"
    SUPER_USER = 4, "You are a super user and the owner's role is the same or lower"
    COMPANY_SHARE = 8, "It is shared with your whole company"
    PERSONAL_SHARE = 16, "It is shared with you personally"
    PARENT_ACCOUNT = 32, "You hold the top role of a parent partner account of the owner's"


class RecordAccess(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    reasons = models.PositiveSmallIntegerField()
    can_edit = models.BooleanField()

    class Meta:
        abstract = True

    def reason_list(self) -> list[Reason]:
        return [reason for reason in Reason if self.reasons & reason.value]


class LeadAccess(RecordAccess):
    record = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="access")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "user"], name="unique_lead_access")
        ]
        indexes = [models.Index(fields=["user", "-created_at", "-record"], name="lead_access_page")]

    def __str__(self) -> str:
        return f"{self.user_id} sees {self.record_id}"


class OpportunityAccess(RecordAccess):
    record = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="access")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "user"], name="unique_opportunity_access")
        ]
        indexes = [models.Index(fields=["user", "-created_at", "-record"], name="opp_access_page")]

    def __str__(self) -> str:
        return f"{self.user_id} sees {self.record_id}"


class AccountAccess(RecordAccess):
    record = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="access")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "user"], name="unique_account_access")
        ]
        indexes = [models.Index(fields=["user", "-created_at", "-record"], name="acct_access_page")]

    def __str__(self) -> str:
        return f"{self.user_id} sees {self.record_id}"


class SavedListView(models.Model):
    """A named list view of leads or opportunities: its columns, filters and sort."""

    class ObjectType(models.TextChoices):
        LEAD = "lead", "Lead"
        OPPORTUNITY = "opportunity", "Opportunity"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_list_views")
    object_type = models.CharField(max_length=20, choices=ObjectType.choices)
    name = models.CharField(max_length=100)
    columns = models.JSONField(default=list)
    filters = models.JSONField(default=dict)
    sort = models.CharField(max_length=64, blank=True)
    is_default = models.BooleanField("default view", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["object_type", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "object_type", "name"], name="unique_list_view_name"
            ),
            models.UniqueConstraint(
                fields=["user", "object_type"],
                condition=Q(is_default=True),
                name="one_default_list_view",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_object_type_display()} view {self.name}"
