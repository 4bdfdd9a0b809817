"""The core: the public types (``types``: Answer, Citation, Hit), the nested settings
(``settings``), the wiring (``services``) and the one entry point (``query.ask``).

May import: ``vectorstore``, ``ingest``; ``services`` and ``query`` also ``app.answering``.
``types`` and ``settings`` import nothing from ``app`` (every app layer may import them).
Never ``app.interfaces`` or ``app.evaluation``.
"""
