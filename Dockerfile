# racebot's image: the bot installed as a package (PostgreSQL driver and Parquet reader included), run
# by a user without privileges, the SQLite store (if used) and settings under /data, a volume.
# Build and start with PostgreSQL: `docker compose up -d` (compose.yaml; README "Run it for your server").

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot bot
COPY cogs cogs
COPY db db
COPY kernel kernel
# Wheels for racebot and everything it needs, so the final image carries no source tree or build cache.
RUN pip wheel --no-cache-dir --wheel-dir /wheels ".[postgres,parquet]"

FROM python:3.11-slim
# /data holds the default SQLite store ($XDG_DATA_HOME/racebot/racebot.db); settings come from the
# environment (compose: env_file .env). The health and metrics port is on, and reachable from other
# containers (`racebot health` asks it on loopback).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    XDG_DATA_HOME=/data \
    XDG_CONFIG_HOME=/data/config \
    METRICS_HOST=0.0.0.0 \
    METRICS_PORT=8080
RUN useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin racebot \
    && mkdir -p /data && chown racebot:racebot /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels "racebot[postgres,parquet]" && rm -rf /wheels
USER racebot
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
# Ready: the gateway connected, the store answering and the race book loaded (a first start on the
# full history takes a few seconds; migrating an empty store, less).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["racebot", "health"]
# racebot closes the gateway and the store on SIGINT (Ctrl-C); `docker stop` sends it.
STOPSIGNAL SIGINT
ENTRYPOINT ["racebot"]
CMD ["run"]
