"""The one error type loaders raise for bad input."""

import re


class LoadError(ValueError):
    """Input that cannot become a network; the message says where (file, line, column) and why.

    The message is always one line, whatever the file put in it (a header name with a newline):

    >>> str(LoadError('f.csv lacks column(s) source; found: "sou\\nrce"'))
    'f.csv lacks column(s) source; found: "sou rce"'
    """

    def __init__(self, message: str):
        super().__init__(re.sub(r"\s*[\r\n]+\s*", " ", str(message)).strip())
