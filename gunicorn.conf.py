"""gunicorn settings for production (docs/deploy.md). gunicorn reads this file from the
working directory by default; command-line options override it.

Environment:
  GUNICORN_BIND          address to listen on (default 127.0.0.1:8000; a unix socket:
                         unix:/run/eventhub/web.sock)
  WEB_CONCURRENCY        worker processes (default 2 x CPU cores + 1)
  GUNICORN_THREADS       threads per worker (default 1)
  GUNICORN_TIMEOUT       seconds before a silent worker is restarted (default 30)
  GUNICORN_GRACEFUL_TIMEOUT  seconds to finish requests on restart/stop (default 30)
  FORWARDED_ALLOW_IPS    proxies whose X-Forwarded-* gunicorn trusts (default 127.0.0.1);
                         the app itself trusts EVENTHUB_PROXY_COUNT hops (ProxyFix)
  GUNICORN_ACCESS_LOG    file for the access log, "-" for stdout (default "-")
  GUNICORN_MAX_REQUESTS  requests after which a worker is replaced (default 100000; 0: never)
  GUNICORN_MAX_REQUESTS_JITTER  random extra requests per worker (default: as many again)
  GUNICORN_PRELOAD       build the app once in the master and fork the workers (default
                         true; false builds it in each worker)
"""
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 1)

# Rate limits (sign-in, registration, API) must be counted by all workers together.
# The default storage is shared (Redis, else a SQLite file: eventhub/ratelimit_storage.py);
# per-process memory would give each worker its own budget, so refuse that with several.
if workers > 1 and os.environ.get("EVENTHUB_RATELIMIT_STORAGE_URI", "").startswith("memory://"):
    raise SystemExit(
        "EVENTHUB_RATELIMIT_STORAGE_URI=memory:// keeps rate-limit counters per process: with "
        f"{workers} workers each would allow the full limit. Use Redis (EVENTHUB_REDIS_URL), the "
        "default shared SQLite file (unset EVENTHUB_RATELIMIT_STORAGE_URI), or WEB_CONCURRENCY=1.")
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Recycle workers now and then so that a slow leak never takes the site down, but never all
# at once: each worker restarts after between max_requests and twice that many requests
# (uniform jitter as wide as the limit), so two workers reaching it together is rare and
# the others keep serving while one starts. A 10 % jitter on 2,000 made both workers restart
# within a few requests of each other: a p99 of ~1 s (issue 20).
# The limit is 100,000: a preloaded worker serves a cached page in ~0.3 ms of CPU, so at
# 10,000 each worker was replaced every few seconds under load, and each new worker's first
# requests (templates compiled, catalogs read, connections opened: ~100 ms) were the p99.
max_requests = _int("GUNICORN_MAX_REQUESTS", 100000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max_requests)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Preloaded: the master builds the app once and each worker is a fork of it, so starting or
# recycling a worker costs a fork instead of ~1 s of CPU importing and building the app (at
# 2,000 requests/s a worker is recycled every few seconds; each cold start showed in the
# p99). No database connection crosses the fork (eventhub/forking.py). Deploying new code
# therefore needs the master restarted (systemctl restart), not only a HUP: docs/deploy.md.
# GUNICORN_PRELOAD=false goes back to building the app in each worker.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").strip().lower() not in ("0", "false", "no", "off")
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"  # heartbeat files off a possibly slow disk

wsgi_app = "wsgi:app"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Tokens live in paths (/en/r/<token>) and query strings may hold anything: the logger
# class masks token-like path segments, drops query strings and reduces the referrer.
logger_class = "eventhub.access_log.AccessLogger"
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
proc_name = "eventhub"
