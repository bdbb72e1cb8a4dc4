"""The hub tests' laptops (tests/hub/laptops.py); the cluster comes from tests/pg_cluster.py."""

from tests.hub.laptops import bureau  # noqa: F401
