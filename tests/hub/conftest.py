"""The hub tests' laptops (tests/hub/laptops.py); the cluster comes from tests/pg_cluster.py."""

from tests.hub.laptops import hub_laptops  # noqa: F401
