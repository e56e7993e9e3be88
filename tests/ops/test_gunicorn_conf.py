"""config/gunicorn.conf.py: its values, from the environment, are settings gunicorn knows."""

import runpy
from pathlib import Path

import pytest
from gunicorn.config import Config

CONF = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"
VARIABLES = (
    "GUNICORN_BIND",
    "WEB_CONCURRENCY",
    "GUNICORN_TIMEOUT",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_PRELOAD",
    "GUNICORN_LOG_LEVEL",
    "GUNICORN_CONTROL_SOCKET",
)


def load(monkeypatch, **environment) -> tuple[Config, dict]:
    """The file read the way gunicorn reads it: its module-level names set on a Config."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    namespace = runpy.run_path(str(CONF))
    config = Config()
    for name, value in namespace.items():
        if name in config.settings:
            config.set(name, value)
    return config, namespace


def test_every_name_it_sets_is_a_gunicorn_setting(monkeypatch):
    # gunicorn ignores unknown names silently: a misspelt setting would simply have no effect.
    _config, namespace = load(monkeypatch)
    names = {name for name, value in namespace.items() if not name.startswith("_") and not callable(value)}
    names -= {"os"}
    assert names - set(Config().settings) == set()
    assert "workers" in names and "bind" in names


def test_it_listens_on_loopback_and_logs_to_the_standard_streams_by_default(monkeypatch):
    config, namespace = load(monkeypatch)
    assert config.bind == ["127.0.0.1:8000"]
    assert config.workers == namespace["default_workers"]()
    assert 3 <= config.workers <= 8
    assert config.timeout == 60
    assert config.preload_app is True
    assert config.accesslog == "-"
    assert config.errorlog == "-"
    assert config.max_requests == 1000
    assert config.max_requests_jitter == 100
    assert config.control_socket_disable is True


def test_it_reads_its_values_from_the_environment(monkeypatch):
    config, _namespace = load(
        monkeypatch,
        GUNICORN_BIND="0.0.0.0:9000",
        WEB_CONCURRENCY="2",
        GUNICORN_TIMEOUT="120",
        GUNICORN_MAX_REQUESTS="0",
        GUNICORN_PRELOAD="0",
        GUNICORN_CONTROL_SOCKET="/run/womenlead/gunicorn.ctl",
    )
    assert config.bind == ["0.0.0.0:9000"]
    assert config.workers == 2
    assert config.timeout == 120
    assert config.max_requests == 0
    assert config.preload_app is False
    assert config.control_socket_disable is False
    assert config.control_socket == "/run/womenlead/gunicorn.ctl"


def test_it_refuses_a_worker_count_that_is_not_a_number(monkeypatch):
    with pytest.raises(ValueError):
        load(monkeypatch, WEB_CONCURRENCY="many")
