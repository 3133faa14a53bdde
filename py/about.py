"""The "About this model" panel, filled from the model's card.json (written by build/evaluate.py)."""

import json

from pyscript import document, window

import card
from view import put_pixels


async def show_model_card(model):
    response = await window.fetch(model.path + "card.json")
    if not response.ok:
        return  # a model without a card still works; the panel keeps its placeholder
    data = json.loads(await response.text())
    document.getElementById("card").innerHTML = card.summary_html(data)
    put_pixels(document.getElementById("confusion"), card.heat_map(data["test"]["confusion"]))
