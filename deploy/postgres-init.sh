#!/bin/sh
# First start of the compose PostgreSQL (docker-entrypoint-initdb.d): the two roles of
# pact.kernel.db_roles and the database the owner role owns. `manage.py migrate` (as the owner)
# then creates the tables and grants the application role what it needs on them.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$PACT_OWNER_PASSWORD" -v app_password="$PACT_APP_PASSWORD" <<'SQL'
CREATE ROLE pact_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE pact_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'app_password';
CREATE DATABASE pact OWNER pact_owner;
REVOKE ALL ON DATABASE pact FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE pact TO pact_app;
SQL
