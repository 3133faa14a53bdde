"""The names, paths and shapes that the page's JS, its Python, the service worker, the build and the
tests share, defined once.

Python imports this module: the page's (it is one of py/'s modules), the build's and the tests'.
build/site.py writes the same values into www/js/contract.js for the page's JS, and into
precache.js for the service worker (a classic script, which cannot import a module), so that
renaming one thing here renames it everywhere.
"""

# The model's input and output: MNIST's.
SIDE = 28  # pixels a side of one digit as the model sees it
CLASSES = 10
# The pad's brush: its stroke width as a share of the pad's side, chosen so that a digit filling most
# of the pad ends up about as thick as MNIST's strokes (js/pad.js draws with it, tests render with it).
BRUSH = 0.08

# The built site (www/), as the page fetches it.
PYODIDE = "vendor/pyodide/"
PYODIDE_LOCK = PYODIDE + "pyodide-lock.json"
PACKAGES = ["numpy"]  # the Pyodide packages the page's Python imports
TFJS = "vendor/tfjs/"
# tfjs in parts, each extending window.tf: in the order they must run.
TFJS_SCRIPTS = [
    TFJS + f"{part}.es2017.min.js" for part in ("tf-core", "tf-layers", "tf-backend-cpu", "tf-backend-wasm")
]
MODEL = "model/"  # the shipped model: model.json, its weights, card.json
APP = "app/"  # the page's Python modules (py/)
EVALUATION = "evaluation.py"  # the build's evaluation hook: in app/, fetched only when asked for

# Start-up stages of the progress line: the share of start-up each stands for, and its name.
STAGES = {
    "runtime": {"weight": 0.6, "label": "Python runtime"},
    "numpy": {"weight": 0.15, "label": "numpy"},
    "model": {"weight": 0.15, "label": "model"},
    "app": {"weight": 0.1, "label": "app"},
}

# Cache Storage and the service worker.
SITE_CACHE = "digit-pad-"  # + the deploy's version: one cache per deploy
PYTHON_SNAPSHOT_CACHE = "digit-pad-python"  # a started Python's memory (js/python.mjs); outlives deploys
INSTALL_CHANNEL = "digit-pad-install"  # BroadcastChannel: the worker's download progress to the page
# Messages between the page (js/offline.js) and the worker (sw.js).
MESSAGES = {
    "progress": "progress",  # worker -> page: a stage's bytes downloaded so far
    "cached": "cached",  # worker -> page: every file is cached, the page works offline
    "notCached": "not-cached",  # worker -> page: a file could not be cached
    "cacheAll": "cache-all",  # page -> worker: cache what this visit did not fetch
    "skipWaiting": "skip-waiting",  # page -> worker: the person chose to reload into a new deploy
}


def shared():
    """Every name above, as build/site.py writes them for JS."""
    return {name: value for name, value in globals().items() if name.isupper()}
