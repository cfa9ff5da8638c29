"""Calendar files (.ics) and add-to-calendar links: see ``eventhub.calendars.services``."""
