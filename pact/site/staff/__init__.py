"""Staff governance in the portal: staff administrators grant and revoke staff roles, review who
has which role since when and granted by whom, and reset another staff member's second factor
after a recorded check. ``services`` (the operations, audited), ``forms`` (parsing only),
``views`` (the pages). Who may do it is decided in ``pact.access.staff``."""
