"""De-identification on Ray: a pool of actors, each with its own `Deidentifier` built once.

Start Ray with `infra.ray.ensure_ray` (honours `RAY_ADDRESS` / `ray_address`). Each actor holds
`IN_FLIGHT_PER_ACTOR` batches; the next batch goes to whichever actor finishes first, so an actor slowed by
other work on its core gets fewer batches, and results come back in input order. A pool lives until
`close()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from infra.settings import DeidSettings
from ingest.deid.deidentifier import Deidentifier, TextJob
from ingest.deid.model import DeidentificationError, DeidText
from ingest.event import SignalEvent

# One batch running and one queued: an actor never waits for the driver between batches.
IN_FLIGHT_PER_ACTOR = 2


class DeidWorker:
    """Actor body: engines loaded once per worker process."""

    def __init__(self, key: str, settings: DeidSettings) -> None:
        self.deidentifier = Deidentifier(key, settings=settings)
        self.deidentifier.setup()

    def ready(self) -> bool:
        return True

    def texts(self, jobs: list[TextJob]) -> list[DeidText]:
        return self.deidentifier.deidentify_jobs(jobs)

    def events(self, events: list[SignalEvent]) -> list[SignalEvent | DeidentificationError]:
        return self.deidentifier.deidentify_events(events)


class RayDeidentifierPool:
    """Same batch API as `Deidentifier` (`deidentify_events`, `deidentify_jobs`, `deidentify_texts`)."""

    def __init__(self, key: str, settings: DeidSettings | None = None, actors: int | None = None) -> None:
        import ray

        if not ray.is_initialized():
            raise RuntimeError("Ray is not initialised; call infra.ray.ensure_ray(settings) first")
        self.settings = settings or DeidSettings()
        remote = ray.remote(num_cpus=1)(DeidWorker)
        self._actors: list[Any] = [remote.remote(key, self.settings) for _ in range(actors or self.settings.ray_actors)]
        ray.get([actor.ready.remote() for actor in self._actors])

    def __repr__(self) -> str:
        return f"RayDeidentifierPool(actors={len(self._actors)})"

    def _map(self, method: str, items: Sequence[Any]) -> list[Any]:
        import ray

        size = self.settings.batch_size
        batches = [list(items[i : i + size]) for i in range(0, len(items), size)]
        parts: list[list[Any]] = [[] for _ in batches]
        free = [actor for _ in range(IN_FLIGHT_PER_ACTOR) for actor in self._actors]
        pending: dict[Any, tuple[int, Any]] = {}
        submitted = 0
        while submitted < len(batches) or pending:
            while free and submitted < len(batches):
                actor = free.pop(0)
                pending[getattr(actor, method).remote(batches[submitted])] = (submitted, actor)
                submitted += 1
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                index, actor = pending.pop(ref)
                parts[index] = ray.get(ref)
                free.append(actor)
        return [result for part in parts for result in part]

    def deidentify_jobs(self, jobs: Sequence[TextJob]) -> list[DeidText]:
        return self._map("texts", jobs)

    def deidentify_texts(self, texts: Sequence[tuple[str, str]]) -> list[DeidText]:
        return self.deidentify_jobs([TextJob(text, language) for text, language in texts])

    def deidentify_events(self, events: Sequence[SignalEvent]) -> list[SignalEvent | DeidentificationError]:
        return self._map("events", events)

    def close(self) -> None:
        import ray

        for actor in self._actors:
            ray.kill(actor)
        self._actors = []

    def __enter__(self) -> RayDeidentifierPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
