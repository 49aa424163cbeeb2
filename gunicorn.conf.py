"""Production web server settings: `gunicorn 'marketplace:create_app()'` reads this file.

Threads per worker keep slow phone connections from tying up a whole process; the Whoosh index
is only written by the single index writer (see docs/search.md), so any number of workers is safe.
"""
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = 60
graceful_timeout = 30
# Recycle workers now and then (a slow leak cannot grow for ever); jitter keeps them from
# restarting together. A worker start costs about a second of CPU, so not too often: at a few
# hundred requests a second, 2,000 meant a restart every few seconds.
max_requests = 50000
max_requests_jitter = 5000
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
