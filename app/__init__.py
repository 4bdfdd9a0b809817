"""Alliance Assistant: ``from app import ask, Answer, Citation``.

Importing this package loads no model, opens no store and reads no environment.

Layers (each package's ``__init__`` says what it may import):
``vectorstore`` <- ``ingest`` <- ``app.answering`` <- ``app.core`` (wiring, ``ask``)
<- ``app.evaluation`` <- ``app.interfaces``; ``app.core.types`` and ``app.core.settings``
are leaves every app layer may import.
"""

from app.core.types import Answer, Citation

__all__ = ["Answer", "Citation", "Settings", "ask", "ask_stream", "build_services", "sync"]


def __getattr__(name: str):  # noqa: ANN202 - lazy public API keeps import cheap
    if name in ("ask", "ask_stream", "sync"):
        from app.core import query

        return getattr(query, name)
    if name == "build_services":
        from app.core.services import build_services

        return build_services
    if name == "Settings":
        from app.core.settings import Settings

        return Settings
    raise AttributeError(name)
