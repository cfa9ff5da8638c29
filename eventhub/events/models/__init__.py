from .event import Event
from .objective import EventObjective
from .session import EventSession, SessionStatus

__all__ = ["Event", "EventObjective", "EventSession", "SessionStatus"]
