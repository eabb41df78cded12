# The Memorial Name Index service: `memorial serve` on port 8000 (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MEMORIAL_HOME=/home/memorial/var

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p indexer service \
    && pip install ".[postgres]" \
    && pip uninstall -y memorial-name-index

# The code and the dictionaries the name analysis reads from data/ (found beside the package, so the
# project is installed in place rather than copied into site-packages).
COPY indexer ./indexer
COPY service ./service
COPY data ./data
RUN pip install --no-deps -e . \
    && useradd --system --create-home --uid 10001 memorial \
    && mkdir -p /home/memorial/var \
    && chown memorial /home/memorial/var

USER memorial
EXPOSE 8000
CMD ["memorial", "serve", "--host", "0.0.0.0", "--port", "8000"]
