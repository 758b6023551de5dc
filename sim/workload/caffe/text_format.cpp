// protobuf's TextFormat behind one interface, and the fast path: a tokenizer and a
// recursive-descent reader that follow
// protobuf 3.21's TextFormat::Parser (a singular field at most once, unknown fields allowed) on the
// subset of the grammar they accept, and give up on everything else.
#include "sim/workload/caffe/text_format.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include "sim/core/error.h"

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

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

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
      if (c == '\n') {
        ++line;
        column = 0;
        ++i;
      } else if (c == '\t') {
        column += 8 - column % 8;
        ++i;
      } else if (c == ' ' || c == '\r' || c == '\v' || c == '\f') {
        advance(1);
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
      while (i < s.size() && (is_letter(s[i]) || is_digit(s[i]))) advance(1);
      token.type = TokenType::Identifier;
      token.text = s.substr(start, i - start);
    } else if (is_digit(c) || (c == '.' && i + 1 < s.size() && is_digit(s[i + 1]))) {
      // Decimal only: a leading 0 followed by more digits or x is octal or hex (left to protobuf).
      if (c == '0' && i + 1 < s.size() && (is_digit(s[i + 1]) || s[i + 1] == 'x' || s[i + 1] == 'X')) return error;
      bool is_float = false;
      while (i < s.size() && is_digit(s[i])) advance(1);
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
      advance(1);
      while (i < s.size() && s[i] != c) {
        // Escapes and line breaks in strings: left to protobuf. Other bytes count one column each.
        if (s[i] == '\\' || s[i] == '\n') return error;
        if (s[i] == '\t') {
          column += 8 - column % 8;
          ++i;
        } else {
          advance(1);
        }
      }
      if (i == s.size()) return error;
      token.type = TokenType::String;
      token.text = s.substr(start + 1, i - start - 1);
      advance(1);
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

class Reader {
 public:
  Reader(std::string_view text, TextParseInfo& info, pb::MessageFactory* prototypes)
      : tokens_(text), current_(tokens_.next()), info_(info), prototypes_(prototypes) {}

  // The top-level message: fields until the end of the text.
  bool top_level(pb::Message& message) {
    while (current().type != TokenType::End) {
      if (!field(message, true)) return false;
    }
    return true;
  }

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

  bool field(pb::Message& message, bool top) {
    if (current().type != TokenType::Identifier) return false;  // `[extension]` and errors
    const Token name = current();  // a copy: advance() replaces current()
    advance();
    const pb::Descriptor* descriptor = message.GetDescriptor();
    const pb::FieldDescriptor* f = find_field(descriptor, name.text);
    if (f != nullptr && f->type() == pb::FieldDescriptor::TYPE_GROUP) return false;
    if (f == nullptr) {
      // Lower-cased group names and reserved names are protobuf's business.
      if (descriptor->IsReservedName(std::string(name.text))) return false;
      for (const char ch : name.text) {
        if (ch >= 'A' && ch <= 'Z') return false;
      }
      info_.warnings.push_back({current().where, "Message type \"" + descriptor->full_name() +
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
    if (f->options().deprecated() || f->containing_oneof() != nullptr || f->options().weak()) return false;
    // A singular field given twice is an error (protobuf's FORBID_SINGULAR_OVERWRITES).
    if (!f->is_repeated() && message.GetReflection()->HasField(message, f)) return false;
    if (top) info_.top_level[f->name()].push_back(name.where);
    const bool is_message = f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
    if (is_message) {
      try_consume(":");
    } else if (!try_consume(":")) {
      return false;
    }
    if (f->is_repeated() && try_consume("[")) {
      if (!try_consume("]")) {
        while (true) {
          if (!(is_message ? field_message(message, f) : field_value(message, f))) return false;
          if (try_consume("]")) break;
          if (!try_consume(",")) return false;
        }
      }
    } else if (!(is_message ? field_message(message, f) : field_value(message, f))) {
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

  bool field_message(pb::Message& message, const pb::FieldDescriptor* f) {
    const pb::Reflection* reflection = message.GetReflection();
    if (!looking_at("{") && !looking_at("<")) return false;
    if (f->is_repeated()) return message_block(*reflection->AddMessage(&message, f, prototypes_));
    // A singular field is not set yet (field() refuses a second one). MutableMessage would take its
    // prototype from the generated factory whatever factory it is given: made here instead.
    if (prototypes_ == nullptr) return message_block(*reflection->MutableMessage(&message, f));
    pb::Message* sub = prototypes_->GetPrototype(f->message_type())->New(message.GetArena());
    reflection->SetAllocatedMessage(&message, sub, f);
    return message_block(*sub);
  }

  // `{ fields }` or `< fields >` into `sub`.
  bool message_block(pb::Message& sub) {
    const std::string_view close = open_block();
    if (close.empty()) return false;
    while (!looking_at(">") && !looking_at("}")) {
      if (current().type == TokenType::End || !field(sub, false)) return false;
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

  bool field_value(pb::Message& message, const pb::FieldDescriptor* f) {
    const pb::Reflection* r = message.GetReflection();
    const bool repeated = f->is_repeated();
    bool negative = false;
    std::uint64_t magnitude = 0;
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_INT32:
      case pb::FieldDescriptor::CPPTYPE_INT64: {
        if (!integer(negative, magnitude)) return false;
        const bool is32 = f->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT32;
        const std::uint64_t max = is32 ? std::uint64_t{std::numeric_limits<std::int32_t>::max()}
                                       : std::uint64_t{std::numeric_limits<std::int64_t>::max()};
        if (magnitude > max + (negative ? 1 : 0)) return false;
        const std::int64_t v = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
        if (is32) {
          repeated ? r->AddInt32(&message, f, static_cast<std::int32_t>(v)) : r->SetInt32(&message, f, static_cast<std::int32_t>(v));
        } else {
          repeated ? r->AddInt64(&message, f, v) : r->SetInt64(&message, f, v);
        }
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_UINT32:
      case pb::FieldDescriptor::CPPTYPE_UINT64: {
        if (!integer(negative, magnitude) || negative) return false;
        if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT32) {
          if (magnitude > std::numeric_limits<std::uint32_t>::max()) return false;
          const auto v = static_cast<std::uint32_t>(magnitude);
          repeated ? r->AddUInt32(&message, f, v) : r->SetUInt32(&message, f, v);
        } else {
          repeated ? r->AddUInt64(&message, f, magnitude) : r->SetUInt64(&message, f, magnitude);
        }
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_FLOAT:
      case pb::FieldDescriptor::CPPTYPE_DOUBLE: {
        negative = try_consume("-");
        const Token t = current();
        if (t.type != TokenType::Integer && t.type != TokenType::Float) return false;  // inf, nan: protobuf's
        if (t.type == TokenType::Integer && t.text.size() > 15) return false;  // exact as a double below 1e15
        double v = 0;
        const auto parsed = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
        if (parsed.ec != std::errc() || parsed.ptr != t.text.data() + t.text.size() || !std::isfinite(v)) return false;
        advance();
        if (negative) v = -v;
        if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_FLOAT) {
          if (std::fabs(v) > std::numeric_limits<float>::max()) return false;  // protobuf's rounding to inf
          const auto x = static_cast<float>(v);
          repeated ? r->AddFloat(&message, f, x) : r->SetFloat(&message, f, x);
        } else {
          repeated ? r->AddDouble(&message, f, v) : r->SetDouble(&message, f, v);
        }
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_BOOL: {
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
        repeated ? r->AddBool(&message, f, v) : r->SetBool(&message, f, v);
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_STRING: {
        const Token t = current();
        if (t.type != TokenType::String) return false;
        advance();
        if (current().type == TokenType::String) return false;  // adjacent strings concatenate: protobuf's
        if (f->type() == pb::FieldDescriptor::TYPE_STRING) {
          for (const char ch : t.text) {  // protobuf checks UTF-8 of string fields (a warning or error)
            if (static_cast<unsigned char>(ch) >= 0x80) return false;
          }
        }
        std::string v(t.text);
        repeated ? r->AddString(&message, f, std::move(v)) : r->SetString(&message, f, std::move(v));
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_ENUM: {
        const pb::EnumValueDescriptor* value = nullptr;
        if (current().type == TokenType::Identifier) {
          value = f->enum_type()->FindValueByName(std::string(current().text));
          advance();
        } else {
          if (!integer(negative, magnitude) || magnitude > std::numeric_limits<std::int32_t>::max()) return false;
          const auto number = static_cast<int>(negative ? -static_cast<std::int64_t>(magnitude)
                                                        : static_cast<std::int64_t>(magnitude));
          value = f->enum_type()->FindValueByNumber(number);
        }
        if (value == nullptr) return false;
        repeated ? r->AddEnum(&message, f, value) : r->SetEnum(&message, f, value);
        return true;
      }
      default:
        return false;
    }
  }

  // The value of an unknown scalar field: a number, identifier or string, or a [list] of them.
  bool skip_value() {
    if (try_consume("[")) {
      if (try_consume("]")) return true;
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
  pb::MessageFactory* prototypes_;  // nullptr: the message's own (protobuf's generated factory)
  int depth_ = 0;

  // Descriptor::FindFieldByName without a std::string per lookup and a hash of the message's
  // full name with the field's (issue 17: 1.4 M of ResNet-152's 42 M instructions): each message
  // type's fields in an open-addressing table of twice their number or more (a power of two),
  // keyed by FNV-1a of the name, built on the type's first lookup (a dozen types in a prototxt).
  struct FieldTable {
    const pb::Descriptor* type = nullptr;
    std::vector<const pb::FieldDescriptor*> slots;  // nullptr = empty
  };
  static std::uint32_t name_hash(std::string_view name) {
    std::uint32_t h = 2166136261u;
    for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
  }
  const pb::FieldDescriptor* find_field(const pb::Descriptor* descriptor, std::string_view name) {
    if (last_table_ == nullptr || last_table_->type != descriptor) {
      last_table_ = nullptr;
      for (auto& table : field_tables_) {
        if (table.type == descriptor) {
          last_table_ = &table;
          break;
        }
      }
      if (last_table_ == nullptr) {
        FieldTable table{descriptor, {}};
        size_t size = 4;
        while (size < 2 * static_cast<size_t>(descriptor->field_count())) size *= 2;
        table.slots.assign(size, nullptr);
        for (int i = 0; i < descriptor->field_count(); ++i) {
          const pb::FieldDescriptor* f = descriptor->field(i);
          size_t at = name_hash(f->name()) & (size - 1);
          while (table.slots[at] != nullptr) at = (at + 1) & (size - 1);
          table.slots[at] = f;
        }
        last_table_ = &field_tables_.emplace_back(std::move(table));
      }
    }
    const auto& slots = last_table_->slots;
    for (size_t at = name_hash(name) & (slots.size() - 1);; at = (at + 1) & (slots.size() - 1)) {
      const pb::FieldDescriptor* f = slots[at];
      if (f == nullptr || f->name() == name) return f;
    }
  }
  std::deque<FieldTable> field_tables_;  // a deque: last_table_ stays valid as it grows
  FieldTable* last_table_ = nullptr;
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

bool parse_text_fast(std::string_view text, pb::Message& message, TextParseInfo& info, pb::MessageFactory* prototypes) {
  // protobuf's tokenizer reads a NUL byte as the end of the input in some places and as an error
  // in others (inside a string): left to it.
  if (text.find('\0') != std::string_view::npos) return false;
  message.Clear();
  info = TextParseInfo{};
  Reader reader(text, info, prototypes);
  return reader.top_level(message);
}

}  // namespace augur::caffe
