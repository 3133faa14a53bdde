"""The MNIST loader: checksums, and a clear message for every kind of bad file."""

import gzip
import shutil

import numpy as np
import pytest

from build import mnist

NAME = "t10k-labels-idx1-ubyte"


@pytest.fixture
def copy(tmp_path):
    """A writable copy of the real data folder's smallest file."""
    source = mnist.find_file(mnist.resolve_dir(), NAME)
    shutil.copyfile(source, tmp_path / source.name)
    return tmp_path


def write(folder, data):
    for old in folder.glob(NAME + "*"):
        old.unlink()
    (folder / f"{NAME}.gz").write_bytes(gzip.compress(data))


def raw(folder):
    return gzip.decompress((folder / f"{NAME}.gz").read_bytes())


def test_loads_the_real_files_with_verified_checksums():
    images, labels = mnist.load("t10k")
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10000,) and set(np.unique(labels)) == set(range(10))


def test_uncompressed_files_work_too(copy):
    data = raw(copy)
    (copy / f"{NAME}.gz").unlink()
    (copy / NAME).write_bytes(data)
    assert len(mnist.load_file(NAME, copy)) == 10000


def test_directory_from_environment(copy, monkeypatch):
    monkeypatch.setenv("MNIST_DIR", str(copy))
    assert mnist.resolve_dir() == copy
    assert len(mnist.load_file(NAME)) == 10000


def test_checksum_mismatch_is_refused(copy):
    data = bytearray(raw(copy))
    data[-1] ^= 1  # one label changed: structure fine, contents wrong
    write(copy, bytes(data))
    with pytest.raises(mnist.DataError, match="checksum mismatch"):
        mnist.load_file(NAME, copy)


def test_truncated_file_is_refused(copy):
    write(copy, raw(copy)[:5000])
    with pytest.raises(mnist.DataError, match="truncated"):
        mnist.load_file(NAME, copy)


def test_truncated_header_is_refused(copy):
    write(copy, raw(copy)[:6])
    with pytest.raises(mnist.DataError, match="truncated"):
        mnist.load_file(NAME, copy)


def test_wrong_magic_number_is_refused(copy):
    data = bytearray(raw(copy))
    data[3] = 0x03  # says images, is labels
    write(copy, bytes(data))
    with pytest.raises(mnist.DataError, match="wrong magic number"):
        mnist.load_file(NAME, copy)


def test_broken_gzip_is_refused(copy):
    (copy / f"{NAME}.gz").write_bytes(b"\x1f\x8b" + b"garbage" * 10)
    with pytest.raises(mnist.DataError, match="not a valid gzip"):
        mnist.load_file(NAME, copy)


def offline(*args, **kwargs):
    raise OSError("network is unreachable")


def test_missing_directory_without_network_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(mnist.urllib.request, "urlopen", offline)
    with pytest.raises(mnist.DataError, match="could not be downloaded.*--data DIR"):
        mnist.load_file(NAME, tmp_path / "nowhere")


def test_cli_prints_the_message_not_a_stack_trace(tmp_path, capsys, monkeypatch):
    from build import train

    monkeypatch.setattr(mnist.urllib.request, "urlopen", offline)
    with pytest.raises(SystemExit) as stop:
        train.main(["--data", str(tmp_path), "--epochs", "1"])
    assert str(stop.value).startswith("error: ") and "train-images" in str(stop.value)
