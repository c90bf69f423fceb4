"""`locnews segment` (owned by the segmentation work; placeholder until it lands)."""
