"""Finding and reading a corpus: files to sanitised text, metadata, paragraphs and sentences."""
