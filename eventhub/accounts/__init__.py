"""Staff accounts (admin, organiser, staff) and API tokens."""
