"""From data to the published report: compose the blocks, then set them in a format."""
