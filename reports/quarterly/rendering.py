"""WeasyPrint in a short-lived child process, so that the process asking for a PDF gets its memory back.

WeasyPrint (and the fontTools subsetting it does) keeps much of what it allocates for the life of the
process: a long-running task worker that lays out a national report every quarter would only grow. The
HTML is rendered by Django in the calling process (it reads the database); the child only lays it out and
writes the PDF, then exits and hands its memory back to the system.

The child comes from a `forkserver`: a small server process started on first use that has imported
WeasyPrint once (1.5 s here) and forks a fresh child per report, so a report does not pay for the import.
A child reads only the static folders (the fonts and the report's CSS), like every PDF of the project.
"""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from weasyprint.urls import path2url

from directory.pdf import lay_out_pdf, static_roots

_CONTEXT = multiprocessing.get_context("forkserver")
# "__main__" too (the default): the server imports the program's main module once, where each child
# would otherwise import it again (a script that sets Django up at import would do so per report).
_CONTEXT.set_forkserver_preload(["__main__", "weasyprint"])


def _lay_out(html: str, base_url: str, roots: list[Path]) -> tuple[bytes, int]:
    """In the child: the PDF and its number of pages."""
    return lay_out_pdf(html, base_url=base_url, roots=roots)


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """Lay out `html` (relative URLs resolve in the static folder) in a child process: (PDF, pages)."""
    roots = static_roots()
    # One child, one report: `max_tasks_per_child=1` ends it after its one job, memory and all.
    with ProcessPoolExecutor(max_workers=1, mp_context=_CONTEXT, max_tasks_per_child=1) as pool:
        return pool.submit(_lay_out, html, path2url(roots[0]), roots).result()
