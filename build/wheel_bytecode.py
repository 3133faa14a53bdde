"""Rewrite a Pyodide wheel for a faster import: bytecode instead of sources, no build-time files.

    python wheel_bytecode.py IN.whl OUT.whl   (run by Pyodide's own CPython: build/pyodide_run.mjs)

Python compiles every module it imports from source; numpy's 3.6 MB of
sources took about 0.3 s of each start in the browser. Compiled ahead of
time (unchecked-hash .pyc files where the sources were, which Python imports
without looking for sources), importing them is a load. C headers, static
libraries, Cython declarations and type stubs are only for building against
the package and are dropped. Entry order, dates and compression are kept, so
the same input gives the same bytes.
"""

import base64
import hashlib
import importlib.util
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

BUILD_ONLY = (".pyi", ".h", ".a", ".c", ".pxd", ".pyx")


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def rewrite(source, target):
    entries = []  # (ZipInfo, bytes)
    with zipfile.ZipFile(source) as wheel:
        for info in wheel.infolist():
            name, data = info.filename, wheel.read(info)
            if name.endswith(BUILD_ONLY) and ".dist-info/" not in name:
                continue
            if name.endswith(".py"):
                code = compile(data, name, "exec", dont_inherit=True, optimize=0)
                data = _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
                name += "c"
            entries.append((info, name, data))
    record = next(name for _, name, _ in entries if name.endswith(".dist-info/RECORD"))
    lines = [record_line(name, data) for _, name, data in entries if name != record] + [f"{record},,"]
    with zipfile.ZipFile(target, "w") as out:
        for info, name, data in entries:
            if name == record:
                data = ("\n".join(lines) + "\n").encode()
            copy = zipfile.ZipInfo(name, info.date_time)
            copy.compress_type, copy.external_attr = info.compress_type, info.external_attr
            out.writestr(copy, data)


if __name__ == "__main__":
    rewrite(*sys.argv[1:3])
