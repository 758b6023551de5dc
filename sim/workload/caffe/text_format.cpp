// protobuf's TextFormat behind one interface, and the fast path: a tokenizer and a
// recursive-descent reader that follow
// protobuf 3.21's TextFormat::Parser (a singular field at most once, unknown fields allowed) on the
// subset of the grammar they accept, and give up on everything else.
#include "sim/workload/caffe/text_format.h"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include "sim/core/error.h"
#include "sim/workload/caffe/caffe_fields.h"  // generated at build time (gen_caffe_fields.cpp)
#include "sim/workload/caffe/caffe_subset.pb.h"

namespace augur::caffe {
namespace {

namespace pb = google::protobuf;

enum class TokenType { End, Identifier, Integer, Float, String, Symbol, Error };

struct Token {
  TokenType type = TokenType::End;
  std::string_view text;  // a string token without its quotes
  TextPosition where;
};

constexpr int kMaxDepth = 30;  // TextFormat's limit is 32 (SetRecursionLimit): leave the edge to it

// Character classes, one table lookup per character on the tokenizer's loops. (The tokenizer's
// cost is per token more than per character: this and the string scan below took ResNet-152's
// from 2.1 to 2.0 M instructions.)
enum CharClass : std::uint8_t { kLetter = 1, kDigit = 2, kBlank = 4 };  // kBlank: ' ' \r \v \f
constexpr std::array<std::uint8_t, 256> kCharClass = [] {
  std::array<std::uint8_t, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[static_cast<size_t>(c)] = kLetter;
  for (int c = 'A'; c <= 'Z'; ++c) table[static_cast<size_t>(c)] = kLetter;
  table['_'] = kLetter;
  for (int c = '0'; c <= '9'; ++c) table[static_cast<size_t>(c)] = kDigit;
  for (const char c : {' ', '\r', '\v', '\f'}) table[static_cast<unsigned char>(c)] = kBlank;
  return table;
}();
std::uint8_t char_class(char c) { return kCharClass[static_cast<unsigned char>(c)]; }
bool is_letter(char c) { return char_class(c) == kLetter; }
bool is_digit(char c) { return char_class(c) == kDigit; }

// Reads the text a token at a time as protobuf's io::Tokenizer splits it (lines and columns
// counted the same way). A token outside the subset is an Error token, which no rule of the
// Reader accepts. One token at a time, not a vector of them: the token list of ResNet-152's
// prototxt was ~80 page faults of fresh memory (695 -> 617 for a whole `augur simulate`), and on
// a virtual machine first touches of memory are much of a short process's time (docs/speed.md).
class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : s_(text) {}

  Token next() {
    if (failed_) return Token{TokenType::Error, {}, {}};  // stays at the error from there on
    Token token = scan();
    failed_ = token.type == TokenType::Error;
    return token;
  }

 private:
  Token scan() {
    const std::string_view s = s_;
    size_t& i = i_;
    int& line = line_;
    int& column = column_;
    const auto advance = [&](size_t n) {  // over characters that are not newlines or tabs
      i += n;
      column += static_cast<int>(n);
    };
    Token error;
    error.type = TokenType::Error;
    // Whitespace and comments.
    while (i < s.size()) {
      const char c = s[i];
      if (char_class(c) == kBlank) {  // a run of them, the column counted once
        const size_t from = i;
        while (++i < s.size() && char_class(s[i]) == kBlank) {
        }
        column += static_cast<int>(i - from);
      } else if (c == '\n') {
        ++line;
        column = 0;
        ++i;
      } else if (c == '\t') {
        column += 8 - column % 8;
        ++i;
      } else if (c == '#') {
        while (i < s.size() && s[i] != '\n') {
          if (s[i] == '\t') {
            column += 8 - column % 8;
            ++i;
          } else {
            advance(1);
          }
        }
      } else {
        break;
      }
    }
    Token token;
    token.where = TextPosition{line, column};
    if (i == s.size()) return token;  // End
    const char c = s[i];
    const size_t start = i;
    if (is_letter(c)) {
      while (++i < s.size() && (char_class(s[i]) & (kLetter | kDigit)) != 0) {
      }
      column += static_cast<int>(i - start);
      token.type = TokenType::Identifier;
      token.text = s.substr(start, i - start);
    } else if (is_digit(c) || (c == '.' && i + 1 < s.size() && is_digit(s[i + 1]))) {
      // Decimal only: a leading 0 followed by more digits or x is octal or hex (left to protobuf).
      if (c == '0' && i + 1 < s.size() && (is_digit(s[i + 1]) || s[i + 1] == 'x' || s[i + 1] == 'X')) return error;
      bool is_float = false;
      while (i < s.size() && is_digit(s[i])) ++i;
      column += static_cast<int>(i - start);
      if (i < s.size() && s[i] == '.') {
        is_float = true;
        advance(1);
        while (i < s.size() && is_digit(s[i])) advance(1);
      }
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        is_float = true;
        advance(1);
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) advance(1);
        if (i == s.size() || !is_digit(s[i])) return error;
        while (i < s.size() && is_digit(s[i])) advance(1);
      }
      // A suffix ("1.5f") or a second point: left to protobuf.
      if (i < s.size() && (is_letter(s[i]) || is_digit(s[i]) || s[i] == '.')) return error;
      token.type = is_float ? TokenType::Float : TokenType::Integer;
      token.text = s.substr(start, i - start);
    } else if (c == '"' || c == '\'') {
      // The closing quote found with memchr; escapes and line breaks before it are left to
      // protobuf; the body checked and its tabs noted in one pass.
      const size_t close = s.find(c, i + 1);
      if (close == std::string_view::npos) return error;
      const std::string_view body = s.substr(i + 1, close - i - 1);
      bool escaped = false, tabs = false;
      for (const char b : body) {
        escaped |= (b == '\\') | (b == '\n');
        tabs |= b == '\t';
      }
      if (escaped) return error;
      if (!tabs) {
        column += static_cast<int>(body.size()) + 2;  // the quotes and one column a byte
      } else {
        ++column;
        for (const char b : body) column += b == '\t' ? 8 - column % 8 : 1;
        ++column;
      }
      i = close + 1;
      token.type = TokenType::String;
      token.text = body;
    } else if (c == '{' || c == '}' || c == '<' || c == '>' || c == ':' || c == ';' || c == ',' || c == '[' ||
               c == ']' || c == '-') {
      advance(1);
      token.type = TokenType::Symbol;
      token.text = s.substr(start, 1);
    } else {
      return error;
    }
    return token;
  }

  std::string_view s_;
  size_t i_ = 0;
  int line_ = 0;
  int column_ = 0;
  bool failed_ = false;
};

// protobuf's wire format (the binary encoding generated code parses), written as the Reader goes.
// Repeated scalars are written one tag per value (unpacked), which a parser reads for packed
// fields too. Little-endian hosts only, as the fixed-width encodings are copied byte for byte.
class WireWriter {
 public:
  static_assert(std::endian::native == std::endian::little, "the wire writer copies fixed-width values as they are");
  explicit WireWriter(size_t reserve) { bytes_.reserve(reserve); }

  void tag(int number, int wire_type) { varint((static_cast<std::uint64_t>(number) << 3) | static_cast<unsigned>(wire_type)); }
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      bytes_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    bytes_.push_back(static_cast<char>(v));
  }
  void fixed32(std::uint32_t v) { bytes_.append(reinterpret_cast<const char*>(&v), 4); }
  void fixed64(std::uint64_t v) { bytes_.append(reinterpret_cast<const char*>(&v), 8); }
  void length_delimited(std::string_view data) {
    varint(data.size());
    bytes_.append(data);
  }
  // A sub-message: room for its length (at most 5 bytes), then its fields; end_message writes
  // the length in front of them, in as few bytes as it takes.
  size_t begin_message() {
    bytes_.append(kLengthRoom, '\0');
    return bytes_.size();
  }
  bool end_message(size_t start) {
    const size_t length = bytes_.size() - start;
    if (length > std::numeric_limits<std::int32_t>::max()) return false;
    char encoded[kLengthRoom];
    size_t n = 0;
    for (std::uint64_t v = length; ; v >>= 7) {
      encoded[n++] = static_cast<char>(v >= 0x80 ? (v | 0x80) : v);
      if (v < 0x80) break;
    }
    char* room = bytes_.data() + start - kLengthRoom;
    std::memmove(room + n, bytes_.data() + start, length);
    std::memcpy(room, encoded, n);
    bytes_.resize(bytes_.size() - (kLengthRoom - n));
    return true;
  }
  const std::string& bytes() const { return bytes_; }

 private:
  static constexpr size_t kLengthRoom = 5;
  std::string bytes_;
};

enum WireType { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

// The message types of caffe_subset.proto as the generated tables describe them.
const fields::MessageType& message_type(int index) { return fields::kMessages[index]; }

const fields::Field* find_field(const fields::MessageType& type, std::string_view name) {
  for (std::uint32_t at = fields::name_hash(name) & type.slot_mask;; at = (at + 1) & type.slot_mask) {
    const short i = type.slots[at];
    if (i < 0) return nullptr;
    if (type.fields[i].name == name) return &type.fields[i];
  }
}

bool is_reserved(const fields::MessageType& type, std::string_view name) {
  for (int i = 0; i < type.reserved_count; ++i) {
    if (type.reserved[i] == name) return true;
  }
  return false;
}

const fields::EnumValue* enum_value(const fields::EnumType& type, std::string_view name) {
  for (int i = 0; i < type.count; ++i) {
    if (type.values[i].name == name) return &type.values[i];
  }
  return nullptr;
}

const fields::EnumValue* enum_value(const fields::EnumType& type, int number) {
  for (int i = 0; i < type.count; ++i) {
    if (type.values[i].number == number) return &type.values[i];
  }
  return nullptr;
}

// Reads the text into the wire format of a message type, from the generated field tables: no
// descriptor and no reflection at run time (docs/speed.md).
class Reader {
 public:
  Reader(std::string_view text, TextParseInfo& info)
      : tokens_(text), current_(tokens_.next()), info_(info), wire_(text.size()) {}

  // The top-level message: fields until the end of the text.
  bool top_level(const fields::MessageType& type) {
    const size_t seen = open_seen(type);
    while (current().type != TokenType::End) {
      if (!field(type, seen, true)) return false;
    }
    return true;
  }
  const std::string& wire() const { return wire_.bytes(); }

 private:
  const Token& current() const { return current_; }
  void advance() { current_ = tokens_.next(); }
  bool looking_at(std::string_view symbol) const {
    return current().type == TokenType::Symbol && current().text == symbol;
  }
  bool try_consume(std::string_view symbol) {
    if (!looking_at(symbol)) return false;
    advance();
    return true;
  }
  void separator() {
    if (!try_consume(";")) try_consume(",");
  }

  // The singular fields an open message has set, a bit per field index in seen_ from `at`.
  size_t open_seen(const fields::MessageType& type) {
    const size_t at = seen_.size();
    seen_.resize(at + static_cast<size_t>(type.field_count) / 64 + 1, 0);
    return at;
  }
  bool mark_seen(const fields::MessageType& type, size_t seen, const fields::Field& f) {
    const auto index = static_cast<size_t>(&f - type.fields);
    std::uint64_t& word = seen_[seen + index / 64];
    const std::uint64_t bit = std::uint64_t{1} << (index % 64);
    if (word & bit) return false;
    word |= bit;
    return true;
  }

  bool field(const fields::MessageType& type, size_t seen, bool top) {
    if (current().type != TokenType::Identifier) return false;  // `[extension]` and errors
    const Token name = current();  // a copy: advance() replaces current()
    advance();
    const fields::Field* f = find_field(type, name.text);
    if (f == nullptr) {
      // Lower-cased group names and reserved names are protobuf's business.
      if (is_reserved(type, name.text)) return false;
      for (const char ch : name.text) {
        if (ch >= 'A' && ch <= 'Z') return false;
      }
      info_.warnings.push_back({current().where, "Message type \"" + std::string(type.full_name) +
                                                     "\" has no field named \"" + std::string(name.text) + "\"."});
      if (try_consume(":") && !looking_at("{") && !looking_at("<")) {
        if (!skip_value()) return false;
      } else if (!skip_message()) {
        return false;
      }
      // No separator here: protobuf's ConsumeField returns straight after skipping an unknown
      // field, so a `;` or `,` after one is an error (inside a skipped block, SkipField takes one).
      return true;
    }
    // Groups and deprecated, weak or oneof fields are protobuf's business.
    if (f->kind == fields::FieldKind::Unsupported) return false;
    // A singular field given twice is an error (protobuf's FORBID_SINGULAR_OVERWRITES).
    if (!f->repeated && !mark_seen(type, seen, *f)) return false;
    if (top) info_.top_level[std::string(f->name)].push_back(name.where);
    const bool is_message = f->kind == fields::FieldKind::Message;
    if (is_message) {
      try_consume(":");
    } else if (!try_consume(":")) {
      return false;
    }
    if (f->repeated && try_consume("[")) {
      if (!try_consume("]")) {
        while (true) {
          if (!(is_message ? field_message(*f) : field_value(*f))) return false;
          if (try_consume("]")) break;
          if (!try_consume(",")) return false;
        }
      }
    } else if (!(is_message ? field_message(*f) : field_value(*f))) {
      return false;
    }
    separator();
    return true;
  }

  // A message block's opening `{` or `<`: its closing symbol, or "" when there is none (or the
  // nesting is deeper than the fast path goes).
  std::string_view open_block() {
    std::string_view close;
    if (try_consume("<")) {
      close = ">";
    } else if (try_consume("{")) {
      close = "}";
    }
    if (!close.empty() && ++depth_ > kMaxDepth) return {};
    return close;
  }

  bool field_message(const fields::Field& f) {
    if (!looking_at("{") && !looking_at("<")) return false;
    wire_.tag(f.number, kLengthDelimited);
    const size_t start = wire_.begin_message();
    const fields::MessageType& sub = message_type(f.message);
    const size_t seen = open_seen(sub);
    if (!message_block(sub, seen)) return false;
    seen_.resize(seen);
    return wire_.end_message(start);
  }

  // `{ fields }` or `< fields >` of a message of type `type`.
  bool message_block(const fields::MessageType& type, size_t seen) {
    const std::string_view close = open_block();
    if (close.empty()) return false;
    while (!looking_at(">") && !looking_at("}")) {
      if (current().type == TokenType::End || !field(type, seen, false)) return false;
    }
    if (!try_consume(close)) return false;
    --depth_;
    return true;
  }

  // An optionally negative integer token as a 64-bit value (decimal only).
  bool integer(bool& negative, std::uint64_t& magnitude) {
    negative = try_consume("-");
    if (current().type != TokenType::Integer) return false;
    const std::string_view t = current().text;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), magnitude);
    if (r.ec != std::errc() || r.ptr != t.data() + t.size()) return false;
    advance();
    return true;
  }

  // A signed integer within [-(max + 1), max].
  bool signed_integer(std::uint64_t max, std::int64_t& value) {
    bool negative = false;
    std::uint64_t magnitude = 0;
    if (!integer(negative, magnitude) || magnitude > max + (negative ? 1 : 0)) return false;
    value = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
    return true;
  }

  // An unsigned integer up to max.
  bool unsigned_integer(std::uint64_t max, std::uint64_t& value) {
    bool negative = false;
    return integer(negative, value) && !negative && value <= max;
  }

  // A floating-point value as a double (finite; protobuf reads inf and nan itself).
  bool real(double& v) {
    const bool negative = try_consume("-");
    const Token t = current();
    if (t.type != TokenType::Integer && t.type != TokenType::Float) return false;  // inf, nan: protobuf's
    if (t.type == TokenType::Integer && t.text.size() > 15) return false;  // exact as a double below 1e15
    const auto parsed = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
    if (parsed.ec != std::errc() || parsed.ptr != t.text.data() + t.text.size() || !std::isfinite(v)) return false;
    advance();
    if (negative) v = -v;
    return true;
  }

  static std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
  }

  bool field_value(const fields::Field& f) {
    using K = fields::FieldKind;
    constexpr std::uint64_t kInt32Max = std::numeric_limits<std::int32_t>::max();
    constexpr std::uint64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
    constexpr std::uint64_t kUInt32Max = std::numeric_limits<std::uint32_t>::max();
    constexpr std::uint64_t kUInt64Max = std::numeric_limits<std::uint64_t>::max();
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    switch (f.kind) {
      case K::Int32:
      case K::Int64:
      case K::SInt32:
      case K::SInt64:
      case K::SFixed32:
      case K::SFixed64: {
        const bool is32 = f.kind == K::Int32 || f.kind == K::SInt32 || f.kind == K::SFixed32;
        if (!signed_integer(is32 ? kInt32Max : kInt64Max, i)) return false;
        if (f.kind == K::SFixed32) {
          wire_.tag(f.number, kFixed32);
          wire_.fixed32(static_cast<std::uint32_t>(static_cast<std::int32_t>(i)));
        } else if (f.kind == K::SFixed64) {
          wire_.tag(f.number, kFixed64);
          wire_.fixed64(static_cast<std::uint64_t>(i));
        } else {
          wire_.tag(f.number, kVarint);
          // int32 and int64 as the 64-bit two's complement; sint as zigzag (of the 32-bit value
          // for sint32, which is the same number).
          wire_.varint(f.kind == K::SInt32 || f.kind == K::SInt64 ? zigzag(i) : static_cast<std::uint64_t>(i));
        }
        return true;
      }
      case K::UInt32:
      case K::UInt64:
      case K::Fixed32:
      case K::Fixed64: {
        const bool is32 = f.kind == K::UInt32 || f.kind == K::Fixed32;
        if (!unsigned_integer(is32 ? kUInt32Max : kUInt64Max, u)) return false;
        if (f.kind == K::Fixed32) {
          wire_.tag(f.number, kFixed32);
          wire_.fixed32(static_cast<std::uint32_t>(u));
        } else if (f.kind == K::Fixed64) {
          wire_.tag(f.number, kFixed64);
          wire_.fixed64(u);
        } else {
          wire_.tag(f.number, kVarint);
          wire_.varint(u);
        }
        return true;
      }
      case K::Float: {
        if (!real(d) || std::fabs(d) > std::numeric_limits<float>::max()) return false;  // protobuf's rounding to inf
        wire_.tag(f.number, kFixed32);
        wire_.fixed32(std::bit_cast<std::uint32_t>(static_cast<float>(d)));
        return true;
      }
      case K::Double: {
        if (!real(d)) return false;
        wire_.tag(f.number, kFixed64);
        wire_.fixed64(std::bit_cast<std::uint64_t>(d));
        return true;
      }
      case K::Bool: {
        bool v = false;
        const Token t = current();
        if (t.type == TokenType::Integer && (t.text == "0" || t.text == "1")) {
          v = t.text == "1";
        } else if (t.type == TokenType::Identifier && (t.text == "true" || t.text == "True" || t.text == "t")) {
          v = true;
        } else if (t.type == TokenType::Identifier && (t.text == "false" || t.text == "False" || t.text == "f")) {
          v = false;
        } else {
          return false;
        }
        advance();
        wire_.tag(f.number, kVarint);
        wire_.varint(v ? 1 : 0);
        return true;
      }
      case K::String:
      case K::Bytes: {
        const Token t = current();
        if (t.type != TokenType::String) return false;
        advance();
        if (current().type == TokenType::String) return false;  // adjacent strings concatenate: protobuf's
        if (f.kind == K::String) {
          for (const char ch : t.text) {  // protobuf checks UTF-8 of string fields (a warning or error)
            if (static_cast<unsigned char>(ch) >= 0x80) return false;
          }
        }
        wire_.tag(f.number, kLengthDelimited);
        wire_.length_delimited(t.text);
        return true;
      }
      case K::Enum: {
        const fields::EnumType& type = fields::kEnums[f.enumeration];
        const fields::EnumValue* value = nullptr;
        if (current().type == TokenType::Identifier) {
          value = enum_value(type, current().text);
          advance();
        } else {
          if (!signed_integer(kInt32Max, i) || i < -static_cast<std::int64_t>(kInt32Max)) return false;
          value = enum_value(type, static_cast<int>(i));
        }
        if (value == nullptr) return false;
        wire_.tag(f.number, kVarint);
        wire_.varint(static_cast<std::uint64_t>(static_cast<std::int64_t>(value->number)));
        return true;
      }
      case K::Message:
      case K::Unsupported: return false;
    }
    return false;
  }

  // The value of an unknown scalar field: a number, identifier or string, or a [list] of them.
  // Not an empty list: protobuf 3.21's SkipFieldValue reads a value after `[` (a known repeated
  // field takes `[]`, an unknown one does not; found by fuzz_prototxt).
  bool skip_value() {
    if (try_consume("[")) {
      while (true) {
        if (looking_at("{") || looking_at("<")) return false;
        if (!skip_value()) return false;
        if (try_consume("]")) return true;
        if (!try_consume(",")) return false;
      }
    }
    if (try_consume("-")) {
      if (current().type != TokenType::Integer && current().type != TokenType::Float) return false;
      advance();
      return true;
    }
    const TokenType t = current().type;
    if (t == TokenType::String) {
      advance();
      return current().type != TokenType::String;
    }
    if (t != TokenType::Integer && t != TokenType::Float && t != TokenType::Identifier) return false;
    advance();
    return true;
  }

  // The block of an unknown message field, with every field in it skipped unread.
  bool skip_message() {
    const std::string_view close = open_block();
    if (close.empty()) return false;
    while (!looking_at(">") && !looking_at("}")) {
      if (current().type != TokenType::Identifier) return false;
      advance();
      if (try_consume(":") && !looking_at("{") && !looking_at("<")) {
        if (!skip_value()) return false;
      } else if (!skip_message()) {
        return false;
      }
      separator();
    }
    if (!try_consume(close)) return false;
    --depth_;
    return true;
  }

  Tokenizer tokens_;
  Token current_;
  TextParseInfo& info_;
  WireWriter wire_;
  std::vector<std::uint64_t> seen_;  // open messages' singular fields set (open_seen)
  int depth_ = 0;
};

// Collects protobuf's parse errors (the first one is reported) and warnings (unknown fields).
class Collector : public pb::io::ErrorCollector {
 public:
  explicit Collector(std::string file) : file_(std::move(file)) {}
  void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
    if (!error_) error_ = UserError(SourceLocation{file_, line + 1, column + 1}, message);
  }
  void AddWarning(int line, pb::io::ColumnNumber column, const std::string& message) override {
    warnings_.push_back({TextPosition{line, column}, message});
  }
  const std::optional<UserError>& error() const { return error_; }
  std::vector<TextWarning>& warnings() { return warnings_; }

 private:
  std::string file_;
  std::optional<UserError> error_;
  std::vector<TextWarning> warnings_;
};

// Top-level fields recorded by their field name, every occurrence.
void record_top_level(const pb::Descriptor* descriptor, const pb::TextFormat::ParseInfoTree& tree,
                      TextParseInfo& info) {
  for (int f = 0; f < descriptor->field_count(); ++f) {
    const pb::FieldDescriptor* field = descriptor->field(f);
    if (!field->is_repeated()) {  // at most once (a second time is an error)
      const auto loc = tree.GetLocation(field, -1);
      if (loc.line >= 0) info.top_level[field->name()].push_back(TextPosition{loc.line, loc.column});
      continue;
    }
    for (int i = 0;; ++i) {
      const auto loc = tree.GetLocation(field, i);
      if (loc.line < 0) break;
      info.top_level[field->name()].push_back(TextPosition{loc.line, loc.column});
    }
  }
}

}  // namespace

void parse_text_protobuf(const std::string& text, const std::string& display_name, pb::Message& message,
                         TextParseInfo& info) {
  pb::TextFormat::ParseInfoTree tree;
  Collector collector(display_name);
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.AllowUnknownField(true);
  parser.WriteLocationsTo(&tree);
  parser.SetRecursionLimit(32);  // Caffe nets nest 4 deep; deeper input is not a net
  if (!parser.ParseFromString(text, &message)) {
    if (collector.error()) throw *collector.error();
    throw UserError(display_name + ": not a Caffe network description");
  }
  info = TextParseInfo{};
  info.warnings = std::move(collector.warnings());
  record_top_level(message.GetDescriptor(), tree, info);
}

bool parse_text_fast(std::string_view text, NetParameter& message, TextParseInfo& info) {
  // protobuf's tokenizer reads a NUL byte as the end of the input in some places and as an error
  // in others (inside a string): left to it.
  if (text.find('\0') != std::string_view::npos) return false;
  info = TextParseInfo{};
  Reader reader(text, info);
  if (!reader.top_level(message_type(fields::kNetParameter))) return false;
  // The generated parser, which needs no descriptor (ParseFromString clears the message first).
  return message.ParseFromString(reader.wire());
}

}  // namespace augur::caffe
