"""Certificates for learners who meet their track's requirements (decided by certification.status, as the app
decides), with the snapshot the app keeps, unique codes and badge ids, the sweep's dates, continuing education
logged after the issue, renewals and the odd revocation."""
import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from ..certification.models import Certificate
from ..certification.services import CODE_ALPHABET, CODE_LENGTH, LearnerStatus, recipient_hash, snapshot_for
from ..certification.status import Facts, add_months, renewal_status, requirement_status
from ..notifications.models import Notification
from .logbook import CONTINUING_FORMS


@dataclass
class Candidate:
    journey: object
    facts: Facts


class CertificateMaker:
    def __init__(self, rng: random.Random, writer, curriculum, requirements, now: datetime, logbook,
                 coordinator_ids: list[int]):
        self.rng, self.writer, self.curriculum, self.requirements = rng, writer, curriculum, requirements
        self.now, self.logbook, self.coordinator_ids = now, logbook, coordinator_ids
        self.candidates: list[Candidate] = []
        self.codes: set[str] = set()

    def consider(self, journey, facts: Facts) -> None:
        track = self.requirements.tracks.get(journey.learner.track)
        if journey.finished and track is not None and requirement_status(track, facts).met:
            self.candidates.append(Candidate(journey, facts))

    def _issue_date(self, journey) -> datetime:
        if journey.status == "completed":
            return journey.cohort.end + timedelta(days=self.rng.uniform(15, 45))
        return self.now - timedelta(minutes=1)  # finished early in a running cohort: issued just now

    def write(self, target: int) -> int:
        """Issue (and renew) until `target` certificates exist; returns how many were made."""
        self.rng.shuffle(self.candidates)
        chosen = [(self._issue_date(c.journey), c) for c in self.candidates]
        chosen = sorted(((at, c) for at, c in chosen[:target] if at < self.now), key=lambda pair: pair[0])
        made = 0
        for issued_at, candidate in chosen:
            if made >= target:
                break
            made += self._life(candidate, issued_at, room=target - made)
        return made

    # --- one holder --------------------------------------------------------------------------------------

    def _life(self, candidate: Candidate, issued_at: datetime, room: int) -> int:
        rng, journey, facts = self.rng, candidate.journey, candidate.facts
        checklist = requirement_status(self.requirements.tracks[journey.learner.track], facts)
        status = LearnerStatus(journey.learner, checklist, None, "ready", facts)
        snapshot = snapshot_for(journey.learner, journey.learner.track, status, facts, kind="issue",
                                requirements=self.requirements, curriculum=self.curriculum)
        revoked_at = None
        if rng.random() < 0.005:  # revoked within months of the issue, before any renewal window
            revoked_at = min(issued_at + timedelta(days=rng.randint(30, 200)), self.now - timedelta(hours=1))
        first = self._certificate(journey, snapshot, issued_at, issued_at, revoked_at=revoked_at)
        renewed = self._renewal(candidate, first) if first["revoked_at"] is None and room > 1 else None
        for row in (first, renewed):
            if row is not None:
                self.writer.add(Certificate, row)
        return 2 if renewed else 1

    def _renewal(self, candidate: Candidate, first: dict) -> dict | None:
        rng, journey, facts = self.rng, candidate.journey, candidate.facts
        issued_at = first["issued_at"]
        continuing = []
        if issued_at < self.now - timedelta(days=300) and rng.random() < 0.6:
            continuing = self._continuing_education(journey, issued_at, first["expires_at"])
        window = self._window(first)
        if not continuing or window > self.now or rng.random() < 0.4:
            return None
        later = replace(facts, supervision=facts.supervision + tuple(continuing))
        renewal = renewal_status(self.requirements.renewal, self.curriculum, later, issued_at)
        renewed_at = window + timedelta(days=rng.uniform(1, 80))
        if not renewal.met or renewed_at >= self.now:
            return None
        snapshot = snapshot_for(journey.learner, journey.learner.track, None, later, kind="renewal",
                                renewal=renewal, requirements=self.requirements, curriculum=self.curriculum)
        return self._certificate(journey, snapshot, renewed_at, max(renewed_at, first["expires_at"]), renews=first)

    def _window(self, certificate: dict) -> datetime:
        return certificate["expires_at"] - timedelta(days=self.requirements.renewal.window_days)

    def _continuing_education(self, journey, issued_at: datetime, expires_at: datetime) -> list:
        """Erfa groups and network meetings after the certificate, confirmed: what renewal asks for."""
        sessions, last = [], min(self.now - timedelta(days=2), expires_at)
        for _ in range(self.rng.randint(3, 8)):
            day = self.logbook._day(issued_at + timedelta(days=20), last)
            entry = self.logbook.supervision(journey, day, self.rng.choice(CONTINUING_FORMS),
                                             self.rng.choice((150, 180, 240)), settled=True)
            sessions.append((day, entry["minutes"], entry["supervision_form"]))
        return sessions

    def _code(self) -> str:
        while True:
            code = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def _certificate(self, journey, snapshot: dict, issued_at: datetime, starts: datetime,
                     renews: dict | None = None, revoked_at: datetime | None = None) -> dict:
        learner, rng = journey.learner, self.rng
        salt = f"{rng.getrandbits(128):032x}"
        expires_at = add_months(starts, self.requirements.validity_months)
        row = {
            "id": self.writer.next_id(Certificate), "learner_id": learner.id, "code": self._code(),
            "badge_id": f"{rng.getrandbits(128):032x}",
            "recipient_salt": salt, "recipient_hash": recipient_hash(learner.email, salt),
            "holder_name": learner.name, "track": learner.track, "requirements_version": self.requirements.version,
            "snapshot": snapshot, "issued_at": issued_at, "expires_at": expires_at,
            "issued_by_id": rng.choice(self.coordinator_ids), "renews_id": renews["id"] if renews else None,
            "renewal_notified_at": None, "expired_at": None, "revoked_at": revoked_at,
            "revoked_by_id": self.coordinator_ids[0] if revoked_at else None,
            "revocation_reason": "Udstedt ved en fejl." if revoked_at else None}
        self._notify(learner.id, "certificate_issued", issued_at)
        if revoked_at is not None:
            self._notify(learner.id, "certificate_revoked", revoked_at)
            return row  # the sweep leaves revoked certificates alone
        window = self._window(row)
        if window <= self.now:  # what the nightly sweep has done by now
            row["renewal_notified_at"] = window + timedelta(hours=3)
            self._notify(learner.id, "certificate_renewal_due", row["renewal_notified_at"])
            for coordinator_id in self.coordinator_ids:
                self._notify(coordinator_id, "certificate_renewal_due_staff", row["renewal_notified_at"],
                             learner.name)
        if expires_at <= self.now:
            row["expired_at"] = expires_at + timedelta(hours=3)
        return row

    def _notify(self, user_id: int, kind: str, at: datetime, actor: str | None = None) -> None:
        read = at + timedelta(days=self.rng.uniform(0.1, 5))
        self.writer.add(Notification, {"user_id": user_id, "kind": kind, "module_id": None, "submission_id": None,
                                       "actor_name": actor, "created_at": at,
                                       "read_at": read if read < self.now - timedelta(days=7) else None})
