from .document import DocumentKind, ReferenceDocument
from .note import ReferenceNote
from .paragraph import ReferenceParagraph

__all__ = ["DocumentKind", "ReferenceDocument", "ReferenceNote", "ReferenceParagraph"]
