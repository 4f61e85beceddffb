"""The one error a reader raises: a message fit to show the user as it is."""


class ReadError(Exception):
    """An input that cannot be read as a report; ``str(error)`` is one clear line."""
