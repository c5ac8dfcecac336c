"""The one error every export raises for what the user or the machine can fix."""


class ExportError(RuntimeError):
    """An export that cannot be made here, with what to do about it."""


def export_failed(error: BaseException) -> str:
    """The message for an export that broke for a reason the user cannot fix.

    >>> export_failed(KeyError("missing"))
    "the export failed (KeyError: 'missing')"
    """
    return f"the export failed ({type(error).__name__}: {error})"
