from .event import Event, EventStatus, RegistrationState
from .objective import EventObjective
from .session import EventSession, SessionStatus

__all__ = ["Event", "EventObjective", "EventSession", "EventStatus", "RegistrationState", "SessionStatus"]
