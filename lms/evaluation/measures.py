"""The numbers of a programme report, per group and in total, from the data read by reports.load().

Learners who skipped a question or a whole self-assessment are missing, not zero: every mean is over the answers
given, and its n (shown next to it) counts those answers. Hours without a confirmed entry are real zeros.
"""
from dataclasses import dataclass
from statistics import median

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..curriculum import Curriculum
from .questions import KIND_LABELS, Question
from .reports import COURSE_GROUPINGS, MIN_GROUP, Cell, Data, Group, _cell, build_groups, merge, protect

KINDS = ("start", "end", "renewal", "change")
LABELS = {
    "people": _l("People"),
    "completion_rate": _l("Completed the course (%)"),
    "certification_rate": _l("Hold a certificate (%)"),
    "attendance": _l("Attendance (%)"),
    "time_to_certificate": _l("Days from enrolment to certificate (median)"),
    "practice_hours": _l("Confirmed practice hours per person (mean)"),
    "supervision_hours": _l("Confirmed supervision hours per person (mean)"),
    **KIND_LABELS,
    "change": _l("Change from start to end (mean of each person's change)"),
    "respondents": _l("Respondents"),
}


@dataclass
class Row:
    group: Group
    cells: dict  # key -> Cell; keys: "people", the MEASURES, "sa:<question>:<kind>", "course:<question>"
    respondents: Cell | None = None  # course evaluation
    texts: dict | None = None  # course evaluation's free text by question, when the group has 5+ respondents

    @property
    def label(self) -> str:
        return self.group.label


@dataclass
class Report:
    grouping: str
    rows: list[Row]  # the groups that may be shown, then the merged "other" row
    total: Row | None
    course: bool  # whether course evaluations are reported in this grouping
    questions: list[Question]
    course_questions: list[Question]

    @property
    def nothing_shown(self) -> bool:
        return not self.rows


def _rate(count: int, n: int) -> Cell:
    if n == 0:
        return Cell(None, 0)
    if n < MIN_GROUP:
        return Cell(None, n, hidden=True)
    return Cell(round(100 * count / n, 1), n)


class _Index:
    """The data arranged once per report, so each group is a few dictionary look-ups."""

    def __init__(self, data: Data):
        self.data = data
        self.first_enrolled: dict = {}
        for row in data.enrolments:
            if row.learner_id not in self.first_enrolled or row.enrolled_at < self.first_enrolled[row.learner_id]:
                self.first_enrolled[row.learner_id] = row.enrolled_at
        self.by_enrolment: dict = {}  # (kind, enrolment id) -> {question: value or None}
        self.renewals: dict = {}  # learner id -> [{question: value or None}, ...]
        renewals: dict = {}  # (learner id, assessment id) -> answers
        for assessment_id, kind, enrolment_id, user_id, question_id, value in data.answers:
            if kind == "renewal":
                renewals.setdefault((user_id, assessment_id), {})[question_id] = value
            elif enrolment_id is not None:
                self.by_enrolment.setdefault((kind, enrolment_id), {})[question_id] = value
        for (user_id, _assessment), answers in sorted(renewals.items()):
            self.renewals.setdefault(user_id, []).append(answers)
        self.evaluations: dict = {}  # cohort id -> {evaluation id: {question: value or None}}
        for evaluation_id, cohort_id, question_id, value in data.course_scores:
            answers = self.evaluations.setdefault(cohort_id, {}).setdefault(evaluation_id, {})
            if question_id is not None:
                answers[question_id] = value


def _learner_cells(group: Group, index: _Index) -> dict:
    data, people = index.data, sorted(group.learners)
    cells = {"people": Cell(len(people), len(people), hidden=len(people) < MIN_GROUP)}
    cells["completion_rate"] = _rate(len(group.completed), len(people))
    certified = [i for i in people if i in data.certified]
    cells["certification_rate"] = _rate(len(certified), len(people))
    cells["time_to_certificate"] = _cell([(data.certified[i] - index.first_enrolled[i]).days for i in certified
                                          if data.certified[i] >= index.first_enrolled[i]], median)
    rates = [data.attendance[i] for i in people if i in data.attendance and data.attendance[i].counted]
    counted = sum(r.counted for r in rates)
    cells["attendance"] = Cell(None, len(rates), hidden=True) if 0 < len(rates) < MIN_GROUP else (
        Cell(round(100 * sum(r.present for r in rates) / counted, 1), len(rates)) if rates else Cell(None, 0))
    cells["practice_hours"] = _cell([float(data.practice.get(i) or 0) for i in people])
    cells["supervision_hours"] = _cell([(data.supervision.get(i) or 0) / 60 for i in people])
    return cells


def _assessment_cells(group: Group, index: _Index, questions: list[Question]) -> dict:
    cells = {}
    starts = [index.by_enrolment.get(("start", e), {}) for e in sorted(group.enrolments)]
    ends = [index.by_enrolment.get(("end", e), {}) for e in sorted(group.enrolments)]
    renewals = [answers for i in sorted(group.learners) for answers in index.renewals.get(i, [])]
    for question in questions:
        q = question.id
        cells[f"sa:{q}:start"] = _cell([a[q] for a in starts if a.get(q) is not None])
        cells[f"sa:{q}:end"] = _cell([a[q] for a in ends if a.get(q) is not None])
        cells[f"sa:{q}:renewal"] = _cell([a[q] for a in renewals if a.get(q) is not None])
        cells[f"sa:{q}:change"] = _cell([b[q] - a[q] for a, b in zip(starts, ends, strict=True)
                                         if a.get(q) is not None and b.get(q) is not None])
    return cells


def _course(group: Group, index: _Index, questions: list[Question], with_texts: bool):
    evaluations = {eid: answers for c in sorted(group.cohorts) for eid, answers in index.evaluations.get(c, {}).items()}
    respondents = len(evaluations)
    hidden = 0 < respondents < MIN_GROUP
    cells = {f"course:{q.id}": Cell(None, 0, hidden=hidden) if hidden or not respondents else
             _cell([a[q.id] for a in evaluations.values() if a.get(q.id) is not None]) for q in questions}
    texts = None
    if with_texts and respondents >= MIN_GROUP:
        # Only the words of cohorts that themselves have 5+ respondents: a text often hints at where it came from.
        large = {c for c in group.cohorts if len(index.evaluations.get(c, {})) >= MIN_GROUP}
        rows = [r for r in index.data.course_texts if r.cohort_id in large]
        texts = {key: sorted((getattr(r, key) for r in rows if getattr(r, key)), key=str.casefold)
                 for key in ("worked_well", "to_change")} if large else None
    return Cell(None if hidden else respondents, respondents, hidden), cells, texts


def _row(group: Group, index: _Index, questions, course_questions, course: bool, with_texts: bool = True) -> Row:
    cells = {**_learner_cells(group, index), **_assessment_cells(group, index, questions)}
    row = Row(group, cells)
    if course:
        row.respondents, course_cells, row.texts = _course(group, index, course_questions, with_texts)
        row.cells.update(course_cells)
    return row


def _guard_total(total: Row, rows: list[Row]) -> None:
    """Hide a total that, minus the shown groups, would give away a hidden one."""
    for key, cell in list(total.cells.items()):
        hidden = [row.cells[key].hidden for row in rows]
        if cell.hidden or (any(hidden) and not all(hidden)):
            total.cells[key] = Cell(None, 0, hidden=True)
    if total.respondents is not None and any(r.respondents.hidden for r in rows) and \
            not all(r.respondents.hidden for r in rows):
        total.respondents = Cell(None, 0, hidden=True)


def build_report(grouping: str, data: Data, curriculum: Curriculum, locale: str, questions: list[Question],
                 course_questions: list[Question]) -> Report:
    groups = build_groups(data, grouping, curriculum, locale)
    shown, other = protect(groups, _("Other groups, combined"))
    course = grouping in COURSE_GROUPINGS
    index = _Index(data)
    rows = [_row(g, index, questions, course_questions, course) for g in [*shown, *([other] if other else [])]]
    total = None
    if rows:
        total = _row(merge(groups, _("All groups"), other=False), index, questions, course_questions, course,
                     with_texts=False)
        _guard_total(total, rows)
    return Report(grouping, rows, total, course, questions, course_questions)
