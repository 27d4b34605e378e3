"""Users, partner companies, memberships, invitations and the PRM seat pool."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

MAX_HIERARCHY_DEPTH = 5


class UserManager(BaseUserManager["User"]):
    """Creates users identified by their email address."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an email address: vendor staff or a partner user."""

    email = models.EmailField("email address", unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(
        "vendor staff", default=False, help_text="Vendor employees who may use Django admin."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class Tier(models.TextChoices):
    REGISTERED = "registered", "Registered"
    SILVER = "silver", "Silver"
    GOLD = "gold", "Gold"
    PLATINUM = "platinum", "Platinum"


class Region(models.TextChoices):
    NORTH_AMERICA = "na", "North America"
    LATIN_AMERICA = "latam", "Latin America"
    EMEA = "emea", "Europe, Middle East and Africa"
    APAC = "apac", "Asia Pacific"


class Program(models.TextChoices):
    RESELLER = "reseller", "Reseller"
    REFERRAL = "referral", "Referral"
    MSP = "msp", "Managed service provider"
    DISTRIBUTOR = "distributor", "Distributor"


class PartnerRole(models.IntegerChoices):
    """Partner roles in ascending order: a higher value sits above a lower one."""

    USER = 1, "User"
    MANAGER = 2, "Manager"
    EXECUTIVE = 3, "Executive"


class PartnerAccount(models.Model):
    """A partner company, optionally the child of another in an external account hierarchy."""

    name = models.CharField(max_length=255, unique=True)
    website_domain = models.CharField(max_length=255, blank=True)
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.REGISTERED)
    region = models.CharField(max_length=20, choices=Region.choices, default=Region.NORTH_AMERICA)
    program = models.CharField(max_length=20, choices=Program.choices, default=Program.RESELLER)
    role_count = models.PositiveSmallIntegerField(
        "partner roles",
        default=3,
        choices=[(1, "1 (User)"), (2, "2 (User, Manager)"), (3, "3 (User, Manager, Executive)")],
        help_text="How many partner roles the company uses, counted from User upwards.",
    )
    channel_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_partner_accounts",
        limit_choices_to={"is_staff": True},
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="partner_account", editable=False
    )
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def top_role(self) -> PartnerRole:
        """The highest partner role this company uses."""
        return PartnerRole(self.role_count)


class Membership(models.Model):
    """A user's place in one partner company: role and flags."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    partner_account = models.ForeignKey(
        PartnerAccount, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.PositiveSmallIntegerField(choices=PartnerRole.choices, default=PartnerRole.USER)
    is_super_user = models.BooleanField(
        "super user",
        default=False,
        help_text="Sees the leads and opportunities of colleagues with the same or a lower role.",
    )
    is_partner_admin = models.BooleanField(
        "partner admin",
        default=False,
        help_text="Establish an Approved PRM External Integration (takes a PRM seat).",
    )
    can_export = models.BooleanField(
        "export permission",
        default=False,
        help_text="Export Vendor Records to an Authorized Partner Org (takes a PRM seat).",
    )
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partner_account__name", "user__email"]
        indexes = [models.Index(fields=["partner_account", "role"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.partner_account}, {self.get_role_display()})"

    @property
    def needs_seat(self) -> bool:
        """Whether the flags this membership holds call for a PRM seat."""
        return self.is_partner_admin or self.can_export


# A membership holds a seat while it, its user and its company are active and it carries a
# capability that needs one. Seats are derived, never stored, so no path can leave a stale seat.
SEAT_HOLDER_Q = Q(is_active=True, user__is_active=True, partner_account__is_active=True) & (
    Q(is_partner_admin=True) | Q(can_export=True)
)


class SeatPool(models.Model):
    """The vendor's pool of PRM seats (a single row, locked before seats are counted)."""

    seats_purchased = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "PRM seat pool"
        verbose_name_plural = "PRM seat pool"

    def __str__(self) -> str:
        return f"{self.seats_purchased} PRM seats purchased"


class InvitationStatus(models.TextChoices):
    REQUESTED = "requested", "Requested by partner admin"
    PENDING = "pending", "Sent"
    ACCEPTED = "accepted", "Accepted"
    REVOKED = "revoked", "Revoked"


class Invitation(models.Model):
    """An emailed, signed, single-use invitation to join a partner company."""

    email = models.EmailField()
    partner_account = models.ForeignKey(
        PartnerAccount, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.PositiveSmallIntegerField(choices=PartnerRole.choices, default=PartnerRole.USER)
    is_super_user = models.BooleanField("super user", default=False)
    is_partner_admin = models.BooleanField("partner admin", default=False)
    can_export = models.BooleanField("export permission", default=False)
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    nonce = models.CharField(max_length=32, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One sent invitation per address. Requests may overlap (a partner admin is not
            # told what exists elsewhere); approving one checks the address first.
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(status="pending"),
                name="one_sent_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.partner_account}"

    @property
    def needs_seat(self) -> bool:
        return self.is_partner_admin or self.can_export

    @property
    def is_expired(self) -> bool:
        return bool(
            self.status == InvitationStatus.PENDING
            and self.expires_at
            and self.expires_at <= timezone.now()
        )

    @property
    def display_status(self) -> str:
        return "Expired" if self.is_expired else self.get_status_display()
