"""Alliance Assistant: ``from app import ask, Answer, Citation``.

Importing this package loads no model, opens no store and reads no environment.
"""

from app.models import Answer, Citation

__all__ = ["Answer", "Citation", "ask", "ask_stream", "build_services", "Settings"]


def __getattr__(name: str):  # noqa: ANN202 - lazy public API keeps import cheap
    if name in ("ask", "ask_stream"):
        from app import query

        return getattr(query, name)
    if name == "build_services":
        from app.services import build_services

        return build_services
    if name == "Settings":
        from app.settings import Settings

        return Settings
    raise AttributeError(name)
