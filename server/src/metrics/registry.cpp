#include "metrics/registry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace parley::metrics {

namespace {

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  // The shortest text that reads back as exactly `v` ("0.1", not "0.10000000000000001").
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

std::string escape(std::string_view v, bool help) {
  std::string out;
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '"' && !help)
      out += "\\\"";
    else
      out += c;
  }
  return out;
}

// {a="1",b="2"} including an optional extra label (histogram `le`).
std::string label_text(const labels& l, const char* extra_name = nullptr,
                       const std::string& extra_value = {}) {
  if (l.empty() && !extra_name) return {};
  std::string out = "{";
  for (const auto& [k, v] : l) out += k + "=\"" + escape(v, false) + "\",";
  if (extra_name) out += std::string(extra_name) + "=\"" + extra_value + "\",";
  out.back() = '}';
  return out;
}

}  // namespace

std::uint64_t counter::value() const {
  std::uint64_t total = 0;
  for (const auto& c : cells_) total += c.v.load(std::memory_order_relaxed);
  return total;
}

histogram::histogram(std::vector<double> bounds) : bounds_(std::move(bounds)) {
  std::sort(bounds_.begin(), bounds_.end());
  for (auto& lines : counts_) lines = std::make_unique<line[]>(bounds_.size() / 8 + 1);
}

void histogram::observe(double v) {
  // Most observations of a fast path land in the first bucket: no search, and a zero leaves
  // the sum alone (an atomic add of a double is a compare-exchange loop).
  const bool first = !bounds_.empty() && v <= bounds_.front();
  const auto i = first ? 0
                       : static_cast<std::size_t>(
                             std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin());
  const std::size_t s = detail::slot();
  count(s, i).fetch_add(1, std::memory_order_relaxed);
  if (v != 0) sums_[s].v.fetch_add(v, std::memory_order_relaxed);
}

histogram::snapshot histogram::snap() const {
  snapshot out{bounds_, {}, 0};
  for (const auto& sum : sums_) out.sum += sum.v.load(std::memory_order_relaxed);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    for (std::size_t s = 0; s < detail::slots; ++s)
      running += count(s, i).load(std::memory_order_relaxed);
    out.cumulative.push_back(running);
  }
  return out;
}

std::vector<double> latency_buckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

registry::family& registry::family_for(const std::string& name, const std::string& help, kind k) {
  auto [it, inserted] = families_.try_emplace(name, family{help, k, {}});
  return it->second;
}

counter& registry::add_counter(const std::string& name, const std::string& help, labels l) {
  std::lock_guard lock(mutex_);
  auto& c = counters_.emplace_back();
  family_for(name, help, kind::counter).members.push_back({std::move(l), &c, nullptr, nullptr, {}});
  return c;
}

gauge& registry::add_gauge(const std::string& name, const std::string& help, labels l) {
  std::lock_guard lock(mutex_);
  auto& g = gauges_.emplace_back();
  family_for(name, help, kind::gauge).members.push_back({std::move(l), nullptr, &g, nullptr, {}});
  return g;
}

histogram& registry::add_histogram(const std::string& name, const std::string& help,
                                   std::vector<double> bounds, labels l) {
  std::lock_guard lock(mutex_);
  auto& h = histograms_.emplace_back(std::move(bounds));
  family_for(name, help, kind::histogram)
      .members.push_back({std::move(l), nullptr, nullptr, &h, {}});
  return h;
}

void registry::add_gauge_fn(const std::string& name, const std::string& help,
                            std::function<double()> read, labels l) {
  std::lock_guard lock(mutex_);
  family_for(name, help, kind::gauge)
      .members.push_back({std::move(l), nullptr, nullptr, nullptr, std::move(read)});
}

std::string registry::render() const {
  static constexpr const char* type_names[] = {"counter", "gauge", "histogram"};
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + escape(f.help, true) + "\n";
    out += "# TYPE " + name + " " + type_names[static_cast<int>(f.k)] + "\n";
    for (const auto& s : f.members) {
      if (s.c)
        out += name + label_text(s.l) + " " + std::to_string(s.c->value()) + "\n";
      else if (s.g)
        out += name + label_text(s.l) + " " + number(s.g->value()) + "\n";
      else if (s.fn)
        out += name + label_text(s.l) + " " + number(s.fn()) + "\n";
      else if (s.h) {
        auto snap = s.h->snap();
        for (std::size_t i = 0; i <= snap.bounds.size(); ++i) {
          const std::string le = i < snap.bounds.size() ? number(snap.bounds[i]) : "+Inf";
          out += name + "_bucket" + label_text(s.l, "le", le) + " " +
                 std::to_string(snap.cumulative[i]) + "\n";
        }
        out += name + "_sum" + label_text(s.l) + " " + number(snap.sum) + "\n";
        out +=
            name + "_count" + label_text(s.l) + " " + std::to_string(snap.cumulative.back()) + "\n";
      }
    }
  }
  return out;
}

}  // namespace parley::metrics
