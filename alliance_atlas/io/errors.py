"""The one error type loaders raise for bad input."""

import re

#: The longest message a LoadError carries.
MAX_MESSAGE = 600


class LoadError(ValueError):
    """Input that cannot become a network; the message says where (file, line, column) and why.

    The message is always one line, whatever the file put in it (a header name with a newline):

    >>> str(LoadError('f.csv lacks column(s) source; found: "sou\\nrce"'))
    'f.csv lacks column(s) source; found: "sou rce"'

    Loaders quote at most 80 characters of a cell (alliance_atlas.io.limits.quoted); whatever else a
    message holds (a file's name, a library's words), it never passes MAX_MESSAGE characters.
    """

    def __init__(self, message: str):
        line = re.sub(r"\s*[\r\n]+\s*", " ", str(message)[: 2 * MAX_MESSAGE]).strip()
        super().__init__(line if len(line) <= MAX_MESSAGE else line[: MAX_MESSAGE - 1] + "…")
