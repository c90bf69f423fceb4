"""Article files in and out: reading text/HTML articles into the document model, writing them back, markup handling."""
