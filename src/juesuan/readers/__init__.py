"""Readers turn a user's file into a :class:`~juesuan.readers.flow.Flow` of text."""
from juesuan.readers.errors import ReadError
from juesuan.readers.flow import Flow, build_flow
from juesuan.readers.text import decode_text, read_text_file

__all__ = ["Flow", "ReadError", "build_flow", "decode_text", "read_text_file"]
