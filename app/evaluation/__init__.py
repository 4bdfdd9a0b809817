"""The offline evaluation: the question set (``questions.yaml``, package data) and the
harness that measures retrieval, answers, citations and abstention against a fresh index.

May import: ``app.core``, ``app.answering``, ``ingest``, ``vectorstore``. Never
``app.interfaces``.
"""
