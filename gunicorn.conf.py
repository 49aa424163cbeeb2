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
max_requests = 2000  # recycle workers now and then; jitter avoids all restarting together
max_requests_jitter = 200
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
