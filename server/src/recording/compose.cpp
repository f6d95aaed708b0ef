#include "recording/compose.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace parley::recording {

namespace {

constexpr const char* background = "0x202020";
/// docs/recording.md "The layout": a video that ends this close to the recording's end lasts
/// to the end (the recorders stop one after another, and a starved publisher's last frames
/// come late), and each video's last frame is held this long, so that it fills its box until
/// then.
constexpr std::int64_t end_grace_ms = 2500;

/// Milliseconds as seconds with three decimals ("12.345").
std::string seconds(std::int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000),
                static_cast<long long>(ms % 1000));
  return buf;
}

/// One copy of a video: the box it is shown at, and when ([start, end) stretches, merged).
struct placement {
  rect box;
  std::vector<std::pair<std::int64_t, std::int64_t>> when;
};

/// Every box each video is shown at, in order of first use: one copy of the video per box.
std::vector<std::vector<placement>> placements(const std::vector<segment>& segs,
                                               std::size_t videos) {
  std::vector<std::vector<placement>> out(videos);
  for (const auto& s : segs) {
    for (std::size_t k = 0; k < s.present.size(); ++k) {
      auto& ps = out[s.present[k]];
      auto it = std::find_if(ps.begin(), ps.end(),
                             [&](const placement& p) { return p.box == s.tiles[k]; });
      if (it == ps.end()) it = ps.insert(ps.end(), placement{s.tiles[k], {}});
      if (!it->when.empty() && it->when.back().second == s.start_ms)
        it->when.back().second = s.end_ms;
      else
        it->when.emplace_back(s.start_ms, s.end_ms);
    }
  }
  return out;
}

/// overlay's `enable`: true within any of the stretches (half-open, so that two layouts never
/// draw the same frame).
std::string enable_expr(const placement& p) {
  std::string e;
  for (const auto& [a, b] : p.when) {
    if (!e.empty()) e += "+";
    e += "gte(t," + seconds(a) + ")*lt(t," + seconds(b) + ")";
  }
  return e;
}

/// The filters of the videos: each video offset to its start, split into one copy per box,
/// each copy fitted into its box and overlaid while it is shown there. Returns the last canvas.
std::string video_filters(const std::vector<input>& inputs, std::int64_t duration_ms,
                          std::string& f) {
  std::vector<std::size_t> index;  // input position of each video
  for (std::size_t k = 0; k < inputs.size(); ++k)
    if (inputs[k].video) index.push_back(k);
  const auto segs = segments(video_spans(inputs, duration_ms), duration_ms);
  const auto places = placements(segs, index.size());
  std::string canvas = "[0:v]";
  std::size_t n = 0;
  for (std::size_t v = 0; v < index.size(); ++v) {
    const auto& ps = places[v];
    if (ps.empty()) continue;  // never shown (no time on the timeline)
    const std::string src = "[" + std::to_string(index[v] + 1) + ":v]";
    const std::string tag = "v" + std::to_string(v) + "_";
    f += src + "setpts=PTS-STARTPTS+" + seconds(inputs[index[v]].offset_ms) +
         "/TB,tpad=stop_mode=clone:stop_duration=" + seconds(end_grace_ms);
    if (ps.size() > 1) {
      f += ",split=" + std::to_string(ps.size());
      for (std::size_t c = 0; c < ps.size(); ++c) f += "[" + tag + std::to_string(c) + "]";
    } else {
      f += "[" + tag + "0]";
    }
    f += ";";
    for (std::size_t c = 0; c < ps.size(); ++c) {
      const rect& b = ps[c].box;
      const std::string w = std::to_string(b.w);
      const std::string h = std::to_string(b.h);
      const std::string t = "[t" + std::to_string(n) + "]";
      const std::string next = "[c" + std::to_string(n) + "]";
      f += "[" + tag + std::to_string(c) + "]scale=" + w + ":" + h +
           ":force_original_aspect_ratio=decrease:force_divisible_by=2:flags=bilinear,pad=" + w +
           ":" + h + ":-1:-1:color=" + background + t + ";";
      f += canvas + t + "overlay=x=" + std::to_string(b.x) + ":y=" + std::to_string(b.y) +
           ":eof_action=pass:enable='" + enable_expr(ps[c]) + "'" + next + ";";
      canvas = next;
      ++n;
    }
  }
  return canvas;
}

}  // namespace

std::vector<video_span> video_spans(const std::vector<input>& inputs, std::int64_t duration_ms) {
  std::vector<video_span> out;
  for (const auto& i : inputs) {
    if (!i.video) continue;
    const std::int64_t start = std::clamp<std::int64_t>(i.offset_ms, 0, duration_ms);
    std::int64_t end =
        i.end_ms < 0 ? duration_ms : std::clamp<std::int64_t>(i.end_ms, start, duration_ms);
    if (duration_ms - end < end_grace_ms) end = duration_ms;  // stopped with the recording
    out.push_back({i.screen, start, end});
  }
  return out;
}

std::vector<std::string> ffmpeg_args(const std::vector<input>& inputs, std::int64_t duration_ms,
                                     const std::string& out) {
  const std::string d = seconds(duration_ms);
  std::vector<std::string> a{"ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel",
                             "error",  "-f",           "lavfi",    "-i"};
  a.push_back(std::string("color=c=") + background + ":s=" + std::to_string(canvas_w) + "x" +
              std::to_string(canvas_h) + ":r=" + std::to_string(frame_rate) + ":d=" + d +
              ",format=yuv420p");
  for (const auto& i : inputs) {
    // A camera whose size changes mid-file (Janus recorded another simulcast layer, or the
    // browser's encoder scaled down under load) keeps its place: by default ffmpeg rebuilds
    // the whole filter graph at the change, and the rebuilt graph showed none of the videos
    // for the rest of the file. Without the rebuild, `scale` takes each frame at its size.
    a.insert(a.end(), {"-reinit_filter", "0", "-i", i.file});
  }
  std::string f;
  const std::string canvas = video_filters(inputs, duration_ms, f);
  std::string mix;
  std::size_t n_audio = 0;
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    if (inputs[k].video) continue;
    const std::string l = "[a" + std::to_string(n_audio++) + "]";
    f += "[" + std::to_string(k + 1) +
         ":a]aresample=48000,adelay=" + std::to_string(inputs[k].offset_ms) + ":all=1" + l + ";";
    mix += l;
  }
  f += canvas + "format=yuv420p[v];";
  if (n_audio == 0)
    f += "anullsrc=r=48000:cl=stereo,atrim=duration=" + d + "[a]";
  else
    f += mix + "amix=inputs=" + std::to_string(n_audio) + ":duration=longest:normalize=0,apad[a]";
  const std::vector<std::string> tail{"-filter_complex",
                                      f,
                                      "-map",
                                      "[v]",
                                      "-map",
                                      "[a]",
                                      "-c:v",
                                      "libvpx",
                                      "-deadline",
                                      "realtime",
                                      "-cpu-used",
                                      "8",
                                      "-b:v",
                                      "1M",
                                      "-threads",
                                      "2",
                                      "-c:a",
                                      "libopus",
                                      "-b:a",
                                      "64k",
                                      "-t",
                                      d,
                                      "-f",
                                      "webm",
                                      out};
  a.insert(a.end(), tail.begin(), tail.end());
  return a;
}

}  // namespace parley::recording
