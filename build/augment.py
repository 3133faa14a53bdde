"""Training-time distortions of 28x28 digits, matched to what the canvas produces.

After our preprocessing a drawing still differs from MNIST in slant, aspect,
position by a pixel or two, and stroke thickness (a brush of fixed width on
a digit of any size). Each batch gets a random affine warp (rotation, zoom,
aspect, shear, shift) and a random thickening or thinning of its strokes.
"""

import math

from build.tf_env import tf

ROTATE_DEG = 10.0
ZOOM = 0.10
ASPECT = 0.10
SHEAR = 0.15
SHIFT_PX = 2.0
THICKEN = 0.6  # at most this much of a one-pixel dilation blended in
THIN = 0.5  # at most this much of a one-pixel erosion blended in


def affine_params(n):
    """Projective-transform rows mapping output pixels back to input pixels."""
    angle = tf.random.uniform([n], -1.0, 1.0) * ROTATE_DEG * math.pi / 180.0
    zoom = 1.0 + tf.random.uniform([n], -ZOOM, ZOOM)
    aspect = 1.0 + tf.random.uniform([n], -ASPECT, ASPECT)
    shear = tf.random.uniform([n], -SHEAR, SHEAR)
    sx, sy = zoom * aspect, zoom / aspect
    cos, sin = tf.cos(angle), tf.sin(angle)
    # Forward map A = R @ Sh @ S; the op needs its inverse (output -> input).
    a00, a01 = cos * sx, (cos * shear - sin) * sy
    a10, a11 = sin * sx, (sin * shear + cos) * sy
    det = a00 * a11 - a01 * a10
    i00, i01, i10, i11 = a11 / det, -a01 / det, -a10 / det, a00 / det
    centre = 13.5
    tx = tf.random.uniform([n], -SHIFT_PX, SHIFT_PX)
    ty = tf.random.uniform([n], -SHIFT_PX, SHIFT_PX)
    ox, oy = centre + tx, centre + ty
    b0 = centre - (i00 * ox + i01 * oy)
    b1 = centre - (i10 * ox + i11 * oy)
    zeros = tf.zeros([n])
    return tf.stack([i00, i01, b0, i10, i11, b1, zeros, zeros], axis=1)


def warp(images):
    n = tf.shape(images)[0]
    return tf.raw_ops.ImageProjectiveTransformV3(
        images=images,
        transforms=affine_params(n),
        output_shape=tf.shape(images)[1:3],
        fill_value=0.0,
        interpolation="BILINEAR",
        fill_mode="CONSTANT",
    )


def vary_thickness(images):
    n = tf.shape(images)[0]
    amount = tf.random.uniform([n, 1, 1, 1], -THIN, THICKEN)
    dilated = tf.nn.max_pool2d(images, 3, 1, "SAME")
    eroded = -tf.nn.max_pool2d(-images, 3, 1, "SAME")
    thick = images + tf.maximum(amount, 0.0) * (dilated - images)
    return thick + tf.minimum(amount, 0.0) * (images - eroded)


def augment(images):
    """images: float32 N x 28 x 28 x 1 in [0, 1]."""
    return tf.clip_by_value(warp(vary_thickness(images)), 0.0, 1.0)
