"""Process environment for offline, private operation; set before Prefect, Ray, HF or Presidio import."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from infra.settings import Settings

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
    "RAY_AUTH_MODE": "disabled",
    "RAY_USAGE_STATS_ENABLED": "0",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # Prefect's temporary API starts in a subprocess; on a busy machine that can take minutes.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "600",
    "PREFECT_UI_ENABLED": "false",
}


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a record comes (a test runner or CliRunner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def verbose_requested() -> bool:
    return os.environ.get("OUTERLOOP_VERBOSE", "").strip().lower() in {"1", "true", "yes", "on"}


def configure_environment(settings: Settings, verbose: bool | None = None) -> None:
    """Offline environment, Prefect's home, and logging: everything to `data_dir/logs/outerloop.log`;
    the console shows errors only, unless `verbose` (or OUTERLOOP_VERBOSE=1), where it shows INFO and up."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("PREFECT_HOME", str((settings.data_dir / "prefect").resolve()))
    # UMAP/pynndescent compile with numba; a persistent cache spares scheduled runs the compilation.
    os.environ.setdefault("NUMBA_CACHE_DIR", str((settings.data_dir / "cache" / "numba").resolve()))
    log_to_file(settings)
    route_console(verbose if verbose is not None else verbose_requested())


def log_to_file(settings: Settings) -> logging.Handler | None:
    """INFO and up from every logger to `data_dir/logs/outerloop.log`; the handler if this call added it
    (None if the process already logs there)."""
    settings.logs_dir.mkdir(parents=True, exist_ok=True)
    path = os.path.abspath(settings.logs_dir / "outerloop.log")
    root = logging.getLogger()
    handler: logging.Handler | None = None
    if not any(isinstance(h, logging.FileHandler) and h.baseFilename == path for h in root.handlers):
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(processName)s %(name)s %(message)s"))
        root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    for noisy in ("kafka", "presidio-analyzer", "urllib3", "httpx", "numba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return handler


@contextmanager
def file_log(settings: Settings) -> Iterator[None]:
    """`log_to_file` for the length of a block (a flow run): a handler added here is removed after it."""
    handler = log_to_file(settings)
    try:
        yield
    finally:
        if handler is not None:
            logging.getLogger().removeHandler(handler)
            handler.close()


def route_console(verbose: bool) -> None:
    """Console output of library logs: errors only unless `verbose`.

    Library chatter (kafka-python's "blocking the event loop" warning, Prefect's "Starting temporary
    server" notice, flow and task run lines) then reaches the log file only. Prefect installs its console
    handler on the root logger when it is imported before the file handler exists; when it is imported
    later it leaves the root logger alone, so both orders are handled here and through its settings.
    """
    level = logging.INFO if verbose else logging.ERROR
    os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = logging.getLevelName(level)
    root = logging.getLogger()
    # Only Prefect's console handler and our own: a test runner's capture handlers keep their levels.
    consoles = [
        h
        for h in root.handlers
        if type(h).__name__ == "PrefectConsoleHandler" or getattr(h, "outerloop_console", False)
    ]
    for h in consoles:
        h.setLevel(level)
    if not consoles:
        console = _StderrHandler()
        console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s - %(message)s", "%H:%M:%S"))
        console.setLevel(level)
        console.outerloop_console = True  # type: ignore[attr-defined]
        root.addHandler(console)
