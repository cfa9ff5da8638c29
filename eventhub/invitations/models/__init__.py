from .invitation_send import InvitationSend, SendKind, SendState
from .invitee import Invitee, InviteeStatus
from .mail_opt_out import MailOptOut
from .reminder_sent import ReminderKind, ReminderSent

__all__ = [
    "InvitationSend",
    "Invitee",
    "InviteeStatus",
    "MailOptOut",
    "ReminderKind",
    "ReminderSent",
    "SendKind",
    "SendState",
]
