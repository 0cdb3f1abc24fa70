"""racebot's Prometheus metrics: one registry per bot (tests run many bots in one process).

Commands are counted as they are answered (the command tree's `on_command`); everything else is read
from the bot when scraped (`Reading`), so the parts that own a figure (the answer cache, the
announcer, the live sync, the history refresh) keep it and need not know about Prometheus.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

# Answer times around Discord's 3 s to answer an interaction.
ANSWER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
# The announcer's outcomes, by the names the metrics use ("announced" is "sent").
ANNOUNCEMENT_OUTCOMES = {"sent": "announced", "held": "held", "failed": "failed", "skipped": "skipped"}


@dataclass(frozen=True, slots=True)
class Reading:
    """The bot's figures at the moment of a scrape; None where there is none yet."""

    servers: int
    shards: int
    shard_count: int
    gateway_latency_s: Mapping[int, float]
    cache_hits: int
    cache_misses: int
    announcements: Mapping[str, int]
    announcement_lag_s: float
    live_sync_last_success: datetime | None
    data_version: int
    race_book_load_s: float | None
    history_last_success: datetime | None
    history_failures: int


class Metrics:
    """The bot's registry: `command_answered` as commands end, `Reading`s at scrape time."""

    def __init__(self, read: Callable[[], Reading]) -> None:
        self.registry = CollectorRegistry()
        self._commands = Counter(
            "racebot_commands",
            "Slash commands answered, by command and outcome (ok, user_error, failed)",
            ["command", "outcome"],
            registry=self.registry,
        )
        self._answer_seconds = Histogram(
            "racebot_answer_seconds",
            "Time from a slash command's arrival to its answer, by command",
            ["command"],
            buckets=ANSWER_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(_BotCollector(read))

    def command_answered(self, command: str, outcome: str, seconds: float) -> None:
        self._commands.labels(command, outcome).inc()
        self._answer_seconds.labels(command).observe(seconds)

    def exposition(self) -> bytes:
        """Every metric in Prometheus' text format."""
        return generate_latest(self.registry)


def _timestamp(moment: datetime | None) -> float | None:
    return None if moment is None else moment.timestamp()


class _BotCollector(Collector):
    """The figures read from the bot at scrape time."""

    def __init__(self, read: Callable[[], Reading]) -> None:
        self._read = read

    def describe(self) -> Iterable[Metric]:
        return ()  # read only when scraped: the bot may not be built yet when this is registered

    def collect(self) -> Iterable[Metric]:
        reading = self._read()
        yield GaugeMetricFamily("racebot_servers", "Servers (guilds) the bot is in", value=reading.servers)
        yield GaugeMetricFamily("racebot_shards", "Gateway shards this process runs", value=reading.shards)
        yield GaugeMetricFamily(
            "racebot_shard_count", "The bot's gateway shards in all processes", value=reading.shard_count
        )
        latency = GaugeMetricFamily(
            "racebot_gateway_latency_seconds",
            "Time between a gateway heartbeat and its acknowledgement, by shard",
            labels=["shard"],
        )
        for shard, seconds in sorted(reading.gateway_latency_s.items()):
            if math.isfinite(seconds):  # infinite until the first heartbeat is acknowledged
                latency.add_metric([str(shard)], seconds)
        yield latency
        yield CounterMetricFamily(
            "racebot_answer_cache_hits", "Answers served from the answer cache", value=reading.cache_hits
        )
        yield CounterMetricFamily(
            "racebot_answer_cache_misses", "Answers computed (not in the cache)", value=reading.cache_misses
        )
        announcements = CounterMetricFamily(
            "racebot_announcements", "Announcement posts by outcome", labels=["outcome"]
        )
        for name, outcome in ANNOUNCEMENT_OUTCOMES.items():
            announcements.add_metric([name], reading.announcements.get(outcome, 0))
        yield announcements
        yield GaugeMetricFamily(
            "racebot_announcement_lag_seconds",
            "How long the oldest post that is due but not out has waited (0: none waits)",
            value=reading.announcement_lag_s,
        )
        yield GaugeMetricFamily(
            "racebot_data_version", "The store's data version", value=reading.data_version
        )
        yield from _gauge_if_known(
            "racebot_live_sync_last_success_timestamp_seconds",
            "When the live sync last read NASCAR's feed (Unix time)",
            _timestamp(reading.live_sync_last_success),
        )
        yield from _gauge_if_known(
            "racebot_race_book_load_seconds",
            "How long the last load of the race book and names took",
            reading.race_book_load_s,
        )
        yield from _gauge_if_known(
            "racebot_history_refresh_last_success_timestamp_seconds",
            "When the scheduled history refresh last succeeded (Unix time)",
            _timestamp(reading.history_last_success),
        )
        yield CounterMetricFamily(
            "racebot_history_refresh_failures",
            "Scheduled history refreshes that failed (the store was left as it was)",
            value=reading.history_failures,
        )


def _gauge_if_known(name: str, documentation: str, value: float | None) -> Iterable[Metric]:
    """A gauge only once it has a value: no made-up 0 for "never happened"."""
    if value is not None:
        yield GaugeMetricFamily(name, documentation, value=value)
