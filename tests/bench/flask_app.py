"""The Flask side of the benchmarks: real Flask 2.2 (Debian python3-flask).

Routes mirror the engine's demo app so that both sides answer the same request:
  /hello  -> "hello"
  /login  -> sets session['user'] = 'alex' (a signed-cookie session, SECRET_KEY 'bench-secret')
  /home   -> reads session['user']

Served by gunicorn (`gunicorn flask_app:app`, run with --chdir tests/bench) or by Werkzeug's
threaded development server (`python3 flask_app.py PORT`). Both bind to 127.0.0.1 only.
"""

import logging
import sys

from flask import Flask, session

app = Flask(__name__)
app.config["SECRET_KEY"] = "bench-secret"


@app.route("/hello")
def hello():
    return "hello"


@app.route("/login")
def login():
    session["user"] = "alex"
    return "logged in as alex"


@app.route("/home")
def home():
    user = session.get("user")
    if user is None:
        return "not logged in", 401
    return f"hello {user}"


def redis_app(url):
    """The same app with flask-session 0.3.2 keeping the sessions in Redis at `url`.

    gunicorn calls it as `flask_app:redis_app('redis://127.0.0.1:PORT/0')`.
    """
    import redis
    from flask_session import Session

    app.config.update(SESSION_TYPE="redis", SESSION_REDIS=redis.from_url(url))
    Session(app)
    return app


def main(argv):
    from werkzeug.serving import run_simple

    port = int(argv[1]) if len(argv) > 1 else 5000
    # Werkzeug logs one line per request by default; gunicorn and the engine do not log
    # requests, so silence it to compare the same work.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False, use_debugger=False)


if __name__ == "__main__":
    main(sys.argv)
