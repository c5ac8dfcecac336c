"""The ``alliance-atlas`` command and what it starts (gunicorn workers, the job worker): the top layer,
which may import everything below it, the app included."""
