#include "signaling/member_session.hpp"

#include "core/log.hpp"
#include "signaling/context.hpp"
#include "signaling/room.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling {

namespace {

std::string relay_signature(std::string_view socket_id, std::string_view user_id) {
  std::string out = R"(,"fromSocket":)";
  socketio::append_json_string(out, socket_id);
  out += R"(,"fromUserId":)";
  socketio::append_json_string(out, user_id);
  out += '}';
  return out;
}

}  // namespace

member_session::member_session(std::shared_ptr<context> ctx,
                               const std::shared_ptr<socketio::socket>& s, auth::identity who)
    : ctx_(std::move(ctx)),
      socket_(s),
      strand_(s->get_executor()),
      socket_id_(s->id()),
      who_(std::move(who)),
      sender_fields_(relay_signature(socket_id_, who_.user.id)),
      rate_(ctx_->lim.events_per_second, ctx_->lim.event_burst),
      abuse_(ctx_->lim.abuse_refill_per_second, ctx_->lim.abuse_budget),
      reactions_(ctx_->lim.reactions_per_second, ctx_->lim.reaction_burst) {
  ctx_->metrics.sockets.inc();
}

member_session::~member_session() = default;

void member_session::attach(const std::shared_ptr<socketio::socket>& s) {
  // Signing out disconnects every socket of the session: they share this room.
  s->join(session_channel(who_.session_id));
  // Two handlers dispatching through the event table, rather than one per event: every
  // connected socket would otherwise hold a dozen handler entries.
  s->on_any([self = shared_from_this()](std::string_view event, socketio::payload args,
                                        socketio::ack reply) {
    if (const event_entry* e = find_event(event))
      self->receive(*e, std::move(args), std::move(reply));
    else
      self->receive_unknown(reply);
  });
  s->on_any_raw([self = shared_from_this()](std::string_view event, const socketio::raw_event& ev,
                                            socketio::ack& reply) -> socketio::raw_result {
    const event_entry* e = find_event(event);
    if (!e || !e->raw) return socketio::raw_result::declined();
    return self->receive_raw(*e, ev, reply);
  });
  s->on_disconnect(
      [self = shared_from_this()](std::string_view reason) { self->on_disconnect(reason); });
}

void member_session::receive(const event_entry& e, socketio::payload args, socketio::ack reply) {
  if (closed()) return;
  const auto now = clock::now();
  const bool over_bound = busy_ && queue_.size() >= ctx_->lim.max_queued_events &&
                          !answered_.load(std::memory_order_acquire);
  if (!rate_.try_take(now) || over_bound) {
    ctx_->metrics.rate_limited.inc();
    if (e.raw) ctx_->metrics.refused(errc::rate_limited).inc();
    return refuse(reply, errc::rate_limited);
  }
  queued q{&e, std::move(args), std::move(reply), now};
  if (busy_) {
    queue_.push_back(std::move(q));
  } else {
    run(std::move(q));
  }
}

void member_session::receive_unknown(const socketio::ack& reply) {
  // docs/signaling.md "Limits": an unknown event is ignored, but it costs a rate token, so a
  // flood of made-up names is refused and ends in a disconnect like any other.
  if (rate_.try_take()) return;
  ctx_->metrics.rate_limited.inc();
  refuse(reply, errc::rate_limited);
}

socketio::raw_result member_session::receive_raw(const event_entry& e,
                                                 const socketio::raw_event& ev,
                                                 const socketio::ack& reply) {
  // An event that must wait behind a pending handler, or be refused as rate_limited, takes
  // the DOM path (receive), which owns the queue and the refusals.
  if (busy_ || closed()) return socketio::raw_result::declined();
  if (!rate_.try_take()) return socketio::raw_result::declined();
  return e.raw(*this, ev, reply);
}

void member_session::run(queued q) {
  event_call call{*this, std::move(q.args), std::move(q.reply), q.arrived};
  busy_ = q.entry->fn(call) == completion::pending;
}

void member_session::run_queue() {
  busy_ = false;
  while (!busy_ && !closed() && !queue_.empty()) {
    queued q = std::move(queue_.front());
    queue_.erase(queue_.begin());
    run(std::move(q));
  }
}

void member_session::refuse(const socketio::ack& reply, errc e) {
  reply(one_arg(error_body(e)));
  if (e != errc::invalid_payload && e != errc::rate_limited && e != errc::wrong_password) return;
  if (abuse_.try_take() || closed()) return;
  ctx_->metrics.abuse_disconnects.inc();
  log::warn("signaling_abuse_disconnect",
            {{"socketId", socket_id_}, {"userId", who_.user.id}, {"last", code_name(e)}});
  if (auto s = socket()) s->disconnect();
}

template <class F>
void member_session::on_strand(F f) {
  net::post(strand_, [self = shared_from_this(), f = std::move(f)]() mutable { f(*self); });
}

completion member_session::limit_user(user_rate r, const socketio::ack& reply, limited_fn then) {
  const rate_limit lim = limit_of(r, ctx_->lim);
  const auto& redis = ctx_->cluster;
  if (!redis || !redis->up() || lim.unlimited()) {
    if (take_local(r)) return then(*this, reply);
    refuse(reply, errc::rate_limited);
    return completion::done;
  }
  redis->take_token(
      who_.user.id, rate_name(r), lim.per_second, lim.burst,
      [self = shared_from_this(), r, reply, then = std::move(then)](long long taken) mutable {
        self->on_strand([r, taken, reply = std::move(reply),
                         then = std::move(then)](member_session& s) mutable {
          if (s.closed()) return;
          // docs/cluster.md "Per-user limits": Redis did not answer (-100): this socket's own.
          const bool allowed = taken == 1 || (taken != 0 && s.take_local(r));
          completion c = completion::done;
          if (allowed)
            c = then(s, reply);
          else
            s.refuse(reply, errc::rate_limited);
          if (c == completion::done) s.run_queue();
        });
      });
  return completion::pending;
}

bool member_session::take_local(user_rate r) {
  switch (r) {
    case user_rate::chat:
      return true;  // receive() took this socket's event token already
    case user_rate::reaction:
      return reactions_.try_take();
  }
  return true;
}

void member_session::settle(socketio::ack reply, socketio::payload answer, const room* forget) {
  on_strand(
      [forget, reply = std::move(reply), answer = std::move(answer)](member_session& s) mutable {
        s.forget_room(forget);
        reply(std::move(answer));
        s.run_queue();
      });
}

void member_session::settle_in_order(socketio::ack reply, socketio::payload answer) {
  answered_.store(true, std::memory_order_release);
  reply(std::move(answer));
  on_strand([](member_session& s) {
    s.answered_.store(false, std::memory_order_release);
    s.run_queue();
  });
}

void member_session::settle_refused(socketio::ack reply, errc e, const room* forget) {
  on_strand([forget, reply = std::move(reply), e](member_session& s) mutable {
    s.forget_room(forget);
    s.refuse(reply, e);
    s.run_queue();
  });
}

void member_session::evicted(const room* r) {
  on_strand([r](member_session& s) { s.forget_room(r); });
}

void member_session::forget_room(const room* r) {
  if (r && room_.get() == r) room_.reset();
}

void member_session::on_disconnect(std::string_view reason) {
  closed_.store(true, std::memory_order_release);
  ctx_->metrics.sockets.dec();
  queue_.clear();
  if (auto r = take_room()) r->remove(socket_id_, std::string(reason));
}

}  // namespace parley::signaling
