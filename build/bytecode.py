"""Rewrite a zip of Python modules (a Pyodide wheel, Pyodide's standard library) as bytecode.

    python bytecode.py IN.zip OUT.zip   (run by Pyodide's own CPython: build/pyodide_run.mjs)

Python compiles every module it imports from source, and in the browser that
is most of a start: Pyodide's bootstrap took 1.5 s, numpy's import 0.3 s.
Compiled ahead of time (unchecked-hash .pyc files where the sources were,
which Python imports without looking for sources), importing is a load.
C headers, static libraries, Cython declarations and type stubs are only for
building against a package and are dropped. A wheel's RECORD is rewritten to
match. Entry order, dates and compression are kept: the same input gives the
same bytes.
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
    entries = []  # (ZipInfo, new name, new bytes)
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            name, data = info.filename, archive.read(info)
            if name.endswith(BUILD_ONLY) and ".dist-info/" not in name:
                continue
            if name.endswith(".py"):
                code = compile(data, name, "exec", dont_inherit=True)
                data = _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
                name += "c"
            entries.append((info, name, data))
    record = next((name for _, name, _ in entries if name.endswith(".dist-info/RECORD")), None)
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
