from .accounts import EmailUserManager, FacilitatorApplication, LoginAttempt, User  # noqa: F401
from .approval import CountyApprovalTask, Decision  # noqa: F401
from .interest import InterestMessage, InterestNotification, InterestRegistration  # noqa: F401
from .links import ApplicationLink, InterestLink, LinkPurpose, SignUpLink  # noqa: F401
from .meetings import InfoMeeting, MeetingSignUp  # noqa: F401
from .records import AuditEntry  # noqa: F401
from .startups import Stage, StageChange, StartUp  # noqa: F401
