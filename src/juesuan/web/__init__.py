"""The web page: upload reports, see each finding marked on its page, download the review.

Nothing here is imported by the command line until `juesuan serve` runs.
"""
