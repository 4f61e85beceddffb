"""Readers turn a user's file into a :class:`~juesuan.model.flow.Flow` of text."""
from juesuan.readers.errors import ReadError
from juesuan.model.flow import Flow
from juesuan.readers.flow import build_flow
from juesuan.readers.text import decode_text, read_text_file

__all__ = ["Flow", "ReadError", "build_flow", "decode_text", "read_text_file"]
