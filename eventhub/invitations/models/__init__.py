from .invitation_send import InvitationSend, SendKind, SendState
from .invitee import Invitee, InviteeStatus
from .reminder_sent import ReminderKind, ReminderSent

__all__ = [
    "InvitationSend",
    "Invitee",
    "InviteeStatus",
    "ReminderKind",
    "ReminderSent",
    "SendKind",
    "SendState",
]
