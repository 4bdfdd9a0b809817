"""The Gradio web chat: a thin layer over ``ask_stream()`` and ``IndexService.sync()``."""
