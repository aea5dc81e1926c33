"""Programme reports: anonymous numbers per cohort, track, organisation or year, read in a fixed number of queries.

How no one is singled out (the choices are deliberate; tests/test_evaluation_reports.py holds them):
- A group of fewer than MIN_GROUP (5) people is never shown on its own. Small groups are merged into one
  "other groups" row. If that row would still be too small, the smallest shown groups join it until it has 5, so
  that the total minus the shown groups never gives away a small group. Fewer than 5 people in all: nothing.
- Every number resting on fewer than 5 people (a mean of answers, a median time, an attendance rate) is replaced
  by "fewer than 5 — not shown". The total of such a measure is hidden too when some but not all groups had it
  hidden, so it cannot be recovered by subtraction.
- Free text is only the course evaluation's, only for a group with at least 5 respondents and only from cohorts
  with at least 5 respondents, sorted alphabetically rather than in the order it came in. A learner's own words
  in a self-assessment never appear.
- The course evaluation is stored per cohort and nothing else, so it is reported by cohort and by year only.
- Residual risk we accept: someone who compares different groupings (by cohort and by year, say) may narrow things
  down; every value shown still rests on at least 5 people, and values are rounded to one decimal.
"""
from dataclasses import dataclass, field
from statistics import mean

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..auth.models import Organisation, User
from ..certification.models import Certificate
from ..cohorts.models import Cohort, Enrolment
from ..cohorts.schedule import attendance_rates
from ..curriculum import Curriculum, pick
from ..extensions import db
from ..logbook.models import PracticeEntry, SupervisionEntry
from .models import CourseEvaluation, CourseEvaluationScore, SelfAssessment, SelfAssessmentAnswer

MIN_GROUP = 5
GROUPINGS = ("cohort", "track", "organisation", "year")
COURSE_GROUPINGS = ("cohort", "year")
MEASURES = ("completion_rate", "certification_rate", "attendance", "time_to_certificate", "practice_hours",
            "supervision_hours")


@dataclass(frozen=True)
class Cell:
    """One number and how many people (or answers) it rests on; hidden when that is fewer than MIN_GROUP."""

    value: float | None
    n: int
    hidden: bool = False


def _cell(values: list, reduce=mean, minimum: int = MIN_GROUP) -> Cell:
    if not values:
        return Cell(None, 0)
    if len(values) < minimum:
        return Cell(None, len(values), hidden=True)
    return Cell(round(float(reduce(values)), 1), len(values))


# --- What is read from the database (fixed number of queries) ---------------------------------------------------

@dataclass(frozen=True)
class Data:
    enrolments: list  # rows: id, learner_id, cohort_id, status, enrolled_at, cohort name, starts_on, track, org
    certified: dict  # learner id -> first issued_at of a certificate that was not revoked
    practice: dict  # learner id -> confirmed hours
    supervision: dict  # learner id -> confirmed minutes
    attendance: dict  # learner id -> AttendanceRate
    answers: list  # rows: id, kind, enrolment_id, user_id, question_id, value (answered assessments only)
    course_scores: list  # rows: evaluation id, cohort_id, question_id, value
    course_texts: list  # rows: cohort_id, worked_well, to_change


def _per_learner(query) -> dict:
    return {key: value for key, value in db.session.execute(query)}


def load() -> Data:
    enrolments = db.session.execute(
        select(Enrolment.id, Enrolment.learner_id, Enrolment.cohort_id, Enrolment.status, Enrolment.enrolled_at,
               Cohort.name, Cohort.starts_on, User.track, User.organisation_id, Organisation.name.label("org"))
        .join(Cohort, Cohort.id == Enrolment.cohort_id).join(User, User.id == Enrolment.learner_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)).all()
    certified = _per_learner(select(Certificate.learner_id, func.min(Certificate.issued_at))
                             .where(Certificate.revoked_at.is_(None)).group_by(Certificate.learner_id))
    practice = _per_learner(select(PracticeEntry.learner_id, func.sum(PracticeEntry.hours))
                            .where(PracticeEntry.status == "confirmed").group_by(PracticeEntry.learner_id))
    supervision = _per_learner(select(SupervisionEntry.learner_id, func.sum(SupervisionEntry.minutes))
                               .where(SupervisionEntry.status == "confirmed").group_by(SupervisionEntry.learner_id))
    learner_ids = sorted({row.learner_id for row in enrolments})
    answers = db.session.execute(
        select(SelfAssessment.id, SelfAssessment.kind, SelfAssessment.enrolment_id, SelfAssessment.user_id,
               SelfAssessmentAnswer.question_id, SelfAssessmentAnswer.value)
        .join(SelfAssessmentAnswer, SelfAssessmentAnswer.assessment_id == SelfAssessment.id)
        .where(SelfAssessment.status == "answered")).all()
    course_scores = db.session.execute(
        select(CourseEvaluation.id, CourseEvaluation.cohort_id, CourseEvaluationScore.question_id,
               CourseEvaluationScore.value)
        .outerjoin(CourseEvaluationScore, CourseEvaluationScore.evaluation_id == CourseEvaluation.id)).all()
    course_texts = db.session.execute(select(CourseEvaluation.cohort_id, CourseEvaluation.worked_well,
                                             CourseEvaluation.to_change)).all()
    return Data(enrolments, certified, practice, supervision, attendance_rates(learner_ids), answers,
                course_scores, course_texts)


# --- Groups and their protection ------------------------------------------------------------------------------

@dataclass
class Group:
    key: object
    label: str
    order: tuple
    learners: set = field(default_factory=set)
    enrolments: set = field(default_factory=set)
    cohorts: set = field(default_factory=set)
    completed: set = field(default_factory=set)  # learners with a completed enrolment in the group
    merged: int = 1  # how many groups this row stands for
    other: bool = False

    @property
    def size(self) -> int:
        return len(self.learners)


def merge(groups: list[Group], label: str, *, other: bool = True) -> Group:
    merged = Group(key="other" if other else "total", label=label, order=(2,), merged=sum(g.merged for g in groups),
                   other=other)
    for group in groups:
        merged.learners |= group.learners
        merged.enrolments |= group.enrolments
        merged.cohorts |= group.cohorts
        merged.completed |= group.completed
    return merged


def protect(groups: list[Group], other_label: str, minimum: int = MIN_GROUP) -> tuple[list[Group], Group | None]:
    """The groups that may be shown and the merged "other" row (or None). Everything empty: show nothing."""
    shown = sorted((g for g in groups if g.size >= minimum), key=lambda g: (g.size, g.order))
    small = [g for g in groups if g.size < minimum]
    if not small:
        return sorted(shown, key=lambda g: g.order), None
    other = merge(small, other_label)
    while other.size < minimum and shown:
        other = merge([other, shown.pop(0)], other_label)
    if other.size < minimum:
        return [], None
    return sorted(shown, key=lambda g: g.order), other


def _group_key(grouping: str, row, curriculum: Curriculum, locale: str) -> tuple[object, str, tuple]:
    if grouping == "cohort":
        return row.cohort_id, row.name, (0, row.starts_on, row.name)
    if grouping == "track":
        track = curriculum.tracks.get(row.track)
        order = list(curriculum.tracks).index(row.track) if track else 99
        return row.track, pick(track.name, locale) if track else (row.track or _("No track")), (0, order)
    if grouping == "organisation":
        return row.organisation_id, row.org or _("No organisation"), (0 if row.org else 1, row.org or "")
    return row.starts_on.year, str(row.starts_on.year), (0, row.starts_on.year)


def build_groups(data: Data, grouping: str, curriculum: Curriculum, locale: str) -> list[Group]:
    groups: dict[object, Group] = {}
    for row in data.enrolments:
        if row.status == "moved":  # the learner carries on in another cohort and is counted there
            continue
        key, label, order = _group_key(grouping, row, curriculum, locale)
        group = groups.setdefault(key, Group(key, label, order))
        group.learners.add(row.learner_id)
        group.enrolments.add(row.id)
        group.cohorts.add(row.cohort_id)
        if row.status == "completed":
            group.completed.add(row.learner_id)
    return list(groups.values())
