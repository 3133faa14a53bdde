"""MNIST from the four standard IDX files, checked against known checksums.

The directory comes from an argument, else $MNIST_DIR, else ../shared/datasets/mnist
when it exists, else the user's cache (~/.cache/digit-pad/mnist); files missing
there are downloaded from the official mirrors (for people who are online). Every file's uncompressed contents are checked by
sha256 before use, so a corrupt or truncated download is refused by name.
"""

import gzip
import hashlib
import os
import struct
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "datasets" / "mnist"
# Downloads go to the user's cache, not the project folder (which may be read-only).
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "digit-pad" / "mnist"
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

# sha256 of the uncompressed IDX contents (the official files).
FILES = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
MAGIC = {3: 0x00000803, 1: 0x00000801}  # images, labels


class DataError(Exception):
    """A data file is missing, corrupt or cannot be fetched; the message says which."""


def resolve_dir(directory=None):
    if directory:
        return Path(directory)
    if os.environ.get("MNIST_DIR"):
        return Path(os.environ["MNIST_DIR"])
    return DEFAULT_DIR if DEFAULT_DIR.is_dir() else CACHE_DIR


def read_bytes(path):
    """Contents of an IDX file, gunzipped when it is gzip."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError) as err:
            raise DataError(f"{path}: not a valid gzip file ({err}); delete it and fetch it again") from err
    return raw


def find_file(directory, name):
    for candidate in (directory / f"{name}.gz", directory / name):
        if candidate.is_file():
            return candidate
    return None


def download(name, directory):
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{name}.gz"
    errors = []
    for mirror in MIRRORS:
        try:
            with urllib.request.urlopen(mirror + f"{name}.gz", timeout=30) as response:
                data = response.read()
        except OSError as err:
            errors.append(f"{mirror}: {err}")
            continue
        target.write_bytes(data)
        return target
    raise DataError(
        f"MNIST file {name} is not in {directory} and could not be downloaded "
        f"({'; '.join(errors)}). Pass --data DIR or set MNIST_DIR to a folder with the IDX files."
    )


def parse_idx(data, name, ndim):
    """The array in an IDX file; a clear DataError for anything malformed."""
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DataError(f"{name}: truncated (only {len(data)} bytes, no complete header)")
    (magic,) = struct.unpack(">I", data[:4])
    if magic != MAGIC[ndim]:
        raise DataError(f"{name}: wrong magic number 0x{magic:08x}, expected 0x{MAGIC[ndim]:08x}")
    shape = struct.unpack(f">{ndim}I", data[4:header])
    expected = int(np.prod(shape))
    if len(data) - header != expected:
        raise DataError(f"{name}: truncated or padded ({len(data) - header} data bytes, header says {expected})")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def load_file(name, directory=None, verify=True):
    directory = resolve_dir(directory)
    path = find_file(directory, name) or download(name, directory)
    data = read_bytes(path)
    ndim = 3 if "images" in name else 1
    array = parse_idx(data, path.name, ndim)  # structure first: it names the fault precisely
    if verify and hashlib.sha256(data).hexdigest() != FILES[name]:
        raise DataError(f"{path}: checksum mismatch, the file is corrupt; delete it and fetch it again")
    return array


def load(split, directory=None):
    """(images uint8 N x 28 x 28, labels uint8 N) for split 'train' or 't10k'."""
    images = load_file(f"{split}-images-idx3-ubyte", directory)
    labels = load_file(f"{split}-labels-idx1-ubyte", directory)
    if len(images) != len(labels):
        raise DataError(f"{split}: {len(images)} images but {len(labels)} labels")
    return images, labels


def checksums():
    return dict(FILES)
