"""The "about this model" panel: the model card as HTML and a confusion-matrix heat map.

Pure Python and numpy; main.py puts the results into the page.
"""

from html import escape

import numpy as np

from contract import CLASSES


def heat_map(confusion, cell=8):
    """RGBA pixels (10*cell square) of a confusion matrix: log-scaled blue, diagonal green."""
    counts = np.asarray(confusion, dtype=np.float64)
    level = np.log1p(counts) / max(np.log1p(counts).max(), 1e-9)
    rgba = np.empty((CLASSES, CLASSES, 4), dtype=np.uint8)
    rgba[..., 0] = (255 * (1 - level)).astype(np.uint8)
    rgba[..., 1] = (255 * (1 - 0.6 * level)).astype(np.uint8)
    rgba[..., 2] = 255
    rgba[..., 3] = 255
    diagonal = np.eye(CLASSES, dtype=bool)
    rgba[diagonal, 0] = 40
    rgba[diagonal, 1] = 150
    rgba[diagonal, 2] = 80
    rgba[(counts == 0) & ~diagonal] = (255, 255, 255, 255)
    return np.kron(rgba, np.ones((cell, cell, 1), dtype=np.uint8))


def percent(x):
    return f"{100 * x:.2f}%"


def summary_html(card):
    """Headline figures and per-class accuracy; the heat map goes in the canvas it names."""
    test = card["test"]
    training = card["training"]
    writers = card.get("writers")  # real people's pen strokes, written on this page (bench/strokes.py)
    columns = "<th scope='col'>MNIST</th>" + ("<th scope='col'>pen</th>" if writers else "")
    rows = "".join(
        f"<tr><th scope='row'>{d}</th><td>{percent(a)}</td>"
        + (f"<td>{percent(writers['per_class_accuracy'][d])}</td>" if writers else "")
        + "</tr>"
        for d, a in enumerate(test["per_class_accuracy"])
    )
    return f"""
<p>Accuracy on the 10,000 MNIST test digits:
<strong>{percent(test["accuracy_keras"])}</strong> in Keras,
<strong>{percent(test["accuracy_browser"])}</strong> in this browser's pipeline.</p>
{writers_html(writers) if writers else ""}
<ul>
<li>{card["parameters"]:,} parameters, {card["weight_bytes"] / 1000:.0f} KB of {escape(card["weight_dtype"])} weights</li>
<li>Trained {training["epochs"]} epochs ({training["training_seconds"] / 60:.1f} min) on {training["train_images"]:,}
images, checkpoint chosen on {training["validation_images"]:,} held-out ones (epoch {training["chosen_epoch"]})</li>
<li>Augmentation: {escape(training["augmentation"])}</li>
</ul>
<div class="card-grid">
<table><caption>Per-digit accuracy</caption><thead><tr><th></th>{columns}</tr></thead><tbody>{rows}</tbody></table>
<figure><canvas id="confusion" width="80" height="80" role="img"
aria-label="Confusion matrix: rows are true digits, columns predicted; darker means more"></canvas>
<figcaption>Confusion matrix on MNIST (rows: true digit, columns: predicted; log scale)</figcaption></figure>
</div>"""


def writers_html(writers):
    """Real people's pen strokes, of writers the model never saw, written on this page."""
    return f"""<p>Written with a pen by {writers["writers"]} people the model never saw, replayed on this page:
<strong>{percent(writers["accuracy"])}</strong> of {writers["digits"]:,} single digits,
<strong>{percent(writers["number_accuracy"])}</strong> of {writers["numbers"]:,}
{writers["length"]}-digit numbers read whole.</p>"""
