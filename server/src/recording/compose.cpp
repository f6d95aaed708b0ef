#include "recording/compose.hpp"

#include <cmath>
#include <cstdio>

namespace parley::recording {

namespace {

/// Milliseconds as seconds with three decimals ("12.345").
std::string seconds(std::int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000),
                static_cast<long long>(ms % 1000));
  return buf;
}

}  // namespace

int grid::width() const {
  return columns * tile_w;
}
int grid::height() const {
  return rows * tile_h;
}

grid grid_for(std::size_t tiles) {
  if (tiles == 0) return {};
  const int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(tiles))));
  const int rows = static_cast<int>((tiles + static_cast<std::size_t>(cols) - 1) /
                                    static_cast<std::size_t>(cols));
  return {cols, rows};
}

std::vector<std::string> ffmpeg_args(const std::vector<input>& inputs, std::int64_t duration_ms,
                                     const std::string& out) {
  std::size_t videos = 0;
  std::size_t audios = 0;
  for (const auto& i : inputs) (i.video ? videos : audios)++;
  const grid g = grid_for(videos);
  const std::string d = seconds(duration_ms);
  std::vector<std::string> a{"ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel",
                             "error",  "-f",           "lavfi",    "-i"};
  a.push_back("color=c=0x202020:s=" + std::to_string(g.width()) + "x" + std::to_string(g.height()) +
              ":r=" + std::to_string(frame_rate) + ":d=" + d);
  for (const auto& i : inputs) {
    a.push_back("-i");
    a.push_back(i.file);
  }
  std::string f;
  std::string canvas = "[0:v]";
  std::size_t tile = 0;
  std::string mix;
  std::size_t n_audio = 0;
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    const input& in = inputs[k];
    const std::string src = "[" + std::to_string(k + 1) + (in.video ? ":v]" : ":a]");
    const std::string off = seconds(in.offset_ms);
    if (in.video) {
      const std::string t = "[t" + std::to_string(tile) + "]";
      const std::string next = "[c" + std::to_string(tile) + "]";
      const int x = static_cast<int>(tile % static_cast<std::size_t>(g.columns)) * tile_w;
      const int y = static_cast<int>(tile / static_cast<std::size_t>(g.columns)) * tile_h;
      f += src + "setpts=PTS-STARTPTS+" + off + "/TB,scale=" + std::to_string(tile_w) + ":" +
           std::to_string(tile_h) +
           ":force_original_aspect_ratio=decrease,pad=" + std::to_string(tile_w) + ":" +
           std::to_string(tile_h) + ":-1:-1:color=0x202020" + t + ";";
      f += canvas + t + "overlay=x=" + std::to_string(x) + ":y=" + std::to_string(y) +
           ":eof_action=pass" + next + ";";
      canvas = next;
      ++tile;
    } else {
      const std::string l = "[a" + std::to_string(n_audio++) + "]";
      f += src + "aresample=48000,adelay=" + std::to_string(in.offset_ms) + ":all=1" + l + ";";
      mix += l;
    }
  }
  f += canvas + "format=yuv420p[v];";
  if (audios == 0)
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
