"""Events and their time-zoned sessions: the public pages and the event API."""
