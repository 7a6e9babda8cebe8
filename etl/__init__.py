"""Open, auditable CAMEO event-data ETL."""

__version__ = "0.1.0"
