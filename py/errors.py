"""The one kind of error the person is told about: what they gave cannot be read, and why.

Pure Python: photo.py (which CPython imports too) raises it as well as the browser's picture
sources. page.py reports every one of them the same way; any other exception is a fault of ours.
"""


class Unreadable(Exception):
    """A drawing, picture or camera that cannot be used; str() is the message for the person.

    picture: the RGBA picture it is about, shown beside the message (None for the pad or no picture).
    """

    def __init__(self, message, picture=None):
        super().__init__(message)
        self.picture = picture


FAULT = "Something went wrong reading that: {}"  # an exception that is not Unreadable
