"""A bounded load: CLIENTS threads request URL in a loop for SECONDS seconds, then stop; each
request waits at most TIMEOUT seconds (default 5). Used by both labs.

    load.py URL CLIENTS SECONDS [TIMEOUT]
"""
import sys
import threading
import time
import urllib.error
import urllib.request

url, clients, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
deadline = time.monotonic() + seconds
counts = {"ok": 0, "error": 0}
lock = threading.Lock()


def client():
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=timeout).read()
            outcome = "ok"
        except (urllib.error.URLError, OSError):
            outcome = "error"
        with lock:
            counts[outcome] += 1


print(f"load: {clients} clients on {url} for {seconds:g} s", flush=True)
threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(seconds + timeout + 5)
print(counts, flush=True)
