"""The members registered through EU Survey before the portal: staff import the survey's export
(checks, services, views); imported contacts claim their organisation by invitation."""
