"""Triggers the lab app's connection leak (its CSV export never gives its connection back) until
every worker's pool is used up: each worker answers 503 once its pool is empty, and says which
worker it is (X-Worker). Bounded in requests.

    leak_pool.py URL WORKERS      (exit 0 when WORKERS distinct workers answered 503)
"""
import sys
import urllib.error
import urllib.request

url, workers = sys.argv[1], int(sys.argv[2])
exhausted, requests = set(), 0
while len(exhausted) < workers and requests < 300:
    requests += 1
    try:
        urllib.request.urlopen(url, timeout=3).read()
    except urllib.error.HTTPError as error:
        if error.code == 503:
            exhausted.add(error.headers.get("X-Worker"))
    except OSError:
        pass
print(f"{len(exhausted)} of {workers} workers' pools used up after {requests} requests", flush=True)
sys.exit(0 if len(exhausted) == workers else 1)
