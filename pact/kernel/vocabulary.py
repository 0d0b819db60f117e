"""Enums several apps' models share, so those models need not import each other for them.

``Ecosystem``: the 14 industrial ecosystems of the Pact (partnerships, news, funding calls, the
library, events, organisations' interests). ``RegionalShape``: the shapes of a Regional Skills
Partnership's area (partnerships and expressions of interest). ``partnerships.models`` names them
too. Kernel: imports no app.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Ecosystem(models.TextChoices):
    AEROSPACE_DEFENCE = "aerospace_defence", _("Aerospace & Defence")
    AGRI_FOOD = "agri_food", _("Agri-food")
    CONSTRUCTION = "construction", _("Construction")
    CULTURAL_CREATIVE = "cultural_creative", _("Cultural & Creative Industries")
    DIGITAL = "digital", _("Digital")
    ELECTRONICS = "electronics", _("Electronics")
    ENERGY_INTENSIVE = "energy_intensive", _("Energy-Intensive Industries")
    HEALTH = "health", _("Health")
    MOBILITY = "mobility", _("Mobility-Transport-Automotive")
    PROXIMITY_SOCIAL = "proximity_social", _("Proximity & Social Economy")
    RENEWABLE_ENERGY = "renewable_energy", _("Renewable Energy")
    RETAIL = "retail", _("Retail")
    TEXTILE = "textile", _("Textile")
    TOURISM = "tourism", _("Tourism")


class RegionalShape(models.TextChoices):
    SINGLE_REGION = "single_region", _("A single region within a Member State")
    MACRO_REGION = "macro_region", _("Macro-region or cross-border area")
    NETWORK = "network", _("Network of regions with similar challenges")
    LOCAL_AREA = "local_area", _("Local area (metropolitan area, group of municipalities)")
