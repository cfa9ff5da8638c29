from .document import DocumentKind, ReferenceDocument
from .note import ReferenceNote
from .paragraph import ReferenceParagraph

__all__ = ["DocumentKind", "ReferenceDocument", "ReferenceNote", "ReferenceParagraph"]


def _inputs_domain_present() -> bool:
    """True when ``eventhub.inputs.models`` (ParliamentaryInput) can be imported.

    The links to inputs reference the inputs domain's table; on a checkout
    without that domain the link model is left out so that the mapper, the
    migrations check and the console keep working.
    """
    try:
        import eventhub.inputs.models  # noqa: F401
    except ModuleNotFoundError as exc:
        if exc.name in ("eventhub.inputs", "eventhub.inputs.models"):
            return False
        raise
    return True


#: Whether staff can link parliamentary inputs to paragraphs on this installation.
INPUT_LINKS_AVAILABLE = _inputs_domain_present()

if INPUT_LINKS_AVAILABLE:
    from .input_link import InputParagraphLink  # noqa: F401

    __all__.append("InputParagraphLink")
