// Specification of quantity parsing: units are written out, binary vs decimal prefixes, and every
// malformed value is a UserError that says what was expected.
#include <gtest/gtest.h>

#include "sim/core/error.h"
#include "sim/core/units.h"

namespace augur {
namespace {

struct ParseCase {
  const char* text;
  Dimension dimension;
  double expected;  // base units
};

class QuantityParsing : public ::testing::TestWithParam<ParseCase> {};

TEST_P(QuantityParsing, GivesTheValueInBaseUnits) {
  const auto& c = GetParam();
  // Exact: every case is representable; a 1e-12 relative band only absorbs decimal scaling.
  EXPECT_NEAR(parse_quantity(c.text, c.dimension), c.expected, 1e-12 * c.expected) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Units, QuantityParsing,
    ::testing::Values(ParseCase{"32 KiB", Dimension::Bytes, 32768},
                      ParseCase{"2 MiB", Dimension::Bytes, 2097152},
                      ParseCase{"1MiB", Dimension::Bytes, 1048576},
                      ParseCase{"4 GiB", Dimension::Bytes, 4294967296.0},
                      ParseCase{"2 MB", Dimension::Bytes, 2e6},
                      ParseCase{"64 B", Dimension::Bytes, 64},
                      ParseCase{"852 MHz", Dimension::Frequency, 852e6},
                      ParseCase{"2.3 GHz", Dimension::Frequency, 2.3e9},
                      ParseCase{"25.6 GB/s", Dimension::Bandwidth, 25.6e9},
                      ParseCase{"51.2GB/s", Dimension::Bandwidth, 51.2e9},
                      ParseCase{"3200 MT/s", Dimension::DataRate, 3.2e9},
                      ParseCase{"4 cycles", Dimension::Cycles, 4},
                      ParseCase{"1 cycle", Dimension::Cycles, 1},
                      ParseCase{"14 ns", Dimension::Duration, 14e-9},
                      ParseCase{"64 bit", Dimension::Bits, 64},
                      ParseCase{"4", Dimension::Count, 4},
                      ParseCase{"1.5", Dimension::Real, 1.5},
                      ParseCase{"1e3", Dimension::Count, 1000}));

struct BadCase {
  const char* text;
  Dimension dimension;
  const char* message_part;
};

class BadQuantity : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadQuantity, IsAUserErrorThatSaysWhatWasExpected) {
  const auto& c = GetParam();
  try {
    parse_quantity(c.text, c.dimension);
    FAIL() << "accepted '" << c.text << "'";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find(c.message_part), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Units, BadQuantity,
    ::testing::Values(BadCase{"1734", Dimension::Frequency, "missing unit"},
                      BadCase{"1.7 GB", Dimension::Frequency, "wrong unit 'GB'"},
                      BadCase{"32 kib", Dimension::Bytes, "wrong unit 'kib'"},
                      BadCase{"4 cores", Dimension::Count, "got unit 'cores'"},
                      BadCase{"2.5", Dimension::Count, "whole number"},
                      BadCase{"0.5 B", Dimension::Bytes, "not a whole number"},
                      BadCase{"GHz", Dimension::Frequency, "expected a number"},
                      BadCase{"", Dimension::Bytes, "expected a number"},
                      BadCase{"1..2 GHz", Dimension::Frequency, "expected a number"},
                      BadCase{"1e999 B", Dimension::Bytes, "expected a number"}));

TEST(QuantityFormatting, PicksTheLargestWholeUnit) {
  EXPECT_EQ(format_quantity(2097152, Dimension::Bytes), "2 MiB");
  EXPECT_EQ(format_quantity(1.734e9, Dimension::Frequency), "1.734 GHz");
  EXPECT_EQ(format_quantity(25.6e9, Dimension::Bandwidth), "25.6 GB/s");
  EXPECT_EQ(format_quantity(1, Dimension::Cycles), "1 cycle");
}

}  // namespace
}  // namespace augur
