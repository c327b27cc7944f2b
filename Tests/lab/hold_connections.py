"""Holds every PostgreSQL connection slot the app's role can get, for a bounded time.

    hold_connections.py PORT SECONDS     (password from LAB_PG_PASSWORD)
"""
import os
import sys
import time

import psycopg2

port, seconds = int(sys.argv[1]), float(sys.argv[2])
held = []
deadline = time.monotonic() + seconds
while len(held) < 100:
    try:
        held.append(psycopg2.connect(host="127.0.0.1", port=port, dbname="app", user="app",
                                     password=os.environ["LAB_PG_PASSWORD"], connect_timeout=2))
    except psycopg2.OperationalError as error:
        print(f"stopped after {len(held)} connections: {str(error).strip()}", flush=True)
        break
for connection in held:
    connection.cursor().execute("SELECT pg_sleep(0)")
print(f"holding {len(held)} connections", flush=True)
while time.monotonic() < deadline:
    time.sleep(0.5)
