// Typed reads of an ONNX node's attributes, shared by the node converter and the constant folder.
// `Reader` (CRTP) provides `node()` and a `fail(message)` that throws with its own context; a
// present attribute of the wrong type is a failure, an absent one gives the fallback / nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <onnx/onnx_pb.h>

namespace augur::onnx_import {

template <class Reader>
class NodeAttributes {
 public:
  const ::onnx::AttributeProto* attribute(const char* name) const {
    for (const auto& a : reader().node().attribute()) {
      if (a.name() == name) return &a;
    }
    return nullptr;
  }
  std::int64_t attr_int(const char* name, std::int64_t fallback) const {
    const auto* a = attribute(name);
    if (a == nullptr) return fallback;
    if (a->type() != ::onnx::AttributeProto::INT) reader().fail(fmt::format("attribute '{}' must be an integer", name));
    return a->i();
  }
  double attr_float(const char* name, double fallback) const {
    const auto* a = attribute(name);
    if (a == nullptr) return fallback;
    if (a->type() != ::onnx::AttributeProto::FLOAT) reader().fail(fmt::format("attribute '{}' must be a float", name));
    return a->f();
  }
  std::string attr_string(const char* name, const std::string& fallback) const {
    const auto* a = attribute(name);
    if (a == nullptr) return fallback;
    if (a->type() != ::onnx::AttributeProto::STRING) reader().fail(fmt::format("attribute '{}' must be a string", name));
    return a->s();
  }
  std::optional<std::vector<std::int64_t>> attr_ints(const char* name) const {
    const auto* a = attribute(name);
    if (a == nullptr) return std::nullopt;
    if (a->type() != ::onnx::AttributeProto::INTS) {
      reader().fail(fmt::format("attribute '{}' must be a list of integers", name));
    }
    return std::vector<std::int64_t>(a->ints().begin(), a->ints().end());
  }

 private:
  const Reader& reader() const { return static_cast<const Reader&>(*this); }
};

}  // namespace augur::onnx_import
