"""Reading while the pen moves: the answer and the bars follow the stroke as it is drawn.

A reading starts at most once per animation frame, after the frame that paints the stroke (never
before it), and never while another is under way: a slow reading makes the page skip frames of
reading, not queue stale work. It runs in short steps (page.Reader.read_in_steps), so the pad keeps
painting between them even while a long number is read. Readings are spaced so that they take at
most SHARE of the main thread's time while a stroke is drawn (from the time a reading takes on this
device), which keeps drawing smooth: a fast device reads several times a stroke, a slow one once a
second or less. The final reading at pen-up is the page's usual one (page.py); a live reading that
would start after pen-up is dropped, and one under way is never shown (the reading at pen-up
overtakes it), so what is shown after pen-up is always a reading of the whole drawing.

A checkbox turns it off (the choice is kept in this browser). Until the person chooses, it is on
where it keeps drawing smooth: after a stroke whose moves would have waited longer than SMOOTH ms to
be painted at the 95th percentile (frames.py, from the frames the pad saw), it turns itself off and
says why.
"""

from pyodide.ffi import create_proxy
from pyscript import document, window

from contract import LIVE_SETTING
from frames import move_to_paint

# ms: a move painted by the next frame of a 60 Hz screen is 15.8 ms at the 95th percentile; this leaves
# room for a screen's own jitter (this machine's idle pad: 16.2-16.4 ms), so that only the time
# readings take turns it off.
SMOOTH = 20.0
# Of the main thread's time, at most, spent reading while a stroke is drawn: a reading delays every
# move made during it, so readings may hold no more than a few per cent of moves back.
SHARE = 0.04
JUDGED = 300.0  # ms: strokes at least this long tell how smoothly the pad draws (a dot or a dash does not)
SLOW = "Reading as you write is off: this device cannot do it and keep drawing smooth. Tick the box to try."


class LiveReading:
    def __init__(self, reader, pad, report):
        """report(handler) -> the handler with its failures told to the person (page.reporting)."""
        self.reader = reader
        self.pad = pad
        self.toggle = document.getElementById("live")
        self.note = document.getElementById("live-note")
        self.busy = False  # a reading asked for and not finished
        self.started = 0.0  # when (performance.now(), ms) the last reading while drawing started
        choice = window.localStorage.getItem(LIVE_SETTING)
        self.chosen = choice is not None  # the person's own choice, kept across visits
        self.toggle.checked = choice != "off"
        self.toggle.disabled = False
        self.start = create_proxy(report(self.read))
        self.after_paint = create_proxy(lambda timestamp: window.setTimeout(self.start, 0))

    def on_draw(self, event):
        """The pad's "draw": a stroke grew."""
        if not self.toggle.checked or self.busy:
            return
        since = max(self.pad.frames[0], self.started)  # the stroke's start, or the last reading's
        if window.performance.now() - since >= self.reader.took / SHARE:
            self.busy = True
            window.requestAnimationFrame(self.after_paint)

    async def read(self):
        try:
            if self.pad.drawing:  # after pen-up, the final reading shows the whole drawing
                self.started = window.performance.now()
                await self.reader.drawing(live=True)
        finally:
            self.busy = False

    def on_change(self, event):
        """The pad's "change": after a stroke, turn reading off where it made drawing jerky."""
        if self.chosen or not self.toggle.checked or event.detail.reason != "stroke":
            return
        frames = self.pad.frames.to_py()
        if len(frames) > 1 and frames[-1] - frames[0] >= JUDGED and move_to_paint(frames) > SMOOTH:
            self.toggle.checked = False
            self.note.textContent = SLOW

    def on_toggle(self, event):
        self.chosen = True
        self.note.textContent = ""
        window.localStorage.setItem(LIVE_SETTING, "on" if self.toggle.checked else "off")
