"""Management commands (demo data, the large synthetic data set, the demo TOTP code): they sit
above the apps and may import any of them."""
