"""Audit log of exports."""
from .export_record import ExportRecord

__all__ = ["ExportRecord"]
