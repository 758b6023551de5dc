// The fast text-format path against protobuf's TextFormat, for the unit test and the fuzzer:
// whenever the fast path accepts a text, protobuf must accept it too and give the same message,
// the same top-level field locations and the same warnings.
#pragma once

#include <string>

#include <google/protobuf/arena.h>
#include <google/protobuf/util/message_differencer.h>

#include "sim/core/error.h"
#include "sim/workload/caffe/caffe_subset.pb.h"
#include "sim/workload/caffe/text_format.h"

namespace augur::test {

struct TextFormatComparison {
  bool fast = false;       // the fast path read the text
  std::string difference;  // empty when both agree (or the fast path left the text to protobuf)
};

inline TextFormatComparison compare_text_format_paths(const std::string& text) {
  TextFormatComparison out;
  // The fast path as the importer runs it: into a message on an arena.
  google::protobuf::Arena arena;
  caffe::NetParameter& fast = *google::protobuf::Arena::CreateMessage<caffe::NetParameter>(&arena);
  caffe::NetParameter reference;
  caffe::TextParseInfo fast_info, reference_info;
  out.fast = caffe::parse_text_fast(text, fast, fast_info);
  if (!out.fast) return out;
  try {
    caffe::parse_text_protobuf(text, "t.prototxt", reference, reference_info);
  } catch (const UserError& e) {
    out.difference = std::string("the fast path accepted what protobuf rejects: ") + e.what();
    return out;
  }
  std::string report;
  google::protobuf::util::MessageDifferencer differ;
  differ.ReportDifferencesToString(&report);
  if (!differ.Compare(reference, fast)) {
    out.difference = "messages differ: " + report;
  } else if (fast_info.warnings != reference_info.warnings) {
    out.difference = "warnings differ (" + std::to_string(fast_info.warnings.size()) + " vs " +
                     std::to_string(reference_info.warnings.size()) + ")";
  } else if (fast_info.top_level != reference_info.top_level) {
    out.difference = "top-level field locations differ";
  }
  return out;
}

}  // namespace augur::test
