# One image for every Wiredesk service (api, worker, beat): CPU-only torch, the code, no weights.
# Model weights live in ./models on the host, mounted at /app/models by docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# torch first, pinned, from the CPU index: nothing else may pull a multi-GB CUDA build.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

COPY pyproject.toml README.md ./
COPY wiredesk ./wiredesk
COPY api ./api
COPY worker ./worker
COPY glossary ./glossary
COPY seeds ./seeds
COPY models/registry.toml ./models/registry.toml
# Editable, so glossary/, seeds/ and models/ are found next to the code as in a checkout.
# psycopg[binary] (PostgreSQL) and alembic (`wiredesk db upgrade`) are default dependencies.
RUN pip install -e . && python -c "import psycopg, alembic"

RUN useradd --create-home --uid 1000 wiredesk \
    && mkdir -p /data \
    && chown -R wiredesk /data /app/models
USER wiredesk

EXPOSE 8000
CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000"]
