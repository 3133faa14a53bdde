"""Entry point of the page's Python: start the app, or say which package failed to load.

A runtime file that is missing shows up here as an ImportError, not as an
error PyScript reports, so it is turned into the page's own error status.
"""

import json

from pyscript import window

from contract import PYODIDE, PYODIDE_LOCK


async def missing_package_file(name):
    """The wheel that Pyodide would have fetched for `name`, from its lock file."""
    response = await window.fetch(PYODIDE_LOCK)
    packages = json.loads(await response.text())["packages"] if response.ok else {}
    return f"{PYODIDE}{packages[name]['file_name']}" if name in packages else f"the package {name}"


try:
    import page
except ImportError as error:
    package = (error.name or "numpy").split(".")[0]
    where = await missing_package_file(package)  # noqa: F704  (PyScript allows top-level await)
    window.digitPad.pythonFailed(f"{where} could not be loaded")
else:
    await page.start()  # noqa: F704
