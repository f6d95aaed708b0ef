// event_writer: the EVENT packet text from arguments already in JSON form.
#include "socketio/event_writer.hpp"

#include <gtest/gtest.h>

#include <string>

#include "socketio/packet.hpp"

namespace parley::socketio {
namespace {

std::string text_of(event_writer w) {
  encoded_event e = std::move(w).finish();
  EXPECT_FALSE(e.message.binary);
  return *e.message.data;
}

TEST(event_writer, writes_what_parse_text_reads) {
  event_writer w(event_writer::header("/", "offer"), 20);
  w.arg({R"({"offer":)", R"("v=0")", "}"});
  const std::string text = text_of(std::move(w));
  EXPECT_EQ(text, R"(2["offer",{"offer":"v=0"}])");
  EXPECT_EQ(text.capacity(), text.size());  // sized once, never grown (libstdc++ reserves exactly)
  std::size_t expected = 0;
  EXPECT_TRUE(parse_text(text, 0, expected));
}

TEST(event_writer, other_namespaces_several_arguments_and_escaped_names) {
  event_writer w(event_writer::header("/chat", "a\"b\n"), 4);
  w.arg({"1"});
  w.arg({"[", "2", "]"});
  EXPECT_EQ(text_of(std::move(w)), R"(2/chat,["a\"b\u000a",1,[2]])");
  event_writer none(event_writer::header("", "ev"), 0);
  EXPECT_EQ(text_of(std::move(none)), R"(2["ev"])");
}

TEST(event_writer, json_strings_escape_quotes_backslashes_and_controls) {
  std::string out;
  append_json_string(out, "plain-id_09");
  append_json_string(out, std::string("q\"\\\x01\x1f\xc3\xa9", 7));
  EXPECT_EQ(out, "\"plain-id_09\"\"q\\\"\\\\\\u0001\\u001f\xc3\xa9\"");
}

}  // namespace
}  // namespace parley::socketio
