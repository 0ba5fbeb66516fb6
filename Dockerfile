# filmbot as a container: `docker build -t filmbot .`, then see compose.yaml.
#
#   docker run --rm filmbot console --demo          # try it, no token needed
#   docker run -d -v filmbot-data:/data -e DISCORD_TOKEN_FILE=/run/secrets/discord_token ... filmbot
#
# The base image is a build argument (any Debian-like Python 3.11+ image with venv works).
ARG BASE_IMAGE=python:3.12-slim

# -- build: install filmbot and its dependencies into a venv --------------------------------
FROM ${BASE_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore
RUN python -m venv /opt/filmbot
WORKDIR /src
COPY pyproject.toml README.md ./
COPY config ./config
COPY knowledge ./knowledge
COPY bot ./bot
# A non-editable install: the venv then holds everything that runs, and /src is left behind.
RUN /opt/filmbot/bin/pip install .
# A demo database made by this very build, to try `ask` with no token and no volume:
#   docker run --rm filmbot ask --db /opt/filmbot/demo.db "!status Alita 2"
# The empty -wal and -shm files let SQLite read it where it may not write (it is root's).
RUN /opt/filmbot/bin/filmbot ingest --demo --db /opt/filmbot/demo.db \
 && touch /opt/filmbot/demo.db-wal /opt/filmbot/demo.db-shm

# -- final: the venv, a user, a data volume ---------------------------------------------------
FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="filmbot" \
      org.opencontainers.image.description="A Discord bot that answers film-news questions with one sourced sentence."
RUN groupadd --system --gid 10001 filmbot \
 && useradd --system --uid 10001 --gid filmbot --create-home --home-dir /home/filmbot \
      --shell /usr/sbin/nologin filmbot \
 && mkdir /data && chown filmbot:filmbot /data
COPY --from=build /opt/filmbot /opt/filmbot
ENV PATH=/opt/filmbot/bin:$PATH \
    FILMBOT_DB=/data/filmbot.db \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
# The database (and its WAL files) live here; mount a volume so they outlive the container.
VOLUME /data
WORKDIR /data
USER 10001:10001
# Healthy means the running bot keeps writing its heartbeat and its database is readable.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["filmbot", "health"]
ENTRYPOINT ["filmbot"]
CMD ["run"]
