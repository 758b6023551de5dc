// JsonWriter: nlohmann::json::dump's text, written as it goes.
#include "sim/report/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/error.h"
#include "sim/core/text_escape.h"

namespace augur::report {

namespace {

// Bytes a string can hold as they are: printable ASCII but " and \.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[static_cast<size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

// Indentation, copied a fixed-size block at a time (one or two vector stores, not a memset call).
constexpr std::array<char, 32> kSpaces = [] {
  std::array<char, 32> spaces{};
  spaces.fill(' ');
  return spaces;
}();

// The longest text format_number writes: "-", 17 digits, "." and "e-308" need 24.
constexpr std::size_t kMaxNumberChars = 32;

// A finite `number` as nlohmann::json::dump lays it out (format_buffer: "1.0" for integral
// values, plain notation while the decimal point falls within -4..15 places, else "1.5e+16"),
// with the shortest digits that read back as the same double, the closest of them (ties to even):
// Dragonbox (Jeon, 2020; fmt's implementation, built into augur_core), the digits std::to_chars
// (Ryu) gives, at less than half its cost (issue 17: ResNet-152's JSON, 7,400 such numbers, took
// 4.1 M instructions through to_chars' fixed format). dump's grisu2 gives the same digits but for
// a few doubles in 10,000 below 1e15 (more of the 17-digit ones above), where it writes a digit
// more than needed or a last digit one off; both texts read back as the same double.
// Integral values below 1e15 (byte and cycle counts) take the integer's digits and ".0".
char* format_number(char* out, double number) {
  if (std::signbit(number)) {
    *out++ = '-';
    number = -number;
  }
  if (number == 0) {
    std::memcpy(out, "0.0", 3);
    return out + 3;
  }
  // Integral: the value survives a round trip through an integer (below 1e15 it fits one; no
  // call to floor, which baseline x86-64 code makes a libm call).
  if (number < 1e15 && static_cast<double>(static_cast<std::uint64_t>(number)) == number) {
    char* end = std::to_chars(out, out + 16, static_cast<std::uint64_t>(number)).ptr;
    std::memcpy(end, ".0", 2);
    return end + 2;
  }
  // number = significand · 10^exponent, the significand without trailing zeros (≤ 17 digits).
  const auto decimal = fmt::detail::dragonbox::to_decimal(number);
  const int digits = static_cast<int>(std::to_chars(out, out + 20, decimal.significand).ptr - out);
  return nlohmann::detail::dtoa_impl::format_buffer(out, digits, decimal.exponent, -4,
                                                     std::numeric_limits<double>::digits10);
}

}  // namespace

JsonWriter::JsonWriter(int indent, Sink sink) : indent_(indent), sink_(std::move(sink)) {
  capacity_ = sink_ ? kChunkBytes + 4096 : std::size_t{1} << 12;
  text_ = std::make_unique_for_overwrite<char[]>(capacity_);
}

void JsonWriter::grow(std::size_t n) {
  const std::size_t capacity = std::max(2 * capacity_, size_ + n);
  auto text = std::make_unique_for_overwrite<char[]>(capacity);
  std::memcpy(text.get(), text_.get(), size_);
  text_ = std::move(text);
  capacity_ = capacity;
}

// Both inline: on every key and closing bracket (issue 17), and used in this file only.
[[gnu::always_inline]] inline std::size_t JsonWriter::indent_bytes(std::size_t depth) const {
  return indent_ < 0 ? 0 : 1 + depth * static_cast<std::size_t>(indent_);
}

// The newline and the indentation of `depth` levels at `p`, which has indent_bytes(depth) +
// kSpaces.size() bytes of room (the spaces go a block at a time); returns the end.
[[gnu::always_inline]] inline char* JsonWriter::write_newline_and_indent(char* p, std::size_t depth) const {
  if (indent_ < 0) return p;
  *p++ = '\n';
  const std::size_t spaces = depth * static_cast<std::size_t>(indent_);
  for (std::size_t written = 0; written < spaces; written += kSpaces.size()) {
    std::memcpy(p + written, kSpaces.data(), kSpaces.size());
  }
  return p + spaces;
}

void JsonWriter::newline_and_indent(std::size_t depth) {
  char* const p = room(indent_bytes(depth) + kSpaces.size());
  size_ = static_cast<std::size_t>(write_newline_and_indent(p, depth) - text_.get());
}

// Before any value: the separator from the previous one and the indentation (arrays), or the
// check that a key was given (objects).
void JsonWriter::before_value() {
  maybe_flush();
  if (levels_.empty()) {
    if (done_) throw InternalError("JsonWriter: a second top-level value");
    done_ = true;
    return;
  }
  Level& level = levels_.back();
  if (level.array) {
    if (level.count > 0) put(',');
    newline_and_indent(levels_.size());
  } else if (!key_pending_) {
    throw InternalError("JsonWriter: a value in an object without a key");
  }
  key_pending_ = false;
  ++level.count;
}

// `,` (after a first value), the newline and indentation, the quoted key and `: `, in one
// reservation; a key of plain characters is copied as it is checked, any other is escaped.
// As key_text, with the text laid out at compile time: the indentation, then kTextBytes copied
// at once (the room covers them), of which the quoted name, `:` and (indented) ` ` are kept.
JsonWriter& JsonWriter::key(const PlainKey& name) {
  if (levels_.empty() || levels_.back().array || key_pending_) misplaced_key();
  maybe_flush();
  char* p = room(indent_bytes(levels_.size()) + kSpaces.size() + 1 + PlainKey::kTextBytes);
  if (levels_.back().count > 0) *p++ = ',';
  p = write_newline_and_indent(p, levels_.size());
  std::memcpy(p, name.text(), PlainKey::kTextBytes);
  key_at_ = static_cast<std::size_t>(p - text_.get()) + 1;
  key_size_ = name.size();
  size_ = key_at_ + name.size() + (indent_ >= 0 ? 3 : 2);
  key_pending_ = true;
  return *this;
}

JsonWriter& JsonWriter::key_text(std::string_view name) {
  if (levels_.empty() || levels_.back().array || key_pending_) misplaced_key();
  maybe_flush();  // here and before values only: a key stays in the text until its value is checked
  // `,` + the indentation + kSpaces' slack + `"` name `": `.
  char* p = room(name.size() + indent_bytes(levels_.size()) + kSpaces.size() + 5);
  if (levels_.back().count > 0) *p++ = ',';
  p = write_newline_and_indent(p, levels_.size());
  *p++ = '"';
  key_at_ = static_cast<std::size_t>(p - text_.get());
  bool plain = true;
  for (const char c : name) {
    plain &= kPlain[static_cast<unsigned char>(c)];
    *p++ = c;
  }
  if (!plain) {
    size_ = key_at_;
    write_escaped_key(name);
    return *this;
  }
  key_size_ = name.size();
  *p++ = '"';
  *p++ = ':';
  if (indent_ >= 0) *p++ = ' ';
  size_ = static_cast<std::size_t>(p - text_.get());
  key_pending_ = true;
  return *this;
}

void JsonWriter::misplaced_key() {
  throw InternalError("JsonWriter: a key outside an object, or two keys in a row");
}

// A key with a character to escape; the text so far ends with its opening quote.
void JsonWriter::write_escaped_key(std::string_view name) {
  --size_;
  key_at_ = size_ + 1;
  escape(name);
  key_size_ = size_ - 1 - key_at_;
  put(indent_ < 0 ? std::string_view(":") : std::string_view(": "));
  key_pending_ = true;
}

void JsonWriter::keep_pending_key() {
  if (!key_pending_) return;
  Level& level = levels_.back();
  level.key_size = static_cast<std::uint8_t>(std::min(key_size_, Level::kKeyChars));
  level.key_cut = key_size_ > Level::kKeyChars;
  std::memcpy(level.key, text_.get() + key_at_, level.key_size);
}

JsonWriter& JsonWriter::begin_object() {
  keep_pending_key();
  before_value();
  put('{');
  levels_.push_back(Level{false, 0});
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  keep_pending_key();
  before_value();
  put('[');
  levels_.push_back(Level{true, 0});
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  if (levels_.empty() || levels_.back().array || key_pending_) throw InternalError("JsonWriter: end_object out of place");
  const bool empty = levels_.back().count == 0;
  levels_.pop_back();
  if (!empty) newline_and_indent(levels_.size());
  put('}');
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  if (levels_.empty() || !levels_.back().array) throw InternalError("JsonWriter: end_array out of place");
  const bool empty = levels_.back().count == 0;
  levels_.pop_back();
  if (!empty) newline_and_indent(levels_.size());
  put(']');
  return *this;
}

// The JSON path ("/layers/3/time_ms") of the value about to be written, as json_text names it.
std::string JsonWriter::path() const {
  std::string p;
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    const Level& level = levels_[i];
    // An enclosing array has counted the open value already; the innermost one has not.
    const bool innermost = i + 1 == levels_.size();
    const std::size_t index = innermost ? level.count : level.count - 1;
    if (level.array) {
      p += "/" + std::to_string(index);
    } else if (innermost) {
      p += "/" + (key_pending_ ? std::string(text_.get() + key_at_, key_size_) : std::string());
    } else {
      p += "/" + std::string(level.key, level.key_size) + (level.key_cut ? "..." : "");
    }
  }
  return p.empty() ? "/" : p;
}

JsonWriter& JsonWriter::value(double number) {
  if (!std::isfinite(number)) {
    throw InternalError(fmt::format("a result is not a finite number (NaN or infinite) at {}", terminal_text(path())));
  }
  before_value();
  char* const start = room(kMaxNumberChars);
  size_ += static_cast<std::size_t>(format_number(start, number) - start);
  return *this;
}

template <typename Int>
JsonWriter& JsonWriter::write_exact(Int number) {
  before_value();
  char* const start = room(24);
  size_ += static_cast<std::size_t>(std::to_chars(start, start + 24, number).ptr - start);
  return *this;
}

JsonWriter& JsonWriter::write_integer(std::int64_t number) { return write_exact(number); }
JsonWriter& JsonWriter::write_unsigned(std::uint64_t number) { return write_exact(number); }

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  escape(text);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  put(flag ? std::string_view("true") : std::string_view("false"));
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  put(std::string_view("null"));
  return *this;
}

JsonWriter& JsonWriter::value(const nlohmann::json& document) {
  switch (document.type()) {
    case nlohmann::json::value_t::object:
      begin_object();
      for (const auto& [name, item] : document.items()) {
        key(name);
        value(item);
      }
      return end_object();
    case nlohmann::json::value_t::array:
      begin_array();
      for (const auto& item : document) value(item);
      return end_array();
    case nlohmann::json::value_t::string: return value(document.get_ref<const std::string&>());
    case nlohmann::json::value_t::boolean: return value(document.get<bool>());
    case nlohmann::json::value_t::number_integer: return write_integer(document.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: return write_unsigned(document.get<std::uint64_t>());
    case nlohmann::json::value_t::number_float: return value(document.get<double>());
    case nlohmann::json::value_t::null: return null();
    default: throw InternalError("JsonWriter: a JSON value of a kind no result has");
  }
}

// A JSON string as dump(ensure_ascii = false, error_handler = replace) writes it: " and \ and
// the control characters escaped (\b \f \n \r \t, the others as \u00xx), everything else as is,
// an invalid UTF-8 byte as U+FFFD.
void JsonWriter::escape(std::string_view text) {
  bool plain = true;
  for (const char c : text) plain &= kPlain[static_cast<unsigned char>(c)];
  if (plain) {
    char* p = room(text.size() + 2);
    *p = '"';
    std::memcpy(p + 1, text.data(), text.size());
    p[text.size() + 1] = '"';
    size_ += text.size() + 2;
    return;
  }
  put('"');
  const std::string valid = valid_utf8(text);
  for (const char c : valid) {
    switch (c) {
      case '"': put("\\\""); break;
      case '\\': put("\\\\"); break;
      case '\b': put("\\b"); break;
      case '\f': put("\\f"); break;
      case '\n': put("\\n"); break;
      case '\r': put("\\r"); break;
      case '\t': put("\\t"); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          put(fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c))));
        } else {
          put(c);
        }
    }
  }
  put('"');
}

std::string JsonWriter::finish() {
  if (!levels_.empty() || !done_) throw InternalError("JsonWriter: the document is not complete");
  put('\n');
  if (sink_) {
    sink_(std::string_view(text_.get(), size_));
    size_ = 0;
    return {};
  }
  std::string text(text_.get(), size_);
  size_ = 0;
  return text;
}

}  // namespace augur::report
