from .change import RegistrationChange
from .registration import Registration, RegistrationRole
from .search_term import RegistrationSearchTerm
from .session_registration import SessionRegistration, SessionRegistrationStatus, ZoomState

__all__ = [
    "Registration",
    "RegistrationChange",
    "RegistrationRole",
    "RegistrationSearchTerm",
    "SessionRegistration",
    "SessionRegistrationStatus",
    "ZoomState",
]
