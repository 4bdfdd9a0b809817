"""Importing OpenVINO quietly (used by the export and by the fast encoder)."""

from __future__ import annotations

import sys
from typing import Any


def import_openvino() -> Any:
    """``openvino`` without its usage telemetry. Importing it sends a Google Analytics event
    (opt-out) and counts imports in ``~/intel``; when ``openvino_telemetry`` cannot be
    imported, OpenVINO uses its own no-op stub instead."""
    if "openvino" not in sys.modules:
        saved = sys.modules.get("openvino_telemetry")
        sys.modules["openvino_telemetry"] = None  # type: ignore[assignment] - import fails
        try:
            import openvino  # noqa: F401
        finally:
            if saved is None:
                del sys.modules["openvino_telemetry"]
            else:
                sys.modules["openvino_telemetry"] = saved
    return sys.modules["openvino"]
