"""Fixtures shared by the fault tests."""
from __future__ import annotations

import pytest


@pytest.fixture
def refusing_smtp(smtp_server):
    """The loopback SMTP server answering 421 to every message while ``refusing``."""
    smtp_server.refusing = True
    accept = smtp_server.handle_DATA

    async def handle_DATA(server, session, envelope):
        if smtp_server.refusing:
            return "421 Service not available, try again later"
        return await accept(server, session, envelope)

    smtp_server.handle_DATA = handle_DATA
    return smtp_server
