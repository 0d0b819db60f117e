"""An organisation's life after joining: suspension by staff, withdrawal by its administrator,
reinstatement of both by staff, and staff appointing a new administrator when the last one left or
lost access. ``services`` (each audited and mailed), ``forms``, ``views``."""
