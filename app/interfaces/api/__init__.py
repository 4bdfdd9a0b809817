"""The HTTP API, served by ``serve`` on the web chat's app and port: ``/api/v1`` (ask,
status, documents, sync), an OpenAI-compatible ``/v1`` (models, chat completions), API keys
with a per-key rate limit, and the web login's protection (hashed passwords, lockout of
addresses that guess, no endpoint list before login, Secure cookies behind TLS).

Thin like the other interfaces: every route calls ``ask_stream()`` or ``IndexService`` and
renders what comes back. ``app.build_http_app`` assembles it; ``web.server.serve`` mounts
the Gradio chat on it and runs it.
"""
