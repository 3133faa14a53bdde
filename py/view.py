"""The result panel: the number, each digit's crop, 28x28 and probabilities, the photo with boxes.

DOM writes only; what to say comes from verdict.py.
"""

import numpy as np
from pyscript import document

import contract
import verdict


def put_pixels(canvas, rgba):
    """Show an H x W x 4 uint8 array in a canvas of that size."""
    h, w = rgba.shape[:2]
    canvas.width, canvas.height = w, h
    context = canvas.getContext("2d")
    image = context.createImageData(w, h)
    image.data.assign(np.ascontiguousarray(rgba, dtype=np.uint8).reshape(-1))
    context.putImageData(image, 0, 0)


def grey_rgba(values):
    """RGBA of a [0, 1] image as the model sees it: ink white on black."""
    grey = (np.clip(values, 0, 1) * 255).round().astype(np.uint8)
    rgba = np.empty(values.shape + (4,), dtype=np.uint8)
    rgba[..., :3] = grey[..., None]
    rgba[..., 3] = 255
    return rgba


CROP = 42  # CSS pixels a side of each digit's two small pictures in the parts list
CROP_DEVICE = 2 * CROP  # the crop's pixels: sharp on screens of up to 2 device pixels per CSS pixel


def bar_item(digit):
    """One row of the probability bars: label, bar, percent."""
    item = document.createElement("li")
    item.dataset.digit = str(digit)
    item.dataset.p = "0"
    for name, text in (("label", str(digit)), ("bar", None), ("value", "0%")):
        span = document.createElement("span")
        span.className = name
        if text is None:
            fill = document.createElement("span")
            fill.className = "fill"
            span.append(fill)
        else:
            span.textContent = text
        item.append(span)
    return item


def correct_button(digit):
    button = document.createElement("button")
    button.type = "button"
    button.dataset.digit = str(digit)
    button.textContent = str(digit)
    button.setAttribute("aria-label", f"It is {verdict.a_digit(digit)}")
    return button


class ResultView:
    def __init__(self):
        self.bars = document.getElementById("probabilities")
        bars = [bar_item(digit) for digit in range(contract.CLASSES)]
        self.bars.replaceChildren(*bars)
        # What a result changes, looked up once: each call from Python into the DOM costs tens of microseconds.
        self.bar_parts = [(bar, bar.querySelector(".fill").style, bar.querySelector(".value")) for bar in bars]
        self.prediction = document.getElementById("prediction")
        self.message = document.getElementById("verdict")
        self.blank = self.message.textContent  # the page's invitation to draw, as the HTML says it
        self.preview = document.getElementById("preview")
        self.parts = document.getElementById("parts")
        self.photo_view = document.getElementById("photo-view")
        self.photo = document.getElementById("photo")
        self.shown = None  # (inputs, probabilities) of the result on screen, for selecting a digit
        self.selected = None  # index of the digit whose details are shown
        self.teach = document.getElementById("teach")
        self.correct = document.getElementById("correct")
        self.correct_buttons = [correct_button(digit) for digit in range(contract.CLASSES)]
        self.correct.replaceChildren(*self.correct_buttons)
        self.part_buttons = []  # each digit's button in the parts list

    def done(self):
        """Count results shown: tests and benchmarks wait on this."""
        self.bars.dataset.seq = str(int(self.bars.dataset.seq) + 1)

    def say(self, text, kind):
        self.message.textContent = text
        self.message.dataset.kind = kind

    def show_probabilities(self, probabilities):
        top = int(np.argmax(probabilities)) if probabilities.any() else -1
        for digit, ((bar, fill, value), p) in enumerate(zip(self.bar_parts, probabilities)):
            bar.setAttribute("data-p", f"{p:.6f}")
            fill.width = f"{100 * p:.1f}%"
            value.textContent = verdict.percent(p)
            bar.toggleAttribute("data-top", digit == top)

    def select(self, index):
        """Show one digit's 28x28 and probabilities in the main preview and bars."""
        inputs, probabilities = self.shown
        self.selected = index
        put_pixels(self.preview, grey_rgba(inputs[index]))
        self.show_probabilities(probabilities[index])
        read_as = int(probabilities[index].argmax())
        for digit, button in enumerate(self.correct_buttons):
            button.setAttribute("aria-pressed", "true" if digit == read_as else "false")
        for i, button in enumerate(self.part_buttons):
            button.setAttribute("aria-pressed", "true" if i == index else "false")

    def clear(self, text=None, kind="blank", photo=None):
        """No digits: the invitation to draw (no text), or a message, instead of a guess."""
        self.shown = self.selected = None
        self.teach.hidden = True
        self.prediction.textContent = ""
        self.parts.replaceChildren()
        self.part_buttons = []
        put_pixels(self.preview, grey_rgba(np.zeros((contract.SIDE, contract.SIDE), np.float32)))
        self.show_probabilities(np.zeros(contract.CLASSES, np.float32))
        self.show_photo(photo, [])
        self.say(self.blank if text is None else text, kind)
        self.done()

    def show(self, parts, inputs, probabilities, photo=None, selected=None):
        """selected: the digit to show the details of (default: the first unsure one, else the first)."""
        readings = [verdict.read(p) for p in probabilities]
        self.shown = (inputs, probabilities)
        self.teach.hidden = False
        self.prediction.textContent = verdict.number(readings)
        items, self.part_buttons = [], []
        for i, (part, r) in enumerate(zip(parts, readings)):
            item, button = self.part_item(i, part, r, probabilities[i], inputs[i])
            items.append(item)
            self.part_buttons.append(button)
        self.parts.replaceChildren(*items)
        unsure = [i for i, r in enumerate(readings) if not r.sure]
        self.select(selected if selected is not None and selected < len(parts) else (unsure[0] if unsure else 0))
        self.show_photo(photo, parts)
        self.say(verdict.message(readings), "sure" if not unsure else "unsure")
        self.done()

    def selected_input(self):
        """The SIDE x SIDE input of the digit whose details are shown, or None."""
        return None if self.selected is None else self.shown[0][self.selected]

    def on_parts_click(self, event):
        """One listener for all digits (set up once by page.py): choosing a digit shows its details."""
        item = event.target.closest("li")
        if item is not None and self.shown is not None:
            self.select(int(item.dataset.index))

    def part_item(self, index, part, reading, probabilities, digit):
        """(the digit's list item, its button)."""
        item = document.createElement("li")
        item.setAttribute("data-index", str(index))
        item.setAttribute("data-digit", str(reading.digit))
        item.setAttribute("data-sure", "true" if reading.sure else "false")
        item.setAttribute("data-probabilities", " ".join(f"{p:.6f}" for p in probabilities))
        button = document.createElement("button")
        button.type = "button"
        button.setAttribute("aria-label", f"Digit {index + 1}: {reading.message}")
        crop = document.createElement("canvas")
        crop.className = "crop"
        step = max(1, int(np.ceil(max(part.ink.shape) / CROP_DEVICE)))
        put_pixels(crop, grey_rgba(part.ink[::step, ::step]))
        mnist = document.createElement("canvas")
        mnist.className = "mnist"
        put_pixels(mnist, grey_rgba(digit))
        for canvas in (crop, mnist):
            canvas.style.width = canvas.style.height = f"{CROP}px"
        label = document.createElement("span")
        label.className = "part-digit"
        label.textContent = str(reading.digit)
        button.append(crop, mnist, label)
        item.append(button)
        return item, button

    def show_photo(self, rgba, parts):
        """The uploaded or captured image with a box around each digit; hidden for drawings."""
        self.photo_view.hidden = rgba is None
        if rgba is None:
            return
        put_pixels(self.photo, rgba)
        context = self.photo.getContext("2d")
        context.lineWidth = max(2, rgba.shape[1] // 200)
        context.strokeStyle = "#e4572e"
        for part in parts:
            context.strokeRect(part.left, part.top, part.right - part.left, part.bottom - part.top)
