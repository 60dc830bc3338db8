"""Page templates of the sample portal, one module per page kind; render.py dispatches."""
