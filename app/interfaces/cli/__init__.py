"""``alliance-assistant``: a thin layer over the Python API that renders what it returns."""

from app.interfaces.cli.main import main

__all__ = ["main"]
