// Every bad hardware description in tests/data/bad_hw is rejected with one UserError whose text
// contains each `# expect:` line of the fixture (file:line:column, key path, what was expected).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/core/error.h"
#include "sim/hwdesc/loader.h"
#include "tests/fixtures.h"

namespace augur {
namespace {

class BadHardwareDescription : public ::testing::TestWithParam<std::string> {};

TEST_P(BadHardwareDescription, IsRejectedWithLocationKeyPathAndExpectation) {
  const std::string path = test::repo_path("tests/data/bad_hw/" + GetParam());
  const auto expected = test::fixture_expectations(path);
  ASSERT_FALSE(expected.empty()) << "fixture has no '# expect:' line";
  try {
    hwdesc::load_platform(path);
    FAIL() << "accepted " << GetParam();
  } catch (const UserError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
    for (const auto& part : expected) {
      EXPECT_NE(message.find(part), std::string::npos)
          << "expected '" << part << "' in: " << message;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, BadHardwareDescription, ::testing::ValuesIn(test::fixture_files("bad_hw", ".yaml")),
                         [](const auto& info) { return test::fixture_test_name(info.param); });

}  // namespace
}  // namespace augur
