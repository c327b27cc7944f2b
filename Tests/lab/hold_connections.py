"""Holds PostgreSQL connections of the app's role for a bounded time: every slot it can get, or
COUNT of them (through PgBouncer, whose logins always succeed: each connection runs a query at
once, which in session pooling keeps a server connection for it).

    hold_connections.py PORT SECONDS [COUNT]     (password from LAB_PG_PASSWORD)
"""
import os
import sys
import time

import psycopg2

port, seconds = int(sys.argv[1]), float(sys.argv[2])
count = int(sys.argv[3]) if len(sys.argv) > 3 else 100
held = []
deadline = time.monotonic() + seconds
while len(held) < count:
    try:
        connection = psycopg2.connect(host="127.0.0.1", port=port, dbname="app", user="app",
                                      password=os.environ["LAB_PG_PASSWORD"], connect_timeout=2)
        connection.cursor().execute("SELECT pg_sleep(0)")
        held.append(connection)
    except psycopg2.OperationalError as error:
        print(f"stopped after {len(held)} connections: {str(error).strip()}", flush=True)
        break
print(f"holding {len(held)} connections", flush=True)
while time.monotonic() < deadline:
    time.sleep(0.5)
