"""lab3's application, served by uWSGI: / and /health query PostgreSQL through PgBouncer (a new
connection each time, as a small app without its own pool does); /slow?s=N holds a worker N
seconds. Errors go to stderr, which uWSGI writes to its log."""
import os
import sys
import time
import traceback
from urllib.parse import parse_qs

import psycopg2


def query():
    connection = psycopg2.connect(os.environ["DATABASE_URL"], connect_timeout=5)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0]
    finally:
        connection.close()


def answer(start, status, body):
    start(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def application(environ, start):
    path = environ.get("PATH_INFO", "/")
    if path == "/slow":
        seconds = float(parse_qs(environ.get("QUERY_STRING", "")).get("s", ["2"])[0])
        time.sleep(min(seconds, 30))
        return answer(start, "200 OK", b"slow\n")
    if path not in ("/", "/health"):
        return answer(start, "404 Not Found", b"not found\n")
    try:
        query()
    except psycopg2.Error as error:
        print(f"database error on {path}: {str(error).strip()}", file=sys.stderr, flush=True)
        traceback.print_exc(file=sys.stderr)
        return answer(start, "503 Service Unavailable", b"database unavailable\n")
    return answer(start, "200 OK", b"ok\n" if path == "/health" else b"hello from lab3\n")
