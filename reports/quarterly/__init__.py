"""The quarterly report (issue 7): the dashboard's figures as an official PDF and its Excel twin, archived.

- `content`: the figures, from the dashboard's own selectors, and the document's context;
- `rendering`: the PDF, laid out by WeasyPrint in a short-lived child process;
- `services`: asking for a report, generating it, reading the archive;
- `tasks`: the background task the database worker runs.
"""
