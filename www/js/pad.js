// A generic drawing surface: Pointer Events (mouse, touch, pen), crisp on
// high-DPR screens, strokes kept as vectors so Undo and resizing redraw them.
// It knows nothing about digits; it fires "change" when the drawing changes (a stroke ends, Clear,
// Undo) and "draw" as a stroke grows, and it notes when each frame ran while a stroke was drawn.
// Public: isEmpty, onePiece, drawing, ink, paper, brush, frames, readStrokes, drawStrokes, paintImage, clear,
// undo, pixels (what tests and tools may use); the rest is its own.

import { BRUSH } from "./contract.js";

export class DrawingPad extends EventTarget {
  // brush: stroke width as a fraction of the canvas side.
  constructor(canvas, { brush = BRUSH } = {}) {
    super();
    this.canvas = canvas;
    this.context = canvas.getContext("2d", { willReadFrequently: true });
    this.brush = brush;
    this.strokes = []; // each a list of [x, y] in 0..1 pad units
    this.active = null; // the stroke being drawn and its pointer
    this.drawn = null; // [left, top, right, bottom] in device pixels that ink may cover, or null
    // When (performance.now(), ms) each frame ran while the last stroke was drawn: a move waits for the
    // next frame to be painted, so the gaps between frames are how long moves wait (py/frames.py).
    this.frames = [];
    this.listen();
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.resize();
  }

  get isEmpty() {
    return this.strokes.length === 0;
  }

  // Whether the drawing is one stroke (the one being drawn included) that stayed on the pad: its ink
  // is then one connected piece. A stroke that left the pad and came back may show two.
  get onePiece() {
    return this.strokes.length === 1 && this.strokes[0].every(([x, y]) => x >= 0 && x <= 1 && y >= 0 && y <= 1);
  }

  // Whether a stroke is being drawn (the pen is down).
  get drawing() {
    return this.active !== null;
  }

  // The colour the pad draws with (the canvas's CSS colour: it follows the colour scheme).
  get ink() {
    return getComputedStyle(this.canvas).color;
  }

  // The colour of the paper under the drawing (the canvas's CSS background; the canvas itself is transparent).
  get paper() {
    return getComputedStyle(this.canvas).backgroundColor;
  }

  // The strokes drawn so far: lists of [x, y] in 0..1 pad units (copies).
  readStrokes() {
    return this.strokes.map((stroke) => stroke.map((point) => [...point]));
  }

  // Adds strokes as if drawn with a pointer, one "change" for all of them.
  drawStrokes(strokes) {
    for (const stroke of strokes) this.strokes.push(stroke.map(([x, y]) => [x, y]));
    this.redraw();
    this.emit("stroke");
  }

  // Replaces the drawing with an image scaled into [left, top, side] (0..1 pad units), in the pad's
  // ink, with the image's alpha as the ink's strength; kept until the next redraw (Undo, Clear, resize).
  paintImage(image, [left, top, side]) {
    this.strokes = [];
    this.active = null;
    const size = this.canvas.width;
    const tinted = new OffscreenCanvas(image.width, image.height);
    const context = tinted.getContext("2d");
    context.drawImage(image, 0, 0);
    context.globalCompositeOperation = "source-in";
    context.fillStyle = this.ink;
    context.fillRect(0, 0, image.width, image.height);
    this.context.clearRect(0, 0, size, size);
    this.context.drawImage(tinted, left * size, top * size, side * size, side * size);
    this.drawn = null;
    this.cover([left * size, top * size], 1);
    this.cover([(left + side) * size, (top + side) * size], 1);
    this.emit("stroke");
  }

  // Backing store in device pixels, so lines stay sharp on high-DPR screens.
  resize() {
    const side = Math.round(this.canvas.clientWidth * (window.devicePixelRatio || 1));
    if (side > 0 && side !== this.canvas.width) {
      this.canvas.width = side;
      this.canvas.height = side;
      this.redraw();
    }
  }

  listen() {
    const c = this.canvas;
    c.addEventListener("pointerdown", (e) => this.start(e));
    c.addEventListener("pointermove", (e) => this.move(e));
    c.addEventListener("pointerup", (e) => this.end(e));
    c.addEventListener("pointercancel", (e) => this.end(e));
    c.addEventListener("lostpointercapture", (e) => this.end(e));
  }

  point(event) {
    const box = this.canvas.getBoundingClientRect();
    return [(event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height];
  }

  start(event) {
    if (this.active || (event.pointerType === "mouse" && event.button !== 0)) return;
    event.preventDefault();
    this.canvas.setPointerCapture(event.pointerId);
    this.active = { id: event.pointerId, points: [this.point(event)] };
    this.strokes.push(this.active.points);
    this.drawStroke(this.active.points);
    this.frames = [performance.now()];
    const stroke = this.active;
    const frame = () => {
      if (this.active !== stroke) return;
      this.frames.push(performance.now());
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  move(event) {
    if (!this.active || event.pointerId !== this.active.id) return;
    event.preventDefault();
    const points = this.active.points;
    const from = points.length - 1;
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
    for (const e of events.length ? events : [event]) points.push(this.point(e));
    this.drawStroke(points, Math.max(0, from - 1));
    this.dispatchEvent(new CustomEvent("draw"));
  }

  end(event) {
    if (!this.active || event.pointerId !== this.active.id) return;
    this.active = null;
    this.redraw(); // the pixels then depend on the strokes alone, not on how they arrived
    this.emit("stroke");
  }

  clear() {
    this.strokes = [];
    this.active = null;
    this.redraw();
    this.emit("clear");
  }

  undo() {
    if (this.isEmpty) return;
    this.strokes.pop();
    this.active = null;
    this.redraw();
    this.emit("undo");
  }

  emit(reason) {
    this.dispatchEvent(new CustomEvent("change", { detail: { reason } }));
  }

  redraw() {
    this.context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.drawn = null;
    for (const stroke of this.strokes) this.drawStroke(stroke);
  }

  // Draws points[from..] as one smooth path (quadratic curves through midpoints)
  // with a round brush; a single point is a dot.
  drawStroke(points, from = 0) {
    const ctx = this.context;
    const side = this.canvas.width;
    const ink = this.ink;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.lineWidth = this.brush * side;
    ctx.strokeStyle = ink;
    ctx.fillStyle = ink;
    const at = (i) => [points[i][0] * side, points[i][1] * side];
    for (let i = from; i < points.length; i++) this.cover(at(i), ctx.lineWidth / 2 + 2);
    if (points.length === 1) {
      const [x, y] = at(0);
      ctx.beginPath();
      ctx.arc(x, y, ctx.lineWidth / 2, 0, 2 * Math.PI);
      ctx.fill();
      return;
    }
    ctx.beginPath();
    let [px, py] = at(from);
    ctx.moveTo(px, py);
    for (let i = from + 1; i < points.length; i++) {
      const [x, y] = at(i);
      const mx = (px + x) / 2;
      const my = (py + y) / 2;
      ctx.quadraticCurveTo(px, py, mx, my);
      [px, py] = [x, y];
    }
    ctx.lineTo(px, py);
    ctx.stroke();
  }

  // Grows the drawn box to hold a point (device pixels) and `reach` around it.
  cover([x, y], reach) {
    const [left, top, right, bottom] = this.drawn || [x, y, x, y];
    this.drawn = [Math.min(left, x - reach), Math.min(top, y - reach), Math.max(right, x + reach), Math.max(bottom, y + reach)];
  }

  // RGBA pixels of the part of the canvas that holds the drawing (one transparent pixel if nothing is
  // drawn): reading and scanning the rest, all transparent, would be wasted work. whole: all the canvas.
  pixels(whole = false) {
    const size = this.canvas.width;
    if (whole) return this.context.getImageData(0, 0, size, size);
    const [x0, y0, x1, y1] = this.drawn || [0, 0, 0, 0];
    const [left, top] = [Math.max(0, Math.floor(x0)), Math.max(0, Math.floor(y0))];
    const [right, bottom] = [Math.min(size, Math.ceil(x1)), Math.min(size, Math.ceil(y1))];
    if (right <= left || bottom <= top) return this.context.getImageData(0, 0, 1, 1);
    return this.context.getImageData(left, top, right - left, bottom - top);
  }
}
