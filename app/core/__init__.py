"""The core: the public types (``types``: Answer, Citation, Hit), the nested settings
(``settings``), what a question must be (``questions``), the wiring (``services``) and the
one entry point (``query.ask``).

May import: ``vectorstore``, ``ingest``; ``services`` and ``query`` also ``app.answering``.
``types``, ``settings`` and ``questions`` import nothing from ``app`` (every app layer may
import them).
Never ``app.interfaces`` or ``app.evaluation``.
"""
