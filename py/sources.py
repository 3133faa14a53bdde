"""Pictures into numpy: uploaded or dropped files, and the device camera.

The browser decodes (any format it knows) and scales large images down, off the
main thread where it can (createImageBitmap); numpy gets RGBA pixels. Every
failure becomes an Unreadable with a plain message.
wire_pictures connects the page's upload, drop and camera controls to a reader.
"""

import asyncio

import numpy as np
from pyodide.ffi import JsException, create_proxy, to_js
from pyscript import document, window

from errors import Unreadable

MAX_SIDE = 1024  # longer side of the image handed to numpy; photos are scaled down to it
TYPES = ("image/png", "image/jpeg", "image/webp")


def options(**values):
    return to_js(values, dict_converter=window.Object.fromEntries)


def rgba_of(image_data):
    """An ImageData's pixels as an H x W x 4 uint8 array, in one copy."""
    rgba = np.empty((image_data.height, image_data.width, 4), dtype=np.uint8)
    image_data.data.assign_to(rgba)
    return rgba


def scaled_size(width, height):
    """(w, h) of an image scaled to at most MAX_SIDE pixels a side."""
    scale = min(1.0, MAX_SIDE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def pixels_of(drawable, width, height):
    """RGBA of anything canvas can draw (a bitmap, a video frame), scaled to at most MAX_SIDE."""
    w, h = scaled_size(width, height)
    canvas = window.OffscreenCanvas.new(w, h)
    context = canvas.getContext("2d", options(willReadFrequently=True))
    context.imageSmoothingQuality = "high"
    context.drawImage(drawable, 0, 0, w, h)
    return rgba_of(context.getImageData(0, 0, w, h))


async def natural_size(file):
    """(width, height) of an image file, or None if the browser cannot read it: an <img> learns its
    size from the file's header, before (and without) decoding its pixels."""
    url = window.URL.createObjectURL(file)
    image = window.Image.new()
    loaded = asyncio.get_running_loop().create_future()

    def settle(ok):
        if not loaded.done():
            loaded.set_result(ok)

    handlers = [create_proxy(lambda _: settle(True)), create_proxy(lambda _: settle(False))]
    image.onload, image.onerror = handlers
    image.src = url
    try:
        return (image.naturalWidth, image.naturalHeight) if await loaded else None
    finally:
        image.onload = image.onerror = None
        for handler in handlers:
            handler.destroy()
        window.URL.revokeObjectURL(url)


async def decode(file):
    """RGBA pixels of an image file (PNG, JPEG, WebP), decoded once, scaled as it is decoded, off the
    main thread (decoding a photo whole and then scaling it, or drawing it smaller on a canvas, holds
    the main thread for tenths of a second)."""
    if file.size == 0:
        raise Unreadable(f"{file.name} is empty.")
    if file.type and file.type not in TYPES:
        raise Unreadable(f"{file.name} is not a PNG, JPEG or WebP image.")
    unreadable = Unreadable(f"{file.name} could not be read as an image (PNG, JPEG or WebP).")
    size = await natural_size(file)
    if size is None:
        raise unreadable
    if 0 in size:
        raise Unreadable(f"{file.name} has no pixels.")
    w, h = scaled_size(*size)
    try:
        if (w, h) == size:
            bitmap = await window.createImageBitmap(file)
        else:
            bitmap = await window.createImageBitmap(file, options(resizeWidth=w, resizeHeight=h, resizeQuality="high"))
    except JsException:
        raise unreadable from None
    try:
        return pixels_of(bitmap, bitmap.width, bitmap.height)
    finally:
        bitmap.close()


CAMERA_ERRORS = {
    "NotAllowedError": "Camera permission was refused. Allow the camera for this page to take a picture.",
    "SecurityError": "Camera permission was refused. Allow the camera for this page to take a picture.",
    "NotFoundError": "No camera was found on this device.",
    "OverconstrainedError": "No camera was found on this device.",
    "NotReadableError": "The camera is in use by another program.",
}


class Camera:
    """The device camera, asked for only when the person presses the camera button."""

    def __init__(self, video):
        self.video = video
        self.stream = None

    async def start(self):
        devices = window.navigator.mediaDevices
        if not devices or not hasattr(devices, "getUserMedia"):
            raise Unreadable("This browser gives no camera access here (it needs https or localhost).")
        try:
            self.stream = await devices.getUserMedia(options(video=options(facingMode="environment"), audio=False))
        except JsException as error:
            name = getattr(error, "name", "")
            raise Unreadable(CAMERA_ERRORS.get(name, f"The camera could not be started ({name or error}).")) from None
        self.video.srcObject = self.stream
        await self.video.play()

    def capture(self):
        width, height = self.video.videoWidth, self.video.videoHeight
        if not width or not height:
            raise Unreadable("The camera has not shown a picture yet; try again in a moment.")
        return pixels_of(self.video, width, height)

    def stop(self):
        if self.stream is not None:
            for track in self.stream.getTracks():
                track.stop()
        self.stream = None
        self.video.srcObject = None


def wire_pictures(reader, listen):
    """Upload, drag-and-drop and camera: all end in reader.picture(). listen(element_id, event, handler)."""
    upload = document.getElementById("upload")

    async def uploaded(event):
        files = upload.files
        if files.length:
            await reader.file(files.item(0))
        upload.value = ""  # choosing the same file again reads it again

    drop = document.getElementById("drop")

    def dragging(event):
        event.preventDefault()
        drop.dataset.dragging = ""

    def left(event):
        drop.removeAttribute("data-dragging")

    async def dropped(event):
        event.preventDefault()
        drop.removeAttribute("data-dragging")
        files = event.dataTransfer.files
        if files.length:
            await reader.file(files.item(0))

    camera = Camera(document.getElementById("camera-video"))
    camera_view = document.getElementById("camera-view")

    async def open_camera(event):
        camera_view.hidden = False
        try:
            await camera.start()
        except Unreadable:
            camera_view.hidden = True
            raise

    async def capture(event):
        await reader.picture(camera.capture())

    def close_camera(event):
        camera.stop()
        camera_view.hidden = True

    listen("upload", "change", uploaded)
    listen("drop", "dragover", dragging)
    listen("drop", "dragleave", left)
    listen("drop", "drop", dropped)
    listen("camera", "click", open_camera)
    listen("capture", "click", capture)
    listen("camera-close", "click", close_camera)
    upload.disabled = False
    document.getElementById("camera").disabled = False
