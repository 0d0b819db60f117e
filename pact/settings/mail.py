"""Mail: the development backend, the outbox, bounce notifications and the limits on mail a person
sends to others."""

from __future__ import annotations

import os

from pact.settings.env import BASE_DIR, envbool, envint

# --- Mail ----------------------------------------------------------------------------------------
# Development mail: one file per message in EMAIL_FILE_PATH (Django's file backend puts a batch in one).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "pact.kernel.outbox.files.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / ".devdata" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Pact Portal <no-reply@pact-portal.example.eu>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every mail the outbox queues to a person is also a notification: the outbox (in the kernel, which
# imports no app) calls the functions of this module (see pact.kernel.outbox.notices).
OUTBOX_NOTIFIER = "pact.communications.notifications.outbox"
# The mail service's bounce and complaint notifications (/mail/events/) carry this shared secret
# as "Authorization: Bearer <token>"; unset, the route answers 404.
MAIL_EVENTS_TOKEN = os.environ.get("MAIL_EVENTS_TOKEN", "")
# Drills only: the outbox notes in this file each point it reaches ("claimed", "sent", "noted")
# and waits OUTBOX_DRILL_PAUSE_SECONDS at OUTBOX_DRILL_PAUSE_AT, so a drill kills it right there.
OUTBOX_DRILL_JOURNAL = os.environ.get("OUTBOX_DRILL_JOURNAL", "")
OUTBOX_DRILL_PAUSE_AT = os.environ.get("OUTBOX_DRILL_PAUSE_AT", "")
OUTBOX_DRILL_PAUSE_SECONDS = float(os.environ.get("OUTBOX_DRILL_PAUSE_SECONDS", "0") or 0)
# Mail a person sends to others by pressing a button (invitations, contact requests, signature
# requests sent again): at most this many per person and per partnership (or organisation) in
# each window of seconds. System mail is not limited (DESIGN.md §9).
MAIL_SEND_LIMITS = {
    "person": [(20, 3600), (60, 86400)],
    "group": [(40, 3600), (120, 86400)],
}
