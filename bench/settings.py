"""Settings for the benchmarks: the project's own, plus only what a load test needs.

- Every simulated signer of the campaign surge comes from its own network address, sent by the
  load client in X-Forwarded-For, as one reverse proxy would pass it on (TRUSTED_PROXY_COUNT = 1,
  the project's setting for that, endreprisals/client_address.py). The rate limit itself stays at the
  app's default (CAMPAIGNS_RATE_LIMIT_COUNT per CAMPAIGNS_RATE_LIMIT_WINDOW per address) and is
  exercised on every submission. BENCH_RATE_LIMIT_COUNT overrides the count if ever needed.
- E-mail goes to the local SMTP sink of the worker measurement (never outside the machine).
- BENCH_READ_REPLICA=1 adds a "replica" connection to the same database and a router sending
  reads there, to see what a read replica changes (docs/deployment.md).
"""

import os

from endreprisals.settings import *  # noqa: F403
from endreprisals.settings import DATABASES

TRUSTED_PROXY_COUNT = 1
if os.environ.get("BENCH_RATE_LIMIT_COUNT"):
    CAMPAIGNS_RATE_LIMIT_COUNT = int(os.environ["BENCH_RATE_LIMIT_COUNT"])

EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("BENCH_SMTP_PORT", "2525"))
EMAIL_USE_TLS = False
EMAIL_USE_SSL = False

if os.environ.get("BENCH_READ_REPLICA") == "1":
    replica = dict(DATABASES["default"])
    replica_url = os.environ.get("BENCH_REPLICA_URL")
    if replica_url:
        import dj_database_url

        replica = dj_database_url.parse(replica_url, conn_max_age=replica.get("CONN_MAX_AGE", 0))
    DATABASES["replica"] = replica
    DATABASE_ROUTERS = ["bench.routers.ReadReplicaRouter"]
