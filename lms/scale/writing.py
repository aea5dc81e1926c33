"""A learner's reflections as the app's services leave them: drafts, unchangeable versions, feedback (drafted,
then released), criterion marks, a share with the cohort and its comments, and the notifications on the way.

Statuses follow reflections.models: draft (no version) -> submitted -> revision_requested -> resubmitted -> ...
-> approved; an approved reflection's latest version carries released feedback with the decision approved."""
import random
from datetime import datetime, timedelta

from ..notifications.models import Notification
from ..reflections.models import CriterionMark, Feedback, ShareComment, Submission, SubmissionVersion
from . import names

APPROVED_VERSIONS = ((1, 2, 3, 4, 5), (20, 30, 27, 16, 7))
REVISION_VERSIONS = ((1, 2, 3), (60, 30, 10))
LAST_MODULE_STATES = (("draft", "submitted", "revision_requested", "resubmitted", "approved"), (15, 30, 20, 15, 20))


class ReflectionMaker:
    def __init__(self, rng: random.Random, writer, curriculum, now: datetime):
        self.rng, self.writer, self.now = rng, writer, now
        self.criteria = {m.id: len(m.reflection.criteria) for m in curriculum.modules.values()}

    def _text(self, sentences: int) -> str:
        chosen = self.rng.sample(names.REFLECTION_SENTENCES, sentences)
        middle = max(1, sentences // 2)
        return " ".join(chosen[:middle]) + "\n\n" + " ".join(chosen[middle:])

    def _state(self, journey, index: int, reached: int) -> str:
        if journey.finished or index < reached - 2:
            return "approved"
        if index == reached - 2:
            return self.rng.choices(("approved", "revision_requested", "resubmitted"), (70, 15, 15))[0]
        return self.rng.choices(*LAST_MODULE_STATES)[0]

    def _versions(self, state: str) -> int:
        if state == "approved":
            return self.rng.choices(*APPROVED_VERSIONS)[0]
        if state == "revision_requested":
            return self.rng.choices(*REVISION_VERSIONS)[0]
        if state == "resubmitted":
            return self.rng.choice((2, 2, 3))
        return 1 if state == "submitted" else 0

    def _timeline(self, start: datetime, count: int, limit: datetime) -> list[datetime]:
        """Submission, then release of its feedback, for each version: every moment before `limit`."""
        moments, moment = [], start
        for _ in range(count):
            moment += timedelta(days=self.rng.uniform(1, 6))
            moments.append(moment)
            moment += timedelta(days=self.rng.uniform(1, 5))
            moments.append(moment)
        if moments and moments[-1] > limit:
            factor = max(0.0, (limit - start) / (moments[-1] - start))
            moments = [start + (m - start) * factor for m in moments]
        return moments

    def make(self, journey, module_ids: list[str], times: list[datetime], mates) -> dict[str, datetime]:
        """Every reached module's reflection; returns {module: last submitted} of the approved ones."""
        approved = {}
        limit = journey.cohort.end if journey.status == "completed" else min(self.now, journey.stopped
                                                                             + timedelta(days=10))
        limit -= timedelta(hours=1)
        for index, (module_id, read_at) in enumerate(zip(module_ids, times, strict=True)):
            state = self._state(journey, index, len(module_ids))
            submitted = self._reflection(journey, module_id, state, read_at, min(limit, self.now), mates)
            if state == "approved":
                approved[module_id] = submitted
        return approved

    def _reflection(self, journey, module_id: str, state: str, start: datetime, limit: datetime, mates):
        rng, learner = self.rng, journey.learner
        count = self._versions(state)
        moments = self._timeline(start, count, limit)
        text = self._text(rng.randint(3, 6))
        submission = self.writer.add(Submission, {
            "learner_id": learner.id, "module_id": module_id, "status": state, "draft_text": text,
            "draft_revision": rng.randint(1, 3), "draft_saved_at": start, "last_submitted_at": None,
            "shared_version_number": None, "created_at": start - timedelta(hours=2)})
        teachers = journey.cohort.instructor_ids
        for number in range(1, count + 1):
            submitted_at, released_at = moments[2 * number - 2], moments[2 * number - 1]
            if number > 1:
                text = f"{text}\n\n{rng.choice(names.REFLECTION_SENTENCES)}"
            version = self.writer.add(SubmissionVersion, {"submission_id": submission["id"], "number": number,
                                                          "text": text, "submitted_at": submitted_at})
            submission["draft_revision"] += rng.randint(1, 3)
            submission["draft_text"], submission["draft_saved_at"] = text, submitted_at
            submission["last_submitted_at"] = submitted_at
            last = number == count
            if not last or state in ("approved", "revision_requested"):
                decision = "approved" if last and state == "approved" else "revision_requested"
                self._feedback(version["id"], module_id, decision, rng.choice(teachers), released_at)
            elif rng.random() < 0.15:  # an instructor has started on the feedback, not released it
                self._feedback(version["id"], module_id, rng.choice(("approved", "revision_requested")),
                               rng.choice(teachers), None, submitted_at + (released_at - submitted_at) / 2)
        if state == "revision_requested" and rng.random() < 0.4:  # the learner has begun the revision
            submission["draft_text"] = f"{text}\n\n{rng.choice(names.REFLECTION_SENTENCES)}"
            submission["draft_revision"] += 1
            submission["draft_saved_at"] = min(moments[-1] + timedelta(days=1), self.now)
        if count and rng.random() < 0.08:
            self._share(submission, count, moments[2 * count - 2], mates)
        if journey.status in ("active", "paused"):
            self._notify(journey, submission, state, moments)
        return submission["last_submitted_at"]

    def _feedback(self, version_id: int, module_id: str, decision: str, author_id: int, released_at: datetime | None,
                  drafted_at: datetime | None = None) -> None:
        rng = self.rng
        text = rng.choice(names.FEEDBACK_APPROVED if decision == "approved" else names.FEEDBACK_REVISION)
        feedback = self.writer.add(Feedback, {
            "version_id": version_id, "decision": decision, "text": text, "author_id": author_id,
            "edited_by_id": author_id, "released_by_id": author_id if released_at else None,
            "released_at": released_at, "updated_at": released_at or drafted_at})
        if rng.random() < 0.7:
            module_marks = ("met", "met", "met", "partly") if decision == "approved" else ("met", "partly", "not_yet")
            for position in range(self.criteria[module_id]):
                self.writer.add(CriterionMark, {"feedback_id": feedback["id"], "position": position,
                                                "mark": rng.choice(module_marks)}, with_id=False)

    def _share(self, submission: dict, number: int, shared_at: datetime, mates) -> None:
        submission["shared_version_number"] = number
        others = [m for m in mates if m.id != submission["learner_id"]]
        if others and self.rng.random() < 0.4:
            author = self.rng.choice(others)
            self.writer.add(ShareComment, {
                "submission_id": submission["id"], "author_id": author.id,
                "text": "Tak fordi du delte. Jeg kan genkende meget af det.",
                "created_at": min(shared_at + timedelta(days=2), self.now)})

    def _notify(self, journey, submission: dict, state: str, moments: list[datetime]) -> None:
        """What the services would have told people recently: instructors of a waiting reflection, the learner
        of released feedback."""
        if state in ("submitted", "resubmitted"):
            for instructor_id in dict.fromkeys(journey.cohort.instructor_ids):
                self.writer.add(Notification, {
                    "user_id": instructor_id, "kind": "reflection_submitted", "module_id": submission["module_id"],
                    "submission_id": submission["id"], "actor_name": journey.learner.name,
                    "created_at": submission["last_submitted_at"], "read_at": None})
        elif state in ("approved", "revision_requested") and moments and moments[-1] > self.now - timedelta(days=30):
            read_at = moments[-1] + timedelta(hours=self.rng.randint(1, 48))
            self.writer.add(Notification, {
                "user_id": journey.learner.id, "kind": "feedback_released", "module_id": submission["module_id"],
                "submission_id": submission["id"], "actor_name": None, "created_at": moments[-1],
                "read_at": read_at if read_at < self.now else None})
