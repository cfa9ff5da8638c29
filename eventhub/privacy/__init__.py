"""Personal data on request and by retention rule: a registrant's personal data is
erased while the counts (country, role, sessions, languages, attendance) are kept."""
