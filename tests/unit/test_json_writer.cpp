// JsonWriter writes, value for value, the text nlohmann::json::dump writes (keys in the order
// written), so streaming a view instead of building a document changes no byte but the order.
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim/core/error.h"
#include "sim/report/json_writer.h"

namespace augur::report {
namespace {

std::string dumped(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

TEST(JsonWriter, WritesNumbersAsDumpDoesWithTheShortestDigits) {
  // Doubles of every magnitude and sign, integral ones (1.0), the exponent thresholds (1e-4,
  // 1e15, 1e16): dump's text exactly.
  const std::vector<double> fixed{0.0, -0.0, 1.0, -1.0, 0.1, 1e-4, 9.9e-5, 1e15, 1e16, 999999999999999.0,
                                  123456789012345678.0, 3.141592653589793, 1.0 / 3.0, 2.5e-310,
                                  std::numeric_limits<double>::max(), std::numeric_limits<double>::min(),
                                  std::numeric_limits<double>::denorm_min(), 1e21, 199.65350923244793,
                                  7095808.0, 42336.0, -1e-300, 12345.5, 0.00012345};
  for (const double x : fixed) {
    JsonWriter w;
    w.begin_array().value(x).end_array();
    EXPECT_EQ(w.finish(), dumped(nlohmann::json::array({x}), 2)) << x;
  }
  // Random doubles: dump's text, or (where dump's grisu2 is not the shortest or not the closest)
  // a text no longer that reads back as the very same double.
  // Half of them log-uniform over 1e-6 .. 1e17, where results live (both layouts and their edges).
  std::mt19937_64 random(17);
  std::uniform_real_distribution<double> exponent(-6.0, 17.0);
  int shorter = 0, tried = 0;
  for (int i = 0; i < 40000; ++i) {
    double x = 0;
    if (i % 2) {
      x = std::pow(10.0, exponent(random)) * (random() % 2 ? 1 : -1);
    } else {
      const std::uint64_t bits = random();
      std::memcpy(&x, &bits, sizeof x);
    }
    if (!std::isfinite(x)) continue;
    ++tried;
    JsonWriter w(-1);
    w.begin_array().value(x).end_array();
    const std::string text = w.finish();
    const std::string dump = dumped(nlohmann::json::array({x}), -1);
    if (text == dump) continue;
    ++shorter;
    EXPECT_LE(text.size(), dump.size()) << text << " vs dump's " << dump;
    const double back = nlohmann::json::parse(text)[0].get<double>();
    EXPECT_EQ(std::memcmp(&back, &x, sizeof x), 0) << text << " does not read back as " << dump;
  }
  // Rare: 0.7% here, nearly all 17-digit values from 1e15 up, where grisu2 often ends on another
  // last digit than the closest one; the digits are dump's wherever dump's are shortest and closest.
  EXPECT_LT(shorter, tried / 50) << shorter << " of " << tried;
}

// The digits are std::to_chars' (Ryu's shortest, closest, ties to even), in dump's layout: the
// writer takes them from Dragonbox, which must agree number for number. 300,000 doubles: random
// bit patterns, log-uniform over the results' range 1e-6 .. 1e17, and values with few digits.
TEST(JsonWriter, WritesTheShortestDigitsStdToCharsWrites) {
  const auto to_chars_text = [](double x) {
    char digits[32];
    const char* last = std::to_chars(digits, digits + sizeof digits, std::abs(x), std::chars_format::scientific).ptr;
    std::string mantissa;  // d[.ddd]e±XX → the digits and the exponent of the last one
    const char* p = digits;
    for (; p < last && *p != 'e'; ++p) {
      if (*p != '.') mantissa += *p;
    }
    const int exponent = std::stoi(std::string(p + 1, last)) - (static_cast<int>(mantissa.size()) - 1);
    char out[40] = {};
    std::memcpy(out, mantissa.data(), mantissa.size());
    const char* end = nlohmann::detail::dtoa_impl::format_buffer(out, static_cast<int>(mantissa.size()), exponent, -4, 15);
    return (std::signbit(x) ? "-" : "") + std::string(static_cast<const char*>(out), end);
  };
  std::mt19937_64 random(29);
  std::uniform_real_distribution<double> exponent(-6.0, 17.0);
  int checked = 0;
  for (int i = 0; i < 300000; ++i) {
    double x = 0;
    if (i % 3 == 0) {
      const std::uint64_t bits = random();
      std::memcpy(&x, &bits, sizeof x);
    } else if (i % 3 == 1) {
      x = std::pow(10.0, exponent(random)) * (random() % 2 ? 1 : -1);
    } else {
      x = static_cast<double>(random() % 100000) / std::pow(10.0, static_cast<double>(random() % 12));
    }
    if (!std::isfinite(x) || x == 0 || (std::abs(x) < 1e15 && x == std::floor(x))) continue;  // other paths
    JsonWriter w(-1);
    w.begin_array().value(x).end_array();
    const std::string text = w.finish().substr(1);  // [number]\n
    if (text != to_chars_text(x) + "]\n") {
      ADD_FAILURE() << text << " vs to_chars' " << to_chars_text(x);
      if (++checked > 10) break;
    }
  }
}

TEST(JsonWriter, WritesIntegersExactly) {
  for (const std::int64_t x : {std::int64_t{0}, std::int64_t{-1}, std::numeric_limits<std::int64_t>::min(),
                               std::numeric_limits<std::int64_t>::max()}) {
    JsonWriter w(-1);
    w.begin_array().value(x).value(static_cast<std::uint64_t>(x)).end_array();
    EXPECT_EQ(w.finish(), dumped(nlohmann::json::array({x, static_cast<std::uint64_t>(x)}), -1));
  }
}

TEST(JsonWriter, EscapesStringsAsDumpDoes) {
  // Quotes, backslashes, every control character, UTF-8 passed through, invalid bytes as U+FFFD.
  std::string controls;
  for (int c = 1; c < 0x20; ++c) controls += static_cast<char>(c);
  for (const std::string& s : {std::string("plain"), std::string("q\"b\\s/"), controls, std::string("é — ✓ \x7f"),
                               std::string("bad \xff\xfe end"), std::string()}) {
    JsonWriter w;
    w.begin_object().field(s, s).end_object();
    EXPECT_EQ(w.finish(), dumped(nlohmann::json::object({{s, s}}), 2)) << s;
  }
  // Each byte that needs care at every position of strings of 1 to 24 bytes, as values and as
  // keys (a key is checked as it is copied).
  for (const char special : {'"', '\\', '\n', '\x01', '\x1f', '\x7f', '\x80', '\xe9', ' '}) {
    for (size_t size = 1; size <= 24; ++size) {
      for (size_t at = 0; at < size; ++at) {
        std::string s(size, 'a');
        s[at] = special;
        JsonWriter w(-1);
        w.begin_array().value(s).end_array();
        EXPECT_EQ(w.finish(), dumped(nlohmann::json::array({s}), -1)) << int(special) << " at " << at;
        JsonWriter keyed(-1);
        keyed.begin_object().field(s, 1).end_object();
        EXPECT_EQ(keyed.finish(), dumped(nlohmann::json::object({{s, 1}}), -1)) << int(special) << " at " << at;
      }
    }
  }
}

TEST(JsonWriter, ReplacesATruncatedSequenceWithValidText) {
  // A sequence cut short may become one U+FFFD per byte (nlohmann writes one for the whole
  // sequence): the text differs from dump's, but is valid JSON with the replacement character.
  JsonWriter w;
  w.value(std::string("cut \xe2\x82"));
  const nlohmann::json parsed = nlohmann::json::parse(w.finish());
  EXPECT_EQ(parsed.get<std::string>().rfind("cut \xEF\xBF\xBD", 0), 0U);
}

TEST(JsonWriter, NestsAndIndentsAsDumpDoes) {
  // Written in nlohmann's (sorted) key order, the text is byte-identical at both indents.
  const nlohmann::json document = nlohmann::json::parse(R"({
    "a": [], "b": {}, "c": [1, 2.5, "x", true, false, null, {"d": [[]], "e": {"f": -3}}],
    "g": {"h": [{"i": 1e-7}]}})");
  for (const int indent : {2, -1, 4}) {
    JsonWriter w(indent);
    w.value(document);
    EXPECT_EQ(w.finish(), dumped(document, indent)) << indent;
  }
  JsonWriter by_hand;
  by_hand.begin_object().key("a").begin_array().end_array().key("b").begin_object().end_object();
  by_hand.key("c").begin_array().value(1).value(2.5).value("x").value(true).value(false).null();
  by_hand.begin_object().key("d").begin_array().begin_array().end_array().end_array();
  by_hand.key("e").begin_object().field("f", -3).end_object().end_object().end_array();
  by_hand.key("g").begin_object().key("h").begin_array().begin_object().field("i", 1e-7).end_object();
  by_hand.end_array().end_object().end_object();
  EXPECT_EQ(by_hand.finish(), dumped(document, 2));
}

TEST(JsonWriter, RefusesNonFiniteNumbersNamingTheirPath) {
  JsonWriter w;
  w.begin_object().key("layers").begin_array().begin_object().field("name", "conv1");
  try {
    w.field("time_ms", std::nan(""));
    FAIL() << "a NaN was written";
  } catch (const InternalError& e) {
    EXPECT_NE(std::string(e.what()).find("/layers/0/time_ms"), std::string::npos) << e.what();
  }
  JsonWriter top;
  EXPECT_THROW(top.value(std::numeric_limits<double>::infinity()), InternalError);
  // The key of an enclosing object longer than the 40 bytes the writer keeps for the path is
  // cut and marked; the key of the number itself is named in full.
  const std::string layer(60, 'x');
  JsonWriter long_key;
  long_key.begin_object().key("by_layer").begin_object().key(layer).begin_object();
  try {
    long_key.field(layer, std::nan(""));
    FAIL() << "a NaN was written";
  } catch (const InternalError& e) {
    EXPECT_TRUE(std::string(e.what()).ends_with("/by_layer/" + layer.substr(0, 40) + ".../" + layer)) << e.what();
  }
  // Keys are named as written (escaped), after values of other keys, at both indents.
  for (const int indent : {2, -1}) {
    JsonWriter escaped(indent);
    escaped.begin_object().field("a", 1.5).key(std::string_view("q\"x")).begin_array().value(2.0).begin_object();
    escaped.field("b", 3.0);
    try {
      escaped.field(std::string_view("t\tab"), std::nan(""));
      FAIL() << "a NaN was written";
    } catch (const InternalError& e) {
      EXPECT_NE(std::string(e.what()).find("/q\\\"x/1/t\\tab"), std::string::npos) << e.what();
    }
  }
}

// A key written as a literal (PlainKey: laid out at compile time, copied as a fixed block) comes
// out as the same key given at run time: after a first value or not, at every depth and both
// indents, up to PlainKey::kMaxChars characters, and it names the path of a NaN the same way.
TEST(JsonWriter, LiteralKeysWriteTheTextOfTheSameKeysGivenAtRunTime) {
  for (const int indent : {2, 0, 4, -1}) {
    JsonWriter literal(indent), runtime(indent);
    literal.begin_object().field("a", 1).key("layers").begin_array().begin_object();
    literal.field("forward_start_ms", 0.5).key("candidates_ms").begin_object().end_object();
    literal.field("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", true).field("~ @/", "x");
    literal.end_object().end_array().end_object();
    const auto k = [](const char* name) { return std::string(name); };
    runtime.begin_object().field(k("a"), 1).key(k("layers")).begin_array().begin_object();
    runtime.field(k("forward_start_ms"), 0.5).key(k("candidates_ms")).begin_object().end_object();
    runtime.field(k("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"), true).field(k("~ @/"), "x");
    runtime.end_object().end_array().end_object();
    const std::string text = literal.finish();
    EXPECT_EQ(text, runtime.finish()) << indent;
    EXPECT_EQ(nlohmann::json::parse(text)["layers"][0]["forward_start_ms"], 0.5) << indent;
  }
  JsonWriter nan_at(-1);
  nan_at.begin_object().field("a", 1).key("by_type").begin_object();
  try {
    nan_at.field("conv", std::nan(""));
    FAIL() << "a NaN was written";
  } catch (const InternalError& e) {
    EXPECT_TRUE(std::string(e.what()).find("/by_type/conv") != std::string::npos) << e.what();
  }
}

TEST(JsonWriter, RefusesMalformedDocuments) {
  JsonWriter unclosed;
  unclosed.begin_object();
  EXPECT_THROW(unclosed.finish(), InternalError);
  JsonWriter keyless;
  keyless.begin_object();
  EXPECT_THROW(keyless.value(1), InternalError);
  JsonWriter key_in_array;
  key_in_array.begin_array();
  EXPECT_THROW(key_in_array.key("k"), InternalError);
  JsonWriter two;
  two.value(1);
  EXPECT_THROW(two.value(2), InternalError);
}

}  // namespace
}  // namespace augur::report
