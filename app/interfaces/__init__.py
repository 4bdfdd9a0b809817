"""The ways people use the assistant: ``cli`` (the ``alliance-assistant`` command) and
``web`` (the Gradio chat). Thin: they call ``ask``/``ask_stream`` and the index service and
render what comes back.

May import: everything in ``app`` and below. Nothing imports ``app.interfaces``.
"""
