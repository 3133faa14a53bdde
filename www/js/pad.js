// A generic drawing surface: Pointer Events (mouse, touch, pen), crisp on
// high-DPR screens, strokes kept as vectors so Undo and resizing redraw them.
// It knows nothing about digits; it fires "change" when the drawing changes.

export class DrawingPad extends EventTarget {
  // brush: stroke width as a fraction of the canvas side, chosen so that a
  // digit filling most of the pad ends up about as thick as MNIST's strokes.
  constructor(canvas, { brush = 0.08 } = {}) {
    super();
    this.canvas = canvas;
    this.context = canvas.getContext("2d", { willReadFrequently: true });
    this.brush = brush;
    this.strokes = []; // each a list of [x, y] in 0..1 pad units
    this.active = null; // the stroke being drawn and its pointer
    this.listen();
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.resize();
  }

  get isEmpty() {
    return this.strokes.length === 0;
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
  }

  move(event) {
    if (!this.active || event.pointerId !== this.active.id) return;
    event.preventDefault();
    const points = this.active.points;
    const from = points.length - 1;
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
    for (const e of events.length ? events : [event]) points.push(this.point(e));
    this.drawStroke(points, Math.max(0, from - 1));
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
    for (const stroke of this.strokes) this.drawStroke(stroke);
  }

  // Draws points[from..] as one smooth path (quadratic curves through midpoints)
  // with a round brush; a single point is a dot.
  drawStroke(points, from = 0) {
    const ctx = this.context;
    const side = this.canvas.width;
    const ink = getComputedStyle(this.canvas).color;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.lineWidth = this.brush * side;
    ctx.strokeStyle = ink;
    ctx.fillStyle = ink;
    const at = (i) => [points[i][0] * side, points[i][1] * side];
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

  // RGBA pixels of the drawing (transparent where nothing is drawn).
  pixels() {
    return this.context.getImageData(0, 0, this.canvas.width, this.canvas.height);
  }
}
