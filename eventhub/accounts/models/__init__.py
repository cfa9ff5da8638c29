from .api_token import ApiToken
from .event_membership import EventMembership
from .sign_in_throttle import SignInThrottle
from .user import Role, User

__all__ = ["ApiToken", "EventMembership", "Role", "SignInThrottle", "User"]
