"""Reference signaling server on Flask-SocketIO with eventlet (Debian's python3-flask-socketio
and python3-eventlet): the events of docs/signaling.md that the bench drives (join,
offer/answer/ice-candidate, leave), rooms in memory, auth tokens accepted but not checked.

Usage: /usr/bin/python3 server.py --port N [--host 127.0.0.1]
"""
import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402  (after monkey_patch, as eventlet requires)
import logging  # noqa: E402

import eventlet.wsgi  # noqa: E402
from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO, emit, join_room, leave_room  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode="eventlet", logger=False, engineio_logger=False)

room_of = {}  # socket id -> the one room it joined


def participant(sid):
    return {"socketId": sid, "userId": "u-" + sid, "username": "bench",
            "audio": True, "video": True, "screen": False, "raised": False}


def refuse(code):
    return {"error": {"code": code, "message": code}}


def leave_current_room(sid):
    room = room_of.pop(sid, None)
    if room is None:
        return False
    leave_room(room, sid=sid)
    emit("user-left", {"userId": "u-" + sid, "socketId": sid}, to=room, skip_sid=sid)
    return True


@socketio.on("connect")
def on_connect(auth=None):
    return True


@socketio.on("join")
def on_join(data=None):
    sid = request.sid
    room = data.get("room") if isinstance(data, dict) else None
    if not isinstance(room, str):
        return refuse("invalid_payload")
    if sid in room_of:
        return refuse("already_in_room")
    others = [participant(peer) for peer in members(room)]
    room_of[sid] = room
    join_room(room)
    me = participant(sid)
    emit("existing-participants", others)
    emit("user-joined", me, to=room, skip_sid=sid)
    return {"ok": True, "meeting": {"meetingId": room}, "participants": others + [me]}


def members(room):
    return [peer for peer, _ in socketio.server.manager.get_participants("/", room)]


def relay(event, field):
    def handler(data=None):
        sid = request.sid
        room = room_of.get(sid)
        target = data.get("targetSocket") if isinstance(data, dict) else None
        if room is None or not isinstance(target, str):
            return refuse("not_in_room")
        if target == sid:
            return refuse("invalid_target")
        if room_of.get(target) != room:
            return refuse("not_in_room")
        socketio.emit(event, {field: data.get(field), "fromSocket": sid, "fromUserId": "u-" + sid},
                      to=target)
        return {"ok": True}
    socketio.on_event(event, handler)


relay("offer", "offer")
relay("answer", "answer")
relay("ice-candidate", "candidate")


@socketio.on("leave")
def on_leave(data=None):
    return {"ok": True} if leave_current_room(request.sid) else refuse("not_in_room")


@socketio.on("disconnect")
def on_disconnect():
    leave_current_room(request.sid)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    # eventlet's defaults (backlog 50, 1024 greenthreads) would cap the bench, not Flask; its
    # default SO_REUSEPORT would let a second server silently share the port.
    listener = eventlet.listen((args.host, args.port), backlog=4096, reuse_port=False)
    eventlet.wsgi.server(listener, app, log_output=False, max_size=200_000)


if __name__ == "__main__":
    main()
