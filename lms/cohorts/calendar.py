"""The iCalendar feed of a person's class sessions."""
from icalendar import Calendar, Event

from ..timeutil import utcnow


def feed(sessions, cohorts: dict, curriculum, locale: str, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Peer-uddannelsen//Peer LMS//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Peer-uddannelsen")
    stamp = utcnow()
    for session in sessions:
        cohort = cohorts.get(session.cohort_id)
        titles = [curriculum.modules[m].title(locale) for m in session.module_ids if m in curriculum.modules]
        event = Event()
        event.add("uid", f"class-session-{session.id}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", f"{cohort.name if cohort else ''}: {', '.join(titles)}".strip(": "))
        event.add("location", session.place)
        if titles:
            event.add("description", "\n".join(titles))
        calendar.add_component(event)
    return calendar.to_ical()
