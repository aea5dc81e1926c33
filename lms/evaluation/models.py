"""Self-assessments (the learner's own, health-related answers) and the anonymous course evaluation.

A self-assessment belongs to its learner: only they ever see the answers; reports show aggregates of five or
more people. A question that was skipped is stored with the value NULL (missing), never as 0; a whole
assessment that was skipped has the status "skipped" and no answers.

The course evaluation is anonymous. Its answer (CourseEvaluation) holds no user, no time and a random key; who
has answered is a separate receipt (user + cohort, nothing else), so nobody answers twice and nothing links a
receipt to an answer. On SQLite both tables are stored WITHOUT ROWID, ordered by their keys, so the order in
which rows were written is not kept either. (A database superuser on PostgreSQL could still see transaction ids
and physical row order; the application never reads them.)
"""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

KINDS = ("start", "end", "renewal")
STATUSES = ("answered", "skipped")


class SelfAssessment(db.Model):
    """One invitation answered or skipped: start and end belong to an enrolment, renewal to a certificate."""

    __tablename__ = "self_assessment"
    __table_args__ = (UniqueConstraint("enrolment_id", "kind"), UniqueConstraint("certificate_id", "kind"))
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    enrolment_id: Mapped[int | None] = mapped_column(ForeignKey("enrolment.id", ondelete="SET NULL"))
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10))
    # Health data: the learner's own words, shown to them and to nobody else (never in a report).
    comment: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    answers: Mapped[list["SelfAssessmentAnswer"]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                                 order_by="SelfAssessmentAnswer.question_id")

    def value(self, question_id: str) -> int | None:
        return next((a.value for a in self.answers if a.question_id == question_id), None)


class SelfAssessmentAnswer(db.Model):
    __tablename__ = "self_assessment_answer"
    assessment_id: Mapped[int] = mapped_column(ForeignKey("self_assessment.id", ondelete="CASCADE"),
                                               primary_key=True)
    question_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int | None]  # 1-5; NULL when the question was skipped


class CourseEvaluation(db.Model):
    """One anonymous answer: no user, no timestamp, a random key (see the module's docstring)."""

    __tablename__ = "course_evaluation"
    __table_args__ = {"sqlite_with_rowid": False}
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    worked_well: Mapped[str | None] = mapped_column(Text)
    to_change: Mapped[str | None] = mapped_column(Text)

    scores: Mapped[list["CourseEvaluationScore"]] = relationship(lazy="selectin", cascade="all, delete-orphan")


class CourseEvaluationScore(db.Model):
    __tablename__ = "course_evaluation_score"
    __table_args__ = {"sqlite_with_rowid": False}
    evaluation_id: Mapped[str] = mapped_column(ForeignKey("course_evaluation.id", ondelete="CASCADE"),
                                               primary_key=True)
    question_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int | None]  # 1-5; NULL when the question was skipped


class CourseEvaluationReceipt(db.Model):
    """That a learner has evaluated a cohort's course: nothing more (no time, no link to the answer)."""

    __tablename__ = "course_evaluation_receipt"
    __table_args__ = {"sqlite_with_rowid": False}
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
