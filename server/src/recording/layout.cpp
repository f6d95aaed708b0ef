#include "recording/layout.hpp"

#include <algorithm>
#include <cmath>

namespace parley::recording {

namespace {

int even(int v) {
  return v & ~1;
}

/// `n` boxes as a near-square grid filling `area`: ceil(sqrt(n)) columns, cells of equal size,
/// a last row with fewer boxes centred.
std::vector<rect> grid_in(const rect& area, std::size_t n) {
  std::vector<rect> out;
  if (n == 0) return out;
  const int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
  const int rows = static_cast<int>((static_cast<int>(n) + cols - 1) / cols);
  const int cw = even(area.w / cols);
  const int ch = even(area.h / rows);
  const int top = area.y + even((area.h - rows * ch) / 2);
  for (int r = 0; r < rows; ++r) {
    const int in_row = std::min(cols, static_cast<int>(n) - r * cols);
    const int left = area.x + even((area.w - in_row * cw) / 2);
    for (int c = 0; c < in_row; ++c) out.push_back({left + c * cw, top + r * ch, cw, ch});
  }
  return out;
}

/// `n` boxes in one centred row across `area`, each at most strip_tile_w wide.
std::vector<rect> row_in(const rect& area, std::size_t n) {
  std::vector<rect> out;
  if (n == 0) return out;
  const int w = even(std::min(strip_tile_w, area.w / static_cast<int>(n)));
  const int left = area.x + even((area.w - static_cast<int>(n) * w) / 2);
  for (int i = 0; i < static_cast<int>(n); ++i) out.push_back({left + i * w, area.y, w, area.h});
  return out;
}

}  // namespace

std::vector<rect> arrange(const std::vector<bool>& screen) {
  const auto screens = static_cast<std::size_t>(std::count(screen.begin(), screen.end(), true));
  const std::size_t cameras = screen.size() - screens;
  std::vector<rect> shares;
  std::vector<rect> cams;
  if (screens == 0) {
    cams = grid_in({0, 0, canvas_w, canvas_h}, cameras);
  } else if (cameras == 0) {
    shares = grid_in({0, 0, canvas_w, canvas_h}, screens);
  } else {
    shares = grid_in({0, 0, canvas_w, canvas_h - strip_h}, screens);
    cams = row_in({0, canvas_h - strip_h, canvas_w, strip_h}, cameras);
  }
  std::vector<rect> out;
  std::size_t s = 0;
  std::size_t c = 0;
  for (bool is_screen : screen) out.push_back(is_screen ? shares[s++] : cams[c++]);
  return out;
}

std::vector<segment> segments(const std::vector<video_span>& videos, std::int64_t duration_ms) {
  std::vector<std::int64_t> cuts{0, duration_ms};
  for (const auto& v : videos)
    for (auto t : {v.start_ms, v.end_ms})
      if (t > 0 && t < duration_ms) cuts.push_back(t);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<segment> out;
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
    segment s{cuts[k], cuts[k + 1], {}, {}};
    for (std::size_t i = 0; i < videos.size(); ++i)
      if (videos[i].start_ms <= s.start_ms && videos[i].end_ms >= s.end_ms) s.present.push_back(i);
    if (!out.empty() && out.back().present == s.present) {
      out.back().end_ms = s.end_ms;
      continue;
    }
    std::vector<bool> screen;
    for (auto i : s.present) screen.push_back(videos[i].screen);
    s.tiles = arrange(screen);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace parley::recording
