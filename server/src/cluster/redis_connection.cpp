#include "cluster/redis_connection.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include "core/log.hpp"

namespace parley::cluster {
namespace {

redis_reply copy(const redisReply* r) {
  redis_reply out;
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      out.type = redis_reply::kind::integer;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_STRING:
      out.type = redis_reply::kind::string;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = redis_reply::kind::status;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = redis_reply::kind::error;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = redis_reply::kind::array;
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(copy(r->element[i]));
      break;
    default:
      break;
  }
  return out;
}

redis_connection* self_of(const redisAsyncContext* ac) {
  return static_cast<redis_connection*>(ac->data);
}

}  // namespace

std::shared_ptr<redis_connection> redis_connection::create(net::any_io_executor ex, redis_url url) {
  return std::make_shared<redis_connection>(std::move(ex), std::move(url));
}

redis_connection::redis_connection(net::any_io_executor ex, redis_url url)
    : strand_(net::make_strand(ex)), url_(std::move(url)), fd_(strand_) {}

redis_connection::~redis_connection() {
  // Reached only when no wait is pending, i.e. hiredis already freed the context, or at
  // process exit with the io_context stopped.
  if (fd_.is_open()) fd_.release();
  if (ac_) {
    ac_->ev.cleanup = nullptr;
    ac_->onDisconnect = nullptr;
    redisAsyncFree(ac_);
  }
}

void redis_connection::connect(std::function<void(std::string)> done) {
  net::post(strand_, [self = shared_from_this(), done = std::move(done)]() mutable {
    self->connected_ = std::move(done);
    self->do_connect();
  });
}

void redis_connection::do_connect() {
  ac_ = redisAsyncConnect(url_.host.c_str(), url_.port);
  if (!ac_ || ac_->err) {
    std::string why = ac_ ? ac_->errstr : "out of memory";
    if (ac_) redisAsyncFree(ac_);
    ac_ = nullptr;
    return connected_(why);
  }
  ac_->data = this;
  ac_->ev.data = this;
  ac_->ev.addRead = hook_add_read;
  ac_->ev.delRead = hook_del_read;
  ac_->ev.addWrite = hook_add_write;
  ac_->ev.delWrite = hook_del_write;
  ac_->ev.cleanup = hook_cleanup;
  fd_.assign(ac_->c.fd);
  redisAsyncSetConnectCallback(ac_, on_connected);
  redisAsyncSetDisconnectCallback(ac_, on_disconnected);
  // Queued now, sent once connected, answered before any later command.
  if (url_.db != 0) command({"SELECT", std::to_string(url_.db)});
  hook_add_write(this);  // the connect completes when the socket turns writable
}

void redis_connection::on_connected(const redisAsyncContext* ac, int status) {
  auto* self = self_of(ac);
  auto done = std::move(self->connected_);
  if (done) done(status == REDIS_OK ? std::string() : std::string(ac->errstr));
}

void redis_connection::on_disconnected(const redisAsyncContext* ac, int) {
  auto* self = self_of(ac);
  // Subscriptions never confirmed: their callers go on, and their next command fails.
  for (auto& [channel, waiting] : std::exchange(self->confirms_, {}))
    for (auto& f : waiting)
      if (f) net::post(self->strand_, std::move(f));
  if (!self->closing_ && self->lost_) {
    log::warn("redis_lost", {{"host", self->url_.host}, {"port", self->url_.port}});
    auto lost = std::move(self->lost_);
    net::post(self->strand_, std::move(lost));
  }
}

void redis_connection::hook_add_read(void* p) {
  auto* self = static_cast<redis_connection*>(p);
  self->want_read_ = true;
  self->arm_read();
}
void redis_connection::hook_del_read(void* p) {
  static_cast<redis_connection*>(p)->want_read_ = false;
}
void redis_connection::hook_add_write(void* p) {
  auto* self = static_cast<redis_connection*>(p);
  self->want_write_ = true;
  self->arm_write();
}
void redis_connection::hook_del_write(void* p) {
  static_cast<redis_connection*>(p)->want_write_ = false;
}
void redis_connection::hook_cleanup(void* p) {
  auto* self = static_cast<redis_connection*>(p);
  self->ac_ = nullptr;
  self->want_read_ = self->want_write_ = false;
  // hiredis closes the descriptor itself; the waits end with operation_aborted.
  if (self->fd_.is_open()) self->fd_.release();
}

void redis_connection::arm_read() {
  if (reading_ || !ac_) return;
  reading_ = true;
  fd_.async_wait(net::posix::stream_descriptor::wait_read,
                 [self = shared_from_this()](error_code ec) {
                   self->reading_ = false;
                   if (ec || !self->ac_ || !self->want_read_) return;
                   redisAsyncHandleRead(self->ac_);  // may free the context (cleanup)
                   if (self->ac_ && self->want_read_) self->arm_read();
                 });
}

void redis_connection::arm_write() {
  if (writing_ || !ac_) return;
  writing_ = true;
  fd_.async_wait(net::posix::stream_descriptor::wait_write,
                 [self = shared_from_this()](error_code ec) {
                   self->writing_ = false;
                   if (ec || !self->ac_ || !self->want_write_) return;
                   redisAsyncHandleWrite(self->ac_);
                   if (self->ac_ && self->want_write_) self->arm_write();
                 });
}

void redis_connection::send(const std::vector<std::string>& args,
                            void (*fn)(redisAsyncContext*, void*, void*), void* privdata) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  if (!ac_ || redisAsyncCommandArgv(ac_, fn, privdata, static_cast<int>(args.size()), argv.data(),
                                    lens.data()) != REDIS_OK)
    fn(nullptr, nullptr, privdata);  // refused at once: answered as lost
}

void redis_connection::on_reply(redisAsyncContext*, void* reply, void* privdata) {
  std::unique_ptr<reply_fn> done(static_cast<reply_fn*>(privdata));
  if (*done) (*done)(reply ? copy(static_cast<redisReply*>(reply)) : redis_reply::lost());
}

void redis_connection::command(std::vector<std::string> args, reply_fn done) {
  net::post(strand_,
            [self = shared_from_this(), args = std::move(args), done = std::move(done)]() mutable {
              self->send(args, on_reply, new reply_fn(std::move(done)));
            });
}

void redis_connection::on_pubsub(redisAsyncContext* ac, void* reply, void*) {
  if (!ac || !reply) return;
  auto* self = self_of(ac);
  auto* r = static_cast<redisReply*>(reply);
  if (r->type != REDIS_REPLY_ARRAY || r->elements < 3) return;
  std::string kind(r->element[0]->str ? r->element[0]->str : "", r->element[0]->len);
  std::string channel(r->element[1]->str ? r->element[1]->str : "", r->element[1]->len);
  if (kind == "message" && r->element[2]->type == REDIS_REPLY_STRING) {
    if (self->message_)
      self->message_(channel, std::string(r->element[2]->str, r->element[2]->len));
  } else if (kind == "subscribe") {
    auto it = self->confirms_.find(channel);
    if (it == self->confirms_.end() || it->second.empty()) return;
    auto first = std::move(it->second.front());
    it->second.erase(it->second.begin());
    if (it->second.empty()) self->confirms_.erase(it);
    if (first) first();
  }
}

void redis_connection::on_message(message_fn f) {
  net::post(strand_, [self = shared_from_this(), f = std::move(f)]() mutable {
    self->message_ = std::move(f);
  });
}

void redis_connection::subscribe(std::string channel, std::function<void()> confirmed) {
  net::post(strand_, [self = shared_from_this(), channel = std::move(channel),
                      confirmed = std::move(confirmed)]() mutable {
    self->confirms_[channel].push_back(std::move(confirmed));
    self->send({"SUBSCRIBE", channel}, on_pubsub, nullptr);
  });
}

void redis_connection::unsubscribe(std::string channel) {
  net::post(strand_, [self = shared_from_this(), channel = std::move(channel)] {
    self->send({"UNSUBSCRIBE", channel}, on_pubsub, nullptr);
  });
}

void redis_connection::on_lost(std::function<void()> f) {
  net::post(strand_, [self = shared_from_this(), f = std::move(f)]() mutable {
    self->lost_ = std::move(f);
  });
}

void redis_connection::close() {
  net::post(strand_, [self = shared_from_this()] {
    self->closing_ = true;
    if (self->ac_) redisAsyncDisconnect(self->ac_);
  });
}

void redis_connection::abort() {
  net::post(strand_, [self = shared_from_this()] {
    self->closing_ = true;
    // Outside any hiredis callback (posted): frees the context, answering what is pending.
    if (self->ac_) redisAsyncFree(self->ac_);
  });
}

}  // namespace parley::cluster
