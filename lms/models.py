"""Every model, imported in one place so Alembic and the tests see the whole schema."""
from .audit.models import AuditEvent
from .auth.models import AccountToken, LoginAttempt, Organisation, User, UserRole, UserSession
from .certification.models import Certificate, DeclarationAcceptance
from .cohorts.models import Cohort, CohortInstructor, Enrolment
from .cohorts.schedule_models import Attendance, CalendarToken, ClassSession, ClassSessionModule, EnrolmentPause
from .evaluation.models import (
    CourseEvaluation,
    CourseEvaluationReceipt,
    CourseEvaluationScore,
    SelfAssessment,
    SelfAssessmentAnswer,
)
from .learning.models import ModuleProgress
from .logbook.models import PracticeEntry, SupervisionEntry
from .notifications.models import Notification
from .reflections.models import CriterionMark, Feedback, ShareComment, Submission, SubmissionVersion
from .workplace.models import OrganisationContact

__all__ = ["AccountToken", "AuditEvent", "Attendance", "CalendarToken", "ClassSession", "ClassSessionModule",
           "EnrolmentPause", "Cohort", "CohortInstructor", "CriterionMark", "Enrolment", "Feedback", "LoginAttempt",
           "ModuleProgress", "Notification", "Organisation", "PracticeEntry", "ShareComment", "Submission",
           "SubmissionVersion", "SupervisionEntry", "User", "UserRole", "UserSession"]
__all__ += ["Certificate", "DeclarationAcceptance", "OrganisationContact"]
__all__ += ["CourseEvaluation", "CourseEvaluationReceipt", "CourseEvaluationScore", "SelfAssessment",
            "SelfAssessmentAnswer"]
