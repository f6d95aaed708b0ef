// Two or more signaling sockets in one room, over in-memory Engine.IO connections: the real
// Socket.IO layer, member sessions and relay handlers, without the store (a relay never
// touches it). Used by the relay tests and, under callgrind, to count the instructions one
// relayed message costs (relay_chain_test.cpp).
#pragma once

#include <boost/json/parse.hpp>
#include <memory>
#include <string>
#include <vector>

#include "metrics/registry.hpp"
#include "signaling/context.hpp"
#include "signaling/member_session.hpp"
#include "signaling/room.hpp"
#include "socketio/harness.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling::testing {

using socketio::testing::fake_conn;

struct relay_world {
  /// `n` connected sockets (user ids "user-0"...), the first `in_room` of them in one room.
  explicit relay_world(int n, int in_room, limits lim = {}) {
    ctx = std::make_shared<context>(h.io.of("/"), nullptr, h.ioc.get_executor(), lim, reg);
    h.io.of("/").on_connection([this](const std::shared_ptr<socketio::socket>& s) {
      auth::identity who;
      who.user.id = "user-" + std::to_string(sessions.size());
      who.session_id = "session-" + std::to_string(sessions.size());
      auto m = std::make_shared<member_session>(ctx, s, std::move(who));
      m->attach(s);
      sessions.push_back(m);
    });
    for (int i = 0; i < n; ++i) {
      conns.push_back(h.open("eio" + std::to_string(i)));
      h.send(conns.back(), "0");
      const std::string reply = conns.back()->sent_text().at(0);  // 0{"sid":"..."}
      ids.push_back(std::string(boost::json::parse(reply.substr(1)).at("sid").as_string()));
      conns.back()->clear_sent();
    }
    meeting = std::make_shared<room>(ctx, "abcd-efgh-ijkl");
    for (int i = 0; i < in_room; ++i) {
      auto s = sessions[i]->socket();
      net::post(s->get_executor(), [m = sessions[i], r = meeting] { m->enter(r); });
      s->join(meeting->channel());
    }
    h.drain();
  }
  ~relay_world() {
    for (auto& m : sessions) {
      if (auto s = m->socket()) s->disconnect(true);
    }
    h.drain();
  }

  /// `42["<event>",<arg>]` from socket `from`, with ack id `ack` when >= 0.
  void send(int from, const std::string& event, const std::string& arg, int ack = -1) {
    std::string p = "2";
    if (ack >= 0) p += std::to_string(ack);
    h.send(conns[from], p + "[\"" + event + "\"," + arg + "]");
  }
  std::vector<std::string> got(int i) { return conns[i]->sent_text(); }
  void clear() {
    for (auto& c : conns) c->clear_sent();
  }

  socketio::testing::harness h;
  metrics::registry reg;
  std::shared_ptr<context> ctx;
  std::vector<std::shared_ptr<fake_conn>> conns;
  std::vector<std::shared_ptr<member_session>> sessions;
  std::vector<std::string> ids;
  std::shared_ptr<room> meeting;
};

}  // namespace parley::signaling::testing
