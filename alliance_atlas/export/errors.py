"""The one error every export raises for what the user or the machine can fix."""


class ExportError(RuntimeError):
    """An export that cannot be made here, with what to do about it."""
