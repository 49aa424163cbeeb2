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
# Longer than a load balancer's idle timeout (AWS ALB: 60 s), so the balancer, not gunicorn, closes
# an idle connection: with gunicorn's 2 s default a request sent as the worker closed the
# connection was reset (about one in 2,000 under bench/two_nodes.py).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 75))
# Recycle workers now and then (a slow leak cannot grow for ever); jitter keeps them from
# restarting together. A worker start costs about a second of CPU, so not too often: at a few
# hundred requests a second, 2,000 meant a restart every few seconds.
max_requests = 50000
max_requests_jitter = 5000
# The app writes one line per request itself (logger marketplace.request, JSON with
# LOG_FORMAT=json, the production default; docs/deploy.md), so gunicorn's access log would say
# everything twice: it is off unless GUNICORN_ACCESS_LOG names a file (or "-" for stdout).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# /metrics with several workers (marketplace/health/metrics.py): with PROMETHEUS_MULTIPROC_DIR
# set in the environment, each worker keeps its counters in files there and the worker answering
# a scrape sums them all. The folder is emptied when the server starts (figures of an earlier run
# would be summed too), and an exited worker is marked dead.
_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")


def on_starting(server):
    if _metrics_dir:
        os.makedirs(_metrics_dir, exist_ok=True)
        for name in os.listdir(_metrics_dir):
            if name.endswith(".db"):
                os.remove(os.path.join(_metrics_dir, name))


def child_exit(server, worker):
    if _metrics_dir:
        from prometheus_client import multiprocess  # in the master only when metrics are shared

        multiprocess.mark_process_dead(worker.pid)
