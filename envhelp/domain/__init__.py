"""Domain rules and services: what an officer's records are and how they may change."""
