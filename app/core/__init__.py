"""The core: the public types (``types``: Answer, Citation, Hit), the nested settings
(``settings``; ``writer_env`` reads the two a writer's lock needs without pydantic), what a
question must be (``questions``), the wiring (``services``) and the one entry point
(``query.ask``).

May import: ``vectorstore``, ``ingest``; ``services`` and ``query`` also ``app.answering``.
``types``, ``settings``, ``writer_env`` and ``questions`` import nothing from ``app`` (every
app layer may import them).
Never ``app.interfaces`` or ``app.evaluation``.
"""
