// Runs application code (handlers, middleware) so that an exception it throws is logged
// instead of unwinding into the Engine.IO strand. Internal to the layer.
#pragma once

#include <exception>
#include <string_view>

#include "core/log.hpp"

namespace parley::socketio {

template <class F>
void guarded(std::string_view what, F&& f) noexcept {
  try {
    f();
  } catch (const std::exception& e) {
    log::error("socketio_handler_threw", {{"handler", what}, {"what", e.what()}});
  } catch (...) {
    log::error("socketio_handler_threw", {{"handler", what}});
  }
}

}  // namespace parley::socketio
