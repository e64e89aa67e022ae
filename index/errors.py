"""Errors the index layer raises for bad input; each message is one line for the user."""


class KreadError(Exception):
    """Bad input the user can fix: the message names the file or query and what to do."""


class CorpusError(KreadError):
    """The corpus folder cannot be used."""


class TaxonomyError(KreadError):
    """A topics file is invalid; the message starts with ``FILE:LINE:``."""


class UnknownDocument(KreadError):
    """No document, or more than one, has the given id or id prefix."""


class BadComparison(KreadError):
    """A comparison asked for fewer than two documents, or for one document twice."""


class IndexUnavailable(KreadError):
    """The on-disk index cannot be opened or written."""


class CorpusFileError(KreadError):
    """One file of the corpus cannot be read; it is skipped and the rest still load."""


class IndexBusy(IndexUnavailable):
    """Another kread process holds the corpus's update lock."""


class IndexWriteError(IndexUnavailable):
    """A write failed (no space, no permission); the last commit still serves."""
