from .session_notice import SessionNotice
from .session_notice_recipient import NoticeRecipientState, SessionNoticeRecipient

__all__ = ["NoticeRecipientState", "SessionNotice", "SessionNoticeRecipient"]
