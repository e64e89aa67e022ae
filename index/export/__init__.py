"""The corpus leaves kread: the worksheet as CSV (`worksheet`), the whole corpus as a
REFI-QDA project (`qdpx`), and the file they are written to (`files`). The Markdown
report is drawn by `kread.tui.corpus_report`, beside the other Markdown."""
