# Production image: gunicorn serves the portal; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PACT_ENV=production STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/data/media
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 pact
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN SECRET_KEY=build-only-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput && python manage.py compilemessages --ignore=.venv
# The ledger of erasures lives on a volume of its own, never restored from a backup (README).
RUN mkdir -p /data/ledger && chown pact:pact /data/ledger
USER pact
EXPOSE 8000
CMD ["gunicorn", "pact.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "60", "--access-logfile", "-"]
