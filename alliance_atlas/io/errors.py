"""The one error type loaders raise for bad input."""


class LoadError(ValueError):
    """Input that cannot become a network; the message says where (file, line, column) and why."""
