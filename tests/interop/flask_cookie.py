"""Signs and decodes Flask session cookies with Debian's real Flask, for the interop test.

Reads one JSON command per line on stdin and writes one JSON answer per line on stdout:

  {"op": "sign", "secret": "dev" | ["old", "new"], "now": 1700000000,
   "expr": "<Python expression>" | "tagged": "<tagged JSON text>"}
      -> {"cookie": "...", "json": "<the tagged JSON Flask signed>"}
  {"op": "decode", "secret": ..., "now": ..., "max_age": 2678400 | null, "cookie": "...",
   "expr": "<optional expected session>"}
      -> {"ok": true, "json": "<decoded session as tagged JSON>", "equal": true | false | null}
      or {"ok": false, "error": "<exception class>", "message": "...", "caught": true | false}
         (caught: Flask's open_session turns it into a new empty session; otherwise HTTP 500)

Signing happens inside an app context with SecureCookieSessionInterface.get_signing_serializer,
exactly as save_session does, with TimestampSigner.get_timestamp patched to return "now".
"""

import datetime
import json
import sys
import uuid

import flask
from flask.sessions import SecureCookieSessionInterface, session_json_serializer
from itsdangerous import BadSignature
from itsdangerous.timed import TimestampSigner
from markupsafe import Markup

NAMESPACE = {
    "datetime": datetime.datetime,
    "timezone": datetime.timezone,
    "timedelta": datetime.timedelta,
    "UUID": uuid.UUID,
    "Markup": Markup,
}

now_holder = {"now": 0}
# Fix the clock the way itsdangerous reads it, for signing and for the age check.
TimestampSigner.get_timestamp = lambda self: now_holder["now"]

app = flask.Flask("interop")
interface = SecureCookieSessionInterface()


def serializer(command):
    app.secret_key = command["secret"]
    now_holder["now"] = int(command["now"])
    return interface.get_signing_serializer(app)


def sign(command):
    s = serializer(command)
    if "expr" in command:
        session = eval(command["expr"], dict(NAMESPACE))  # test input written by the test itself
    else:
        session = session_json_serializer.loads(command["tagged"])
    return {"cookie": s.dumps(dict(session)), "json": session_json_serializer.dumps(dict(session))}


def decode(command):
    s = serializer(command)
    try:
        # open_session: data = s.loads(val, max_age=max_age); session_class(data)
        data = dict(s.loads(command["cookie"], max_age=command.get("max_age")))
    except Exception as e:  # noqa: BLE001 - every outcome is reported to the test
        return {"ok": False, "error": type(e).__name__, "message": str(e),
                "caught": isinstance(e, BadSignature)}
    answer = {"ok": True, "json": session_json_serializer.dumps(data), "equal": None}
    if "expr" in command:
        expected = eval(command["expr"], dict(NAMESPACE))
        answer["equal"] = session_json_serializer.dumps(expected) == answer["json"]
    return answer


def main():
    with app.app_context():
        for line in sys.stdin:
            if not line.strip():
                continue
            command = json.loads(line)
            try:
                answer = sign(command) if command["op"] == "sign" else decode(command)
            except Exception as e:  # noqa: BLE001
                answer = {"error": type(e).__name__, "message": str(e)}
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
