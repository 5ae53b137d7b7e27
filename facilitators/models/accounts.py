from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager):
    """Accounts are identified by their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """Staff and volunteers who log in: facilitators, group contacts, coordinators and
    administrators. The e-mail address is the login; roles are Django groups (facilitators.roles)
    and areas are the counties and municipalities below."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Where a person works in their role: a regional coordinator follows one or more counties,
    # a facilitator starts groups in the municipalities a coordinator assigned to them.
    coordinator_counties = models.ManyToManyField(
        "directory.County",
        blank=True,
        related_name="coordinators",
        verbose_name=_("counties (as coordinator)"),
        help_text=_("The counties this person coordinates. Only used for regional coordinators."),
    )
    facilitator_municipalities = models.ManyToManyField(
        "directory.Municipality",
        blank=True,
        related_name="facilitators",
        verbose_name=_("municipalities (as facilitator)"),
        help_text=_("Where this person may start groups. Only used for facilitators."),
    )
    # Min side greets a new facilitator once with what to do first; this is when they closed it.
    welcome_seen_at = models.DateTimeField(_("welcome on Min side seen"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email


class LoginAttempt(models.Model):
    """A failed login, kept only as long as guessing protection needs it (see housekeeping).

    Keyed by a keyed hash of the address that was typed (whether or not an account has it) and
    a keyed hash of the visitor's network (samhold.http.client_ip), so the table holds neither
    an e-mail address nor an IP address."""

    email_hash = models.CharField(_("e-mail address hash"), max_length=64)
    ip_hash = models.CharField(_("IP address hash"), max_length=64)
    # For IPv6, a keyed hash of the /48 the network lies in (many /64s, one sender); else "".
    wide_hash = models.CharField(_("wider network hash"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        indexes = [
            models.Index(fields=["email_hash", "ip_hash", "created_at"], name="login_attempt_pair"),
            models.Index(fields=["email_hash", "created_at"], name="login_attempt_account"),
            models.Index(fields=["ip_hash", "created_at"], name="login_attempt_address"),
            models.Index(fields=["wide_hash", "created_at"], name="login_attempt_wide"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M}"


class FacilitatorApplication(models.Model):
    """Someone asking to become a facilitator, until a coordinator decides and a little after.

    Deleted SAMHOLD_RETENTION["facilitator_application_decided"] days after the decision, or
    ["facilitator_application_pending"] days after it was sent if no one decided it
    (housekeeping); an approved applicant lives on as a User."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), max_length=254)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    municipality = models.ForeignKey(
        "directory.Municipality",
        on_delete=models.PROTECT,
        related_name="facilitator_applications",
        verbose_name=_("municipality"),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("For example a volunteer centre or a learning and coping centre."),
    )
    background = models.TextField(_("background"), max_length=1000)
    consent_text_version = models.CharField(_("version of the privacy text agreed to"), max_length=20)
    # The language the person applied in; the decision is written to them in it.
    language = models.CharField(_("language"), max_length=8, default="nb")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("facilitator application")
        verbose_name_plural = _("facilitator applications")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(decided_at__isnull=False)),
                name="facilitator_application_decided_at_matches_status",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.municipality})"

    def clean(self):
        super().clean()
        if self.email:
            self.email = self.email.strip().lower()
        if self.status == self.Status.PENDING and self.decided_at is not None:
            raise ValidationError({"decided_at": _("A pending application has no decision time.")})
        if self.status != self.Status.PENDING and self.decided_at is None:
            raise ValidationError({"decided_at": _("A decided application needs a decision time.")})
