"""Exports of registrations (CSV, XLSX, Zoom import CSV, interpretation headcount),
streamed, formula-safe and recorded in an audit log; used by the console, the command
line and the organiser API."""
