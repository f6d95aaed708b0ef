// handlers::sfu: the SFU events (docs/signaling.md "Large meetings: the SFU"). The payload is
// checked here; who owns which pc and feed is checked by the room, on its strand.
#include "signaling/context.hpp"
#include "signaling/handlers.hpp"
#include "signaling/member_session.hpp"
#include "signaling/room.hpp"

namespace parley::signaling::handlers {

template <sfu_op Op>
completion sfu(event_call& c) {
  auto req = parse_sfu(c.args, Op, c.self.ctx().lim);
  if (!req) return invalid(c);
  if (auto r = room_or_refuse(c)) r->sfu(c.self.socket_id(), std::move(*req), std::move(c.reply));
  return completion::done;
}

template completion sfu<sfu_op::publish>(event_call&);
template completion sfu<sfu_op::unpublish>(event_call&);
template completion sfu<sfu_op::subscribe>(event_call&);
template completion sfu<sfu_op::answer>(event_call&);
template completion sfu<sfu_op::unsubscribe>(event_call&);
template completion sfu<sfu_op::candidate>(event_call&);
template completion sfu<sfu_op::layer>(event_call&);

}  // namespace parley::signaling::handlers
