from .attachment import InputAttachment
from .input import (
    Attribution,
    InputStatus,
    ParliamentaryInput,
    input_objectives,
)
from .note import InputNote
from .status_change import InputStatusChange
from .tag import InputTag

__all__ = [
    "Attribution",
    "InputAttachment",
    "InputNote",
    "InputStatus",
    "InputStatusChange",
    "InputTag",
    "ParliamentaryInput",
    "input_objectives",
]
