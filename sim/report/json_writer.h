// A streaming JSON writer: a view writes its keys and values straight into the output text,
// with no document in between (issue 17: building an nlohmann::json document of ResNet-152's
// simulation and walking it twice, once for NaN and once to dump it, took 60% of the process).
//
// The text is the one nlohmann::json::dump(indent) writes, value for value: the same number
// layout ("1.0" for integral doubles, exponents from 1e15 up and below 1e-4: "1e+15", "9.9e-05")
// with the shortest, closest digits that read back as the same double (dump's grisu2 differs in
// the last digit for a few doubles in 10,000 below 1e15, more of the 17-digit ones above; both
// read back the same), the same string escapes, invalid UTF-8 replaced by U+FFFD. Keys come out
// in the order they are written (a document would sort them). A NaN or infinite number is never
// written: it throws InternalError naming its JSON path, as json_text does.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace augur::report {

// A key written in the source: its characters are checked when the program is compiled (a
// consteval constructor: a key that would need escaping, or is longer than kMaxChars, does not
// compile), and its output text `"name": ` is laid out then, so writing it is one fixed-size copy
// (issue 17: the per-character check and copy of every key was 10% of a ResNet-152 JSON run).
class PlainKey {
 public:
  static constexpr std::size_t kMaxChars = 40;
  static constexpr std::size_t kTextBytes = 48;  // `"`, the name, `": `, padding
  template <std::size_t N>
  consteval PlainKey(const char (&name)[N]) : size_(N - 1) {  // NOLINT: implicit from a literal
    static_assert(N - 1 <= kMaxChars, "a JSON key literal longer than PlainKey::kMaxChars");
    text_[0] = '"';
    for (std::size_t i = 0; i + 1 < N; ++i) {
      const char c = name[i];
      const auto byte = static_cast<unsigned char>(c);
      // A plain character, as the writer's run-time check has it: ASCII from 0x20 on, other than
      // `"` and `\` (the rest are escaped, or checked as UTF-8).
      if (byte < 0x20 || byte >= 0x80 || c == '"' || c == '\\') throw "a JSON key literal with a character to escape";
      text_[i + 1] = c;
    }
    text_[N] = '"';
    text_[N + 1] = ':';
    text_[N + 2] = ' ';
  }
  std::size_t size() const { return size_; }  // the name's characters
  const char* text() const { return text_; }  // kTextBytes: `"name": ` then zeros

 private:
  char text_[kTextBytes] = {};
  std::size_t size_;
};

// A key that is not a literal: a std::string, a string_view, a char pointer (not an array).
template <class S>
concept RuntimeKey = std::is_convertible_v<const S&, std::string_view> && !std::is_array_v<S>;

class JsonWriter {
 public:
  // Receives the text in pieces of about kChunkBytes, and the rest at finish().
  using Sink = std::function<void(std::string_view)>;
  static constexpr std::size_t kChunkBytes = 1 << 16;

  // indent < 0: one line with no spaces (as dump(-1)); otherwise `indent` spaces a level.
  // Without a sink the text is kept and finish() returns it; with one, it is handed on as it
  // grows (a 100,000-layer simulation's JSON is 170 MB) and finish() returns "".
  explicit JsonWriter(int indent = 2, Sink sink = nullptr);

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // The key of the next value (inside an object only).
  JsonWriter& key(const PlainKey& name);
  template <RuntimeKey S>
  JsonWriter& key(const S& name) {
    return key_text(std::string_view(name));
  }

  JsonWriter& value(double number);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& null();
  // Every integer type, written exactly.
  template <typename Int, std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
  JsonWriter& value(Int number) {
    if constexpr (std::is_signed_v<Int>) {
      return write_integer(static_cast<std::int64_t>(number));
    } else {
      return write_unsigned(static_cast<std::uint64_t>(number));
    }
  }
  // A small document built elsewhere (a footprint, the network's identity), written in place.
  JsonWriter& value(const nlohmann::json& document);

  // key(name).value(v) in one call.
  template <typename T>
  JsonWriter& field(const PlainKey& name, const T& v) {
    key(name);
    return value(v);
  }
  template <RuntimeKey S, typename T>
  JsonWriter& field(const S& name, const T& v) {
    key_text(std::string_view(name));
    return value(v);
  }

  // The whole text plus a newline (or the rest of it to the sink, and ""); throws InternalError
  // unless every object and array is closed.
  std::string finish();

 private:
  struct Level {
    bool array = false;
    std::size_t count = 0;  // values written at this level so far
    // For the path of an error, the key of the object or array this level's value holds (kept
    // when the value opens: its first kKeyChars bytes, a copy without allocation; a longer key
    // is cut and marked with "..."). The key of a scalar is still in the text when its value is
    // checked, so it is not copied (issue 17: a copy per key cost more than writing it).
    static constexpr std::size_t kKeyChars = 40;
    char key[kKeyChars] = {};
    std::uint8_t key_size = 0;
    bool key_cut = false;
  };
  JsonWriter& key_text(std::string_view name);
  [[noreturn]] static void misplaced_key();
  void write_escaped_key(std::string_view name);
  void before_value();
  // Before a nested object or array: its key, into the level that holds it.
  void keep_pending_key();
  // Bytes of the newline and indentation of `depth` levels (0 on one line).
  std::size_t indent_bytes(std::size_t depth) const;
  char* write_newline_and_indent(char* p, std::size_t depth) const;
  void newline_and_indent(std::size_t depth);
  void escape(std::string_view text);
  template <typename Int>
  JsonWriter& write_exact(Int number);
  JsonWriter& write_integer(std::int64_t number);
  JsonWriter& write_unsigned(std::uint64_t number);
  std::string path() const;

  void maybe_flush() {
    if (sink_ && size_ >= kChunkBytes) {
      sink_(std::string_view(text_.get(), size_));
      size_ = 0;
    }
  }
  // Room for n more bytes at the end of the text (the buffer doubles when full).
  char* room(std::size_t n) {
    if (size_ + n > capacity_) grow(n);
    return text_.get() + size_;
  }
  void grow(std::size_t n);
  void put(char c) {
    *room(1) = c;
    ++size_;
  }
  void put(std::string_view s) {
    std::memcpy(room(s.size()), s.data(), s.size());
    size_ += s.size();
  }

  int indent_;
  Sink sink_;
  // The text not yet handed to the sink: bytes [0, size_) of a buffer of capacity_ (written in
  // place: a std::string would check its capacity and terminate itself on every append).
  std::unique_ptr<char[]> text_;
  std::size_t size_ = 0, capacity_ = 0;
  std::vector<Level> levels_;
  bool key_pending_ = false;
  // The pending key's text, as written (escaped, without quotes): bytes [key_at_, key_at_ +
  // key_size_) of the buffer. Nothing is flushed between a key and the check of its value.
  std::size_t key_at_ = 0, key_size_ = 0;
  bool done_ = false;  // one top-level value has been written
};

}  // namespace augur::report
