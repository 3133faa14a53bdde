"""Offline build steps: data, training, export, evaluation, vendoring the runtime."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The browser's Python lives in py/; the build reuses it rather than keeping a copy.
if str(ROOT / "py") not in sys.path:
    sys.path.insert(0, str(ROOT / "py"))
