"""The organiser console (/console/...): dashboard, event and session editing,
registrations, exports, audit log. Pages are in the four languages; the language comes
from ``?lang=``, then the ``console_lang`` cookie, then Accept-Language."""
