// The shape of caffe_subset.proto's field tables (caffe_fields.h, written at build time by
// gen_caffe_fields from the file's descriptors): what the text-format fast path needs to know of
// a message type to read it into protobuf's wire format without reflection.
#pragma once

#include <cstdint>
#include <string_view>

namespace augur::caffe::fields {

// A field's wire encoding. Unsupported: a group, or a deprecated, weak or oneof field (the fast
// path steps aside, protobuf's TextFormat reads it).
enum class FieldKind : std::uint8_t {
  Int32, Int64, UInt32, UInt64, SInt32, SInt64, Fixed32, Fixed64, SFixed32, SFixed64,
  Float, Double, Bool, String, Bytes, Enum, Message, Unsupported,
};

struct Field {
  std::string_view name;
  int number = 0;
  FieldKind kind = FieldKind::Unsupported;
  bool repeated = false;
  int message = -1;      // index into kMessages of a Message field's type
  int enumeration = -1;  // index into kEnums of an Enum field's type
};

struct EnumValue {
  std::string_view name;
  int number = 0;
};

struct EnumType {
  const EnumValue* values = nullptr;
  int count = 0;
};

struct MessageType {
  std::string_view full_name;
  const Field* fields = nullptr;
  int field_count = 0;
  // Open addressing on name_hash(name) & slot_mask, linear probing; -1 = empty.
  const short* slots = nullptr;
  std::uint32_t slot_mask = 0;
  const std::string_view* reserved = nullptr;
  int reserved_count = 0;
};

// FNV-1a of a field name: the key of MessageType::slots.
constexpr std::uint32_t name_hash(std::string_view name) {
  std::uint32_t h = 2166136261u;
  for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

}  // namespace augur::caffe::fields
