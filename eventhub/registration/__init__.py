"""Registrations of parliamentarians and staff to sessions."""
