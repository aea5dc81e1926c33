"""Demo data: five of the demo cohort's six learners have answered the start self-assessment. The programme reports
show a group from five people, so a coordinator trying the demo sees what the reports look like.

Amir Peer (peer@demo.peer-lms.dk) has not answered it, so his dashboard still invites him, and the browser tests
walk through the form with his account. The course evaluation opens four weeks before a cohort ends, and the demo
cohort has longer to go, so there are no course evaluations yet.
"""
from ..auth.models import User
from ..curriculum import Curriculum
from .questions import self_assessment_questions
from .services import record_for, save_self_assessment, target_or_none

ANSWERING = ("peer2@demo.peer-lms.dk", "frivillig@demo.peer-lms.dk", "frivillig2@demo.peer-lms.dk",
             "kollega@demo.peer-lms.dk", "kollega2@demo.peer-lms.dk")


def load_demo_self_assessments(people: dict[str, User], curriculum: Curriculum) -> None:
    """Answer the start self-assessment for each of ANSWERING who has not recorded one (safe to run twice)."""
    questions = self_assessment_questions(curriculum)
    for number, email in enumerate(ANSWERING):
        learner = people.get(email)
        target = target_or_none(learner.id, "start") if learner else None
        if target is None or record_for(learner.id, target) is not None:
            continue
        # Answers between 2 and 4 that differ from person to person and question to question, as a new class's do.
        values = {question.id: 2 + (number + position) % 3 for position, question in enumerate(questions)}
        save_self_assessment(learner.id, target, questions, values, comment=None)
