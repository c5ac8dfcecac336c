"""Alliance Atlas core: temporal alliance networks, their loaders, figures and exports (no Dash)."""

__version__ = "0.1.0"
