from .audit_entry import AuditEntry

__all__ = ["AuditEntry"]
