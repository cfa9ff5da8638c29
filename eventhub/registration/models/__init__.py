from .change import RegistrationChange
from .registration import Registration, RegistrationRole
from .session_registration import SessionRegistration, SessionRegistrationStatus, ZoomState

__all__ = [
    "Registration",
    "RegistrationChange",
    "RegistrationRole",
    "SessionRegistration",
    "SessionRegistrationStatus",
    "ZoomState",
]
