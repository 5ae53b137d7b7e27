"""Research recruitment: researchers, their studies, the people who volunteer and the groups
that answer. Samhold recruits and never collects research data: what it holds is what is needed
to put a volunteer in touch with an approved study, for as short a time as that takes.

All of these are plain models, not pages or snippets: researchers write them on Min side, where
the permission matrix (research.scope) gives each researcher only their own studies; national
administrators decide in the admin; the public sees recruiting studies through research's own
views, which show only the approved version."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilitators.models.links import PrivateLink


def private_storage():
    """Information letters are not under MEDIA_URL: they are served only by the study page's
    view, and only while the study recruits."""
    return FileSystemStorage(location=settings.SAMHOLD_PRIVATE_FILES_ROOT, base_url=None)


class ResearcherApplication(models.Model):
    """Someone asking for a researcher account, until a national administrator decides.

    Deleted SAMHOLD_RETENTION["researcher_application_decided"] days after the decision, or
    ["researcher_application_pending"] days after it was sent (housekeeping); an approved
    applicant lives on as a User with the researcher role."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("work e-mail address"), max_length=254)
    institution = models.CharField(_("institution"), max_length=200)
    position = models.CharField(_("role"), max_length=200, help_text=_("For example PhD candidate or professor."))
    consent_text_version = models.CharField(_("version of the privacy text agreed to"), max_length=20)
    language = models.CharField(_("language"), max_length=8, default="nb")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("researcher application")
        verbose_name_plural = _("researcher applications")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.institution})"


class Method(models.TextChoices):
    HEALTH_DIARY = "diary", _("Health diary")
    FOCUS_GROUP = "focus_group", _("Focus-group interview")
    INTERVIEW = "interview", _("Individual interview")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    OBSERVATION = "observation", _("Observation")
    OTHER = "other", _("Other")


class Study(models.Model):
    """A research project recruiting through Samhold. What it is, whom it seeks and on what
    ethical basis; the parts a volunteer agrees to (consent text, criteria, screening questions,
    information letter) are in StudyVersion, so a change after approval is approved again and
    each volunteer keeps the version they said yes to."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Sent for approval")
        RETURNED = "returned", _("Returned with a comment")
        RECRUITING = "recruiting", _("Recruiting")
        CLOSED = "closed", _("Closed")
        DECLINED = "declined", _("Declined")

    class Area(models.TextChoices):
        NATIONAL = "national", _("All of Norway")
        COUNTIES = "counties", _("Counties")
        MUNICIPALITIES = "municipalities", _("Municipalities")

    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="studies", verbose_name=_("researcher")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address (slug)"), max_length=80, unique=True)
    summary = models.TextField(_("plain-language summary (Bokmål)"), max_length=2000)
    summary_en = models.TextField(_("plain-language summary (English)"), max_length=2000, blank=True)
    what_it_means = models.TextField(
        _("what taking part means"), max_length=2000,
        help_text=_("How much time, where, what you do. In plain words."),
    )
    institution = models.CharField(_("institution"), max_length=200)
    project_leader = models.CharField(_("project leader"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail address for questions"))
    data_controller = models.CharField(_("data controller"), max_length=200)
    methods = models.JSONField(_("methods"), default=list)
    themes = models.ManyToManyField("directory.Theme", related_name="studies", verbose_name=_("themes"))
    area = models.CharField(_("area"), max_length=16, choices=Area.choices, default=Area.NATIONAL)
    counties = models.ManyToManyField("directory.County", blank=True, related_name="studies", verbose_name=_("counties"))
    municipalities = models.ManyToManyField(
        "directory.Municipality", blank=True, related_name="studies", verbose_name=_("municipalities")
    )
    participants_sought = models.PositiveIntegerField(
        _("participants sought"), default=0, validators=[MaxValueValidator(10_000)]
    )
    groups_sought = models.PositiveIntegerField(
        _("groups sought"), default=0, validators=[MaxValueValidator(1_000)],
        help_text=_("0 if the study does not seek whole groups (for example for focus groups)."),
    )
    recruit_from = models.DateField(_("recruitment starts"))
    recruit_until = models.DateField(_("recruitment ends"))
    rek_reference = models.CharField(_("REK reference"), max_length=40, blank=True)
    sikt_reference = models.CharField(_("Sikt reference"), max_length=40, blank=True)
    ethics_not_required_reason = models.TextField(
        _("why no REK or Sikt approval is needed"), max_length=1000, blank=True
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    review_comment = models.TextField(_("comment from the administrator"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The version the public sees and volunteers agree to; None until first approved.
    live_version = models.ForeignKey(
        "StudyVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("approved version"),
    )
    findings = models.TextField(_("plain-language summary of the findings"), max_length=5000, blank=True)
    findings_published_at = models.DateTimeField(_("findings published"), null=True, blank=True)
    warned_before_deletion_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("study")
        verbose_name_plural = _("studies")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_recruiting(self) -> bool:
        today = timezone.localdate()
        return (
            self.status == self.Status.RECRUITING
            and self.live_version_id is not None
            and self.recruit_from <= today <= self.recruit_until
        )


class StudyVersion(models.Model):
    """What a volunteer says yes to. A new version is made when any of it changes after approval;
    it must be approved again, and until then the approved one stays live."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Sent for approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned with a comment")
        SUPERSEDED = "superseded", _("Replaced by a newer version")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="versions", verbose_name=_("study"))
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    inclusion_criteria = models.TextField(_("who may take part"), max_length=2000)
    min_age = models.PositiveSmallIntegerField(
        _("lowest age"), default=18, validators=[MinValueValidator(16), MaxValueValidator(120)],
        help_text=_("18 unless the approval says otherwise."),
    )
    consent_text = models.TextField(
        _("consent text"), max_length=3000,
        help_text=_("What the volunteer agrees to by ticking the box, in plain words."),
    )
    # [{"question": "...", "choices": ["Ja", "Nei"]}, ...]: yes/no or one of a few choices.
    screening_questions = models.JSONField(_("screening questions"), default=list, blank=True)
    information_letter = models.FileField(
        _("information letter (PDF)"), storage=private_storage, upload_to="research/letters/", blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("study version")
        verbose_name_plural = _("study versions")
        ordering = ["study", "-number"]
        constraints = [models.UniqueConstraint(fields=["study", "number"], name="one_number_per_study_version")]

    def __str__(self):
        return f"{self.study} v{self.number}"


class Volunteer(models.Model):
    """A person who said yes to a study. The researcher sees them only once confirmed (double
    opt-in), and only for that study. Withdrawing deletes the row at once; a withdrawn counter
    on the study is all that is left. Deleted SAMHOLD_RETENTION["research_volunteer_after_close"]
    days after recruitment closes, unconfirmed after ["research_volunteer_unconfirmed"] days."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not confirmed")
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        INCLUDED = "included", _("Included")
        EXCLUDED = "excluded", _("Excluded")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="volunteers", verbose_name=_("study"))
    version = models.ForeignKey(
        StudyVersion, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("version agreed to")
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), max_length=254)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # {"question text": "answer"}, as asked in the version agreed to.
    screening_answers = models.JSONField(_("screening answers"), default=dict, blank=True)
    group_name = models.CharField(_("the group I am in"), max_length=200, blank=True)
    wants_findings = models.BooleanField(_("wants the summary of the findings"), default=False)
    consent_text = models.TextField(_("consent text agreed to"))
    consented_at = models.DateTimeField(_("consented at"), default=timezone.now)
    language = models.CharField(_("language"), max_length=8, default="nb")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.study} #{self.pk}"


class VolunteerLink(PrivateLink):
    owner = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="links", verbose_name=_("volunteer"))

    class Meta:
        verbose_name = _("private link to a research volunteer")
        verbose_name_plural = _("private links to research volunteers")


class StudyCounter(models.Model):
    """Anonymous counts that outlive the people: how many withdrew. Nothing else."""

    study = models.OneToOneField(Study, on_delete=models.CASCADE, related_name="counter")
    withdrawn = models.PositiveIntegerField(default=0)


class GroupInvitation(models.Model):
    """A study asking one group whether a researcher may visit. Asked once per (study, group);
    the group's facilitators and contact answer on Min side. Deleted
    SAMHOLD_RETENTION["research_group_answer_after_close"] days after recruitment closes."""

    class Answer(models.TextChoices):
        WAITING = "waiting", _("Not answered yet")
        YES = "yes", _("Yes, welcome to visit")
        NO = "no", _("No")
        NOT_NOW = "not_now", _("Not now")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="group_invitations")
    group = models.ForeignKey("groups.SelfHelpGroup", on_delete=models.CASCADE, related_name="research_invitations")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, default=Answer.WAITING)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    suitable_times = models.TextField(_("times that would suit the group"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)

    class Meta:
        verbose_name = _("group invitation")
        verbose_name_plural = _("group invitations")
        constraints = [models.UniqueConstraint(fields=["study", "group"], name="a_group_is_asked_once_per_study")]

    def __str__(self):
        return f"{self.study} → {self.group}"
