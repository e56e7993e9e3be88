"""gunicorn settings for WomenLead in production (README.md, "Production").

    .venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi

Every value can be changed from the environment, so that a systemd unit or a container sets them
without editing this file:

| variable | meaning | default |
| --- | --- | --- |
| `GUNICORN_BIND` | address to listen on; a reverse proxy in front terminates TLS | `127.0.0.1:8000` |
| `WEB_CONCURRENCY` | worker processes (the name gunicorn and hosts already use) | 2 × CPUs + 1, at most 8 |
| `GUNICORN_TIMEOUT` | seconds a request may take before its worker is killed and replaced | 60 |
| `GUNICORN_MAX_REQUESTS` | requests a worker serves before it is replaced (0: never) | 1000 |
| `GUNICORN_PRELOAD` | `0` to load the application in each worker instead of once | `1` |
| `GUNICORN_LOG_LEVEL` | gunicorn's own messages: `debug`, `info`, `warning` … | `info` |
| `GUNICORN_CONTROL_SOCKET` | path of the control socket of `gunicornc` | (none: no socket) |

Command-line options (`--bind`, `--workers`, …) and `GUNICORN_CMD_ARGS` still take precedence.
"""

import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def default_workers() -> int:
    # gunicorn's rule of thumb for sync workers; capped because each worker holds the whole application
    # (WeasyPrint and openpyxl included, ~150 MB) and the database takes a connection per worker.
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(2 * cpus + 1, 8)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _env_int("WEB_CONCURRENCY", default_workers())
# Sync workers: every page is a short database-bound request, and the long work (national PDFs, very large
# imports) runs in the task worker (`manage.py db_worker`), not in a request. Slow clients are the reverse
# proxy's business: it buffers requests and responses, so a sync worker is never held by a slow network.
worker_class = "sync"

# The slowest request of the app is the preview or commit of a 20,000-row attendee list (a few seconds on
# PostgreSQL, DESIGN.md §6); 60 s leaves a wide margin and still frees a worker stuck on a bad query.
timeout = _env_int("GUNICORN_TIMEOUT", 60)
# On a restart, requests in flight get this long to finish before their worker is stopped.
graceful_timeout = 30
# Behind a reverse proxy that reuses its connections to gunicorn; a little longer than nginx's default.
keepalive = 5

# Workers are replaced from time to time so that memory fragmented by large spreadsheets and PDFs is
# returned; the jitter keeps them from all restarting at once.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10

# Load Django once in the master process, then fork the workers: the code is shared copy-on-write (less
# memory per worker), workers start at once, and an import or settings error stops gunicorn at start-up
# instead of leaving it restarting workers in a loop. It is safe here because nothing opens a database
# connection while the application is loaded (connections are opened by the first request in each
# worker). The price: `kill -HUP` does not load new code; restart the service after an upgrade.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").strip().lower() not in {"0", "false", "no", "off"}

# Logs to the standard streams, for journald or the container runtime to collect: the access log on
# stdout (with the response time in microseconds, %(D)s), errors on stderr.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)sus'

# gunicorn ≥ 25 opens a control socket for `gunicornc` at one path per system user, which two instances of
# one user (the service and a load test, say) would take from each other: off unless a path is given.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
control_socket_disable = not _control_socket
if _control_socket:
    control_socket = _control_socket

# Worker heartbeats in memory rather than on a disk that may be slow or full.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = "womenlead"
