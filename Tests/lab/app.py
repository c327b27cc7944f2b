"""The lab's application: a small Flask app whose /health/ checks PostgreSQL and Redis.

Configuration comes from the environment (LAB_PG_DSN, REDIS_URL, LAB_STATE, LAB_DATA: the
data directory the app writes its heartbeat to, as apps write sessions, uploads or caches;
LAB_POOL_SIZE: the connections each worker's pool may hand out, default 3). When the file
$LAB_STATE/app/health-broken exists, /health/ answers 500: a bug in the health endpoint itself. When
KILL_SWITCH exists in the release directory, / answers 503 on purpose (a team's kill switch).
With LAB_SLOW_START=N the module takes N seconds to import: a new release that is not ready yet.
When $LAB_STATE/app/health-slow exists, /health/ takes 2 s (it calls something slow) while every
other path answers at once.

Like most applications outside systemd, it writes its errors to its own log file,
$LAB_STATE/app/app.log (reopened when logrotate moves it). Each worker takes its database
connections from its own pool; /export?format=csv has a real connection leak (it never gives its
connection back), so enough CSV exports use up every worker's pool: / and /health/ then answer
503, and only the application's log says why ("connection pool exhausted").
"""
import logging
import logging.handlers
import os
import tempfile
import time

import psycopg2
import psycopg2.pool
import redis
from flask import Flask, request

if os.environ.get("LAB_SLOW_START"):
    time.sleep(float(os.environ["LAB_SLOW_START"]))

app = Flask(__name__)
STATE = os.environ.get("LAB_STATE", "/tmp")
POOL_SIZE = int(os.environ.get("LAB_POOL_SIZE", "3"))

log = logging.getLogger("lab_app")
log.setLevel(logging.INFO)
log.propagate = False
os.makedirs(os.path.join(STATE, "app"), exist_ok=True)
_handler = logging.handlers.WatchedFileHandler(os.path.join(STATE, "app", "app.log"), delay=True)
_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"))
log.addHandler(_handler)

_pools = {}


def pool():
    """This worker's connection pool (made after the fork: connections are never shared between processes)."""
    pid = os.getpid()
    if pid not in _pools:
        _pools[pid] = psycopg2.pool.ThreadedConnectionPool(0, POOL_SIZE, os.environ["LAB_PG_DSN"], connect_timeout=2)
    return _pools[pid]


def failure(error):
    """An exception as an application logs it: its class, then its message's first line."""
    kind = type(error)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    return f"{name}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}"


def query(sql):
    connection = pool().getconn()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    finally:
        pool().putconn(connection)  # the pool closes it (it keeps no idle connection)


def cache():
    return redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=1,
                       socket_connect_timeout=1)


@app.after_request
def worker_header(response):
    response.headers["X-Worker"] = str(os.getpid())
    return response


@app.route("/")
def index():
    if os.path.exists("KILL_SWITCH"):  # the team's kill switch: switch the site off on purpose
        return "switched off\n", 503
    try:
        query("SELECT 1")
    except Exception as error:
        log.error("GET / failed: %s", failure(error))
        return "unavailable\n", 503
    return "hello from the lab\n"


@app.route("/export")
def export():
    """A report export. The CSV branch has a bug: it returns without giving its connection back."""
    try:
        connection = pool().getconn()
    except Exception as error:
        log.error("GET /export failed: %s", failure(error))
        return "unavailable\n", 503
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        rows = cursor.fetchall()
    if request.args.get("format") == "csv":
        return "n\n" + "".join(f"{row[0]}\n" for row in rows), 200, {"Content-Type": "text/csv"}  # leaks
    pool().putconn(connection)
    return {"rows": rows}


@app.route("/slow")
def slow():
    time.sleep(2)
    return "slow\n"


@app.route("/health/")
def health():
    if os.path.exists(os.path.join(STATE, "app", "health-broken")):
        return {"status": "error", "detail": "health handler failed"}, 500
    if os.path.exists(os.path.join(STATE, "app", "health-slow")):
        time.sleep(2)
    problems = {}
    try:
        query("SELECT 1")
    except Exception as error:  # the health check reports, it does not crash
        problems["database"] = failure(error)
    try:
        cache().ping()
    except Exception as error:
        problems["cache"] = failure(error)
    try:  # the app needs room for its data: write a fresh 64 KiB file, then drop it
        with tempfile.NamedTemporaryFile(dir=os.environ.get("LAB_DATA", "/tmp"), prefix="heartbeat-") as probe:
            probe.write(b"\0" * 65536)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as error:
        problems["storage"] = failure(error)
    for component, problem in problems.items():
        log.error("health check: %s unavailable: %s", component, problem)
    if problems:
        return {"status": "unavailable", "problems": problems}, 503
    return {"status": "ok"}
