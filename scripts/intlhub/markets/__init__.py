"""Market intelligence kept current: indicators refreshed from the World Bank API."""
