// JsonWriter: nlohmann::json::dump's text, written as it goes.
#include "sim/report/json_writer.h"

#include <array>
#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/error.h"
#include "sim/core/text_escape.h"

namespace augur::report {

JsonWriter::JsonWriter(int indent, Sink sink) : indent_(indent), sink_(std::move(sink)) {
  out_.reserve(sink_ ? kChunkBytes + 4096 : std::size_t{1} << 16);
}

void JsonWriter::newline_and_indent(std::size_t depth) {
  if (indent_ < 0) return;
  out_ += '\n';
  out_.append(depth * static_cast<std::size_t>(indent_), ' ');
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
    if (level.count > 0) out_ += ',';
    newline_and_indent(levels_.size());
  } else if (!key_pending_) {
    throw InternalError("JsonWriter: a value in an object without a key");
  }
  key_pending_ = false;
  ++level.count;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  if (levels_.empty() || levels_.back().array || key_pending_) {
    throw InternalError("JsonWriter: a key outside an object, or two keys in a row");
  }
  Level& level = levels_.back();
  if (level.count > 0) out_ += ',';
  newline_and_indent(levels_.size());
  escape(name);
  out_ += indent_ < 0 ? ":" : ": ";
  level.key.assign(name);
  key_pending_ = true;
  return *this;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  levels_.push_back(Level{false, 0, {}});
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  levels_.push_back(Level{true, 0, {}});
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  if (levels_.empty() || levels_.back().array || key_pending_) throw InternalError("JsonWriter: end_object out of place");
  const bool empty = levels_.back().count == 0;
  levels_.pop_back();
  if (!empty) newline_and_indent(levels_.size());
  out_ += '}';
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  if (levels_.empty() || !levels_.back().array) throw InternalError("JsonWriter: end_array out of place");
  const bool empty = levels_.back().count == 0;
  levels_.pop_back();
  if (!empty) newline_and_indent(levels_.size());
  out_ += ']';
  return *this;
}

// The JSON path ("/layers/3/time_ms") of the value about to be written, as json_text names it.
std::string JsonWriter::path() const {
  std::string p;
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    const Level& level = levels_[i];
    // An enclosing array has counted the open value already; the innermost one has not.
    const std::size_t index = i + 1 < levels_.size() ? level.count - 1 : level.count;
    p += "/" + (level.array ? std::to_string(index) : level.key);
  }
  return p.empty() ? "/" : p;
}

JsonWriter& JsonWriter::value(double number) {
  if (!std::isfinite(number)) {
    throw InternalError(fmt::format("a result is not a finite number (NaN or infinite) at {}", terminal_text(path())));
  }
  before_value();
  char buffer[64];
  // nlohmann's own formatting (grisu2, shortest round-trip; "1.0" for integral values).
  char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, number);
  out_.append(buffer, end);
  return *this;
}

template <typename Int>
JsonWriter& JsonWriter::write_exact(Int number) {
  before_value();
  char buffer[24];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, number);
  out_.append(buffer, r.ptr);
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
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
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
namespace {

// Bytes a string can hold as they are: printable ASCII but " and \.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[static_cast<size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

}  // namespace

void JsonWriter::escape(std::string_view text) {
  bool plain = true;
  for (const char c : text) plain &= kPlain[static_cast<unsigned char>(c)];
  if (plain) {
    const size_t at = out_.size();
    out_.resize(at + text.size() + 2);
    char* p = out_.data() + at;
    *p = '"';
    text.copy(p + 1, text.size());
    p[text.size() + 1] = '"';
    return;
  }
  out_ += '"';
  const std::string valid = valid_utf8(text);
  for (const char c : valid) {
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out_ += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out_ += c;
        }
    }
  }
  out_ += '"';
}

std::string JsonWriter::finish() {
  if (!levels_.empty() || !done_) throw InternalError("JsonWriter: the document is not complete");
  out_ += '\n';
  if (sink_) {
    sink_(out_);
    out_.clear();
    return {};
  }
  return std::move(out_);
}

}  // namespace augur::report
