from .attendance_interval import ZoomAttendanceInterval
from .unmatched_registrant import ZoomUnmatchedRegistrant
from .webhook_event import ZoomWebhookEvent
from .webinar_change import ZoomWebinarChange

__all__ = ["ZoomAttendanceInterval", "ZoomUnmatchedRegistrant", "ZoomWebhookEvent", "ZoomWebinarChange"]
