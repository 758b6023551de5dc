// Protobuf's text format, read two ways: protobuf's own TextFormat parser (the reference), and a
// fast path for the prototxt files people actually write.
//
// protobuf's TextFormat parser is general (reflection on every token, a ParseInfoTree for
// every field, string copies) and took 3.7 ms of a 13 ms `augur simulate` of ResNet-152
// (issue 17). The fast path reads the common subset of the grammar: fields by name, `:` and
// `{ }`/`< >`, `[a, b]` lists, `;`/`,` separators, `#` comments, decimal numbers, plain quoted
// strings, enum names and numbers, unknown fields skipped with protobuf's own warning text and
// position. It writes protobuf's wire format from field tables generated at build time from
// caffe_subset.proto's descriptors (gen_caffe_fields.cpp) and hands it to the generated parser:
// no descriptor is built and no reflection runs (building the file's descriptors alone was 3.6 M
// of ResNet-152's 41 M instructions).
//
// It never reports an error of its own. On anything outside that subset, or any input protobuf
// would reject, it returns false and the caller runs TextFormat, whose result and messages are
// the reference: on success both give the same message, the same top-level field locations and
// the same warnings (a differential test and fuzz target hold it to that).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace google::protobuf {
class Message;
}

namespace augur::caffe {

class NetParameter;  // caffe_subset.proto

// A position as protobuf's tokenizer counts it: 0-based line, 0-based column with tabs
// advancing to the next multiple of 8.
struct TextPosition {
  int line = -1;
  int column = -1;
  bool operator==(const TextPosition&) const = default;
};

struct TextWarning {
  TextPosition where;
  std::string message;
  bool operator==(const TextWarning&) const = default;
};

struct TextParseInfo {
  std::vector<TextWarning> warnings;  // unknown fields, in file order
  // Where each occurrence of a top-level field starts (its name), by field name: what
  // ParseInfoTree::GetLocation(field, index) gives for the top-level message.
  std::map<std::string, std::vector<TextPosition>> top_level;
};

// Parses `text` into `message` (replacing what it held). Returns false when it leaves the text
// to protobuf's TextFormat; `message` and `info` are then unspecified.
bool parse_text_fast(std::string_view text, NetParameter& message, TextParseInfo& info);

// protobuf's TextFormat::Parser (unknown fields allowed, as warnings; nesting limited to 32).
// Throws UserError with `display_name`:line:column and protobuf's message for the first error.
void parse_text_protobuf(const std::string& text, const std::string& display_name, google::protobuf::Message& message,
                         TextParseInfo& info);

}  // namespace augur::caffe
