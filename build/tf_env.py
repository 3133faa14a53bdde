"""TensorFlow with legacy Keras: tensorflowjs 4.22 cannot load Keras 3 models."""

import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# tensorflowjs imports TensorFlow Decision Forests, whose welcome banner needs IPython when stdout is
# not a terminal (pytest, CI): without IPython, as in a fresh venv, `import tensorflowjs` fails.
os.environ.setdefault("TFDF_DISABLE_WELCOME_MESSAGE", "1")

import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402

__all__ = ["tf", "keras"]
