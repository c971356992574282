"""gunicorn for Lärspår, behind nginx (deploy/nginx/larspar.conf).

    gunicorn -c deploy/gunicorn.conf.py

Sync workers are right here because nginx buffers every request and answer:
a worker only ever talks to nginx on loopback, never to a slow client. Do
not bind gunicorn to a public address.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
# A request that takes longer is stuck; the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Replace workers now and then so slow leaks cannot build up.
max_requests = 1000
max_requests_jitter = 100
# Only nginx on this machine may say which scheme the client used.
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = "-"
errorlog = "-"
