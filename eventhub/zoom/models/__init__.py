from .unmatched_registrant import ZoomUnmatchedRegistrant
from .webhook_event import ZoomWebhookEvent

__all__ = ["ZoomUnmatchedRegistrant", "ZoomWebhookEvent"]
