from .api_token import ApiToken
from .user import Role, User

__all__ = ["ApiToken", "Role", "User"]
