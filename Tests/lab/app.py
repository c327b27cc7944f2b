"""The lab's application: a small Flask app whose /health/ checks PostgreSQL and Redis.

Configuration comes from the environment (LAB_PG_DSN, LAB_REDIS_PORT, LAB_STATE, LAB_DATA: the
data directory the app writes its heartbeat to, as apps write sessions, uploads or caches). When the file
$LAB_STATE/app/health-broken exists, /health/ answers 500: a bug in the health endpoint itself. When
KILL_SWITCH exists in the release directory, / answers 503 on purpose (a team's kill switch).
With LAB_SLOW_START=N the module takes N seconds to import: a new release that is not ready yet.
When $LAB_STATE/app/health-slow exists, /health/ takes 2 s (it calls something slow) while every
other path answers at once. When $LAB_STATE/app/pool-exhausted exists, the app's own connection
pool is exhausted: / and /health/ answer 503 and the app writes SQLAlchemy's message to its log
file ($LAB_STATE/app/app.log) — evidence that only the application's log holds.
"""
import datetime
import os
import tempfile
import time

import psycopg2
import redis
from flask import Flask

if os.environ.get("LAB_SLOW_START"):
    time.sleep(float(os.environ["LAB_SLOW_START"]))

app = Flask(__name__)
STATE = os.environ.get("LAB_STATE", "/tmp")


def flag(name):
    return os.path.exists(os.path.join(STATE, "app", name))


def log(message):
    with open(os.path.join(STATE, "app", "app.log"), "a") as handle:
        handle.write(f"{datetime.datetime.now().isoformat(timespec='seconds')} ERROR {message}\n")


def pool_exhausted():
    log("sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, "
        "timeout 30.00")
    return {"status": "unavailable", "problems": {"database": "connection pool exhausted"}}, 503


def database():
    return psycopg2.connect(os.environ["LAB_PG_DSN"], connect_timeout=2)


def cache():
    return redis.Redis(host="127.0.0.1", port=int(os.environ["LAB_REDIS_PORT"]), socket_timeout=1,
                       socket_connect_timeout=1)


@app.route("/")
def index():
    if os.path.exists("KILL_SWITCH"):  # the team's kill switch: switch the site off on purpose
        return "switched off\n", 503
    if flag("pool-exhausted"):
        return pool_exhausted()
    with database() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "hello from the lab\n"


@app.route("/slow")
def slow():
    time.sleep(2)
    return "slow\n"


@app.route("/health/")
def health():
    if flag("health-broken"):
        return {"status": "error", "detail": "health handler failed"}, 500
    if flag("pool-exhausted"):
        return pool_exhausted()
    if flag("health-slow"):
        time.sleep(2)
    problems = {}
    try:
        connection = database()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        connection.close()
    except Exception as error:  # the health check reports, it does not crash
        problems["database"] = str(error).strip().splitlines()[0]
    try:
        cache().ping()
    except Exception as error:
        problems["cache"] = str(error)
    try:  # the app needs room for its data: write a fresh 64 KiB file, then drop it
        with tempfile.NamedTemporaryFile(dir=os.environ.get("LAB_DATA", "/tmp"), prefix="heartbeat-") as probe:
            probe.write(b"\0" * 65536)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as error:
        problems["storage"] = str(error)
    if problems:
        return {"status": "unavailable", "problems": problems}, 503
    return {"status": "ok"}
