"""Command modules: each defines ``register(app, subapps)`` and is discovered by ``carrierwatch.cli``."""
