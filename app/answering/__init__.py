"""Answering: question analysis (``analysis``, English rules in ``language``), the abstention
policy (``policy``), the member directory and its exact answers (``directory``,
``directory_answer``), the extractive and generative answerers (``extractive``,
``generative``, ``llm``), citation numbering and verification (``citations``, ``verify``),
follow-ups (``followup``), safety (``safety``) and the pipeline that composes them.

May import: ``vectorstore``, ``ingest``, ``prompts``, ``app.core.types``,
``app.core.settings``. Never ``app.core.services``/``app.core.query``, ``app.interfaces`` or
``app.evaluation``.
"""
