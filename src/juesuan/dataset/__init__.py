"""A report's data, as ``render`` takes it and ``extract`` gives it back."""
from juesuan.dataset.model import DataError, Dataset, LineNote, Row

__all__ = ["DataError", "Dataset", "LineNote", "Row"]
